// A text selection inside `[data-span-text]` → code-point offsets into the article body as shown,
// written into the form that `data-span-form` names (inputs marked data-span="start|end|text",
// a data-span="preview" element and a data-span="submit" button). The markup is the workspace's:
// `<span class="seg" data-o="…">` segments (offsets in code points; the browser counts UTF-16,
// hence cpLength), paragraphs `<p data-start data-end>` joined by "\n". `data-span-form="open"`
// means the form of the open `details.correct` (the reviewer's correction in progress).
// Also keeps the focus on an htmx-swapped control (same id) so keyboard users stay in place.
"use strict";

(() => {
  const cpLength = (s) => { let n = 0; for (const _ of s) n++; return n; };
  const segsOf = (container) => [...container.querySelectorAll(".seg[data-o]")];
  const segEnd = (seg) => Number(seg.dataset.o) + cpLength(seg.textContent);

  // One boundary point → code-point offset: inside a segment, or the start of the next one.
  function pointToOffset(container, node, offset) {
    const segs = segsOf(container);
    for (const seg of segs) {
      const range = document.createRange();
      range.selectNodeContents(seg);
      const where = range.comparePoint(node, offset);
      if (where < 0) return Number(seg.dataset.o);
      if (where === 0) {
        const before = document.createRange();
        before.setStart(seg, 0);
        before.setEnd(node, offset);
        return Number(seg.dataset.o) + cpLength(before.toString());
      }
    }
    return segs.length ? segEnd(segs[segs.length - 1]) : 0;
  }

  // The shown body between two offsets, from the segments (gaps between them are line ends).
  function textBetween(container, start, end) {
    let out = "";
    let at = start;
    for (const seg of segsOf(container)) {
      const o = Number(seg.dataset.o);
      const chars = Array.from(seg.textContent);
      const e = o + chars.length;
      if (e <= start) continue;
      if (o >= end) break;
      if (o > at) out += "\n".repeat(o - at);
      out += chars.slice(Math.max(0, start - o), Math.min(chars.length, end - o)).join("");
      at = Math.min(e, end);
    }
    return out;
  }

  function read(container) {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!container.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== container) return null;
    let start = pointToOffset(container, range.startContainer, range.startOffset);
    let end = pointToOffset(container, range.endContainer, range.endOffset);
    if (start > end) [start, end] = [end, start];
    let text = textBetween(container, start, end);
    // Trim surrounding white space, counting code points.
    const lead = text.length - text.replace(/^\s+/u, "").length;
    start += cpLength(text.slice(0, lead));
    text = text.slice(lead);
    const trail = text.length - text.replace(/\s+$/u, "").length;
    end -= cpLength(text.slice(text.length - trail));
    text = text.slice(0, text.length - trail);
    return start < end ? {start, end, text} : null;
  }

  function targetForm(container) {
    const name = container.dataset.spanForm;
    if (name === "open") {
      const scope = container.closest(".review-row");
      const open = (scope && scope.querySelector("details.correct[open] form")) || document.querySelector("details.correct[open] form");
      return open;
    }
    return document.getElementById(name);
  }

  function fill(form, found) {
    const set = (key, value) => { const el = form.querySelector(`[data-span="${key}"]`); if (el) el.value = value; };
    set("start", found.start);
    set("end", found.end);
    set("text", found.text);
    const preview = form.querySelector('[data-span="preview"]');
    if (preview) preview.textContent = `Selected: “${found.text.length > 90 ? found.text.slice(0, 90) + "…" : found.text}”`;
    const submit = form.querySelector('[data-span="submit"]');
    if (submit) submit.disabled = false;
    form.classList.add("has-span");
  }

  function onSelect(event) {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    const node = sel.getRangeAt(0).commonAncestorContainer;
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const container = el && el.closest("[data-span-text]");
    if (!container) return;
    const form = targetForm(container);
    const found = read(container);
    if (!form || !found) {
      if (!form && container.dataset.spanForm === "open" && event.type === "mouseup") {
        const hint = document.getElementById("span-hint");
        if (hint) hint.textContent = "Open “Correct label or span” on a tag first, then select the words.";
      }
      return;
    }
    fill(form, found);
  }
  document.addEventListener("mouseup", onSelect);
  document.addEventListener("keyup", (event) => { if (event.shiftKey) onSelect(event); });

  // Keyboard users keep their place after an htmx swap: focus the control with the same id,
  // or the swapped region's status line.
  let focusedId = null;
  document.addEventListener("htmx:beforeRequest", () => {
    const active = document.activeElement;
    focusedId = active && active.id ? active.id : null;
  });
  document.addEventListener("htmx:afterSettle", () => {
    if (!focusedId || (document.activeElement && document.activeElement !== document.body)) return;
    const again = document.getElementById(focusedId);
    const usable = again && !again.disabled ? again : document.querySelector('[role="status"][tabindex="-1"]');
    if (usable) usable.focus({preventScroll: true});
    focusedId = null;
  });

  window.newsdeskSpans = {read, pointToOffset, textBetween};
})();
