// The response-times chart, drawn from the "per period" table above it (which stays the accessible
// version): median first-response and resolution times per period, in hours.
(function () {
  const container = document.getElementById("inbox-chart");
  const labelsSource = document.getElementById("inbox-chart-labels");
  const table = document.getElementById("metrics-period");
  if (!container || !labelsSource || !table || typeof echarts === "undefined") return;
  const labels = JSON.parse(labelsSource.textContent);
  const rows = Array.from(table.querySelectorAll("tbody tr[data-key]"));
  const number = (cell) => {
    const value = parseFloat((cell.dataset.value || "").replace(",", "."));
    return Number.isNaN(value) ? null : value;
  };
  const periods = rows.map((row) => row.dataset.key);
  const first = rows.map((row) => number(row.querySelector("td.first-median")));
  const resolution = rows.map((row) => number(row.querySelector("td.resolution-median")));
  container.dataset.periods = periods.join(",");
  const chart = echarts.init(container, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: [labels.first, labels.resolution] },
    xAxis: { type: "category", data: periods },
    yAxis: { type: "value", name: "h" },
    series: [
      { name: labels.first, type: "bar", data: first },
      { name: labels.resolution, type: "line", data: resolution },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
