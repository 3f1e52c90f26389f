// The impact chart: weekly mean of the participants and of comparable colleagues not yet trained, on weeks
// relative to the training (week 0 marked). Data come from json_script; the table under the chart stays the
// accessible version. "Save as image" gives a PNG.
(function () {
  if (typeof echarts === "undefined") return;
  const container = document.getElementById("impact-chart");
  const source = document.getElementById("impact-chart-data");
  if (!container || !source) return;
  const data = JSON.parse(source.textContent);
  if (!data.weeks || !data.weeks.length) { container.hidden = true; return; }
  const weeks = data.weeks.map((week) => (week > 0 ? "+" + week : String(week)));
  const chart = echarts.init(container, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    toolbox: { feature: { saveAsImage: { type: "png", pixelRatio: 2, title: "PNG", name: "impact" } } },
    tooltip: { trigger: "axis" },
    legend: { bottom: 0, data: [data.labels.participants, data.labels.comparison] },
    grid: { left: 8, right: 24, top: 32, bottom: 56, containLabel: true },
    xAxis: { type: "category", data: weeks, name: data.labels.week, nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "value" },
    series: [
      {
        type: "line",
        name: data.labels.participants,
        data: data.participants,
        connectNulls: false,
        markLine: {
          symbol: "none",
          silent: true,
          lineStyle: { type: "dashed" },
          label: { formatter: data.labels.training },
          data: [{ xAxis: "0" }],
        },
      },
      { type: "line", name: data.labels.comparison, data: data.comparison, connectNulls: false, lineStyle: { type: "dotted" } },
    ],
  });
  container.dataset.drawn = "true";
  window.addEventListener("resize", () => chart.resize());
})();
