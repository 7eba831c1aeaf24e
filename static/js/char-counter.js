// A character counter under every field that declares data-char-limit (see
// alliance.forms.limit_text). The visible count is tied to the field with
// aria-describedby, so it is read when the field takes the focus; a polite live
// region repeats it once the member pauses typing, rather than at each key.
(function () {
  "use strict";

  var PAUSE_MS = 1200;
  var numbers = new Intl.NumberFormat(document.documentElement.lang || "fr");

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_match, key) {
      return numbers.format(values[key]);
    });
  }

  function length(text) {
    // As the server counts: a line break is one character.
    return text.replace(/\r\n/g, "\n").length;
  }

  function attach(field) {
    if (field.dataset.charCounterReady) return;
    field.dataset.charCounterReady = "1";
    var limit = parseInt(field.dataset.charLimit, 10);
    var id = (field.id || field.name) + "-char-count";

    var counter = document.createElement("p");
    counter.className = "char-counter";
    counter.id = id;
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    counter.insertAdjacentElement("afterend", live);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", described ? described + " " + id : id);

    var timer = null;
    function update(announce) {
      var count = length(field.value);
      var over = count - limit;
      var text = fill(field.dataset.charFormat, { count: count, limit: limit });
      if (over > 0) text += " — " + fill(field.dataset.charOver, { over: over });
      counter.textContent = text;
      counter.classList.toggle("char-counter-over", over > 0);
      window.clearTimeout(timer);
      if (announce) {
        timer = window.setTimeout(function () {
          live.textContent = text;
        }, PAUSE_MS);
      }
    }
    field.addEventListener("input", function () {
      update(true);
    });
    update(false);
  }

  function attachAll(root) {
    root.querySelectorAll("[data-char-limit]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", function () {
    attachAll(document);
  });
  // Forms swapped in by HTMX get their counter too.
  document.addEventListener("htmx:load", function (event) {
    attachAll(event.target);
  });
})();
