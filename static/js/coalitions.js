// The agreement heatmap names a cell on hover or focus from its row and column headers and its
// row's data attributes (per cell in column order: the adjusted score in percent, the
// provisions shared): no title or figures per cell, 40,000 of them would double the page.
// Without JavaScript the blocs list and the note still read.
(function () {
  "use strict";
  var table = document.getElementById("heatmap");
  if (!table || !table.tHead) return;
  var columns = table.tHead.rows[0].cells;

  function name(event) {
    var cell = event.target.closest && event.target.closest("td");
    if (!cell || cell.hasAttribute("title")) return;
    var tr = cell.parentNode;
    var row = tr.cells[0].getAttribute("title");
    var column = columns[cell.cellIndex].getAttribute("title");
    var at = cell.cellIndex - 1; // the row's header comes first
    var score = tr.dataset.s.split(",")[at];
    var shared = tr.dataset.n.split(",")[at];
    var text = row + " and " + column + ": agreement " + score + " over " +
      shared + " shared provision" + (shared === "1" ? "" : "s");
    cell.setAttribute("title", text);
    cell.setAttribute("aria-label", text);
  }

  table.addEventListener("mouseover", name);
  table.addEventListener("focusin", name);
})();
