// Shared page behaviour: show why an htmx request failed instead of failing silently.
(function () {
  "use strict";
  function showError(text) {
    const toast = document.getElementById("error-toast");
    if (!toast) return;
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toast._timer);
    toast._timer = setTimeout(function () { toast.hidden = true; }, 8000);
  }
  document.addEventListener("htmx:responseError", function (event) {
    const xhr = event.detail.xhr;
    let text = xhr.status + " " + xhr.statusText;
    try {
      const body = JSON.parse(xhr.responseText);
      if (body && typeof body.detail === "string") text = body.detail;
      else if (body && body.message) text = body.message;
    } catch (_) { /* not JSON: keep the status line */ }
    showError(text);
  });
  document.addEventListener("htmx:sendError", function () {
    const toast = document.getElementById("error-toast");
    showError(toast ? toast.dataset.offline : "Offline");
  });
})();
