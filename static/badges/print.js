// Badge printing: "select all on this page", and a print run that downloads its PDF
// and then reloads the list so the badges show as printed. Without this script the
// form still works: the browser downloads the PDF and the list updates on the next visit.
(function () {
  "use strict";

  const selectAll = document.querySelector("[data-select-all]");
  if (selectAll) {
    selectAll.addEventListener("change", () => {
      document.querySelectorAll('input[name="badge_ids"][type="checkbox"]').forEach((box) => {
        box.checked = selectAll.checked;
      });
    });
  }

  function filenameOf(response) {
    const header = response.headers.get("Content-Disposition") || "";
    const match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : "badges.pdf";
  }

  function submitNatively(form, submitter) {
    // The server answers with its own page (an error message, or nothing to print).
    if (submitter && submitter.name) {
      const hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = submitter.name;
      hidden.value = submitter.value;
      form.appendChild(hidden);
    }
    form.submit();
  }

  document.querySelectorAll("form[data-print-run]").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      if (!window.fetch || !window.URL || !URL.createObjectURL) {
        return;
      }
      event.preventDefault();
      const submitter = event.submitter;
      const status = document.querySelector("[data-print-status]");
      const buttons = form.querySelectorAll("button");
      const data = new FormData(form);
      if (submitter && submitter.name) {
        data.set(submitter.name, submitter.value);
      }
      buttons.forEach((button) => { button.disabled = true; });
      if (status) {
        status.textContent = status.dataset.working || "…";
      }
      let response;
      try {
        response = await fetch(form.action, { method: "POST", body: data, credentials: "same-origin" });
      } catch (error) {
        buttons.forEach((button) => { button.disabled = false; });
        submitNatively(form, submitter);
        return;
      }
      const type = response.headers.get("Content-Type") || "";
      if (!response.ok || !type.startsWith("application/pdf")) {
        submitNatively(form, submitter);
        return;
      }
      const blob = await response.blob();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = filenameOf(response);
      document.body.appendChild(link);
      link.click();
      link.remove();
      if (status) {
        status.textContent = status.dataset.done || "";
      }
      window.setTimeout(() => { window.location.reload(); }, 800);
    });
  });
})();
