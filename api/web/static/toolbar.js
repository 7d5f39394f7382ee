// The segment toolbar: status counts and progress, filters, next open finding (Alt+N),
// the best memory match inserted by key (Alt+M), find and replace (Alt+R), and the save
// form's `origin` field, which tells the history a text came from the memory.
// The editor's own keys (Ctrl+Enter, Alt+↓/↑) stay in editor.js.
(function () {
  "use strict";
  const UNEDITED = ["mt_draft", "tm", "no_mt"]; // a machine or memory draft nobody saved yet
  const DONE = ["edited", "approved"];
  let filter = "all";
  let lastId = null; // the segment last worked in: buttons take the focus away from it

  function segments() {
    return Array.from(document.querySelectorAll(".editor .segment[data-segment-id]"));
  }

  function segmentOf(element) {
    return element && element.closest ? element.closest(".segment[data-segment-id]") : null;
  }

  function areaOf(segment) {
    return segment.querySelector("textarea.target");
  }

  // A save swaps the segment's block, so it is found again by its id.
  function lastSegment() {
    return lastId === null ? null : document.getElementById("segment-" + lastId);
  }

  function status(text) {
    const line = document.getElementById("toolbar-status");
    if (line) line.textContent = text || "";
  }

  // Findings and comments are swapped in on their own (polling, dismissal, a new comment),
  // so they are counted from what the segment shows, not from attributes rendered before.
  function measure(segment) {
    segment.dataset.findings = String(segment.querySelectorAll(".finding:not(.dismissed)").length);
    segment.dataset.comments = String(segment.querySelectorAll(".comments li").length);
  }

  function matches(segment, which) {
    if (which === "unedited") return UNEDITED.includes(segment.dataset.state);
    if (which === "finding") return segment.dataset.findings !== "0";
    if (which === "commented") return segment.dataset.comments !== "0";
    return true;
  }

  function refresh() {
    const all = segments();
    const counts = { total: all.length, done: 0, unedited: 0, finding: 0, commented: 0 };
    all.forEach(function (segment) {
      measure(segment);
      if (DONE.includes(segment.dataset.state)) counts.done += 1;
      ["unedited", "finding", "commented"].forEach(function (which) {
        if (matches(segment, which)) counts[which] += 1;
      });
    });
    document.querySelectorAll("#toolbar [data-count]").forEach(function (out) {
      out.textContent = String(counts[out.dataset.count]);
    });
    const bar = document.getElementById("segment-progress");
    if (bar) { bar.max = counts.total; bar.value = counts.done; }
    applyFilter();
  }

  // The segment being worked in stays visible even when it stops matching (a fixed finding).
  function applyFilter() {
    const working = segmentOf(document.activeElement);
    segments().forEach(function (segment) {
      segment.classList.toggle("filtered-out", segment !== working && !matches(segment, filter));
    });
    document.querySelectorAll("#toolbar [data-filter]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.filter === filter));
    });
  }

  function focusSegment(segment) {
    const area = areaOf(segment);
    if (!area) return;
    area.focus({ preventScroll: true });
    segment.scrollIntoView({ block: "center" });
  }

  // After the segment last worked in, wrapping round to the first.
  function nextFinding() {
    const current = segmentOf(document.activeElement) || lastSegment();
    const open = segments().filter(function (segment) { return matches(segment, "finding"); });
    if (!open.length) {
      status(document.getElementById("toolbar-status").dataset.noFinding);
      return;
    }
    const after = open.find(function (segment) {
      return current && (current.compareDocumentPosition(segment) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    const target = after || open[0];
    if (target.classList.contains("filtered-out")) { filter = "all"; applyFilter(); }
    status("");
    focusSegment(target);
  }

  function setOrigin(area, origin) {
    const field = area.form && area.form.elements.origin;
    if (field) field.value = origin;
  }

  function useSuggestion(area, text) {
    area.value = text;
    // editor.js marks the segment unsaved on input; an untrusted event is not typing.
    area.dispatchEvent(new Event("input", { bubbles: true }));
    setOrigin(area, "tm");
    area.focus();
  }

  // The suggestions load when the segment gets focus; a key pressed before they arrive
  // fetches them itself.
  async function suggestionsOf(segment) {
    const box = document.getElementById("tm-" + segment.dataset.segmentId);
    if (!box) return null;
    if (!box.querySelector(".tm-title")) {
      const response = await fetch("/segments/" + segment.dataset.segmentId + "/suggestions", {
        headers: { "HX-Request": "true" }, credentials: "same-origin",
      });
      if (!response.ok) return null;
      box.innerHTML = await response.text();
    }
    return box;
  }

  async function insertBest() {
    const segment = segmentOf(document.activeElement) || lastSegment();
    if (!segment) return;
    const area = areaOf(segment);
    if (!area || area.readOnly) return;
    const box = await suggestionsOf(segment);
    const best = box && box.querySelector("[data-best-match]");
    if (!best) {
      status(document.getElementById("toolbar-status").dataset.noMatch);
      area.focus();
      return;
    }
    status("");
    useSuggestion(area, best.dataset.useSuggestion);
  }

  function openReplace() {
    const tool = document.getElementById("replace-tool");
    if (!tool) return;
    tool.open = true;
    const find = document.getElementById("replace-find");
    find.focus();
    find.select();
  }

  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const keys = { KeyN: nextFinding, KeyM: insertBest, KeyR: openReplace };
    const action = keys[event.code];
    if (!action || !document.getElementById("toolbar")) return;
    event.preventDefault();
    action();
  });

  document.addEventListener("focusin", function (event) {
    const segment = segmentOf(event.target);
    if (segment) lastId = segment.dataset.segmentId;
  });

  // Typing over an inserted match makes the text the translator's own again.
  document.addEventListener("input", function (event) {
    if (event.isTrusted && event.target.matches("textarea.target")) setOrigin(event.target, "human");
  });

  document.addEventListener("click", function (event) {
    const use = event.target.closest("[data-use-suggestion]");
    if (use) {
      const segment = document.getElementById("segment-" + use.dataset.segmentId);
      const area = segment && areaOf(segment);
      if (area && !area.readOnly) useSuggestion(area, use.dataset.useSuggestion);
      return;
    }
    const button = event.target.closest("#toolbar [data-filter]");
    if (button) { filter = button.dataset.filter; applyFilter(); return; }
    if (event.target.closest("#next-finding")) nextFinding();
  });

  let pending = false;
  function refreshSoon() {
    if (pending) return;
    pending = true;
    setTimeout(function () { pending = false; refresh(); }, 0);
  }
  document.addEventListener("htmx:afterSettle", refreshSoon);
  document.addEventListener("htmx:oobAfterSwap", refreshSoon);
  document.addEventListener("DOMContentLoaded", refresh);
})();
