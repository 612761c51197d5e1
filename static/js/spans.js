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
    form.querySelectorAll("[data-nudge]").forEach((b) => { b.disabled = false; });
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

  // By keyboard: start from a span (a tag's own, or a group's via data-span-use), then move its
  // boundaries a word at a time with the form's [data-nudge] buttons.
  function sourceFor(form) {
    const row = form.closest(".review-row");
    if (row) return row.querySelector("[data-span-text]");
    return document.querySelector(`[data-span-form="${CSS.escape(form.id)}"]`);
  }

  function currentSpan(form) {
    const get = (key) => { const el = form.querySelector(`[data-span="${key}"]`); return el && el.value !== "" ? Number(el.value) : null; };
    const start = get("start") ?? (form.dataset.start !== undefined ? Number(form.dataset.start) : null);
    const end = get("end") ?? (form.dataset.end !== undefined ? Number(form.dataset.end) : null);
    return start === null || end === null ? null : [start, end];
  }

  // Word starts and ends (code points) of the container's text, from its segments.
  function wordEdges(container) {
    const starts = [];
    const ends = [];
    let previous = " ";
    let at = null;
    for (const seg of segsOf(container)) {
      const o = Number(seg.dataset.o);
      if (at !== null && o > at) { if (!/\s/u.test(previous)) ends.push(at); previous = "\n"; }
      let i = o;
      for (const ch of seg.textContent) {
        const space = /\s/u.test(ch);
        if (!space && /\s/u.test(previous)) starts.push(i);
        if (space && !/\s/u.test(previous)) ends.push(i);
        previous = ch;
        i++;
      }
      at = i;
    }
    if (at !== null && !/\s/u.test(previous)) ends.push(at);
    return {starts, ends};
  }

  function nudge(form, how) {
    const container = sourceFor(form);
    const span = currentSpan(form);
    if (!container || !span) return;
    let [start, end] = span;
    const {starts, ends} = wordEdges(container);
    if (how === "start-left") start = [...starts].reverse().find((x) => x < start) ?? start;
    if (how === "start-right") start = starts.find((x) => x > start && x < end) ?? start;
    if (how === "end-left") end = [...ends].reverse().find((x) => x < end && x > start) ?? end;
    if (how === "end-right") end = ends.find((x) => x > end) ?? end;
    fill(form, {start, end, text: textBetween(container, start, end)});
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("[data-nudge], [data-span-use]");
    if (!button) return;
    if (button.dataset.nudge) { nudge(button.form, button.dataset.nudge); return; }
    const form = document.getElementById(button.dataset.spanUse);
    const container = form && sourceFor(form);
    if (!container) return;
    const start = Number(button.dataset.start);
    const end = Number(button.dataset.end);
    fill(form, {start, end, text: textBetween(container, start, end)});
    const first = form.querySelector("[data-nudge]");
    if (first) first.focus();
  });

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
