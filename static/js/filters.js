// The filter forms (stance table, support, matrix, review):
// - every multiple select becomes a type-ahead multi-select (tom-select, static/vendor/);
// - on a small screen the filter panel starts folded, its summary saying how many are set.
// Without JavaScript the selects stay plain multiple selects and the panel stays open.
(function () {
  "use strict";

  function enhance(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var label = document.querySelector("label[for='" + select.id + "']");
    var name = label ? label.textContent.trim() : select.name;
    new TomSelect(select, {
      plugins: { remove_button: { title: "Remove" } },
      maxOptions: null,          // all 207 delegations when browsing, not the first 50
      // The text box keeps its place when the box loses focus: hiding it would shrink the box
      // under the pointer, and a click on "Filter" below would land on nothing.
      hidePlaceholder: false,
      closeAfterSelect: true,   // then type the next one
      openOnFocus: false,       // the list opens on a click, a key or typing, not on focus alone
      placeholder: "Type to search",
      render: {
        no_results: function () { return '<div class="no-results">No match</div>'; }
      }
    });
    // tom-select points the label at its own text box; the original select, kept (hidden) for
    // submitting the form, still needs a name for assistive technology.
    select.setAttribute("aria-label", name);
  }

  document.querySelectorAll("form.filter-form select[multiple], select[data-typeahead]").forEach(enhance);

  var narrow = window.matchMedia("(max-width: 767.98px)");
  document.querySelectorAll("details.filter-panel").forEach(function (panel) {
    if (narrow.matches) panel.removeAttribute("open");
  });
})();
