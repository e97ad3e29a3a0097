// Timelines as pictures (Chart.js, vendored in static/vendor/chartjs/). Each
// <canvas data-chart='{"labels": [...], "series": {"support": [...], ...}, "changes": [...]}'>
// becomes a stacked bar chart of positions by session, with the number of changes as a line
// when given. No inline script (CSP): the data travel in the attribute, the code is here.
// Without JavaScript the table next to each chart holds the same figures.
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  // The colours of .position-* in app.css, so the chart reads like the badges.
  var colours = { support: "#198754", qualified: "#0dcaf0", neutral: "#adb5bd", oppose: "#dc3545" };
  var labels = { support: "Support", qualified: "Qualified", neutral: "Neutral", oppose: "Oppose" };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var data = JSON.parse(canvas.getAttribute("data-chart"));
    var datasets = Object.keys(labels).map(function (position) {
      return {
        type: "bar",
        label: labels[position],
        data: data.series[position],
        backgroundColor: colours[position],
        stack: "positions",
      };
    });
    if (data.changes) {
      datasets.push({
        type: "line",
        label: "Changes of position",
        data: data.changes,
        borderColor: "#212529",
        backgroundColor: "#212529",
        pointStyle: "rectRot",
        pointRadius: 5,
        yAxisID: "changes",
      });
    }
    var scales = {
      x: { stacked: true },
      y: {
        stacked: true,
        beginAtZero: true,
        ticks: { precision: 0 },
        title: { display: true, text: "Positions held" },
      },
    };
    if (data.changes) {
      scales.changes = {
        position: "right",
        beginAtZero: true,
        grid: { drawOnChartArea: false },
        ticks: { precision: 0 },
        title: { display: true, text: "Changes" },
      };
    }
    new Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: scales,
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
})();
