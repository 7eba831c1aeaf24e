// A small map with one marker for a meeting's place. Data come from json_script tags.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("meeting-map");
  const dataTag = document.getElementById("meeting-map-data");
  if (!element || !dataTag || typeof L === "undefined") return;
  const data = JSON.parse(dataTag.textContent);
  const tilesTag = document.getElementById("meeting-map-tiles");
  const tiles = tilesTag ? JSON.parse(tilesTag.textContent) : null;
  const map = L.map(element, { scrollWheelZoom: false }).setView([data.lat, data.lng], 14);
  if (tiles && tiles.url) {
    L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 }).addTo(map);
  }
  L.marker([data.lat, data.lng], { keyboard: false }).addTo(map).bindPopup(data.label);
});
