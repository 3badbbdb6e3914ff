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

  // Pages show only the parts they have (the invitations page has no download or notice).
  function setText(role, text) {
    var el = part(role);
    if (el) { el.textContent = text; }
  }

  function update(data) {
    if ((data.status === "done" || data.status === "failed") && job.hasAttribute("data-reload")) {
      window.location.reload();  // an import job: the finished page shows its result
      return true;
    }
    job.setAttribute("data-status", data.status);
    setText("status", data.status_label);
    setText("count", data.done + " / " + data.total);
    bar.max = data.total;
    bar.value = data.done;
    bar.textContent = data.percent + "%";
    if (data.status === "done" && part("download")) {
      part("download").href = data.download_url;
      show("done", true);
    }
    setText("error", data.status === "failed" ? data.error : "");
    show("error", data.status === "failed");
    // Failed (polling stops) or stuck (nobody works on it; polling slows down): say so, offer «Generate again».
    show("stuck", Boolean(data.stuck));
    show("failed", data.status === "failed" || Boolean(data.stuck));
    setText("notice", data.notice || "");
    show("notice", Boolean(data.notice) && data.status !== "done" && data.status !== "failed");
    show("waiting", (data.status === "queued" || data.status === "running") && !data.stuck);
    var finished = data.status === "done" || data.status === "failed";
    // A job whose result is a summary on its own page (bulk invitations) reloads that page when it ends.
    if (finished && job.hasAttribute("data-reload-when-finished")) { window.location.reload(); }
    return finished;
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (update(data)) { return; }
        window.setTimeout(poll, data.stuck ? 10000 : delay);
        delay = Math.min(delay * 1.3, 4000);
      })
      .catch(function () { window.setTimeout(poll, 4000); });  // the server blinked: keep asking, slowly
  }

  var status = job.getAttribute("data-status");
  if (status === "queued" || status === "running") { poll(); }
})();
