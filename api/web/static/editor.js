// The review editor: keyboard moves, active editing time, unsaved markers, TM "use".
(function () {
  "use strict";
  const IDLE_MS = 30000; // a pause longer than this is not editing time
  const active = new Map(); // segment id → active milliseconds not yet saved
  let clock = null; // {id, last}: the textarea being worked in and its last activity

  function areas() {
    return Array.from(document.querySelectorAll("textarea.target"));
  }

  function areaOf(segmentId) {
    return document.getElementById("target-" + segmentId);
  }

  function segmentOf(area) {
    return area.closest("[data-segment-id].segment");
  }

  // Time counts between moments of activity (focus, keys) unless the gap was idle.
  function tick(area) {
    const id = area.dataset.segmentId;
    const now = performance.now();
    if (clock && clock.id === id) {
      const gap = now - clock.last;
      if (gap <= IDLE_MS) active.set(id, (active.get(id) || 0) + gap);
    }
    clock = { id: id, last: now };
  }

  function go(area, step, options) {
    const list = areas();
    const next = list[list.indexOf(area) + step];
    if (!next) return false;
    next.focus({ preventScroll: true });
    next.scrollIntoView({ block: "center", behavior: options && options.instant ? "auto" : "smooth" });
    return true;
  }

  function markDirty(area) {
    const segment = segmentOf(area);
    if (segment) segment.classList.toggle("dirty", area.value !== area.defaultValue);
  }

  let refocus = null; // a saved segment with no next one gets its focus back

  document.addEventListener("focusin", function (event) {
    if (event.target.matches("textarea.target")) clock = { id: event.target.dataset.segmentId, last: performance.now() };
  });
  document.addEventListener("focusout", function (event) {
    if (event.target.matches("textarea.target")) { tick(event.target); clock = null; }
  });
  document.addEventListener("input", function (event) {
    if (event.target.matches("textarea.target")) { tick(event.target); markDirty(event.target); }
  });

  document.addEventListener("keydown", function (event) {
    const area = event.target;
    if (!(area instanceof HTMLTextAreaElement) || !area.matches("textarea.target")) return;
    tick(area);
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      if (area.readOnly || !area.form) return;
      area.form.requestSubmit();
      if (!go(area, 1)) refocus = area.dataset.segmentId;
    } else if (event.altKey && event.key === "ArrowDown") {
      event.preventDefault();
      go(area, 1);
    } else if (event.altKey && event.key === "ArrowUp") {
      event.preventDefault();
      go(area, -1);
    }
  });

  // The measured time travels with the save; it is forgotten once the save succeeded.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    const area = form.querySelector("textarea.target");
    if (!area || !form.elements.active_ms) return;
    if (document.activeElement === area) tick(area);
    form.elements.active_ms.value = String(Math.round(active.get(area.dataset.segmentId) || 0));
  }, true);

  document.addEventListener("htmx:afterRequest", function (event) {
    const form = event.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.matches("form.save")) return;
    const id = form.querySelector("textarea.target").dataset.segmentId;
    if (event.detail.xhr.status === 200) active.delete(id);
  });

  // A findings list that refreshes itself must not wipe a dismissal note being typed.
  document.addEventListener("htmx:beforeRequest", function (event) {
    const list = event.detail.elt;
    if (list.matches && list.matches(".findings") && list.contains(document.activeElement)) {
      event.preventDefault();
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (refocus === null) return;
    const area = areaOf(refocus);
    refocus = null;
    if (area && document.activeElement === document.body) area.focus();
  });

  document.addEventListener("click", function (event) {
    const use = event.target.closest("[data-use-suggestion]");
    if (use) {
      const area = areaOf(use.dataset.segmentId);
      if (area && !area.readOnly) {
        area.value = use.dataset.useSuggestion;
        markDirty(area);
        area.focus();
      }
      return;
    }
    const link = event.target.closest("[data-focus-segment]");
    if (link) {
      const area = areaOf(link.dataset.focusSegment);
      if (area) {
        event.preventDefault();
        area.focus({ preventScroll: true });
        area.scrollIntoView({ block: "center" });
      }
      return;
    }
    if (event.target.closest(".close-decision")) {
      const result = document.getElementById("decision-result");
      if (result) result.replaceChildren();
    }
  });

  // Start where the work is: the segment named in the address, else the first one.
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector(".editor.is-editable")) return;
    const named = /^#segment-(\d+)$/.exec(location.hash);
    const area = named ? areaOf(named[1]) : areas()[0];
    if (area) {
      area.focus({ preventScroll: !named });
      if (named) area.scrollIntoView({ block: "center" });
    }
  });
})();
