// Live preview of a release's Markdown text. The server renders and sanitises it
// (nh3), so what is shown here is exactly what readers will get; no inline script
// is needed (the CSP forbids it): the textarea carries the preview URL in data-*.
(function () {
  "use strict";
  const source = document.querySelector("textarea[data-preview-url]");
  if (!source) {
    return;
  }
  const target = document.getElementById(source.dataset.previewTarget);
  const tokenInput = source.form && source.form.querySelector('input[name$="csrf_token"]');
  let timer = null;
  let sequence = 0;

  async function refresh() {
    const mine = ++sequence;
    const body = new FormData();
    body.append("body", source.value);
    try {
      const response = await fetch(source.dataset.previewUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": tokenInput ? tokenInput.value : "", Accept: "application/json" },
      });
      if (!response.ok || mine !== sequence) {
        return;
      }
      const data = await response.json();
      target.innerHTML = data.html; // already sanitised by the server
      target.dataset.state = "ready";
    } catch (error) {
      target.dataset.state = "offline"; // keep the last preview while the network is down
    }
  }

  source.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  });
  refresh();
})();
