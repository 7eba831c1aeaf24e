// Site-wide behaviour. No inline script anywhere: the CSP forbids it.
document.documentElement.classList.remove("no-js");
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  const nav = document.getElementById("main-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Escape closes the innermost open thing: a disclosure (<details>) holding the focus or
  // the last opened, else the phone menu; the focus returns to its toggle.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.defaultPrevented) return;
    const active = document.activeElement;
    const details = (active && active.closest && active.closest("details[open]")) ||
      Array.from(document.querySelectorAll("details[open]")).pop();
    if (details) {
      details.open = false;
      const summary = details.querySelector(":scope > summary");
      if (summary) summary.focus();
      event.preventDefault();
      return;
    }
    if (toggle && nav && nav.classList.contains("open")) {
      nav.classList.remove("open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
      event.preventDefault();
    }
  });
});
// Disclosures marked data-open-wide (a map page's filters) start open on a wide screen;
// on a phone they stay folded so that the map comes first.
document.addEventListener("DOMContentLoaded", () => {
  if (!window.matchMedia("(min-width: 60rem)").matches) return;
  document.querySelectorAll("details[data-open-wide]").forEach((details) => { details.open = true; });
});
