// The print button of the QR sheet (no inline script: the content security policy forbids it).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
