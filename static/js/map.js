// The one Leaflet set-up of the site, configured by data-attributes on its element (no
// inline script). Every map page gets its configuration from alliance/maps.py map_config().
//   data-map-config   id of a json_script: {tileUrl, attribution, center, zoom, maxZoom, placeZoom}
//   data-geojson-url  GeoJSON of points (Point features, each with an `id`)
//   data-popup-url    popup HTML URL with "{id}", fetched when a popup opens
//   data-popup="properties"  popup built from the feature's `url`, `name` and `kind` instead
//   data-marker="pin" Leaflet's pin markers (titled, keyboard-reachable) instead of dots
//   data-color-property  the feature property holding the marker colour (#rrggbb)
//   data-outline-url  GeoJSON drawn as an outline (e.g. Toulouse Métropole), optional
//   data-filter-form  id of a form whose fields filter the data (reloaded on change)
//   data-history      the filters go into the address bar; links with data-keep-query follow
//   data-fit-bounds   zoom to the markers after each load; data-scroll-zoom="off" keeps the wheel for the page
//   data-status / data-label-one / data-label-many  the live status ("2 acteurs sur la carte")
//   data-lat / data-lng / data-zoom / data-label  a single marker instead of GeoJSON
//   data-picker       an empty map whose page script places a draggable marker (el.leafletMap)
// Used by the projects, actors and meeting maps and the project page.
(function () {
  "use strict";

  // Every map text through Django's JavaScript catalogue (/jsi18n/ loads before this file).

  // Leaflet's own texts (zoom titles, attribution prefix) in the page's language.
  function createMap(el, options) {
    var map = L.map(el, Object.assign({ zoomControl: false, attributionControl: false }, options));
    L.control.zoom({
      zoomInTitle: gettext("Zoom avant"),
      zoomOutTitle: gettext("Zoom arrière"),
    }).addTo(map);
    L.control.attribution({
      prefix: '<a href="https://leafletjs.com" hreflang="en">Leaflet</a>',
    }).addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", gettext("Fermer la bulle"));
        close.title = gettext("Fermer la bulle");
      }
    });
    el.setAttribute("data-map-ready", "");
    return map;
  }

  // A legend for a map's markers, after the map, unless the page wrote one (data-legend="page").
  function addLegend(el, text, pin) {
    if (el.dataset.legend === "page") return;
    var legend = document.createElement("p");
    legend.className = "map-legend map-legend-inline";
    var mark = document.createElement("span");
    mark.className = pin ? "map-legend-pin" : "map-legend-point";
    mark.setAttribute("aria-hidden", "true");
    legend.append(mark, document.createTextNode(gettext("Légende : ") + text));
    el.insertAdjacentElement("afterend", legend);
  }

  function readConfig(el) {
    var node = document.getElementById(el.dataset.mapConfig || "map-config");
    var config = node ? JSON.parse(node.textContent) : {};
    config.center = config.center || [43.6045, 1.444];
    config.zoom = config.zoom || 11;
    config.maxZoom = config.maxZoom || 19;
    return config;
  }

  function addTiles(map, config) {
    // An empty tile URL (tests, offline) means no tile layer at all.
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution || "", maxZoom: config.maxZoom }).addTo(map);
    }
  }

  // Marks the bench reads (performance.getEntriesByName), one per step of the first load.
  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }

  function markerStyle(color) {
    return { radius: 7, weight: 1.5, color: "#ffffff", fillColor: color || "#4a5a55", fillOpacity: 0.9 };
  }

  // One options object per colour, shared by its markers (Leaflet copies, never mutates
  // them): 10,000 markers then make a handful of style objects, not 10,000.
  var sharedStyles = {};
  function sharedStyle(color) {
    var key = color || "";
    return sharedStyles[key] || (sharedStyles[key] = markerStyle(color));
  }

  function makeMarker(el, latlng, props, color) {
    if (el.dataset.marker !== "pin") return L.circleMarker(latlng, sharedStyle(color));
    return L.marker(latlng, { title: props.name || "", alt: props.name || "" });
  }

  function propertiesPopup(props) {
    var wrapper = document.createElement("div");
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.name;
    var kind = document.createElement("p");
    kind.textContent = props.kind || "";
    wrapper.append(link, kind);
    return wrapper;
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
    var status = document.getElementById(el.dataset.status || "") ||
      document.getElementById(el.id.replace(/-map$/, "") + "-status") ||
      document.getElementById("map-status");
    if (status) status.textContent = text;
  }

  function countLabel(el, n) {
    var label = n > 1 ? el.dataset.labelMany || gettext("projets sur la carte") : el.dataset.labelOne || gettext("projet sur la carte");
    return n + " " + label;
  }

  function initSingle(el, config) {
    var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
    var zoom = parseInt(el.dataset.zoom || config.placeZoom || "13", 10);
    var map = createMap(el, { scrollWheelZoom: false, maxZoom: config.maxZoom }).setView([lat, lng], zoom);
    addLegend(el, el.dataset.legendText || gettext("le point marque le lieu."), false);
    addTiles(map, config);
    var marker = L.circleMarker([lat, lng], markerStyle(el.dataset.color)).addTo(map);
    if (el.dataset.label) marker.bindPopup(el.dataset.label);
    el.leafletMap = map;
  }

  function initPicker(el, config) {
    el.hidden = false;
    var map = L.map(el, { scrollWheelZoom: false, maxZoom: config.maxZoom }).setView(config.center, config.zoom);
    addTiles(map, config);
    el.leafletMap = map;
    el.dispatchEvent(new CustomEvent("map:ready", { detail: { map: map, config: config } }));
  }

  // data-history: the filters live in the address bar, and links marked data-keep-query
  // (the list/map switch) carry them.
  function syncLinks(query) {
    document.querySelectorAll("a[data-keep-query]").forEach(function (link) {
      var url = new URL(link.href, window.location.href);
      link.href = url.pathname + query;
    });
  }

  function bindHistory(form, load) {
    var refresh = function () {
      var query = queryOf(form);
      history.pushState({ query: query }, "", window.location.pathname + query);
      syncLinks(query);
      load();
    };
    form.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
    form.addEventListener("change", refresh);
    var timer;
    form.addEventListener("input", function (event) {
      if (event.target.type !== "search") return;
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    window.addEventListener("popstate", function () {
      var params = new URLSearchParams(window.location.search);
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name) field.value = params.get(field.name) || "";
      });
      syncLinks(window.location.search);
      load();
    });
  }

  function bindFilters(form, load) {
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

  function initCollection(el, config) {
    var map = createMap(el, { maxZoom: config.maxZoom, scrollWheelZoom: el.dataset.scrollZoom !== "off" })
      .setView(config.center, config.zoom);
    addTiles(map, config);
    addLegend(el, el.dataset.legendText || gettext("chaque point est un projet ; un cercle chiffré regroupe les points proches."), el.dataset.marker === "pin");
    var colorProperty = el.dataset.colorProperty || "color";
    var popupUrl = el.dataset.popupUrl || "";
    var form = el.dataset.filterForm ? document.getElementById(el.dataset.filterForm) : null;
    // Chunked loading adds the markers over several frames: `whenDrawn` runs once the last
    // chunk is on the map and the frame showing it is painted (a task queued from
    // requestAnimationFrame runs after that frame's rendering); bench/bench_map_first_load.py
    // times the "markers-drawn" mark it sets.
    var whenDrawn = null;
    function drawn() {
      if (!whenDrawn) return;
      var done = whenDrawn;
      whenDrawn = null;
      requestAnimationFrame(function () { setTimeout(done, 0); });
    }
    // chunkProgress is called before the last chunk's clusters join the map; the timeout
    // runs after they have.
    var cluster = L.markerClusterGroup
      ? L.markerClusterGroup({
          chunkedLoading: true,
          // 200 ms of work, then a short break for the visitor's input (50 ms by default)
          chunkDelay: 10,
          showCoverageOnHover: false,
          maxClusterRadius: 50,
          chunkProgress: function (processed, total) { if (processed === total) setTimeout(drawn, 0); },
        })
      : L.featureGroup();
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

    // Popups are made when a marker is first clicked (or gets Enter), not for each of
    // 10,000 markers up front: the group hears its markers' events. Once bound, Leaflet's
    // own listeners open the popup on the next clicks.
    function bindPopup(marker) {
      var props = marker.feature.properties || {};
      var id = marker.feature.id !== undefined ? marker.feature.id : props.id;
      if (el.dataset.popup === "properties") {
        marker.bindPopup(function () { return propertiesPopup(props); });
        return true;
      }
      if (!popupUrl) return false;
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
      return true;
    }

    cluster.on("click keypress", function (event) {
      var marker = event.layer;
      if (!marker || !marker.feature || marker.getPopup()) return;
      if (event.type === "keypress" && event.originalEvent.keyCode !== 13) return;
      if (bindPopup(marker)) marker.openPopup();
    });

    var generation = 0;
    function load() {
      var mine = ++generation;
      setStatus(el, el.dataset.loadingLabel || "…");
      return fetch(el.dataset.geojsonUrl + queryOf(form), { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (mine !== generation) return; // a newer filter won
          mark("map-data-parsed");
          cluster.clearLayers();
          var markers = [];
          (data.features || []).forEach(function (feature) {
            if (!feature.geometry) return;
            var c = feature.geometry.coordinates;
            var props = feature.properties || {};
            var marker = makeMarker(el, [c[1], c[0]], props, props[colorProperty]);
            marker.feature = feature;
            markers.push(marker);
          });
          mark("markers-made");
          whenDrawn = function () {
            mark("markers-drawn");
            el.setAttribute("data-markers-drawn", String(markers.length));
            el.dispatchEvent(new CustomEvent("map:drawn", { detail: { count: markers.length } }));
          };
          // No "layeradd" event per marker: nothing listens to them.
          cluster.addLayers ? cluster.addLayers(markers, true) : markers.forEach(function (m) { cluster.addLayer(m); });
          if (!cluster.addLayers) drawn();
          el.dataset.count = String(markers.length);
          setStatus(el, countLabel(el, markers.length));
          if (el.dataset.fitBounds !== undefined && markers.length) {
            map.fitBounds(cluster.getBounds(), { padding: [20, 20], maxZoom: 14 });
          }
          el.dispatchEvent(new CustomEvent("map:loaded", { detail: { count: markers.length } }));
        });
    }

    if (form && el.dataset.history !== undefined) bindHistory(form, load);
    else if (form) bindFilters(form, load);
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
      else if (el.dataset.picker !== undefined) initPicker(el, config);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
