// Desk pages: ask before a form marked data-confirm does something that cannot be undone.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const question = form instanceof HTMLFormElement ? form.dataset.confirm : null;
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
