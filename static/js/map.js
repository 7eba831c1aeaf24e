// A generic Leaflet map, configured by data-attributes on its element (no inline script):
//   data-map-config   id of a json_script: {tileUrl, attribution, center: [lat, lng], zoom}
//   data-geojson-url  GeoJSON of points (Point features, each with an `id`)
//   data-popup-url    popup HTML URL with "{id}", fetched when a popup opens
//   data-color-property  the feature property holding the marker colour (#rrggbb)
//   data-outline-url  GeoJSON drawn as an outline (e.g. Toulouse Métropole), optional
//   data-filter-form  id of a form whose fields filter the data (reloaded on change)
//   data-lat / data-lng / data-zoom  a single marker instead of GeoJSON (small maps)
// Used by the projects map and the project page; the actors map can reuse it as is.
(function () {
  "use strict";

  function readConfig(el) {
    var node = document.getElementById(el.dataset.mapConfig || "map-config");
    var config = node ? JSON.parse(node.textContent) : {};
    config.center = config.center || [43.6045, 1.444];
    config.zoom = config.zoom || 11;
    return config;
  }

  function addTiles(map, config) {
    // An empty tile URL (tests, offline) means no tile layer at all.
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution || "", maxZoom: 19 }).addTo(map);
    }
  }

  function markerStyle(color) {
    return { radius: 7, weight: 1.5, color: "#ffffff", fillColor: color || "#4a5a55", fillOpacity: 0.9 };
  }

  function queryOf(form) {
    if (!form) return "";
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "" && key !== "csrfmiddlewaretoken") params.append(key, value);
    });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function setStatus(el, text) {
    var status = document.getElementById(el.id.replace(/-map$/, "") + "-status") ||
      document.getElementById("map-status");
    if (status) status.textContent = text;
  }

  function initSingle(el, config) {
    var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
    var map = L.map(el, { scrollWheelZoom: false, maxZoom: 19 }).setView([lat, lng], parseInt(el.dataset.zoom || "13", 10));
    addTiles(map, config);
    L.circleMarker([lat, lng], markerStyle(el.dataset.color)).addTo(map);
    el.leafletMap = map;
  }

  function initCollection(el, config) {
    var map = L.map(el, { maxZoom: 19 }).setView(config.center, config.zoom);
    addTiles(map, config);
    var colorProperty = el.dataset.colorProperty || "color";
    var popupUrl = el.dataset.popupUrl || "";
    var form = el.dataset.filterForm ? document.getElementById(el.dataset.filterForm) : null;
    var cluster = L.markerClusterGroup
      ? L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50 })
      : L.layerGroup();
    cluster.addTo(map);

    if (el.dataset.outlineUrl) {
      fetch(el.dataset.outlineUrl, { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          var outline = L.geoJSON(data, {
            interactive: false,
            style: { color: "#084f39", weight: 1, fillColor: "#0b6e4f", fillOpacity: 0.04 },
          }).addTo(map);
          outline.bringToBack();
        });
    }

    function bindPopup(marker, id) {
      if (!popupUrl) return;
      marker.bindPopup(el.dataset.loadingLabel || "…");
      marker.on("popupopen", function (event) {
        if (marker._popupLoaded) return;
        fetch(popupUrl.replace("{id}", encodeURIComponent(id)), { headers: { "HX-Request": "true" } })
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) {
            marker._popupLoaded = true;
            event.popup.setContent(html || "—");
          });
      });
    }

    var generation = 0;
    function load() {
      var mine = ++generation;
      setStatus(el, el.dataset.loadingLabel || "…");
      return fetch(el.dataset.geojsonUrl + queryOf(form), { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (mine !== generation) return; // a newer filter won
          cluster.clearLayers();
          var markers = [];
          (data.features || []).forEach(function (feature) {
            if (!feature.geometry) return;
            var c = feature.geometry.coordinates;
            var props = feature.properties || {};
            var marker = L.circleMarker([c[1], c[0]], markerStyle(props[colorProperty]));
            bindPopup(marker, feature.id !== undefined ? feature.id : props.id);
            markers.push(marker);
          });
          cluster.addLayers ? cluster.addLayers(markers) : markers.forEach(function (m) { cluster.addLayer(m); });
          el.dataset.count = String(markers.length);
          setStatus(el, markers.length + " " + (markers.length > 1 ? "projets sur la carte" : "projet sur la carte"));
          el.dispatchEvent(new CustomEvent("map:loaded", { detail: { count: markers.length } }));
        });
    }

    if (form) {
      // HTMX swaps the list; the map follows the same filters.
      form.addEventListener("change", load);
      form.addEventListener("submit", function () { setTimeout(load, 0); });
      var q = form.querySelector("input[type=search], input[name=q]");
      if (q) {
        var timer;
        q.addEventListener("keyup", function () { clearTimeout(timer); timer = setTimeout(load, 400); });
      }
      window.addEventListener("popstate", function () { setTimeout(load, 50); });
    }
    el.leafletMap = map;
    el.reloadMap = load;
    load();
  }

  function init() {
    if (typeof L === "undefined") return;
    document.querySelectorAll("[data-map-config]").forEach(function (el) {
      if (el.leafletMap) return;
      var config = readConfig(el);
      if (el.dataset.lat && el.dataset.lng) initSingle(el, config);
      else if (el.dataset.geojsonUrl) initCollection(el, config);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
