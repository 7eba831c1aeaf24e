// Actor map: Leaflet with marker clusters. The data comes from the GeoJSON endpoint
// with the page's filters; changing a filter refreshes the markers and the URL.
(function () {
  "use strict";

  function init() {
    const element = document.getElementById("actor-map");
    const configNode = document.getElementById("actor-map-config");
    if (!element || !configNode || typeof L === "undefined") return;
    const config = JSON.parse(configNode.textContent);
    const status = document.getElementById("actor-map-status");
    const form = document.querySelector("[data-actor-filters]");

    const map = L.map(element, { scrollWheelZoom: false, maxZoom: 19 }).setView(config.center, config.zoom);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(map);
    }
    const clusters = L.markerClusterGroup({ showCoverageOnHover: false });
    map.addLayer(clusters);

    function popup(properties) {
      const wrapper = document.createElement("div");
      const link = document.createElement("a");
      link.href = properties.url;
      link.textContent = properties.name;
      const kind = document.createElement("p");
      kind.textContent = properties.kind;
      wrapper.append(link, kind);
      return wrapper;
    }

    function load(query) {
      const url = element.dataset.geojson + (query ? "?" + query : "");
      return fetch(url, { headers: { Accept: "application/geo+json" } })
        .then((response) => response.json())
        .then((data) => {
          clusters.clearLayers();
          const markers = data.features.map((feature) => {
            const [lng, lat] = feature.geometry.coordinates;
            const marker = L.marker([lat, lng], {
              title: feature.properties.name,
              alt: feature.properties.name,
            });
            marker.bindPopup(() => popup(feature.properties));
            return marker;
          });
          clusters.addLayers(markers);
          element.dataset.markers = String(markers.length);
          if (status) {
            status.textContent =
              markers.length === 1 ? "1 acteur sur la carte" : markers.length + " acteurs sur la carte";
          }
          if (markers.length) {
            map.fitBounds(clusters.getBounds(), { padding: [20, 20], maxZoom: 14 });
          }
        });
    }

    function formQuery() {
      const params = new URLSearchParams(new FormData(form));
      for (const [key, value] of Array.from(params.entries())) {
        if (!value) params.delete(key);
      }
      return params.toString();
    }

    function syncLinks(query) {
      document.querySelectorAll("a[data-keep-query]").forEach((link) => {
        const url = new URL(link.href, window.location.href);
        link.href = url.pathname + (query ? "?" + query : "");
      });
    }

    if (form) {
      let timer = null;
      const refresh = () => {
        const query = formQuery();
        history.pushState({ query }, "", window.location.pathname + (query ? "?" + query : ""));
        syncLinks(query);
        load(query);
      };
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        refresh();
      });
      form.addEventListener("change", refresh);
      form.addEventListener("input", (event) => {
        if (event.target.type !== "search") return;
        window.clearTimeout(timer);
        timer = window.setTimeout(refresh, 400);
      });
      window.addEventListener("popstate", () => {
        const params = new URLSearchParams(window.location.search);
        for (const field of form.elements) {
          if (field.name) field.value = params.get(field.name) || "";
        }
        syncLinks(params.toString());
        load(params.toString());
      });
    }
    load(window.location.search.replace(/^\?/, ""));
  }

  document.addEventListener("DOMContentLoaded", init);
})();
