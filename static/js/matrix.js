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

  // Screen readers list links by name: give every cell its name ("Japan, Article 3: Scope of
  // application: oppose"), a few rows at a time so that a 200 x 300 matrix never blocks the page.
  var body = table.tBodies[0];
  var names = [];
  for (var c = 0; c < columns.length; c++) names.push(headerName(columns[c]));
  var next = 0;
  function labelRows(deadline) {
    var rows = body ? body.rows : [];
    while (next < rows.length && (!deadline || deadline.timeRemaining() > 2)) {
      var row = rows[next++];
      var delegation = headerName(row.cells[0]);
      for (var i = 1; i < row.cells.length; i++) {
        var cell = row.cells[i];
        var link = cell.firstElementChild;
        if (link && !link.hasAttribute("aria-label")) {
          link.setAttribute("aria-label",
            delegation + ", " + names[i] + ": " + (positions[cell.className] || ""));
        }
      }
      if (!deadline && next % 20 === 0) break;
    }
    if (next < rows.length) schedule();
  }
  function schedule() {
    if (window.requestIdleCallback) window.requestIdleCallback(labelRows);
    else window.setTimeout(labelRows, 0);
  }
  schedule();
})();
