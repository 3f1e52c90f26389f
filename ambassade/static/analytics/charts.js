// Charts of the analytics screens, drawn from the tables under them (which stay the accessible version).
// A chart is <div class="chart" data-table="TABLE_ID" data-chart="line|bar|hbar" [data-columns="1,2"]>:
// the table's header cells marked data-series are the series (data-columns keeps some of them, by column
// index), each body row's first cell names its category; numbers come from data-value.
// Every chart has a toolbox to save it as a PNG image (ECharts saveAsImage).
// Labels come from the organisation's data (departments, campaigns, names): ECharts' default tooltips
// escape them; no custom HTML formatter is used.
(function () {
  if (typeof echarts === "undefined") return;

  const number = (cell) => {
    const raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent;
    const value = parseFloat(String(raw).replace(/\s/g, "").replace(",", "."));
    return Number.isNaN(value) ? null : value;
  };
  const label = (cell) => cell.textContent.trim();

  function read(table, columns) {
    const heads = Array.from(table.tHead.rows[0].cells)
      .map((cell, index) => ({ cell, index }))
      .filter(({ cell, index }) => cell.hasAttribute("data-series") && (!columns || columns.includes(index)));
    const rows = Array.from(table.tBodies[0].rows).filter((row) => row.cells.length > 1);
    return {
      categories: rows.map((row) => label(row.cells[0])),
      series: heads.map(({ cell, index }) => ({
        name: label(cell),
        values: rows.map((row) => number(row.cells[index])),
      })),
    };
  }

  function option(kind, data, title) {
    const base = {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      toolbox: { right: 8, feature: { saveAsImage: { name: title || "chart", pixelRatio: 2, title: "PNG" } } },
    };
    if (kind === "hbar") {
      return {
        ...base,
        grid: { left: 8, right: 24, top: 32, bottom: 40, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", inverse: true, data: data.categories },
        series: data.series.map((s) => ({ type: "bar", name: s.name, data: s.values })),
      };
    }
    return {
      ...base,
      grid: { left: 8, right: 16, top: 32, bottom: 48, containLabel: true },
      xAxis: { type: "category", data: data.categories },
      yAxis: { type: "value", scale: kind === "line" },
      series: data.series.map((s) => ({
        type: kind === "bar" ? "bar" : "line",
        name: s.name,
        data: s.values,
        connectNulls: true,
        showSymbol: data.categories.length < 40,
      })),
    };
  }

  document.querySelectorAll(".chart[data-table]").forEach((container) => {
    const table = document.getElementById(container.dataset.table);
    if (!table || !table.tBodies.length) return;
    const columns = container.dataset.columns ? container.dataset.columns.split(",").map(Number) : null;
    const data = read(table, columns);
    if (!data.categories.length || !data.series.length) {
      container.hidden = true;
      return;
    }
    container.dataset.points = String(data.series.reduce((total, s) => total + s.values.length, 0));
    const chart = echarts.init(container, null, { renderer: "canvas" });
    chart.setOption(option(container.dataset.chart || "line", data, container.dataset.title));
    window.addEventListener("resize", () => chart.resize());
  });
})();
