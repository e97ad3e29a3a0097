// The position matrix names a cell when it is hovered or focused, from its row and column
// headers: the page carries no title per cell (50,000 of them would double its size).
// Without JavaScript the cells still work as links; the headers name the rows and columns.
(function () {
  "use strict";
  var table = document.getElementById("matrix");
  if (!table || !table.tHead) return;
  var positions = { s: "support", q: "qualified", n: "neutral", o: "oppose" };
  var columns = table.tHead.rows[0].cells;

  function headerName(cell) {
    var link = cell && cell.querySelector("a");
    if (!link) return "";
    return (link.getAttribute("title") || link.textContent).replace(/ \(\d+\)$/, "");
  }

  function name(event) {
    var link = event.target.closest && event.target.closest("td > a");
    if (!link || link.hasAttribute("title")) return;
    var cell = link.parentNode;
    var row = headerName(cell.parentNode.cells[0]);
    var column = headerName(columns[cell.cellIndex]);
    var via = cell.getAttribute("data-via");
    var text = row + ", " + column + ": " + (positions[cell.className.split(" ")[0]] || "") +
      (via ? " (inferred: the position of " + via + ")" : "");
    link.setAttribute("title", text);
    link.setAttribute("aria-label", text);
  }

  table.addEventListener("mouseover", name);
  table.addEventListener("focusin", name);
})();
