// Idea page: "copy the link" and the device's share sheet, shown only where they work.
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector(".js-share-status");
  const say = (text) => { if (status) status.textContent = text; };

  document.querySelectorAll(".js-copy-link").forEach((button) => {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(button.dataset.url);
        say(gettext("Lien copié."));
      } catch (error) {
        const input = document.getElementById("share-url");
        if (input) { input.select(); }
        say(gettext("Copie impossible : sélectionnez le lien ci-dessus."));
      }
    });
  });

  document.querySelectorAll(".js-share").forEach((button) => {
    if (!navigator.share) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.share({ title: button.dataset.title, url: button.dataset.url });
      } catch (error) {
        // The person closed the share sheet: nothing to do.
      }
    });
  });
});
