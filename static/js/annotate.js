// The annotation workspace: turn a text selection into code-point offsets, show the
// toolbar, keyboard shortcuts, sentence selection, suggestion and tag navigation.
// Saving goes through htmx forms (the server re-renders the workspace); no inline script.
"use strict";

(() => {
  const root = document.getElementById("ws-root");
  if (!root) return;
  const canEdit = root.dataset.canEdit === "true";
  const toolbar = document.getElementById("toolbar");
  const helpDialog = document.getElementById("help-dialog");
  let selection = null; // {start, end, text} in code points of Article.body
  let currentTag = null;
  let currentSuggestion = null;

  const textEl = () => document.getElementById("article-text");
  const cpLength = (s) => { let n = 0; for (const _ of s) n++; return n; };
  const isWhitespace = (ch) => /\s/u.test(ch);

  // The body as the server has it: paragraphs joined by "\n", as code points.
  function bodyCodePoints() {
    const parts = [];
    for (const p of textEl().querySelectorAll("p[data-start]")) parts.push(p.textContent);
    return Array.from(parts.join("\n"));
  }

  // A DOM boundary point (node, UTF-16 offset) → code-point offset into the body.
  function pointToOffset(node, offset) {
    if (node.nodeType === Node.TEXT_NODE) {
      const seg = node.parentElement && node.parentElement.closest(".seg");
      if (seg) return Number(seg.dataset.o) + cpLength(node.data.slice(0, offset));
      // Whitespace between paragraphs: the boundary is where the next segment starts.
      return nextSegmentOffset(node);
    }
    const el = node;
    if (el.classList && el.classList.contains("seg")) {
      return Number(el.dataset.o) + (offset > 0 ? cpLength(el.textContent) : 0);
    }
    if (el.matches && el.matches("p[data-start]")) {
      const kids = el.querySelectorAll(":scope > .seg");
      return offset < kids.length ? Number(kids[offset].dataset.o) : Number(el.dataset.end);
    }
    if (el === textEl()) {
      const child = el.childNodes[offset] || null;
      let p = child;
      while (p && !(p.matches && p.matches("p[data-start]"))) p = p.nextSibling;
      if (p) return Number(p.dataset.start);
      const all = el.querySelectorAll("p[data-start]");
      return all.length ? Number(all[all.length - 1].dataset.end) : 0;
    }
    return null;
  }

  function nextSegmentOffset(node) {
    for (const seg of textEl().querySelectorAll(".seg")) {
      if (node.compareDocumentPosition(seg) & Node.DOCUMENT_POSITION_FOLLOWING) return Number(seg.dataset.o);
    }
    const all = textEl().querySelectorAll("p[data-start]");
    return all.length ? Number(all[all.length - 1].dataset.end) : 0;
  }

  // Code-point offset → DOM point, for selecting a sentence programmatically.
  function offsetToPoint(cp) {
    for (const seg of textEl().querySelectorAll(".seg")) {
      const start = Number(seg.dataset.o);
      const chars = Array.from(seg.textContent);
      if (cp >= start && cp <= start + chars.length) {
        const text = seg.firstChild || seg;
        return [text, chars.slice(0, cp - start).join("").length];
      }
    }
    return null;
  }

  function readSelection() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    if (!textEl() || !textEl().contains(range.commonAncestorContainer)) return null;
    let start = pointToOffset(range.startContainer, range.startOffset);
    let end = pointToOffset(range.endContainer, range.endOffset);
    if (start === null || end === null) return null;
    if (start > end) [start, end] = [end, start];
    const body = bodyCodePoints();
    while (start < end && isWhitespace(body[start])) start++;
    while (end > start && isWhitespace(body[end - 1])) end--;
    if (start >= end) return null;
    return {start, end, text: body.slice(start, end).join(""), rect: range.getBoundingClientRect()};
  }

  function selectRange(start, end) {
    const a = offsetToPoint(start);
    const b = offsetToPoint(end);
    if (!a || !b) return;
    const range = document.createRange();
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function sentenceAt(cp) {
    const raw = textEl().dataset.sentences || "";
    for (const part of raw.split(";")) {
      if (!part) continue;
      try {
        const [s, e] = JSON.parse(part);
        if (cp >= s && cp < e) return [s, e];
      } catch (_) { /* malformed: ignore */ }
    }
    // No stored sentences: fall back to the paragraph.
    const p = [...textEl().querySelectorAll("p[data-start]")].find((el) => cp >= Number(el.dataset.start) && cp <= Number(el.dataset.end));
    return p ? [Number(p.dataset.start), Number(p.dataset.end)] : null;
  }

  // Toolbar

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  }

  function setKind(kind) {
    if (!toolbar) return;
    for (const button of toolbar.querySelectorAll(".kind-button")) button.setAttribute("aria-pressed", String(button.dataset.kind === kind));
    for (const set of toolbar.querySelectorAll(".toolbar-labels")) {
      const active = set.dataset.kind === kind;
      set.hidden = !active;
      if (active && !set.querySelector("input:checked")) {
        const first = set.querySelector("input[data-default]") || set.querySelector("input");
        if (first) first.checked = true;
      }
      if (!active) for (const input of set.querySelectorAll("input")) input.checked = false;
    }
    const checked = toolbar.querySelector(".toolbar-labels:not([hidden]) input:checked");
    if (checked) checked.focus({preventScroll: true});
  }

  function openToolbar(kind) {
    if (!toolbar || !canEdit) return;
    const found = readSelection();
    if (!found) return;
    selection = found;
    toolbar.querySelector("#tb-start").value = found.start;
    toolbar.querySelector("#tb-end").value = found.end;
    toolbar.querySelector("#tb-text").value = found.text;
    toolbar.querySelector("#tb-key").value = newKey();
    toolbar.querySelector("#tb-preview").textContent = `“${found.text.length > 90 ? found.text.slice(0, 90) + "…" : found.text}”`;
    const problem = document.getElementById("ws-problem");
    if (problem) problem.textContent = "";
    toolbar.hidden = false;
    let top = window.scrollY + found.rect.bottom + 8;
    // Keep it on screen: above the selection when there is no room below (phones dock it by CSS).
    if (found.rect.bottom + 8 + toolbar.offsetHeight > window.innerHeight) {
      top = Math.max(window.scrollY + 8, window.scrollY + found.rect.top - toolbar.offsetHeight - 8);
    }
    const left = Math.max(8, Math.min(window.scrollX + found.rect.left, window.scrollX + document.documentElement.clientWidth - toolbar.offsetWidth - 8));
    toolbar.style.top = `${top}px`;
    toolbar.style.left = `${left}px`;
    if (kind) setKind(kind);
    else if (!toolbar.querySelector(".kind-button[aria-pressed=true]")) setKind("claim");
  }

  function closeToolbar() {
    if (!toolbar) return;
    toolbar.hidden = true;
    selection = null;
    toolbar.querySelector("#tb-note").value = "";
    toolbar.querySelector("#tb-quote").value = "";
    toolbar.querySelector("#tb-speaker").value = "";
    const chain = toolbar.querySelector("#tb-chain");
    if (chain) chain.value = "";
  }

  if (toolbar) {
    toolbar.addEventListener("click", (event) => {
      const kindButton = event.target.closest(".kind-button");
      if (kindButton) setKind(kindButton.dataset.kind);
      if (event.target.closest("#tb-cancel")) { closeToolbar(); window.getSelection().removeAllRanges(); }
    });
    toolbar.querySelector("#tb-quote").addEventListener("change", (event) => {
      const option = event.target.selectedOptions[0];
      if (option && option.dataset.speaker) toolbar.querySelector("#tb-speaker").value = option.dataset.speaker;
    });
    toolbar.addEventListener("htmx:afterRequest", (event) => {
      if (event.detail.elt === toolbar && event.detail.successful) {
        closeToolbar();
        window.getSelection().removeAllRanges();
      }
    });
    toolbar.addEventListener("keydown", (event) => {
      if (event.key === "Escape") { event.preventDefault(); closeToolbar(); return; }
      const inText = event.target.matches("textarea, select");
      if (!inText && /^[1-9]$/.test(event.key)) {
        const input = toolbar.querySelector(`.toolbar-labels:not([hidden]) input[data-shortcut="${event.key}"]`);
        if (input) { input.checked = true; input.focus(); event.preventDefault(); }
      }
      if (!inText && event.key === "Enter") { event.preventDefault(); toolbar.requestSubmit(); }
      if (!inText && ["c", "a", "f"].includes(event.key)) {
        setKind({c: "claim", a: "attribution", f: "framing"}[event.key]);
        event.preventDefault();
      }
    });
  }

  // Mouse: selections open the toolbar; clicks on tags pick them; Alt+click picks a sentence.
  document.addEventListener("mouseup", (event) => {
    if (!canEdit || !textEl() || !textEl().contains(event.target)) return;
    const sentenceMode = event.altKey || (document.getElementById("sentence-mode") || {}).checked;
    if (sentenceMode && window.getSelection().isCollapsed) {
      const seg = event.target.closest(".seg");
      const sel = window.getSelection();
      const at = seg && sel.anchorNode ? pointToOffset(sel.anchorNode, sel.anchorOffset) : (seg ? Number(seg.dataset.o) : null);
      const sentence = at !== null ? sentenceAt(at) : null;
      if (sentence) {
        selectRange(sentence[0], sentence[1]);
        openToolbar();
        return;
      }
    }
    if (!window.getSelection().isCollapsed) { openToolbar(); return; }
    const seg = event.target.closest(".seg[data-ids]");
    if (seg) pickFromSegment(seg);
  });

  document.addEventListener("keyup", (event) => {
    if (event.target.closest && event.target.closest("#article-text")) return; // keyboard.js drives the caret there
    if (event.shiftKey && event.key.startsWith("Arrow") && canEdit && readSelection()) openToolbar();
  });

  function pickFromSegment(seg) {
    const ids = seg.dataset.ids.trim().split(/\s+/);
    // Repeated clicks cycle through overlapping tags and suggestions.
    const index = Number(seg.dataset.pick || -1) + 1;
    seg.dataset.pick = String(index % ids.length);
    const id = ids[index % ids.length];
    if (id.startsWith("a")) focusTag(document.getElementById(id));
    else focusSuggestion(document.querySelector(`.suggestion-item[data-key="${CSS.escape(id)}"]`));
  }

  // Lists: tags (j/k) and suggestions (n/p)

  function markSpan(start, end) {
    for (const seg of textEl().querySelectorAll(".seg.current")) seg.classList.remove("current");
    for (const seg of textEl().querySelectorAll(".seg")) {
      const o = Number(seg.dataset.o);
      if (o >= start && o < end) seg.classList.add("current");
    }
  }

  function focusTag(item) {
    if (!item) return;
    currentTag = item;
    item.focus();
    markSpan(Number(item.dataset.start), Number(item.dataset.end));
    const seg = textEl().querySelector(".seg.current");
    if (seg) seg.scrollIntoView({block: "nearest"});
  }

  function focusSuggestion(item) {
    if (!item) return;
    currentSuggestion = item;
    item.focus();
    markSpan(Number(item.dataset.start), Number(item.dataset.end));
  }

  function step(selector, current, delta) {
    const items = [...document.querySelectorAll(selector)];
    if (!items.length) return null;
    const index = items.indexOf(current);
    return items[index < 0 ? (delta > 0 ? 0 : items.length - 1) : (index + delta + items.length) % items.length];
  }

  document.addEventListener("focusin", (event) => {
    const tag = event.target.closest && event.target.closest(".tag-item");
    if (tag) { currentTag = tag; markSpan(Number(tag.dataset.start), Number(tag.dataset.end)); }
    const suggestion = event.target.closest && event.target.closest(".suggestion-item");
    if (suggestion) { currentSuggestion = suggestion; markSpan(Number(suggestion.dataset.start), Number(suggestion.dataset.end)); }
  });

  // Keyboard

  document.addEventListener("keydown", (event) => {
    const t = event.target;
    if (event.ctrlKey || event.metaKey) return;
    if (t.closest && (t.closest("#toolbar") || t.matches("input, textarea, select") || t.isContentEditable)) return;
    const key = event.key;
    const act = (fn) => { event.preventDefault(); fn(); };
    // The focused list item wins over the remembered one (htmx may have replaced it).
    const focusedTag = t.closest && t.closest(".tag-item");
    if (focusedTag) currentTag = focusedTag;
    const focusedSuggestion = t.closest && t.closest(".suggestion-item");
    if (focusedSuggestion) currentSuggestion = focusedSuggestion;
    if (key === "?") return act(() => (helpDialog.open ? helpDialog.close() : helpDialog.showModal()));
    if (key === "Escape") return act(() => { closeToolbar(); window.getSelection().removeAllRanges(); });
    if (!canEdit && !["j", "k"].includes(key)) return;
    if (["c", "a", "f"].includes(key) && readSelection()) return act(() => openToolbar({c: "claim", a: "attribution", f: "framing"}[key]));
    if (key === "j") return act(() => focusTag(step(".tag-item", currentTag, 1)));
    if (key === "k") return act(() => focusTag(step(".tag-item", currentTag, -1)));
    if (key === "n") return act(() => focusSuggestion(step(".suggestion-item", currentSuggestion, 1)));
    if (key === "p") return act(() => focusSuggestion(step(".suggestion-item", currentSuggestion, -1)));
    if (key === "y" && currentSuggestion && document.contains(currentSuggestion)) return act(() => currentSuggestion.querySelector(".accept-button").click());
    if (key === "x" && currentSuggestion && document.contains(currentSuggestion)) return act(() => currentSuggestion.querySelector(".dismiss-button").click());
    if (key === "e" && currentTag && document.contains(currentTag)) {
      return act(() => { const b = currentTag.querySelector(".edit-button"); if (b) b.click(); });
    }
    if ((key === "Delete" || key === "Backspace") && currentTag && document.contains(currentTag)) {
      return act(() => { const b = currentTag.querySelector(".delete-button"); if (b) b.click(); });
    }
    if (key === "u") return act(() => { const b = document.getElementById("undo-button"); if (b) b.click(); });
    if (key === "s") return act(() => { const box = document.getElementById("sentence-mode"); if (box) box.checked = !box.checked; });
  });

  // One shared edit form (a form per tag would cost seconds on articles with 1,000 tags).
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".edit-button");
    const form = document.getElementById("edit-form");
    if (event.target.closest && event.target.closest("#edit-cancel") && form) { form.hidden = true; return; }
    if (!button || !form) return;
    const item = button.closest(".tag-item");
    form.setAttribute("action", button.dataset.url);
    form.setAttribute("hx-post", button.dataset.url);
    window.htmx.process(form);
    form.querySelector("#edit-version").value = button.dataset.version;
    form.querySelector("#edit-tag-type").value = button.dataset.tagType;
    form.querySelector("#edit-note").value = button.dataset.note || "";
    form.querySelector("#edit-preview").textContent = item ? item.querySelector(".tag-text").textContent : "";
    form.hidden = false;
    form.querySelector("#edit-tag-type").focus();
  });

  const helpButton = document.getElementById("help-button");
  if (helpButton) helpButton.addEventListener("click", () => helpDialog.showModal());

  // After the workspace is re-rendered, keep the current tag in view if it still exists.
  document.body.addEventListener("htmx:afterSwap", () => {
    if (currentTag && !document.contains(currentTag)) currentTag = document.getElementById(currentTag.id);
    if (currentSuggestion && !document.contains(currentSuggestion)) currentSuggestion = null;
  });

  // What static/js/keyboard.js (caret, word selection, span handles) builds on.
  window.newsdeskWorkspace = {bodyCodePoints, pointToOffset, offsetToPoint, readSelection, selectRange, sentenceAt, openToolbar, setKind};

  // Time on task: report every 30 s while the page is visible.
  const pingUrl = root.dataset.pingUrl;
  if (pingUrl) {
    const headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    setInterval(() => {
      if (document.visibilityState !== "visible") return;
      fetch(pingUrl, {method: "POST", headers: {...headers, "Content-Type": "application/x-www-form-urlencoded"}, body: "seconds=30", credentials: "same-origin"}).catch(() => {});
    }, 30000);
  }
})();
