// The dashboard's list refreshes itself (htmx polls #article-list). A refresh replaces the
// rows, so it waits while someone is choosing a language or typing a note in a row, and
// while the tab is in the background (nobody is looking; the next visible poll catches up).
(function () {
  "use strict";
  function busy(list) {
    const active = document.activeElement;
    return Boolean(active && list.contains(active) && active.matches("input, select, textarea"));
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    const list = event.detail.elt;
    if (!list || list.id !== "article-list") return;
    if (document.hidden || busy(list)) event.preventDefault();
  });
})();
