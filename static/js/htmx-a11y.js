// After an HTMX swap, keep keyboard focus where the person was and tell screen readers what
// changed. One mechanism for every fragment: the control's id (or a [data-focus] element, or the
// swapped region itself) takes the focus back, and the region's data-announce text — or an
// HX-Trigger {"announce": "..."} sent by the server — is copied into the polite live region of
// base.html.
(function () {
  "use strict";
  let focusId = null;
  let targetId = null;
  let focusInside = false;

  function liveRegion() {
    return document.getElementById("live-region");
  }

  function announce(text) {
    const region = liveRegion();
    if (!region || !text) return;
    // Emptied first so the same sentence twice in a row is read twice.
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function usable(el) {
    return el && el.isConnected && !el.disabled && el.getClientRects().length > 0;
  }

  function focusLost() {
    const active = document.activeElement;
    return !active || active === document.body || !active.isConnected;
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    const active = document.activeElement;
    focusId = active && active.id ? active.id : null;
    const target = event.detail.target;
    targetId = target && target.id ? target.id : null;
    // Only a swap that removes the focused element moves focus: a poll never steals it.
    focusInside = Boolean(target && active && active !== document.body && target.contains(active));
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    const region = (targetId && document.getElementById(targetId)) || event.detail.target;
    if (!region || !region.isConnected) return;
    if (focusInside && focusLost()) {
      let next = focusId && document.getElementById(focusId);
      if (!usable(next)) next = region.querySelector("[data-focus]");
      if (!usable(next)) {
        next = region;
        if (!next.hasAttribute("tabindex")) next.setAttribute("tabindex", "-1");
      }
      next.focus();
    }
    const source = region.matches("[data-announce]") ? region : region.querySelector("[data-announce]");
    if (source) announce(source.getAttribute("data-announce"));
  });

  // A view may announce through the HX-Trigger header: {"announce": "Commentaire publié"}.
  document.addEventListener("announce", function (event) {
    const detail = event.detail || {};
    announce(typeof detail === "string" ? detail : detail.value);
  });
})();
