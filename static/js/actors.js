// Actor directory: keeps the filter form in step with the URL when htmx restores
// a page from history (back/forward), and the list/map toggle links with the filters.
(function () {
  "use strict";

  function syncForm() {
    const form = document.querySelector("[data-actor-filters]");
    if (!form) return;
    const params = new URLSearchParams(window.location.search);
    for (const element of form.elements) {
      if (!element.name) continue;
      element.value = params.get(element.name) || "";
    }
  }

  function syncToggle() {
    const query = new URLSearchParams(window.location.search);
    query.delete("page");
    const suffix = query.toString() ? "?" + query.toString() : "";
    document.querySelectorAll(".view-toggle a[data-keep-query], a[data-keep-query]").forEach((link) => {
      const url = new URL(link.href, window.location.href);
      link.href = url.pathname + suffix;
    });
  }

  document.addEventListener("htmx:historyRestore", () => {
    syncForm();
    syncToggle();
  });
  document.addEventListener("htmx:pushedIntoHistory", syncToggle);
  // The rows are swapped whole; a separate live region tells screen readers the count.
  document.addEventListener("htmx:afterSwap", () => {
    const live = document.getElementById("actor-live");
    const title = document.getElementById("actor-results-title");
    if (live && title) live.textContent = title.textContent.trim();
  });
  window.addEventListener("popstate", () => window.setTimeout(syncForm, 0));
})();
