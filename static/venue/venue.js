// Venue pages: "tick all" on the task list (no inline scripts: the CSP forbids them).
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.id !== "pick-all") {
    return;
  }
  document.querySelectorAll('input[name="task_ids"]:not([disabled])').forEach((item) => {
    item.checked = box.checked;
  });
});
