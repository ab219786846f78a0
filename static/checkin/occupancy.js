// The occupancy page refreshes its panel every few seconds (server-rendered HTML).
const panel = document.getElementById("occupancy-panel");
if (panel) {
  const every = Number(panel.dataset.refreshSeconds || "5") * 1000;
  const url = panel.dataset.url;
  setInterval(async () => {
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (response.ok && !response.redirected) panel.innerHTML = await response.text();
    } catch (error) {
      // Keep the last figures; the next refresh tries again.
    }
  }, every);
}
