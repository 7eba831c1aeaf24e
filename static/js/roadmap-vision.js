// /vision/: Chart.js charts and the communes choropleth. Every figure drawn here is
// also in an HTML table on the page; data arrives through json_script (CSP: no inline JS).
(function () {
  "use strict";

  // Readable in colour and distinguishable in greys.
  const PALETTE = ["#0b6e4f", "#e67e22", "#2e86c1", "#8e44ad", "#c0392b", "#7d6608", "#34495e"];
  // Same colours as .swatch-N in roadmap.css.
  const CLASS_COLOURS = ["#f1f1f1", "#c7e9c0", "#74c476", "#31a354", "#006d2c"];

  function readJSON(id) {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function drawCharts() {
    const charts = readJSON("vision-charts");
    if (!charts || typeof Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
      const spec = charts[canvas.dataset.chart];
      if (!spec) return;
      const datasets = spec.datasets.map((set, i) => ({
        label: set.label,
        data: set.data,
        backgroundColor: PALETTE[i % PALETTE.length],
        borderColor: "#1b1b1b",
        borderWidth: 1,
      }));
      new Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: datasets },
        options: {
          indexAxis: spec.horizontal ? "y" : "x",
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: datasets.length > 1 } },
          scales: {
            x: { stacked: spec.stacked, beginAtZero: true, max: spec.horizontal ? 100 : undefined },
            y: { stacked: spec.stacked, beginAtZero: true, ticks: { precision: 0 } },
          },
        },
      });
    });
  }

  function classOf(count, classes) {
    for (let i = classes.length - 1; i >= 0; i--) {
      if (count >= classes[i][0]) return i;
    }
    return 0;
  }

  function drawMap() {
    const node = document.getElementById("vision-map");
    const outlines = readJSON("vision-outlines");
    const config = readJSON("vision-map-config");
    if (!node || !outlines || !config || typeof L === "undefined") return;
    const map = L.map(node, { scrollWheelZoom: false }).setView(config.center, config.zoom);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: config.maxZoom }).addTo(map);
    }
    const layer = L.geoJSON(outlines, {
      style: (feature) => ({
        color: "#333",
        weight: 1,
        fillOpacity: 0.8,
        fillColor: CLASS_COLOURS[classOf(feature.properties.count, config.classes)],
      }),
      onEachFeature: (feature, shape) => {
        const p = feature.properties;
        shape.bindTooltip(interpolate(gettext("%(name)s : %(count)s"), p, true));
      },
    }).addTo(map);
    if (outlines.features.length) map.fitBounds(layer.getBounds());
  }

  document.addEventListener("DOMContentLoaded", () => {
    drawCharts();
    drawMap();
  });
})();
