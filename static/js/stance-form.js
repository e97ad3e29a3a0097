// Stance form helpers:
// - the provision box is a type-ahead (tom-select, static/vendor/) that searches the provisions
//   on the server, shows the chosen one by its name and submits its slug; without tom-select it
//   stays a text box with server suggestions (a <datalist>);
// - selecting a passage in the statement text beside the form copies it into the evidence box.
(function () {
  "use strict";

  function debounce(fn, wait) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  function typeAhead(input) {
    var current = input.value ? [{ value: input.value, label: input.dataset.label || input.value }] : [];
    new TomSelect(input, {
      maxItems: 1,
      valueField: "value",
      labelField: "label",
      searchField: ["label", "value"],
      options: current,
      items: current.map(function (o) { return o.value; }),
      create: false,
      persist: false,
      preload: "focus",
      loadThrottle: 150,
      placeholder: input.getAttribute("placeholder"),
      load: function (query, callback) {
        var url = input.dataset.url + "?q=" + encodeURIComponent(query);
        fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      },
      render: { no_results: function () { return '<div class="no-results">No provision matches</div>'; } }
    });
  }

  document.querySelectorAll("input[data-provision-search]").forEach(function (input) {
    if (typeof TomSelect !== "undefined") { typeAhead(input); return; }
    var list = document.getElementById(input.getAttribute("list"));
    var label = input.parentElement.querySelector("[data-provision-label]");
    var labels = {};

    function showLabel() {
      if (label) { label.textContent = labels[input.value] || ""; }
    }

    var search = debounce(function () {
      var url = input.dataset.url + "?q=" + encodeURIComponent(input.value);
      fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          list.replaceChildren();
          data.results.forEach(function (item) {
            var option = document.createElement("option");
            option.value = item.value;
            option.label = item.label;
            option.textContent = item.label;
            labels[item.value] = item.label;
            list.appendChild(option);
          });
          showLabel();
        })
        .catch(function () { /* suggestions are a convenience; typing a slug still works */ });
    }, 150);

    input.addEventListener("input", function () { showLabel(); search(); });
    input.addEventListener("focus", search);
    if (input.value) { search(); }
  });

  var source = document.querySelector("[data-evidence-source]");
  var evidence = document.getElementById("id_evidence");
  if (source && evidence) {
    source.addEventListener("mouseup", function () {
      var selection = window.getSelection();
      if (!selection || selection.isCollapsed) { return; }
      if (!source.contains(selection.anchorNode) || !source.contains(selection.focusNode)) { return; }
      var text = selection.toString().trim();
      if (text) {
        evidence.value = text;
        evidence.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  }
})();
