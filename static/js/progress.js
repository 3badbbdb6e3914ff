// Polls a document job's status endpoint and updates the progress bar, the download link and the error
// without reloading the page (reports:document_status). No inline script: CSP allows only our own files.
(function () {
  "use strict";
  var job = document.getElementById("document-job");
  if (!job) { return; }
  var url = job.getAttribute("data-status-url");
  var part = function (role) { return job.querySelector('[data-role="' + role + '"]'); };
  var bar = job.querySelector("progress");
  var delay = 800;

  function show(role, visible) {
    var el = part(role);
    if (el) { el.classList.toggle("d-none", !visible); }
  }

  function update(data) {
    if ((data.status === "done" || data.status === "failed") && job.hasAttribute("data-reload")) {
      window.location.reload();  // an import job: the finished page shows its result
      return true;
    }
    job.setAttribute("data-status", data.status);
    part("status").textContent = data.status_label;
    part("count").textContent = data.done + " / " + data.total;
    bar.max = data.total;
    bar.value = data.done;
    bar.textContent = data.percent + "%";
    if (data.status === "done") {
      part("download").href = data.download_url;
      show("done", true);
    }
    if (data.status === "failed") {
      part("error").textContent = data.error;
      show("failed", true);
    }
    show("waiting", data.status === "queued" || data.status === "running");
    return data.status === "done" || data.status === "failed";
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!update(data)) { window.setTimeout(poll, delay); delay = Math.min(delay * 1.3, 4000); }
      })
      .catch(function () { window.setTimeout(poll, 4000); });
  }

  var status = job.getAttribute("data-status");
  if (status === "queued" || status === "running") { poll(); }
})();
