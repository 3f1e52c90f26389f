// Charts of the network screens. Data come from json_script (the graph) or from the tables under the
// charts (which stay the accessible version). Every chart has a "save as image" (PNG) button.
// Names come from outside (departments, people): ECharts' default tooltips escape them.
(function () {
  if (typeof echarts === "undefined") return;
  const toolbox = { feature: { saveAsImage: { type: "png", pixelRatio: 2, title: "PNG" } } };
  const number = (cell) => {
    const value = parseFloat(cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent);
    return Number.isNaN(value) ? 0 : value;
  };
  const label = (cell) => cell.textContent.trim();
  const charts = [];
  const draw = (container, option) => {
    const chart = echarts.init(container, null, { renderer: "canvas" });
    chart.setOption(option);
    container.dataset.drawn = "true";
    charts.push(chart);
    return chart;
  };

  // Bars from a two-column table: <div class="chart" data-table="TABLE_ID">.
  document.querySelectorAll(".chart[data-table]").forEach((container) => {
    const table = document.getElementById(container.dataset.table);
    if (!table || !table.tBodies.length) return;
    const rows = Array.from(table.tBodies[0].rows).filter((row) => row.cells.length > 1);
    if (!rows.length) { container.hidden = true; return; }
    draw(container, {
      animation: false,
      toolbox,
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: rows.map((row) => label(row.cells[0])) },
      series: [{ type: "bar", name: label(table.tHead.rows[0].cells[1]), data: rows.map((row) => number(row.cells[1])) }],
    });
  });

  // The interaction graph (force layout).
  const graphContainer = document.getElementById("network-graph");
  const graphData = document.getElementById("network-graph-data");
  if (graphContainer && graphData) {
    const data = JSON.parse(graphData.textContent);
    const categoryKeys = Object.keys(data.categories);
    const kindColours = { share: "#1f77b4", invite: "#2ca02c", overlap: "#bbbbbb" };
    const biggest = Math.max(1, ...data.nodes.map((node) => node.value));
    draw(graphContainer, {
      animation: false,
      toolbox,
      tooltip: {},
      legend: { data: categoryKeys.map((key) => data.categories[key]), bottom: 0 },
      series: [{
        type: "graph",
        layout: "force",
        roam: true,
        draggable: true,
        force: { repulsion: 180, edgeLength: [40, 160], gravity: 0.08 },
        label: { show: true, position: "right", fontSize: 11 },
        categories: categoryKeys.map((key) => ({ name: data.categories[key] })),
        data: data.nodes.map((node) => ({
          id: node.id,
          name: node.name,
          value: node.value,
          category: categoryKeys.indexOf(node.category),
          symbolSize: 8 + 30 * Math.sqrt(node.value / biggest),
        })),
        links: data.links.map((link) => ({
          source: link.source,
          target: link.target,
          value: link.value,
          name: data.kinds[link.kind],
          lineStyle: { color: kindColours[link.kind], width: Math.min(6, 1 + Math.log2(link.value)), opacity: 0.7 },
        })),
        edgeSymbol: ["none", "arrow"],
        edgeSymbolSize: 6,
        emphasis: { focus: "adjacency" },
      }],
    });
    graphContainer.dataset.nodes = String(data.nodes.length);
  }

  // The overlap heat map, from its table.
  document.querySelectorAll(".chart[data-matrix]").forEach((container) => {
    const table = document.getElementById(container.dataset.matrix);
    if (!table) return;
    const labels = Array.from(table.tHead.rows[0].cells).slice(1).map(label);
    const rows = Array.from(table.tBodies[0].rows);
    const cells = [];
    let highest = 1;
    rows.forEach((row, y) => Array.from(row.cells).slice(1).forEach((cell, x) => {
      const value = number(cell);
      if (x !== y) highest = Math.max(highest, value);
      cells.push([x, y, value]);
    }));
    draw(container, {
      animation: false,
      toolbox,
      tooltip: { position: "top" },
      grid: { left: 8, right: 16, top: 32, bottom: 64, containLabel: true },
      xAxis: { type: "category", data: labels, axisLabel: { rotate: 30 } },
      yAxis: { type: "category", data: labels, inverse: true },
      visualMap: { min: 0, max: highest, calculable: true, orient: "horizontal", left: "center", bottom: 0 },
      series: [{ type: "heatmap", data: cells, label: { show: labels.length <= 8 } }],
    });
  });

  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
})();
