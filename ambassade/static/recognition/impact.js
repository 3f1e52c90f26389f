// "My impact": shares and human clicks per week (data from the page's json_script).
(function () {
  const container = document.getElementById("impact-chart");
  const source = document.getElementById("impact-data");
  if (!container || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const language = document.documentElement.lang || "fr";
  const weekLabel = (iso) =>
    new Date(iso + "T12:00:00").toLocaleDateString(language, { day: "numeric", month: "short" });
  const chart = echarts.init(container, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: [data.labels.shares, data.labels.clicks], bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    xAxis: { type: "category", data: data.weeks.map(weekLabel) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.labels.shares, type: "bar", data: data.shares },
      { name: data.labels.clicks, type: "bar", data: data.clicks },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
