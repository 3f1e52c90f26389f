// The adoption curve: days since the launch → enrolled and active people, out of the staff of that day
// (in the tooltip); data from the page's json_script.
(function () {
  const container = document.getElementById("adoption-chart");
  const source = document.getElementById("adoption-data");
  if (!container || !source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const language = document.documentElement.lang || "fr";
  const number = (value) => (value === null ? "—" : value.toLocaleString(language));
  const percent = (value, total) => (value === null || !total ? "" : " (" + Math.round((100 * value) / total) + " %)");
  const chart = echarts.init(container, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: {
      trigger: "axis",
      formatter: (items) => {
        if (!items.length) return "";
        const index = items[0].dataIndex;
        const date = new Date(data.dates[index] + "T12:00:00").toLocaleDateString(language, { dateStyle: "medium" });
        const lines = [data.labels.day.replace("%(days)s", data.days[index]) + " · " + date];
        const total = data.staff[index];
        for (const item of items) {
          const value = item.value;
          const text = data.labels.of.replace("%(count)s", number(value)).replace("%(total)s", number(total));
          lines.push(item.marker + data.labels.line.replace("%(series)s", item.seriesName).replace("%(value)s", text + percent(value, total)));
        }
        return lines.join("<br>");
      },
    },
    legend: { data: [data.labels.enrolled, data.labels.active], bottom: 0 },
    grid: { left: 56, right: 16, top: 16, bottom: 72 },
    xAxis: { type: "category", data: data.days, boundaryGap: false, name: data.labels.axis, nameLocation: "middle", nameGap: 28 },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: data.labels.enrolled, type: "line", data: data.enrolled, showSymbol: false, areaStyle: { opacity: 0.12 } },
      { name: data.labels.active, type: "line", data: data.active, showSymbol: false, areaStyle: { opacity: 0.2 } },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
