// The agreement heatmap names a cell on hover or focus from its row and column headers and its
// data attributes (adjusted score in percent, provisions shared): no title per cell, 40,000
// of them would double the page. Without JavaScript the blocs list and the note still read.
(function () {
  "use strict";
  var table = document.getElementById("heatmap");
  if (!table || !table.tHead) return;
  var columns = table.tHead.rows[0].cells;

  function name(event) {
    var cell = event.target.closest && event.target.closest("td");
    if (!cell || cell.hasAttribute("title")) return;
    var row = cell.parentNode.cells[0].getAttribute("title");
    var column = columns[cell.cellIndex].getAttribute("title");
    var text = row + " and " + column + ": agreement " + cell.dataset.s + " over " +
      cell.dataset.n + " shared provision" + (cell.dataset.n === "1" ? "" : "s");
    cell.setAttribute("title", text);
    cell.setAttribute("aria-label", text);
  }

  table.addEventListener("mouseover", name);
  table.addEventListener("focusin", name);
})();
