// The referral dashboard's funnel, drawn from the two count tables above it (which stay the accessible
// version): introductions made → confirmed by the contact → at interview or beyond → hired.
(function () {
  const container = document.getElementById("referral-funnel");
  const labelsSource = document.getElementById("referral-funnel-labels");
  if (!container || !labelsSource || typeof echarts === "undefined") return;
  const labels = JSON.parse(labelsSource.textContent);
  const count = (selector) =>
    Array.from(document.querySelectorAll(selector)).reduce(
      (total, cell) => total + (parseInt(cell.textContent.replace(/\D/g, ""), 10) || 0),
      0,
    );
  const made = count("#status-counts tbody td.number");
  const confirmed = count('#status-counts tr[data-status="confirmed"] td.number');
  const interview = count(
    '#stage-counts tr[data-stage="interview"] td.number, #stage-counts tr[data-stage="offer"] td.number, #stage-counts tr[data-stage="hired"] td.number',
  );
  const hired = count('#stage-counts tr[data-stage="hired"] td.number');
  const steps = [
    { name: labels.made, value: made },
    { name: labels.confirmed, value: confirmed },
    { name: labels.interview, value: interview },
    { name: labels.hired, value: hired },
  ];
  container.dataset.values = steps.map((step) => step.value).join(",");
  const chart = echarts.init(container, null, { renderer: "canvas" });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "item", formatter: "{b} : {c}" },
    series: [
      {
        type: "funnel",
        sort: "none",
        minSize: "8%",
        gap: 2,
        left: "10%",
        width: "80%",
        label: { show: true, position: "inside", formatter: "{b} : {c}" },
        data: steps,
      },
    ],
  });
  window.addEventListener("resize", () => chart.resize());
})();
