// The review editor: keyboard moves, active editing time, unsaved markers, TM "use",
// and where focus goes when htmx swaps the piece of page it was in.
(function () {
  "use strict";
  const IDLE_MS = 30000; // a pause longer than this is not editing time
  const active = new Map(); // segment id → active milliseconds not yet saved
  let clock = null; // {id, last}: the textarea being worked in and its last activity

  // The element that made an htmx request. Once it is swapped out, htmx fires
  // afterRequest again on an ancestor still in the page, as that event's `elt`.
  function requester(detail) {
    return (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
  }

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

  // A segment answered with the translator's own text (a clash, a refusal) is unsaved
  // even while the box still holds what the server sent back (draft.js marks it).
  function markDirty(area) {
    const segment = segmentOf(area);
    if (segment) {
      segment.classList.toggle("dirty", area.value !== area.defaultValue || area.dataset.unsaved === "1");
    }
  }

  // Ctrl+Enter moves on only once the save answered 200; any other answer (a clash, a
  // refusal, too long, no network) keeps the translator on that segment, beside the error.
  let advancing = null; // {id, xhr}: the Ctrl+Enter save awaiting its answer
  let held = null; // {xhr, segmentId, id, findingId}: focus inside a piece being swapped

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
      // A second Ctrl+Enter while the first save is on its way is dropped (hx-sync).
      if (!advancing || advancing.id !== area.dataset.segmentId) {
        advancing = { id: area.dataset.segmentId, xhr: null };
      }
      area.form.requestSubmit();
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

  document.addEventListener("htmx:beforeRequest", function (event) {
    const form = event.detail.elt;
    if (advancing && advancing.xhr === null && form instanceof HTMLFormElement && form.matches("form.save")) {
      const area = form.querySelector("textarea.target");
      if (area && area.dataset.segmentId === advancing.id) advancing.xhr = event.detail.xhr;
    }
  });

  // htmx fires afterRequest once the answer is swapped in (on the nearest element still
  // in the page), or without a swap on a network or server error: focus is settled here.
  document.addEventListener("htmx:afterRequest", function (event) {
    const form = requester(event.detail);
    const xhr = event.detail.xhr;
    if (form instanceof HTMLFormElement && form.matches("form.save")) {
      const id = form.querySelector("textarea.target").dataset.segmentId;
      if (xhr.status === 200) active.delete(id);
    }
    if (advancing && advancing.xhr === xhr) {
      const id = advancing.id;
      advancing = null;
      held = null;
      afterSave(id, xhr.status === 200);
    } else if (held && held.xhr === xhr) {
      const keep = held;
      held = null;
      restoreFocus(keep);
    }
  });

  function afterSave(id, saved) {
    const area = areaOf(id);
    if (!area) return;
    const here = document.activeElement;
    const wandered = here && here !== document.body && !segmentOf(area).contains(here);
    if (saved) {
      // Someone who moved on meanwhile (Alt+↓, a click) is left where they are.
      if (!wandered && !go(area, 1)) area.focus({ preventScroll: true });
      return;
    }
    area.focus({ preventScroll: true });
    const problem = segmentOf(area).querySelector("[role=alert]");
    (problem || area).scrollIntoView({ block: "nearest" });
  }

  // Whatever else is swapped with focus inside (a dismissed finding, a saved segment):
  // focus stays in that segment, never falls to <body>.
  document.addEventListener("htmx:beforeSwap", function (event) {
    const target = event.detail.target;
    const here = document.activeElement;
    if (!target || !here || here === document.body || !target.contains(here)) return;
    const segment = here.closest("[data-segment-id]");
    const finding = here.closest(".finding");
    held = {
      xhr: event.detail.xhr,
      segmentId: segment ? segment.dataset.segmentId : null,
      id: here.id || null,
      findingId: finding ? finding.id : null,
    };
  });

  function restoreFocus(keep) {
    const here = document.activeElement;
    if (here && here !== document.body) return;
    const place = keep.id && document.getElementById(keep.id);
    if (place && !(keep.findingId && place.closest(".finding.dismissed"))) {
      place.focus({ preventScroll: true });
      return;
    }
    const next = keep.findingId ? nextOpenNote(keep.segmentId, keep.findingId) : null;
    const area = keep.segmentId ? areaOf(keep.segmentId) : null;
    if (next) next.focus({ preventScroll: true });
    else if (area) area.focus({ preventScroll: true });
  }

  // After a dismissal: the next open finding's note in the same segment, else the first.
  function nextOpenNote(segmentId, findingId) {
    const list = document.getElementById("findings-" + segmentId);
    if (!list) return null;
    const findings = Array.from(list.querySelectorAll(".finding"));
    const at = findings.findIndex(function (f) { return f.id === findingId; });
    const order = findings.slice(at + 1).concat(findings.slice(0, Math.max(at, 0)));
    for (const finding of order) {
      const note = finding.querySelector("form.dismiss input[name=note]");
      if (note) return note;
    }
    return null;
  }

  // A findings list that refreshes itself must not wipe a dismissal note being typed.
  document.addEventListener("htmx:beforeRequest", function (event) {
    const list = event.detail.elt;
    if (list.matches && list.matches(".findings") && list.contains(document.activeElement)) {
      event.preventDefault();
    }
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
