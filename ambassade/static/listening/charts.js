// Charts of the listening screens, drawn from the tables under them (which stay the accessible version).
// A chart is <div class="chart" data-table="TABLE_ID" data-chart="line|stacked|hbar|pie" [data-by-rows]>;
// the table's header cells marked data-series are the series (or, with data-by-rows, the categories),
// each body row's first cell names its category (or series); numbers come from data-value.
// Names come from outside (venues, authors, themes, competitors): ECharts' default tooltips escape them
// (ECharts ≥ 5); a custom tooltip formatter returning HTML must escape them too (echarts.format.encodeHTML).
(function () {
  if (typeof echarts === "undefined") return;

  const number = (cell) => {
    const raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.replace(/[^\d.,-]/g, "").replace(",", ".");
    const value = parseFloat(raw);
    return Number.isNaN(value) ? 0 : value;
  };
  const label = (cell) => cell.textContent.trim();

  function read(table, byRows) {
    const heads = Array.from(table.tHead.rows[0].cells)
      .map((cell, index) => ({ cell, index }))
      .filter(({ cell }) => cell.hasAttribute("data-series"));
    const rows = Array.from(table.tBodies[0].rows).filter((row) => row.cells.length > 1);
    if (byRows) {
      return {
        categories: heads.map(({ cell }) => label(cell)),
        series: rows.map((row) => ({ name: label(row.cells[0]), values: heads.map(({ index }) => number(row.cells[index])) })),
      };
    }
    return {
      categories: rows.map((row) => label(row.cells[0])),
      series: heads.map(({ cell, index }) => ({
        name: label(cell),
        right: cell.dataset.axis === "right",
        values: rows.map((row) => number(row.cells[index])),
      })),
    };
  }

  function option(kind, data) {
    const base = { animation: false, tooltip: { trigger: kind === "pie" ? "item" : "axis" }, legend: { type: "scroll", bottom: 0 } };
    if (kind === "pie") {
      const first = data.series[0] || { values: [] };
      return { ...base, series: [{ type: "pie", radius: ["35%", "65%"], data: data.categories.map((name, i) => ({ name, value: first.values[i] })) }] };
    }
    if (kind === "hbar") {
      return {
        ...base,
        grid: { left: 8, right: 24, top: 8, bottom: 40, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", inverse: true, data: data.categories },
        series: data.series.map((s) => ({ type: "bar", name: s.name, data: s.values })),
      };
    }
    const right = data.series.some((s) => s.right);
    return {
      ...base,
      grid: { left: 8, right: right ? 40 : 16, top: 16, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: data.categories },
      yAxis: right ? [{ type: "value" }, { type: "value", max: 100, axisLabel: { formatter: "{value} %" } }] : { type: "value" },
      series: data.series.map((s) => ({
        type: kind === "line" ? "line" : "bar",
        name: s.name,
        data: s.values,
        stack: kind === "stacked" ? "total" : undefined,
        yAxisIndex: s.right ? 1 : 0,
        showSymbol: false,
      })),
    };
  }

  document.querySelectorAll(".chart[data-table]").forEach((container) => {
    const table = document.getElementById(container.dataset.table);
    if (!table || !table.tBodies.length) return;
    const data = read(table, container.hasAttribute("data-by-rows"));
    if (!data.categories.length || !data.series.length) {
      container.hidden = true;
      return;
    }
    container.dataset.points = String(data.series.reduce((total, s) => total + s.values.length, 0));
    const chart = echarts.init(container, null, { renderer: "canvas" });
    chart.setOption(option(container.dataset.chart || "line", data));
    window.addEventListener("resize", () => chart.resize());
  });
})();
