// Unsaved text is not lost by leaving the page: a prompt before leaving with unsaved
// segments, and a copy of each unsaved segment in this browser (localStorage), keyed by
// article, segment and the saved version it was typed over. Coming back restores it
// when that version is still the saved one; over a newer version it is offered, never
// poured over someone else's text.
(function () {
  "use strict";
  const PREFIX = "warta:draft:";

  // The element that made an htmx request. Once it is swapped out, htmx fires
  // afterRequest again on an ancestor still in the page, as that event's `elt`.
  function requester(detail) {
    return (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
  }

  function store() {
    try {
      return window.localStorage; // a private window may refuse it: no drafts then
    } catch (_) {
      return null;
    }
  }

  function articleId() {
    const editor = document.querySelector(".editor[data-article-id]");
    return editor ? editor.dataset.articleId : null;
  }

  function areas() {
    return Array.from(document.querySelectorAll("textarea.target"));
  }

  function stem(segmentId) {
    return PREFIX + articleId() + ":" + segmentId + ":";
  }

  function savedVersion(area) {
    const form = area.form;
    return form && form.elements.version ? form.elements.version.value : null;
  }

  // Drafts of one segment: [{key, version, text}].
  function draftsOf(segmentId) {
    const storage = store();
    if (!storage || !articleId()) return [];
    const start = stem(segmentId);
    const found = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (!key || !key.startsWith(start)) continue;
      try {
        const value = JSON.parse(storage.getItem(key));
        found.push({ key: key, version: Number(key.slice(start.length)), text: String(value.text) });
      } catch (_) {
        found.push({ key: key, version: NaN, text: "" });
      }
    }
    return found;
  }

  function forget(segmentId, exceptKey) {
    const storage = store();
    if (!storage) return;
    draftsOf(segmentId).forEach(function (draft) {
      if (draft.key !== exceptKey) storage.removeItem(draft.key);
    });
  }

  // Unsaved: the box differs from what the server sent, or the server sent back the
  // translator's own text after refusing it (a clash: the segment came marked dirty).
  function unsaved(area) {
    return !area.readOnly && (area.value !== area.defaultValue || area.dataset.unsaved === "1");
  }

  function keep(area) {
    const storage = store();
    const version = savedVersion(area);
    if (!storage || !version || !articleId() || area.readOnly) return;
    const id = area.dataset.segmentId;
    if (!unsaved(area)) {
      forget(id);
      return;
    }
    const key = stem(id) + version;
    try {
      storage.setItem(key, JSON.stringify({ text: area.value, at: Date.now() }));
    } catch (_) {
      return; // storage full: the prompt before leaving still guards the text
    }
    forget(id, key);
  }

  function changed(area) {
    area.dispatchEvent(new Event("input", { bubbles: true })); // editor.js marks it
  }

  function notice(templateId, area) {
    const template = document.getElementById(templateId);
    const form = area.form;
    if (!template || !form) return null;
    const node = template.content.firstElementChild.cloneNode(true);
    form.parentNode.insertBefore(node, form);
    return node;
  }

  function restore(area) {
    if (area.readOnly) return; // someone else's claim: the draft waits for a later visit
    const id = area.dataset.segmentId;
    const current = Number(savedVersion(area));
    draftsOf(id).forEach(function (draft) {
      if (!(draft.version <= current) || draft.text === area.value) {
        store().removeItem(draft.key); // nothing to bring back, or not ours to judge
      } else if (draft.version === current) {
        area.value = draft.text;
        changed(area);
        const shown = notice("draft-restored", area);
        if (shown) shown.querySelector(".draft-discard").addEventListener("click", function () {
          area.value = area.defaultValue;
          changed(area);
          forget(id);
          shown.remove();
          area.focus();
        });
      } else {
        offer(area, draft);
      }
    });
  }

  // A draft typed over an older version: shown beside the newer saved text.
  function offer(area, draft) {
    const shown = notice("draft-conflict", area);
    if (!shown) return;
    shown.querySelector(".draft-text").textContent = draft.text;
    shown.querySelector(".draft-use").addEventListener("click", function () {
      area.value = draft.text;
      store().removeItem(draft.key);
      changed(area); // kept again, now over the version it will be saved on
      shown.remove();
      area.focus();
    });
    shown.querySelector(".draft-discard").addEventListener("click", function () {
      store().removeItem(draft.key);
      shown.remove();
      area.focus();
    });
  }

  // A segment the server answered with the translator's own text is marked unsaved.
  function markAnswered(root) {
    const scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll(".segment.dirty textarea.target").forEach(function (area) {
      area.dataset.unsaved = "1";
      keep(area);
    });
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea.target")) keep(event.target);
  });

  document.addEventListener("htmx:load", function (event) {
    markAnswered(event.detail.elt);
  });

  // A saved segment's drafts are done with.
  document.addEventListener("htmx:afterRequest", function (event) {
    const form = requester(event.detail);
    if (!(form instanceof HTMLFormElement) || !form.matches("form.save")) return;
    if (event.detail.xhr.status !== 200) return;
    const area = form.querySelector("textarea.target");
    if (area) forget(area.dataset.segmentId);
  });

  window.addEventListener("beforeunload", function (event) {
    if (!areas().some(unsaved)) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers ask only when this is set
  });

  document.addEventListener("DOMContentLoaded", function () {
    if (!articleId()) return;
    markAnswered(document);
    areas().forEach(restore);
  });
})();
