// Project form, progressive enhancement (without JavaScript: a <select multiple> and the
// latitude/longitude fields).
//  - select[data-combobox]: a searchable combobox with chips; the select stays in the form,
//    hidden, and carries the choice. Keyboard: type to filter, Up/Down, Enter adds,
//    Escape closes, Backspace in an empty box removes the last chip.
//  - #location-picker (map.js data-picker): click the map or drag the marker (arrow keys
//    move it when it has focus) to fill the latitude and longitude; without a point of its
//    own the marker stands at the first commune's town hall, the project's default place.
(function () {
  "use strict";
  var fmt = window.interpolate || function (s, a) { return s.replace("%s", a[0]); };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function combobox(select) {
    var id = select.id;
    var box = el("div", { class: "combobox" });
    var chips = el("ul", { class: "combobox-chips", "aria-label": gettext("Sélection") });
    var input = el("input", {
      type: "text", id: id + "-search", role: "combobox", autocomplete: "off",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": id + "-listbox",
    });
    if (select.getAttribute("aria-describedby")) input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
    var list = el("ul", { id: id + "-listbox", role: "listbox", class: "combobox-listbox", "aria-multiselectable": "true" });
    var status = el("p", { class: "visually-hidden", role: "status" });
    list.hidden = true;
    var label = document.querySelector('label[for="' + id + '"]');
    if (label) { label.htmlFor = input.id; label.id = label.id || id + "-label"; list.setAttribute("aria-labelledby", label.id); }
    box.append(chips, input, list, status);
    select.hidden = true;
    select.after(box);
    var active = -1;
    var shown = [];

    function renderChips() {
      chips.replaceChildren();
      Array.prototype.forEach.call(select.selectedOptions, function (option) {
        var chip = el("li", { class: "chip" }, option.text + " ");
        var remove = el("button", { type: "button", class: "chip-remove", "aria-label": fmt(gettext("Retirer %s"), [option.text]) }, "×");
        remove.addEventListener("click", function () {
          option.selected = false;
          renderChips();
          status.textContent = fmt(gettext("%s retiré de la sélection"), [option.text]);
          input.focus();
        });
        chip.append(remove);
        chips.append(chip);
      });
    }

    function setActive(index) {
      shown.forEach(function (item, i) { item.classList.toggle("is-active", i === index); });
      active = index;
      if (index >= 0 && shown[index]) {
        input.setAttribute("aria-activedescendant", shown[index].id);
        shown[index].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }

    function open() {
      var query = fold(input.value.trim());
      list.replaceChildren();
      shown = [];
      Array.prototype.forEach.call(select.options, function (option, i) {
        if (!option.value || (query && fold(option.text).indexOf(query) === -1)) return;
        var item = el("li", { id: id + "-option-" + i, role: "option", "aria-selected": String(option.selected) }, option.text);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(option); });
        list.append(item);
        shown.push(item);
        item.option = option;
      });
      if (!shown.length) list.append(el("li", { class: "combobox-empty" }, gettext("Aucun résultat")));
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      setActive(shown.length ? 0 : -1);
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function choose(option) {
      option.selected = !option.selected;
      renderChips();
      status.textContent = fmt(option.selected ? gettext("%s ajouté à la sélection") : gettext("%s retiré de la sélection"), [option.text]);
      select.dispatchEvent(new Event("change", { bubbles: true }));
      input.value = "";
      close();
    }

    input.addEventListener("input", open);
    input.addEventListener("focus", function () { if (input.value) open(); });
    input.addEventListener("blur", close);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) open(); else setActive(Math.min(active + 1, shown.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        setActive(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(shown[active].option);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      } else if (event.key === "Backspace" && !input.value && select.selectedOptions.length) {
        var last = select.selectedOptions[select.selectedOptions.length - 1];
        choose(last);
      }
    });
    renderChips();
  }

  function picker(mapEl) {
    var map = mapEl.leafletMap;
    var lat = document.querySelector("[data-map-lat]");
    var lng = document.querySelector("[data-map-lng]");
    var communes = document.getElementById("id_communes");
    var hallsNode = document.getElementById("town-halls");
    var halls = hallsNode ? JSON.parse(hallsNode.textContent) : {};
    var status = document.getElementById("location-picker-status");
    if (!map || !lat || !lng) return;
    var marker = null;

    function say(text) { if (status) status.textContent = text; }

    function place(point, own) {
      if (!marker) {
        marker = L.marker(point, { draggable: true, keyboard: true, title: gettext("Repère du projet"), alt: gettext("Repère du projet") }).addTo(map);
        marker.on("dragend", function () { fill(marker.getLatLng()); });
        var icon = marker.getElement();
        if (icon) icon.addEventListener("keydown", nudge);
      } else marker.setLatLng(point);
      map.setView(point, Math.max(map.getZoom(), 13));
      if (!own) say(gettext("Le repère est à la mairie de la commune : déplacez-le pour préciser."));
    }

    function fill(point) {
      lat.value = point.lat.toFixed(6);
      lng.value = point.lng.toFixed(6);
      say(fmt(gettext("Position choisie : %s, %s"), [lat.value, lng.value]));
    }

    function nudge(event) {
      var steps = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      var step = steps[event.key];
      if (!step) return;
      event.preventDefault();
      event.stopPropagation(); // the map would pan instead
      var point = marker.getLatLng();
      var next = L.latLng(point.lat + step[0] * 0.001, point.lng + step[1] * 0.001);
      marker.setLatLng(next);
      fill(next);
    }

    function fromFields() {
      var a = parseFloat(lat.value), b = parseFloat(lng.value);
      if (!isNaN(a) && !isNaN(b)) { place([a, b], true); return true; }
      return false;
    }

    function fromCommune() {
      if (lat.value || lng.value || !communes) return;
      var first = Array.prototype.find.call(communes.selectedOptions, function (o) { return halls[o.value]; });
      if (first) place(halls[first.value], false);
    }

    map.on("click", function (event) { place(event.latlng, true); fill(event.latlng); });
    lat.addEventListener("change", fromFields);
    lng.addEventListener("change", fromFields);
    if (communes) communes.addEventListener("change", fromCommune);
    if (!fromFields()) fromCommune();
  }

  function init() {
    document.querySelectorAll("select[data-combobox][multiple]").forEach(combobox);
    var mapEl = document.getElementById("location-picker");
    if (!mapEl) return;
    if (mapEl.leafletMap) picker(mapEl);
    else mapEl.addEventListener("map:ready", function () { picker(mapEl); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
