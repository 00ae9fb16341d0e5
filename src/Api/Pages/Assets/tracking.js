// The tracking page's script: draws the charts from the snapshot the server embedded, then applies each new snapshot its
// live channel (server-sent events) sends. It loads nothing but this server's files and writes text only (no HTML).
"use strict";
(function () {
  const root = document.getElementById("tracking");
  if (!root) return;
  const charts = new Map();
  const logFields = [
    ["date", "Date"], ["what", "Hit"], ["emailClient", "Email client"], ["device", "Device"],
    ["os", "OS"], ["place", "Place"], ["verdict", "Bot or person"], ["recipient", "Recipient"],
  ];
  const number = new Intl.NumberFormat("en-US");

  function draw(canvas, series) {
    const horizontal = canvas.dataset.chart === "location";
    return new Chart(canvas, {
      type: canvas.dataset.type,
      data: { labels: series.labels, datasets: [{ label: canvas.dataset.label === "Day" ? "Opens" : "Human opens", data: series.values }] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { display: canvas.dataset.type === "doughnut" } },
        scales: canvas.dataset.type === "doughnut" ? {} : { [horizontal ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function fillTable(tbody, series) {
    const rows = series.labels.map((label, i) => {
      const tr = document.createElement("tr");
      for (const text of [label, String(series.values[i])]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      return tr;
    });
    tbody.replaceChildren(...rows);
  }

  function applyCharts(snapshot) {
    for (const canvas of root.querySelectorAll("canvas[data-chart]")) {
      const key = canvas.dataset.chart;
      const series = snapshot.charts[key];
      if (!series) continue;
      let chart = charts.get(key);
      if (!chart) {
        chart = draw(canvas, series);
        charts.set(key, chart);
      } else {
        chart.data.labels = series.labels;
        chart.data.datasets[0].data = series.values;
        chart.update();
      }
      const table = root.querySelector(`tbody[data-table="${key}"]`);
      if (table) fillTable(table, series);
    }
  }

  function apply(snapshot) {
    for (const element of root.querySelectorAll("[data-counter]")) {
      const value = snapshot.summary[element.dataset.counter];
      if (typeof value === "number") element.textContent = number.format(value);
    }
    for (const link of snapshot.links) {
      const row = root.querySelector(`tr[data-link="${link.id}"]`);
      if (!row) continue;
      for (const field of ["clicks", "humanClicks", "botClicks"]) row.querySelector(`[data-field="${field}"]`).textContent = String(link[field]);
    }
    const total = root.querySelector("[data-log-total]");
    if (total) total.textContent = number.format(snapshot.logTotal);
    const pages = root.querySelector("[data-log-pages]");
    if (pages) pages.textContent = String(Math.max(1, Math.ceil(snapshot.logTotal / 50)));
    const log = document.getElementById("log-rows");
    if (log) {
      log.replaceChildren(...snapshot.log.map(entry => {
        const tr = document.createElement("tr");
        for (const [field, label] of logFields) {
          const td = document.createElement("td");
          td.dataset.label = label;
          if (field === "what") td.className = "url";
          td.textContent = entry[field];
          tr.appendChild(td);
        }
        return tr;
      }));
      const empty = document.getElementById("log-empty");
      if (empty && snapshot.log.length > 0) empty.remove();
    }
    applyCharts(snapshot);
  }

  applyCharts(JSON.parse(root.dataset.snapshot));

  const status = document.getElementById("live-status");
  const source = new EventSource(root.dataset.liveUrl);
  source.addEventListener("open", () => { status.textContent = "Live updates: on."; });
  source.addEventListener("error", () => {
    status.textContent = source.readyState === EventSource.CLOSED ? "Live updates: off (reload the page)." : "Live updates: reconnecting…";
  });
  source.addEventListener("snapshot", event => apply(JSON.parse(event.data)));
})();
