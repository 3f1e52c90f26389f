// The links dashboard's chart: human and dropped clicks per day (data from the page's json_script).
(function () {
  const container = document.getElementById("clicks-chart");
  const source = document.getElementById("clicks-data");
  if (!container || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const language = document.documentElement.lang || "fr";
  const dayLabel = (iso) =>
    new Date(iso + "T12:00:00").toLocaleDateString(language, { day: "numeric", month: "short" });
  const chart = echarts.init(container, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { data: [data.labels.human, data.labels.dropped], bottom: 0 },
    grid: { left: 48, right: 16, top: 16, bottom: 56 },
    xAxis: { type: "category", data: data.days.map(dayLabel), boundaryGap: false },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.labels.human, type: "line", data: data.human, smooth: true, areaStyle: { opacity: 0.15 } },
      { name: data.labels.dropped, type: "line", data: data.dropped, smooth: true, lineStyle: { type: "dashed" } },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
