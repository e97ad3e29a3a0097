// Stance form helpers, no dependencies:
// - the provision box suggests provisions from the server as the user types (a <datalist>);
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

  document.querySelectorAll("input[data-provision-search]").forEach(function (input) {
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
