// The interdependency graph (cytoscape.js): colour by main theme, size by number of
// links, click opens the project. The data comes from the element's data-url.
(function () {
  "use strict";

  function init() {
    document.querySelectorAll(".legend .swatch[data-color]").forEach(function (swatch) {
      swatch.style.backgroundColor = swatch.dataset.color;
    });
    var el = document.getElementById("project-graph");
    if (!el || typeof cytoscape === "undefined") return;
    fetch(el.dataset.url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var maxDegree = 1;
        data.nodes.forEach(function (n) { maxDegree = Math.max(maxDegree, n.data.degree); });
        var cy = cytoscape({
          container: el,
          elements: data.nodes.concat(data.edges),
          wheelSensitivity: 0.3,
          style: [
            {
              selector: "node",
              style: {
                "background-color": "data(color)",
                label: "data(label)",
                "font-size": 12,
                "min-zoomed-font-size": 9,
                "text-wrap": "ellipsis",
                "text-max-width": 110,
                color: "#1d2a26",
                width: "mapData(degree, 0, " + maxDegree + ", 14, 46)",
                height: "mapData(degree, 0, " + maxDegree + ", 14, 46)",
              },
            },
            {
              selector: "edge",
              style: {
                width: "mapData(strength, 1, 3, 1, 4)",
                "line-color": "#9aa8a3",
                "target-arrow-color": "#9aa8a3",
                "target-arrow-shape": "triangle",
                "curve-style": "bezier",
              },
            },
            { selector: 'edge[kind = "tension"]', style: { "line-color": "#a4161a", "line-style": "dashed", "target-arrow-color": "#a4161a" } },
            { selector: ".faded", style: { opacity: 0.15 } },
            { selector: 'edge[kind = "synergie"], edge[kind = "mutualise"]', style: { "target-arrow-shape": "none" } },
          ],
          layout: { name: data.nodes.length > 300 ? "grid" : "cose", animate: false, nodeRepulsion: 8000 },
        });
        var focus = document.getElementById("graph-focus");
        cy.on("tap", "node", function (event) {
          var node = event.target;
          cy.elements().addClass("faded");
          node.closedNeighborhood().removeClass("faded");
          if (!focus) return;
          var link = document.createElement("a");
          link.href = data.url_prefix + node.data("slug") + "/";
          link.textContent = interpolate(gettext("Ouvrir la fiche de « %s »"), [node.data("label")]);
          focus.replaceChildren(link);
        });
        cy.on("tap", function (event) {
          if (event.target === cy) cy.elements().removeClass("faded");
        });
        el.dataset.nodes = String(data.nodes.length);
        el.dataset.edges = String(data.edges.length);
        el.cy = cy;
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
