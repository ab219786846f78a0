// Accreditation desk: "select all" in the queue, upload progress and busy indicators for the import.
// No inline script anywhere (the CSP forbids it); pages opt in with data-* attributes.
(function () {
  "use strict";

  // Queue: a header checkbox ticks every row checkbox with the name it names.
  document.querySelectorAll("[data-select-all]").forEach((master) => {
    master.addEventListener("change", () => {
      const name = master.dataset.selectAll;
      document.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((box) => {
        box.checked = master.checked;
      });
    });
  });

  // Long steps (checking rows, importing): show an indeterminate progress bar and stop double clicks.
  document.querySelectorAll("form[data-busy]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return;
      const progress = form.querySelector("[data-progress]");
      if (progress) progress.classList.remove("d-none");
      form.querySelectorAll("button[type=submit]").forEach((button) => {
        window.setTimeout(() => { button.disabled = true; }, 0);
      });
    });
  });

  // Upload: send with XMLHttpRequest so a large sheet or photo ZIP shows its progress.
  function bindUpload(form) {
    form.addEventListener("submit", (event) => {
      if (!window.FormData || !window.XMLHttpRequest) return; // plain submit still works
      event.preventDefault();
      const box = form.querySelector("[data-progress]");
      const bar = box.querySelector("progress");
      const label = box.querySelector("[data-progress-label]");
      const button = form.querySelector("button[type=submit]");
      box.classList.remove("d-none");
      button.disabled = true;
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.upload.addEventListener("progress", (e) => {
        if (e.lengthComputable) {
          const percent = Math.round((e.loaded / e.total) * 100);
          bar.value = percent;
          bar.setAttribute("aria-valuenow", String(percent));
          label.textContent = `${label.textContent.replace(/\s*\d+\s*%$/, "")} ${percent} %`;
        }
      });
      xhr.upload.addEventListener("load", () => {
        bar.removeAttribute("value"); // indeterminate while the server checks the list
        label.textContent = bar.dataset.processing;
      });
      xhr.addEventListener("load", () => {
        const redirected = xhr.responseURL && xhr.responseURL !== window.location.href;
        if (xhr.status < 400 && redirected) {
          window.location.assign(xhr.responseURL);
          return;
        }
        // Errors: show the page the server rendered (same form, with its messages).
        const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        const main = doc.querySelector("main");
        if (main) {
          document.querySelector("main").replaceWith(main);
          const again = document.querySelector("form[data-upload-progress]");
          if (again) bindUpload(again);
        } else {
          window.location.reload();
        }
      });
      xhr.addEventListener("error", () => {
        button.disabled = false;
        box.classList.add("d-none");
      });
      xhr.send(new FormData(form));
    });
  }
  document.querySelectorAll("form[data-upload-progress]").forEach(bindUpload);
})();
