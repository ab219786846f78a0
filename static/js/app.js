// Shared behaviour for every page (no inline scripts: the CSP forbids them).
// A button with data-confirm asks first. With data-confirm-count="<field name>" the message
// says how many boxes of that name are ticked ({n}); none ticked shows data-confirm-none.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  let message = button && button.dataset.confirm;
  if (message && button.dataset.confirmCount) {
    const ticked = event.target.querySelectorAll(`input[name="${button.dataset.confirmCount}"]:checked`).length;
    if (ticked === 0) {
      window.alert(button.dataset.confirmNone);
      event.preventDefault();
      return;
    }
    message = message.replace("{n}", String(ticked));
  }
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// A button with data-copy="<input id>" copies that field's text and says so (aria-live).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  const status = document.querySelector("[data-copy-status]");
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    field.select(); // no clipboard access (an old browser, no HTTPS): selected for Ctrl+C
    return;
  }
  if (status) status.textContent = `✓ ${button.dataset.copied}`;
});
