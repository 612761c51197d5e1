// The annotation workspace: turn a text selection into code-point offsets, show the
// toolbar, keyboard shortcuts, sentence selection, suggestion and tag navigation.
// Saving goes through htmx forms; the server answers only what changed (the paragraphs the
// tag lies in, counters, the message, and the changed cards in #ws-changes, which this
// script puts in their place in the paged lists). No inline script.
//
// For other scripts (e.g. keyboard selection, a label palette):
//   document "newsdesk:selection"  CustomEvent, detail {start, end, text}: a selection of the
//                                  text exists and the toolbar opens for it (offsets in code points);
//   document "newsdesk:select"     dispatch it with detail {start, end, kind?} to select that span
//                                  and open the toolbar, as a mouse selection would;
//   document "newsdesk:changed"    after a write's answer has been put in place;
//   window.newsdeskWorkspace       {select(start, end, kind?), readSelection(), offsetOf(node, offset),
//                                   pointAt(offset), openToolbar(kind?), closeToolbar()}.
"use strict";

(() => {
  const root = document.getElementById("ws-root");
  if (!root) return;
  const canEdit = root.dataset.canEdit === "true";
  const toolbar = document.getElementById("toolbar");
  const helpDialog = document.getElementById("help-dialog");
  let currentTag = null;
  let currentSuggestion = null;

  const textEl = () => document.getElementById("article-text");
  const cpLength = (s) => { let n = 0; for (const _ of s) n++; return n; };
  const isWhitespace = (ch) => /\s/u.test(ch);

  // The body as the server has it: paragraphs joined by "\n", as code points.
  function bodyCodePoints() {
    const parts = [];
    for (const p of paragraphs()) parts.push(p.textContent);
    return Array.from(parts.join("\n"));
  }

  const paragraphs = () => textEl().querySelectorAll("p[data-start]");

  // A DOM boundary point (node, UTF-16 offset) → code-point offset into the body. Text that no
  // tag covers is bare, text under tags sits in <mark>s: the offset is the paragraph's start
  // plus the code points from there to the point.
  function pointToOffset(node, offset) {
    const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const p = el && el.closest ? el.closest("p[data-start]") : null;
    if (p && textEl().contains(p)) {
      const range = document.createRange();
      range.setStart(p, 0);
      range.setEnd(node, offset);
      return Number(p.dataset.start) + cpLength(range.toString());
    }
    if (node === textEl()) {
      let child = node.childNodes[offset] || null;
      while (child && !(child.matches && child.matches("p[data-start]"))) child = child.nextSibling;
      if (child) return Number(child.dataset.start);
    } else {
      for (const para of paragraphs()) {
        if (node.compareDocumentPosition(para) & Node.DOCUMENT_POSITION_FOLLOWING) return Number(para.dataset.start);
      }
    }
    const all = paragraphs();
    return all.length ? Number(all[all.length - 1].dataset.end) : 0;
  }

  // Code-point offset → DOM point (text node, UTF-16 offset).
  function offsetToPoint(cp) {
    for (const p of paragraphs()) {
      if (cp < Number(p.dataset.start) || cp > Number(p.dataset.end)) continue;
      let base = Number(p.dataset.start);
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      let last = null;
      while (walker.nextNode()) {
        const node = walker.currentNode;
        const chars = Array.from(node.data);
        if (cp <= base + chars.length) return [node, chars.slice(0, cp - base).join("").length];
        base += chars.length;
        last = node;
      }
      return last ? [last, last.data.length] : [p, 0];
    }
    return null;
  }

  // Many offsets at once (every suggestion): one walk over the text nodes.
  function textIndex() {
    const nodes = [];
    for (const p of paragraphs()) {
      let base = Number(p.dataset.start);
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        const n = cpLength(node.data);
        nodes.push({node, start: base, end: base + n, astral: n !== node.data.length});
        base += n;
      }
    }
    const starts = nodes.map((n) => n.start);
    return (cp, isEnd) => {
      let lo = 0, hi = nodes.length - 1, found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] <= cp) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      // An end that falls on a node boundary stays in the node before it.
      if (found > 0 && isEnd && starts[found] === cp) found -= 1;
      if (found < 0) return null;
      const item = nodes[found];
      const k = Math.min(cp, item.end) - item.start;
      return [item.node, item.astral ? Array.from(item.node.data).slice(0, k).join("").length : k];
    };
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
    const p = [...paragraphs()].find((el) => cp >= Number(el.dataset.start) && cp <= Number(el.dataset.end));
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
    document.dispatchEvent(new CustomEvent("newsdesk:selection", {detail: {start: found.start, end: found.end, text: found.text}}));
  }

  function closeToolbar() {
    if (!toolbar) return;
    toolbar.hidden = true;
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
    if (!textEl() || !textEl().contains(event.target)) return;
    const sel = window.getSelection();
    const at = sel && sel.anchorNode && textEl().contains(sel.anchorNode) ? pointToOffset(sel.anchorNode, sel.anchorOffset) : null;
    if (canEdit) {
      const sentenceMode = event.altKey || (document.getElementById("sentence-mode") || {}).checked;
      if (sentenceMode && sel.isCollapsed && at !== null) {
        const sentence = sentenceAt(at);
        if (sentence) {
          selectRange(sentence[0], sentence[1]);
          openToolbar();
          return;
        }
      }
      if (!sel.isCollapsed) { openToolbar(); return; }
    }
    pickAt(event.target.closest("mark[data-a]"), at);
  });

  document.addEventListener("keyup", (event) => {
    if (event.target.closest && event.target.closest("#article-text")) return; // keyboard.js drives the caret there
    if (event.shiftKey && event.key.startsWith("Arrow") && canEdit && readSelection()) openToolbar();
  });

  // Another script selects a span (keyboard caret selection): select it and open the toolbar.
  document.addEventListener("newsdesk:select", (event) => {
    const {start, end, kind} = event.detail || {};
    if (!Number.isInteger(start) || !Number.isInteger(end)) return;
    selectRange(start, end);
    openToolbar(kind);
  });

  // Repeated clicks at one place cycle through the tags and suggestions over it.
  let lastPick = {at: null, index: -1};
  function pickAt(mark, at) {
    const ids = mark ? mark.dataset.a.trim().split(/\s+/).map((id) => `a${id}`) : [];
    if (at !== null) for (const s of suggestionMarks) if (s.start <= at && at < s.end) ids.push(s.key);
    if (!ids.length) return;
    const index = lastPick.at === at ? lastPick.index + 1 : 0;
    lastPick = {at, index};
    const id = ids[index % ids.length];
    if (/^a\d+$/.test(id)) focusTag(id);
    else focusSuggestion(id);
  }

  // Lists: tags (j/k) and suggestions (n/p), in pages

  const tagList = () => document.getElementById("tag-list");
  const suggestionList = () => document.getElementById("suggestion-list");
  const suggestionDomId = (key) => `s-${key.replace(/:/g, "-")}`;

  // Load the next page of a list (or every page up to the item `through`); resolves when it is in.
  function loadMore(list, through) {
    const more = list && list.querySelector(":scope > li.more");
    if (!more || !window.htmx) return Promise.resolve();
    // A page already on its way (scrolled into view, or asked for here): wait for it, then go on.
    if (more.dataset.loading || more.classList.contains("htmx-request")) {
      return !through || more.dataset.loading === "through" ? waitFor(more) : waitFor(more).then(() => loadMore(list, through));
    }
    const url = new URL(more.getAttribute("hx-get"), window.location.href);
    if (through) url.searchParams.set("through", through);
    more.dataset.loading = through ? "through" : "next";
    return window.htmx.ajax("GET", url.pathname + url.search, {target: more, swap: "outerHTML"});
  }

  function waitFor(element) {
    return new Promise((resolve) => {
      const check = () => (document.contains(element) ? setTimeout(check, 30) : resolve());
      check();
    });
  }

  function markSpan(start, end) {
    if (!(window.CSS && CSS.highlights && window.Highlight)) return;
    const a = offsetToPoint(start);
    const b = offsetToPoint(end);
    if (!a || !b) return;
    const range = document.createRange();
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
    CSS.highlights.set("ws-current", new Highlight(range));
    currentSpan = [start, end];
  }
  let currentSpan = null;

  function focusTag(itemOrId) {
    const id = typeof itemOrId === "string" ? itemOrId : itemOrId && itemOrId.id;
    if (!id) return;
    const item = document.getElementById(id);
    if (!item) {
      // Not in the pages loaded yet: load up to it, then pick it.
      if (tagList() && tagList().querySelector(":scope > li.more")) loadMore(tagList(), id.slice(1)).then(() => { if (document.getElementById(id)) focusTag(id); });
      return;
    }
    currentTag = item;
    item.focus();
    markSpan(Number(item.dataset.start), Number(item.dataset.end));
    const point = offsetToPoint(Number(item.dataset.start));
    const el = point && (point[0].nodeType === Node.TEXT_NODE ? point[0].parentElement : point[0]);
    if (el && el.scrollIntoView) el.scrollIntoView({block: "nearest"});
  }

  function focusSuggestion(itemOrKey) {
    const id = typeof itemOrKey === "string" ? suggestionDomId(itemOrKey) : itemOrKey && itemOrKey.id;
    if (!id) return;
    const item = document.getElementById(id);
    if (!item) {
      if (typeof itemOrKey === "string" && suggestionList() && suggestionList().querySelector(":scope > li.more")) {
        loadMore(suggestionList(), itemOrKey).then(() => { if (document.getElementById(id)) focusSuggestion(itemOrKey); });
      }
      return;
    }
    currentSuggestion = item;
    item.focus();
    markSpan(Number(item.dataset.start), Number(item.dataset.end));
  }

  // The next or previous loaded item; past the last one, the next page is loaded first.
  function step(list, selector, current, delta, then) {
    if (!list) return;
    const items = [...list.querySelectorAll(selector)];
    const index = items.indexOf(current);
    const more = list.querySelector(":scope > li.more");
    if (delta > 0 && more && (index === items.length - 1 || !items.length)) {
      loadMore(list).then(() => step(list, selector, current, delta, then));
      return;
    }
    if (!items.length) return;
    then(items[index < 0 ? (delta > 0 ? 0 : items.length - 1) : (index + delta + items.length) % items.length]);
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
    if (key === "j") return act(() => step(tagList(), ".tag-item", currentTag, 1, focusTag));
    if (key === "k") return act(() => step(tagList(), ".tag-item", currentTag, -1, focusTag));
    if (key === "n") return act(() => step(suggestionList(), ".suggestion-item", currentSuggestion, 1, focusSuggestion));
    if (key === "p") return act(() => step(suggestionList(), ".suggestion-item", currentSuggestion, -1, focusSuggestion));
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

  const editForm = document.getElementById("edit-form");
  if (editForm) {
    editForm.addEventListener("htmx:afterRequest", (event) => {
      if (event.detail.elt === editForm && event.detail.successful && event.detail.xhr.status === 200) editForm.hidden = true;
    });
  }

  // Suggestions are outlined in the text from their offsets (CSS Custom Highlight API), not markup.
  const KINDS = {q: "quote", c: "cue", f: "framing"};
  let suggestionMarks = [];
  function readSuggestionMarks() {
    suggestionMarks = [];
    for (const token of (textEl() ? textEl().dataset.suggestions || "" : "").split(" ")) {
      const m = /^([qcf])(\d+)-(\d+)$/.exec(token);
      if (m) suggestionMarks.push({kind: KINDS[m[1]], start: Number(m[2]), end: Number(m[3]), key: `${KINDS[m[1]]}:${m[2]}:${m[3]}`});
    }
  }

  function drawSuggestions() {
    if (!(window.CSS && CSS.highlights && window.Highlight) || !textEl()) return;
    const at = textIndex();
    const byKind = {quote: [], cue: [], framing: []};
    for (const s of suggestionMarks) {
      const a = at(s.start, false);
      const b = at(s.end, true);
      if (!a || !b) continue;
      const range = document.createRange();
      range.setStart(a[0], a[1]);
      range.setEnd(b[0], b[1]);
      (byKind[s.kind] || byKind.quote).push(range);
    }
    for (const [kind, ranges] of Object.entries(byKind)) CSS.highlights.set(`ws-sugg-${kind}`, new Highlight(...ranges));
    if (currentSpan) markSpan(currentSpan[0], currentSpan[1]);
  }

  // A changed card goes where the list's order puts it, if that part of the list is loaded
  // (a later page brings it otherwise: the pages are keyed on the order, not numbered).
  function place(list, item) {
    if (!list) return;
    const order = item.dataset.order;
    const more = list.querySelector(":scope > li.more");
    if (more && (more.dataset.order === "" || order > more.dataset.order)) return;
    for (const other of list.querySelectorAll(":scope > li[data-order]:not(.more)")) {
      if (other.dataset.order > order) { list.insertBefore(item, other); return; }
    }
    list.insertBefore(item, more);
  }

  function refreshEmpty(list) {
    if (!list) return;
    const empty = list.querySelector(":scope > li.empty");
    if (empty) empty.hidden = Boolean(list.querySelector(":scope > li.tag-item, :scope > li.suggestion-item, :scope > li.more"));
  }

  function applyChanges() {
    const box = document.getElementById("ws-changes");
    if (!box || !box.firstElementChild) return;
    for (const gone of box.querySelectorAll("[data-remove]")) {
      const id = gone.dataset.remove;
      const el = document.getElementById(id);
      if (el && !box.contains(el)) el.remove();
      if (id.startsWith("s-")) suggestionMarks = suggestionMarks.filter((s) => suggestionDomId(s.key) !== id);
    }
    for (const item of box.querySelectorAll('[data-list="tag-list"] > li.tag-item')) {
      const old = document.getElementById(item.id);
      if (old && old !== item) old.remove();
      place(tagList(), item);
      // Moved out of #ws-changes before htmx's settle step would process it: make its forms live here.
      if (window.htmx) window.htmx.process(item);
    }
    for (const item of box.querySelectorAll('[data-list="suggestion-list"] > li.suggestion-item')) {
      const old = document.getElementById(item.id);
      if (old && old !== item) old.remove();
      const key = item.dataset.key;
      if (!suggestionMarks.some((s) => s.key === key)) {
        suggestionMarks.push({kind: key.split(":")[0], start: Number(item.dataset.start), end: Number(item.dataset.end), key});
      }
      place(suggestionList(), item);
      if (window.htmx) window.htmx.process(item);
    }
    box.replaceChildren();
    refreshEmpty(tagList());
    refreshEmpty(suggestionList());
    drawSuggestions();
    if (currentTag && !document.contains(currentTag)) currentTag = document.getElementById(currentTag.id);
    if (currentSuggestion && !document.contains(currentSuggestion)) currentSuggestion = null;
    document.dispatchEvent(new CustomEvent("newsdesk:changed"));
  }
  document.body.addEventListener("htmx:oobAfterSwap", applyChanges);

  // A page of cards came in: drop any card that a write's answer had placed already.
  document.body.addEventListener("htmx:afterSettle", () => {
    for (const list of [tagList(), suggestionList()]) {
      if (!list) continue;
      const seen = new Set();
      for (const item of list.querySelectorAll(":scope > li[id]")) {
        if (seen.has(item.id)) item.remove();
        else seen.add(item.id);
      }
      refreshEmpty(list);
    }
  });

  readSuggestionMarks();
  drawSuggestions();

  window.newsdeskWorkspace = {
    select(start, end, kind) { selectRange(start, end); openToolbar(kind); },
    readSelection,
    offsetOf: pointToOffset,
    pointAt: offsetToPoint,
    openToolbar,
    closeToolbar,
    // For static/js/keyboard.js (caret, word selection, span handles):
    bodyCodePoints,
    selectRange,
    sentenceAt,
    // Bring a tag's card into the loaded pages (a promise), without moving the focus.
    loadTag: (id) => (document.getElementById(id) || !tagList() ? Promise.resolve() : loadMore(tagList(), id.slice(1))),
  };

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
