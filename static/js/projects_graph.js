// The interdependency graph (cytoscape.js): colour by main theme, size by number of
// links, one line style per link kind (the page's legend is painted from the same table).
// Labels are laid out with the nodes (the layout keeps room for them) and shown only where
// they fit: a label that would cover another one, or read under 12 px on screen, is hidden
// until the reader zooms in. A node is focused by a tap or from the list beside the graph (keyboard).
(function () {
  "use strict";

  var LABEL_SIZE = 26; // label font size in graph units (on screen: times the zoom)
  var LABEL_WIDTH = 220; // graph units: a longer name ends with an ellipsis
  var MIN_LABEL_PX = 12; // on screen: below this a label is never drawn
  var LABEL_GAP = 3; // screen pixels kept free around each shown label
  var GRID_LAYOUT_ABOVE = 300; // nodes: past this the force layout is too slow
  // The graph opens fitted to its frame, but never so far out that labels read under
  // 13 px (a large graph then opens around its centre) nor zoomed in past 1.2.
  var OPEN_ZOOM_MIN = 13 / LABEL_SIZE;
  var OPEN_ZOOM_MAX = 1.2;
  var MAX_STRETCH = 2.5; // a chain of three projects stays a chain, not a far-flung line
  var EDGE_STYLES = {
    depend: { color: "#44546a", line: "solid", arrow: "triangle" },
    alimente: { color: "#1f6f8b", line: "solid", arrow: "triangle-backcurve" },
    mutualise: { color: "#6a4c93", line: "dotted", arrow: "none" },
    synergie: { color: "#2d6a4f", line: "solid", arrow: "none" },
    tension: { color: "#a4161a", line: "dashed", arrow: "none" },
  };
  var STRENGTH_WIDTHS = { 1: 1.5, 2: 3, 3: 5 };

  function paintLegends() {
    document.querySelectorAll(".legend .swatch[data-color]").forEach(function (swatch) {
      swatch.style.backgroundColor = swatch.dataset.color;
    });
    document.querySelectorAll(".edge-legend .edge-sample[data-kind]").forEach(function (sample) {
      var style = EDGE_STYLES[sample.dataset.kind];
      if (!style) return;
      sample.style.borderTopColor = style.color;
      sample.style.borderTopStyle = style.line;
      sample.style.color = style.color;
      sample.classList.toggle("edge-arrow", style.arrow !== "none");
    });
    document.querySelectorAll(".edge-legend .edge-sample[data-strength]").forEach(function (sample) {
      sample.style.borderTopWidth = STRENGTH_WIDTHS[sample.dataset.strength] + "px";
    });
  }

  function fontFamily() {
    return getComputedStyle(document.body).fontFamily || "sans-serif";
  }

  // A long name is shortened once, measured in the labels' font (the boxes the layout and
  // the label placement read are then those of the text drawn).
  function shorten(nodes) {
    var context = document.createElement("canvas").getContext("2d");
    context.font = LABEL_SIZE + "px " + fontFamily();
    nodes.forEach(function (n) {
      var text = n.data.label;
      if (context.measureText(text).width > LABEL_WIDTH) {
        while (text.length > 1 && context.measureText(text + "…").width > LABEL_WIDTH) {
          text = text.slice(0, -1);
        }
        text = text.trimEnd() + "…";
      }
      n.data.short = text;
    });
  }

  function graphStyle(maxDegree) {
    var style = [
      {
        selector: "node",
        style: {
          "background-color": "data(color)",
          label: "data(short)",
          "font-family": fontFamily(),
          "font-size": LABEL_SIZE,
          "min-zoomed-font-size": MIN_LABEL_PX,
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.85,
          "text-background-padding": 1,
          color: "#1d2a26",
          width: "mapData(degree, 0, " + maxDegree + ", 24, 72)",
          height: "mapData(degree, 0, " + maxDegree + ", 24, 72)",
        },
      },
      {
        selector: "edge",
        style: {
          width: "mapData(strength, 1, 3, 2.5, 8)",
          "curve-style": "bezier",
          "arrow-scale": 1.4,
        },
      },
    ];
    Object.keys(EDGE_STYLES).forEach(function (kind) {
      var s = EDGE_STYLES[kind];
      style.push({
        selector: 'edge[kind = "' + kind + '"]',
        style: {
          "line-color": s.color,
          "line-style": s.line,
          "target-arrow-color": s.color,
          "target-arrow-shape": s.arrow,
        },
      });
    });
    style.push(
      { selector: ".faded", style: { opacity: 0.15 } },
      { selector: "node.label-hidden", style: { "text-opacity": 0, "text-background-opacity": 0 } },
      { selector: "node.focused", style: { "border-width": 3, "border-color": "#1d2a26" } }
    );
    return style;
  }

  // Deterministic start: each community on its own circle, communities on a grid, so the
  // force layout begins from groups and gives the same picture on every visit.
  function startPositions(nodes) {
    var groups = {};
    nodes.forEach(function (n) {
      (groups[n.data.group] = groups[n.data.group] || []).push(n);
    });
    var keys = Object.keys(groups).sort(function (a, b) {
      return groups[b].length - groups[a].length || Number(a) - Number(b);
    });
    var columns = Math.ceil(Math.sqrt(keys.length));
    var radiusOf = function (count) { return count > 1 ? (count * 2 * LABEL_SIZE) / Math.PI : 0; };
    var cell = 2 * radiusOf(groups[keys[0]].length) + LABEL_WIDTH;
    var positions = {};
    keys.forEach(function (key, index) {
      var members = groups[key];
      var radius = radiusOf(members.length);
      var cx = (index % columns) * cell;
      var cy = Math.floor(index / columns) * cell;
      members.forEach(function (n, i) {
        var angle = (2 * Math.PI * i) / members.length;
        positions[n.data.id] = { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
      });
    });
    return positions;
  }

  function layoutOptions(data) {
    if (data.nodes.length > GRID_LAYOUT_ABOVE) {
      return {
        name: "grid",
        avoidOverlap: true,
        nodeDimensionsIncludeLabels: true,
        sort: function (a, b) {
          return a.data("group") - b.data("group") || b.data("degree") - a.data("degree");
        },
      };
    }
    var positions = startPositions(data.nodes);
    return {
      name: "cose",
      animate: false,
      randomize: false,
      positions: function (node) { return positions[node.id()]; },
      nodeDimensionsIncludeLabels: true,
      nodeRepulsion: function () { return 1500; },
      nodeOverlap: 40,
      idealEdgeLength: function () { return 80; },
      componentSpacing: 60,
      gravity: 4,
      initialTemp: 200,
      numIter: 1500,
    };
  }

  // Brings the nodes closer, all by one factor: the force layout leaves much empty room.
  // It stops when one pair of boxes (a node and its label) in ten nodes that were apart
  // would touch, so few names are lost to the label placement on a drawing that holds more.
  function tighten(cy) {
    var items = cy.nodes().map(function (node) {
      var box = node.boundingBox({ includeLabels: true });
      return { x: node.position("x"), y: node.position("y"), w: box.w + 8, h: box.h + 8 };
    });
    var touches = [];
    for (var i = 0; i < items.length; i++) {
      for (var j = i + 1; j < items.length; j++) {
        var a = items[i];
        var b = items[j];
        var dx = Math.abs(a.x - b.x);
        var dy = Math.abs(a.y - b.y);
        // They overlap once scaled by less than this (for each axis, and so for both).
        var touch = Math.min(dx ? (a.w + b.w) / 2 / dx : Infinity, dy ? (a.h + b.h) / 2 / dy : Infinity);
        if (touch < 1) touches.push(touch);
      }
    }
    if (!touches.length) return;
    touches.sort(function (a, b) { return b - a; });
    var factor = touches[Math.min(Math.floor(items.length / 10), touches.length - 1)];
    var centre = cy.nodes().boundingBox();
    var cx = (centre.x1 + centre.x2) / 2;
    var cyy = (centre.y1 + centre.y2) / 2;
    cy.nodes().positions(function (node) {
      var p = node.position();
      return { x: cx + (p.x - cx) * factor, y: cyy + (p.y - cyy) * factor };
    });
  }

  // Spreads the drawing sideways (never squeezes it) until its shape is the frame's: only
  // gaps grow, so no label comes to cover another, and a wide frame is used in full.
  function widenToFrame(cy) {
    var box = cy.nodes().boundingBox();
    if (!box.w || !box.h) return;
    var stretch = Math.min((cy.width() / cy.height()) / (box.w / box.h), MAX_STRETCH);
    if (stretch <= 1) return;
    var middle = (box.x1 + box.x2) / 2;
    cy.nodes().positions(function (node) {
      var p = node.position();
      return { x: middle + (p.x - middle) * stretch, y: p.y };
    });
  }

  function intersects(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }

  // Shows the labels that fit: the focused neighbourhood first, then the projects in view
  // (a label off the screen never keeps one on it hidden), then the most linked; a label
  // covering one already shown stays hidden. Placed again whenever the view rests.
  function placeLabels(cy) {
    var readable = LABEL_SIZE * cy.zoom() >= MIN_LABEL_PX;
    var ext = cy.extent();
    var inView = {};
    cy.nodes().forEach(function (node) {
      var p = node.position();
      inView[node.id()] = Number(p.x > ext.x1 && p.x < ext.x2 && p.y > ext.y1 && p.y < ext.y2);
    });
    var nodes = cy.nodes().toArray().sort(function (a, b) {
      return (
        Number(b.hasClass("focused")) - Number(a.hasClass("focused")) ||
        Number(a.hasClass("faded")) - Number(b.hasClass("faded")) ||
        inView[b.id()] - inView[a.id()] ||
        b.data("degree") - a.data("degree") ||
        (a.data("label") < b.data("label") ? -1 : 1)
      );
    });
    var shown = [];
    var cell = 160;
    var buckets = {};
    cy.batch(function () {
      nodes.forEach(function (node) {
        var box = node.renderedBoundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
        var padded = { x1: box.x1 - LABEL_GAP, y1: box.y1 - LABEL_GAP, x2: box.x2 + LABEL_GAP, y2: box.y2 + LABEL_GAP };
        var keys = [];
        for (var gx = Math.floor(padded.x1 / cell); gx <= Math.floor(padded.x2 / cell); gx++) {
          for (var gy = Math.floor(padded.y1 / cell); gy <= Math.floor(padded.y2 / cell); gy++) {
            keys.push(gx + ":" + gy);
          }
        }
        var free = readable && box.w > 0 && keys.every(function (key) {
          return (buckets[key] || []).every(function (other) { return !intersects(padded, other); });
        });
        if (free) {
          keys.forEach(function (key) { (buckets[key] = buckets[key] || []).push(padded); });
          shown.push(node);
          node.removeClass("label-hidden");
        } else {
          node.addClass("label-hidden");
        }
      });
    });
    cy.container().dataset.labels = String(shown.length);
  }

  function fillPicker(select, data) {
    var nodes = data.nodes.slice().sort(function (a, b) {
      return a.data.label.localeCompare(b.data.label);
    });
    var fragment = document.createDocumentFragment();
    nodes.forEach(function (n) {
      var option = document.createElement("option");
      option.value = n.data.id;
      option.textContent = n.data.label;
      fragment.appendChild(option);
    });
    select.appendChild(fragment);
  }

  function init() {
    paintLegends();
    var el = document.getElementById("project-graph");
    if (!el || typeof cytoscape === "undefined") return;
    fetch(el.dataset.url, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { draw(el, data); });
  }

  // The data comes as rows (see node_fields and edge_fields): cytoscape wants elements.
  function elements(data) {
    data.nodes = data.nodes.map(function (row) {
      return { data: { id: String(row[0]), label: row[1], color: row[2], degree: row[3], slug: row[4], group: row[5] } };
    });
    data.edges = data.edges.map(function (row) {
      return { data: { id: "l" + row[0], source: String(row[1]), target: String(row[2]), kind: row[3], strength: row[4] } };
    });
  }

  function draw(el, data) {
    var maxDegree = 1;
    elements(data);
    shorten(data.nodes);
    data.nodes.forEach(function (n) { maxDegree = Math.max(maxDegree, n.data.degree); });
    var cy = cytoscape({
      container: el,
      elements: data.nodes.concat(data.edges),
      wheelSensitivity: 0.3,
      style: graphStyle(maxDegree),
      layout: layoutOptions(data),
    });
    if (data.nodes.length <= GRID_LAYOUT_ABOVE) tighten(cy);
    widenToFrame(cy);
    cy.fit(undefined, 20);
    var opening = Math.min(Math.max(cy.zoom(), OPEN_ZOOM_MIN), OPEN_ZOOM_MAX);
    if (opening !== cy.zoom()) {
      cy.zoom({ level: opening, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
    }
    cy.minZoom(opening / 8);
    cy.maxZoom(4);

    var focus = document.getElementById("graph-focus");
    var picker = document.getElementById("graph-picker");
    var select = document.getElementById("graph-node");

    function clearFocus() {
      cy.elements().removeClass("faded focused");
      if (focus) focus.replaceChildren();
      placeLabels(cy);
    }

    function focusNode(node, moveFocus) {
      cy.elements().removeClass("focused").addClass("faded");
      node.closedNeighborhood().removeClass("faded");
      node.addClass("focused");
      placeLabels(cy);
      if (select) select.value = node.id();
      if (!focus) return;
      var count = node.neighborhood("node").length;
      var summary = document.createElement("p");
      summary.textContent = count
        ? interpolate(
            ngettext("« %(name)s » et son voisin sont mis en avant.", "« %(name)s » et ses %(count)s voisins sont mis en avant.", count),
            { name: node.data("label"), count: count },
            true
          )
        : interpolate(gettext("« %s » n'a pas de lien ici."), [node.data("label")]);
      var link = document.createElement("a");
      link.href = data.url_prefix + node.data("slug") + "/";
      link.className = "graph-open";
      link.textContent = interpolate(gettext("Ouvrir la fiche du projet « %s »"), [node.data("label")]);
      var reset = document.createElement("button");
      reset.type = "button";
      reset.className = "link-button graph-reset";
      reset.textContent = gettext("Tout montrer");
      reset.addEventListener("click", function () {
        clearFocus();
        if (select) select.focus();
      });
      focus.replaceChildren(summary, link, document.createTextNode(" "), reset);
      if (moveFocus) link.focus();
    }

    cy.on("tap", "node", function (event) { focusNode(event.target, false); });
    cy.on("tap", function (event) {
      if (event.target === cy) clearFocus();
    });
    var pending = null;
    cy.on("viewport", function () {
      clearTimeout(pending);
      pending = setTimeout(function () { placeLabels(cy); }, 80);
    });

    if (picker && select) {
      fillPicker(select, data);
      picker.hidden = false;
      var chosen = function (event) {
        event.preventDefault();
        var node = cy.getElementById(select.value);
        if (node.nonempty()) focusNode(node, true);
      };
      picker.addEventListener("submit", chosen);
      select.addEventListener("keydown", function (event) {
        if (event.key === "Enter") chosen(event);
      });
    }

    placeLabels(cy);
    el.dataset.nodes = String(data.nodes.length);
    el.dataset.edges = String(data.edges.length);
    el.cy = cy;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
