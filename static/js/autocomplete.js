// Suggestions for long filter lists (organisations): a text input marked
// data-autocomplete="<json url>" gets a <datalist> filled from that endpoint as one types.
// Without JavaScript the input still takes a slug or an exact name in the URL.
(function () {
  "use strict";

  function enhance(input) {
    if (input.dataset.autocompleteReady) return;
    input.dataset.autocompleteReady = "1";
    const list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    let timer = null;
    let controller = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      const text = input.value.trim();
      if (text.length < 2) return;
      timer = setTimeout(() => {
        if (controller) controller.abort();
        controller = new AbortController();
        const url = new URL(input.dataset.autocomplete, window.location.href);
        url.searchParams.set("q", text);
        fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
          .then((response) => (response.ok ? response.json() : { results: [] }))
          .then((data) => {
            list.replaceChildren(
              ...data.results.map((row) => {
                const option = document.createElement("option");
                option.value = row.slug;
                option.label = row.name;
                return option;
              }),
            );
          })
          .catch(() => {});
      }, 200);
    });
  }

  function enhanceAll(root) {
    root.querySelectorAll("input[data-autocomplete]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", () => enhanceAll(document));
  document.addEventListener("htmx:afterSettle", (event) => enhanceAll(event.target));
})();
