// Keyboard-first tagging in the annotation workspace. The article text takes the focus and
// holds a caret: arrows move it by word (up/down by sentence), Shift extends the selection,
// s takes the sentence; annotate.js's kind keys and label digits then tag the selection as
// before. [ ] and Shift+[ ] move the current tag's start and end by a word, handles on its
// highlight drag them; both save through the tag's edit form, which also relinks speaker,
// quote and chain. The label palette opens the toolbar on a label. Offsets are code points
// of the text shown (annotate.js converts to and from the DOM). No inline style: positions
// are set through the CSSOM.
"use strict";

(() => {
  const root = document.getElementById("ws-root");
  const ws = window.newsdeskWorkspace;
  if (!root || !ws || root.dataset.canEdit !== "true") return;
  const textEl = () => document.getElementById("article-text");
  const editForm = () => document.getElementById("edit-form");
  const status = document.getElementById("kb-status");
  const caretEl = document.getElementById("kb-caret");
  const handles = {start: document.getElementById("handle-start"), end: document.getElementById("handle-end")};

  let caret = 0; // code-point offset of the caret
  let anchor = 0; // the other end of the selection (equal to caret when nothing is selected)
  let adjusting = null; // {id, start, end, from}: a tag whose span is being moved, and where focus goes back
  let handleId = null; // the tag card whose highlight shows the drag handles
  let dragging = null; // "start" | "end" while a handle is dragged
  let swallowMouseup = false;
  let backTo = null; // where the focus returns after an htmx answer: {text: true} or {card: id}

  const announce = (message) => { if (status) status.textContent = message; };
  const clip = (text) => (text.length > 80 ? `${text.slice(0, 80)}…` : text);

  // Tokens: words (letters, digits, symbols such as emoji, with inner apostrophes and hyphens).
  // Punctuation is no stop: the caret jumps from word to word, as Ctrl+arrows do in an editor.

  let tokenCache = null;
  function tokens() {
    if (tokenCache) return tokenCache;
    const chars = ws.bodyCodePoints();
    const list = [];
    const word = /[\p{L}\p{N}\p{M}\p{So}\p{Sc}]/u;
    const joiner = /['’\-]/u;
    let i = 0;
    while (i < chars.length) {
      if (!word.test(chars[i])) { i++; continue; }
      const start = i;
      i++;
      while (i < chars.length && (word.test(chars[i]) || (joiner.test(chars[i]) && i + 1 < chars.length && word.test(chars[i + 1])))) i++;
      list.push([start, i]);
    }
    tokenCache = {list, chars};
    return tokenCache;
  }
  const bodyLength = () => tokens().chars.length;
  const slice = (start, end) => tokens().chars.slice(start, end).join("");
  const startAfter = (pos) => { for (const [s] of tokens().list) if (s > pos) return s; return bodyLength(); };
  const startAtOrAfter = (pos) => startAfter(pos - 1);
  const startBefore = (pos) => { let found = 0; for (const [s] of tokens().list) { if (s >= pos) break; found = s; } return found; };
  const endAfter = (pos) => { for (const [, e] of tokens().list) if (e > pos) return e; return bodyLength(); };
  const endBefore = (pos) => { let found = 0; for (const [, e] of tokens().list) { if (e >= pos) break; found = e; } return found; };
  const endAtOrBefore = (pos) => endBefore(pos + 1);
  const tokenAt = (pos) => tokens().list.find(([s, e]) => s <= pos && pos < e) || null;

  function sentenceOf(pos) {
    const found = ws.sentenceAt(Math.min(pos, bodyLength() - 1)) || ws.sentenceAt(Math.max(0, pos - 1));
    if (!found) return null;
    // The whole sentence, its closing punctuation included; not the spaces around it.
    const chars = tokens().chars;
    let [start, end] = found;
    while (start < end && /\s/u.test(chars[start])) start++;
    while (end > start && /\s/u.test(chars[end - 1])) end--;
    return start < end ? [start, end] : null;
  }

  // Where things are on screen

  function rectAt(pos) {
    const point = ws.pointAt(pos);
    if (!point) return null;
    const range = document.createRange();
    range.setStart(point[0], point[1]);
    range.collapse(true);
    const rect = range.getClientRects()[0];
    if (rect && rect.height) return {left: rect.left, top: rect.top, height: rect.height, node: point[0]};
    const box = range.getBoundingClientRect();
    return {left: box.left, top: box.top, height: box.height || 18, node: point[0]};
  }

  function spanRects(start, end) {
    const a = ws.pointAt(start);
    const b = ws.pointAt(end);
    if (!a || !b) return null;
    const range = document.createRange();
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    return rects.length ? [rects[0], rects[rects.length - 1]] : null;
  }

  function place(el, left, top, height) {
    el.hidden = false;
    el.style.left = `${Math.round(left)}px`;
    el.style.top = `${Math.round(top)}px`;
    el.style.height = `${Math.round(height)}px`;
  }

  function scrollTo(node) {
    const el = node && (node.nodeType === Node.TEXT_NODE ? node.parentElement : node);
    if (el && el.scrollIntoView) el.scrollIntoView({block: "nearest"});
  }

  // The caret and the selection

  const textFocused = () => textEl() && document.activeElement === textEl();

  function render({scroll = true} = {}) {
    const start = Math.min(anchor, caret);
    const end = Math.max(anchor, caret);
    if (start === end) window.getSelection().removeAllRanges();
    else ws.selectRange(start, end);
    const rect = rectAt(caret);
    if (rect && scroll) scrollTo(rect.node);
    const shown = rect && textFocused() ? rectAt(caret) : null; // scrolling moved it
    if (shown) place(caretEl, shown.left - 1, shown.top, shown.height);
    else caretEl.hidden = true;
  }

  function describe() {
    const start = Math.min(anchor, caret);
    const end = Math.max(anchor, caret);
    if (start !== end) return announce(`Selected: ${clip(slice(start, end))}. Press c, a or f to tag it.`);
    const token = tokenAt(caret);
    announce(token ? slice(token[0], token[1]) : "End of the text.");
  }

  function moveCaret(to, extend) {
    caret = Math.max(0, Math.min(bodyLength(), to));
    if (!extend) anchor = caret;
    render();
    describe();
  }

  // A selection that starts at the caret starts at the word next to it, not at the space before it.
  function snapAnchor(direction) {
    if (anchor !== caret) return;
    const to = direction > 0 ? startAtOrAfter(caret) : endBefore(caret + 1);
    const between = direction > 0 ? slice(caret, to) : slice(to, caret);
    if (/^\s*$/u.test(between)) anchor = caret = to;
  }

  function textKey(event) {
    const key = event.key;
    const shift = event.shiftKey;
    if (shift && (key === "ArrowRight" || key === "ArrowDown")) snapAnchor(1);
    if (shift && (key === "ArrowLeft" || key === "ArrowUp")) snapAnchor(-1);
    if (key === "ArrowRight") {
      if (!shift) return moveCaret(startAfter(caret), false), true;
      return moveCaret(caret >= anchor ? endAfter(caret) : Math.min(anchor, startAfter(caret)), true), true;
    }
    if (key === "ArrowLeft") {
      if (!shift) return moveCaret(startBefore(caret), false), true;
      return moveCaret(caret > anchor ? Math.max(anchor, endBefore(caret)) : startBefore(caret), true), true;
    }
    if (key === "ArrowDown") {
      const sentence = sentenceOf(caret);
      if (shift) {
        const end = sentence && sentence[1] > caret ? sentence[1] : (sentenceOf(startAfter(caret)) || [0, bodyLength()])[1];
        return moveCaret(end, true), true;
      }
      return moveCaret(sentence ? startAtOrAfter(sentence[1]) : startAfter(caret), false), true;
    }
    if (key === "ArrowUp") {
      const sentence = sentenceOf(caret);
      const to = sentence && sentence[0] < caret ? sentence[0] : (sentenceOf(startBefore(caret)) || [0])[0];
      return moveCaret(to, shift), true;
    }
    if (key === "Home") return moveCaret(0, shift), true;
    if (key === "End") return moveCaret(bodyLength(), shift), true;
    if (key === "s" && !shift) {
      const sentence = sentenceOf(caret);
      if (!sentence) return true;
      anchor = sentence[0];
      caret = sentence[1];
      render();
      describe();
      return true;
    }
    if (key === "Escape" && !adjusting) {
      anchor = caret;
      render();
      announce("Selection cancelled.");
      return true;
    }
    if (["c", "a", "f"].includes(key) && anchor !== caret) backTo = {text: true}; // annotate.js opens the toolbar
    return false;
  }

  function caretFromSelection() {
    const found = ws.readSelection();
    if (found) {
      anchor = found.start;
      caret = found.end;
      return;
    }
    const sel = window.getSelection();
    if (sel && sel.rangeCount && textEl().contains(sel.anchorNode)) {
      const at = ws.offsetOf(sel.anchorNode, sel.anchorOffset);
      if (at !== null) caret = anchor = at;
    }
  }

  function focusText() {
    const text = textEl();
    if (!text) return;
    text.focus({preventScroll: true});
    render();
  }

  // Adjusting a tag's span: [ ] move the start, Shift+[ ] the end, Enter saves, Escape cancels

  const cardOf = (id) => (id ? document.getElementById(id) : null);
  const editable = (card) => card && card.matches(".tag-item") && card.querySelector(".edit-button") ? card : null;

  // My tags at the caret, innermost first: from the text's marks (data-a lists the ids, innermost last).
  function tagIdsAtCaret() {
    const point = ws.pointAt(Math.min(caret + 1, bodyLength()));
    const node = point && point[0];
    const mark = node && (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest("mark[data-a]");
    return mark ? mark.dataset.a.trim().split(/\s+/).reverse().map((pk) => `a${pk}`) : [];
  }

  // The card of my innermost tag at the caret, loading its page of cards if need be.
  async function cardAtCaret() {
    for (const id of tagIdsAtCaret()) {
      await ws.loadTag(id);
      const card = editable(cardOf(id));
      if (card) return card;
    }
    return null;
  }

  function startAdjust(card, from) {
    const form = editForm();
    const button = card.querySelector(".edit-button");
    if (!form || !button) return false;
    button.click(); // annotate.js fills and shows the shared edit form for this tag
    adjusting = {id: card.id, start: Number(card.dataset.start), end: Number(card.dataset.end), from};
    if (from && from.text) focusText();
    else card.focus({preventScroll: true});
    return true;
  }

  function showAdjust() {
    const form = editForm();
    if (!adjusting || !form) return;
    const text = slice(adjusting.start, adjusting.end);
    form.querySelector("#edit-start").value = adjusting.start;
    form.querySelector("#edit-end").value = adjusting.end;
    form.querySelector("#edit-text").value = text;
    form.querySelector("#edit-span-text").textContent = clip(text);
    form.querySelector("#edit-span").hidden = false;
    ws.selectRange(adjusting.start, adjusting.end);
    caretEl.hidden = true;
    showHandles();
    announce(`New span: ${clip(text)}. Enter saves, Escape cancels.`);
  }

  function moveEdge(edge, direction) {
    if (!adjusting) return;
    const {start, end} = adjusting;
    if (edge === "start") {
      const to = direction < 0 ? startBefore(start) : startAfter(start);
      if (to < end) adjusting.start = to;
    } else {
      const to = direction < 0 ? endBefore(end) : endAfter(end);
      if (to > start) adjusting.end = to;
    }
    showAdjust();
  }

  function cancelAdjust() {
    const from = adjusting && adjusting.from;
    const id = adjusting && adjusting.id;
    adjusting = null;
    const form = editForm();
    if (form) {
      form.hidden = true;
      clearSpanFields(form);
    }
    window.getSelection().removeAllRanges();
    announce("Span change cancelled.");
    if (from && from.text) focusText();
    else if (cardOf(id)) cardOf(id).focus();
    showHandles();
  }

  function saveAdjust() {
    const form = editForm();
    if (!adjusting || !form) return;
    backTo = adjusting.from && adjusting.from.text ? {text: true} : {card: adjusting.id};
    if (backTo.text) caret = anchor = adjusting.end;
    form.requestSubmit();
  }

  function clearSpanFields(form) {
    for (const name of ["start", "end", "text"]) form.querySelector(`#edit-${name}`).value = "";
    form.querySelector("#edit-span").hidden = true;
  }

  function bracket(event) {
    if (event.code === "BracketLeft" || event.key === "[" || event.key === "{") return -1;
    if (event.code === "BracketRight" || event.key === "]" || event.key === "}") return 1;
    return 0;
  }

  // Drag handles on the current tag's highlight

  function showHandles() {
    const card = editable(cardOf(adjusting ? adjusting.id : handleId));
    const rects = card && (adjusting ? spanRects(adjusting.start, adjusting.end) : spanRects(Number(card.dataset.start), Number(card.dataset.end)));
    if (!rects) {
      handles.start.hidden = handles.end.hidden = true;
      return;
    }
    const [first, last] = rects;
    place(handles.start, first.left - 5, first.top, first.height);
    place(handles.end, last.right - 5, last.top, last.height);
  }

  function offsetAtPoint(x, y) {
    let node = null;
    let offset = 0;
    if (document.caretPositionFromPoint) {
      const found = document.caretPositionFromPoint(x, y);
      if (found) [node, offset] = [found.offsetNode, found.offset];
    } else if (document.caretRangeFromPoint) {
      const found = document.caretRangeFromPoint(x, y);
      if (found) [node, offset] = [found.startContainer, found.startOffset];
    }
    if (!node || !textEl() || !textEl().contains(node)) return null;
    return ws.offsetOf(node, offset);
  }

  for (const [edge, handle] of Object.entries(handles)) {
    if (!handle) continue;
    handle.addEventListener("pointerdown", (event) => {
      event.preventDefault(); // no text selection, no focus change
      const card = editable(cardOf(adjusting ? adjusting.id : handleId));
      if (!card) return;
      if (!adjusting && !startAdjust(card, textFocused() ? {text: true} : {card: card.id})) return;
      dragging = edge;
      handle.classList.add("is-dragging");
    });
  }

  document.addEventListener("pointermove", (event) => {
    if (!dragging || !adjusting) return;
    const pos = offsetAtPoint(event.clientX, event.clientY);
    if (pos === null) return;
    const token = tokenAt(pos) || tokenAt(pos - 1);
    if (dragging === "start") {
      const to = token ? token[0] : startAtOrAfter(pos);
      if (to < adjusting.end) adjusting.start = to;
    } else {
      const to = token ? token[1] : endAtOrBefore(pos);
      if (to > adjusting.start) adjusting.end = to;
    }
    showAdjust();
  });

  document.addEventListener("pointerup", () => {
    if (!dragging) return;
    handles[dragging].classList.remove("is-dragging");
    dragging = null;
    swallowMouseup = true;
    saveAdjust(); // a drop saves, like a keyboard Enter
  });

  // The drop must not also count as a click in the text (annotate.js picks tags on mouseup).
  document.addEventListener("mouseup", (event) => {
    if (swallowMouseup) {
      swallowMouseup = false;
      event.stopPropagation();
    }
  }, true);

  // Keys

  root.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    const text = textEl();
    const inForm = target.closest && target.closest("#edit-form");
    const direction = bracket(event);
    const card = target.closest && target.closest(".tag-item");
    const handled = () => { event.preventDefault(); event.stopPropagation(); };

    // The edit form: Enter saves from any field but the note, Escape closes it.
    if (inForm) {
      if (event.key === "Escape") { handled(); return adjusting ? cancelAdjust() : closeEdit(); }
      if (event.key === "Enter" && !target.matches("textarea, button")) { handled(); return adjusting ? saveAdjust() : submitEdit(); }
      return;
    }
    if (target !== text && !card) return;
    if (direction) {
      handled();
      const edge = event.shiftKey ? "end" : "start";
      if (adjusting) return moveEdge(edge, direction);
      const begin = (found) => {
        if (!found) return announce("Put the caret in one of your tags (or pick one with j / k) to move its ends.");
        if (startAdjust(found, card ? {card: found.id} : {text: true})) moveEdge(edge, direction);
      };
      if (card) return begin(editable(card));
      return cardAtCaret().then((found) => begin(found || editable(cardOf(handleId))));
    }
    if (adjusting && event.key === "Enter") { handled(); return saveAdjust(); }
    if (adjusting && event.key === "Escape") { handled(); return cancelAdjust(); }
    if (target === text && textKey(event)) handled();
  });

  function submitEdit() {
    const form = editForm();
    const card = form && document.querySelector(`.tag-item .edit-button[data-url="${CSS.escape(form.getAttribute("action") || "")}"]`);
    backTo = card ? {card: card.closest(".tag-item").id} : null;
    form.requestSubmit();
  }

  function closeEdit() {
    const form = editForm();
    const card = form && document.querySelector(`.tag-item .edit-button[data-url="${CSS.escape(form.getAttribute("action") || "")}"]`);
    if (form) form.hidden = true;
    if (card) card.closest(".tag-item").focus();
  }

  // t jumps to the text from anywhere outside a field.
  document.addEventListener("keydown", (event) => {
    const t = event.target;
    if (event.key !== "t" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (t.closest && (t.closest("#toolbar, #edit-form, dialog") || t.matches("input, textarea, select") || t.isContentEditable)) return;
    event.preventDefault();
    focusText();
    describe();
  });

  // Focus, mouse and the toolbar

  document.addEventListener("focusin", (event) => {
    const target = event.target;
    if (target === textEl()) {
      if (!dragging) render({scroll: false});
      if (!adjusting) handleId = null;
    } else {
      caretEl.hidden = true;
      const card = target.closest && editable(target.closest(".tag-item"));
      if (card) handleId = card.id;
      else if (!(target.closest && target.closest("#edit-form"))) handleId = null;
    }
    showHandles();
  });

  document.addEventListener("focusout", (event) => {
    if (event.target === textEl()) caretEl.hidden = true;
  });

  // A click in the text puts the caret there (or takes the mouse selection), so keys go on from it.
  document.addEventListener("mouseup", (event) => {
    if (dragging || !textEl() || !textEl().contains(event.target)) return;
    caretFromSelection();
    if (anchor === caret) render({scroll: false});
  });

  const toolbar = document.getElementById("toolbar");
  if (toolbar) {
    toolbar.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && backTo && backTo.text) {
        backTo = null;
        anchor = caret;
        focusText();
      }
    });
    toolbar.addEventListener("click", (event) => {
      if (event.target.closest("#tb-cancel") && backTo && backTo.text) {
        backTo = null;
        anchor = caret;
        focusText();
      }
    });
  }

  // Phones dock the toolbar at the bottom of the screen (CSS): keep the selection in sight above it.
  document.addEventListener("newsdesk:selection", () => {
    if (!toolbar || getComputedStyle(toolbar).position !== "fixed") return;
    const found = ws.readSelection();
    if (!found) return;
    document.body.classList.add("kb-docked"); // room to scroll the last lines above the toolbar
    const top = toolbar.getBoundingClientRect().top;
    if (found.rect.bottom > top - 8) window.scrollBy(0, found.rect.bottom - top + 16);
  });
  if (toolbar) {
    new MutationObserver(() => { if (toolbar.hidden) document.body.classList.remove("kb-docked"); })
      .observe(toolbar, {attributes: true, attributeFilter: ["hidden"]});
  }

  // The palette: with text selected, a label opens the toolbar on it.
  document.addEventListener("mousedown", (event) => {
    if (event.target.closest && event.target.closest(".palette-label")) event.preventDefault(); // keep the selection
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".palette-label");
    if (!button) return;
    if (!ws.readSelection()) {
      announce("Select some text first (in the text: Shift+arrows, or s for the sentence), then pick a label.");
      button.classList.add("is-refused");
      setTimeout(() => button.classList.remove("is-refused"), 600);
      return;
    }
    if (textFocused() || anchor !== caret) backTo = {text: true};
    ws.openToolbar(button.dataset.kind);
    const input = toolbar && toolbar.querySelector(`input[name="tag_type"][value="${CSS.escape(button.dataset.tagType)}"]`);
    if (input) {
      input.checked = true;
      input.focus({preventScroll: true});
    }
  });

  // The edit form: links as they are now, the speaker of a chosen quote, no span change by default.
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".edit-button");
    const form = editForm();
    if (!button || !form) return;
    const speaker = form.querySelector("#edit-speaker");
    if (button.dataset.speaker && !speaker.querySelector(`option[value="${CSS.escape(button.dataset.speaker)}"]`)) {
      speaker.add(new Option(button.dataset.speakerName || "(linked speaker)", button.dataset.speaker));
    }
    speaker.value = button.dataset.speaker || "";
    form.querySelector("#edit-quote").value = button.dataset.quote || "";
    const chain = form.querySelector("#edit-chain");
    if (chain) chain.value = button.dataset.chain || "";
    clearSpanFields(form);
    adjusting = null;
  });
  document.addEventListener("change", (event) => {
    if (!event.target.matches || !event.target.matches("#edit-quote")) return;
    const option = event.target.selectedOptions[0];
    if (option && option.dataset.speaker) editForm().querySelector("#edit-speaker").value = option.dataset.speaker;
  });

  // After an htmx answer the text and the cards may be new elements: put the focus back.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt;
    if (form && form.id === "edit-form" && event.detail.successful) adjusting = null;
  });
  document.body.addEventListener("htmx:beforeRequest", () => {
    if (backTo) return;
    const active = document.activeElement;
    const card = active && active.closest && active.closest(".tag-item");
    if (active === textEl()) backTo = {text: true};
    else if (card) backTo = {card: card.id, start: Number(card.dataset.start)};
  });
  // Once the answer has settled: annotate.js has closed the toolbar or the edit form, and htmx has
  // made the new cards' forms live (a key pressed on a card before that would post without htmx).
  document.body.addEventListener("htmx:afterSettle", restoreFocus);

  function restoreFocus() {
    const active = document.activeElement;
    const lost = !active || active === document.body || !active.isConnected || Boolean(active.closest("[hidden]"));
    if (backTo && lost) {
      const card = backTo.card && cardOf(backTo.card);
      if (card) card.focus();
      else {
        if (backTo.card && Number.isFinite(backTo.start)) caret = backTo.start; // the tag is gone: where it was
        anchor = caret;
        focusText();
      }
      backTo = null;
    } else if (backTo && !(toolbar && !toolbar.hidden)) {
      backTo = null; // kept only while the toolbar is still open (a refused save)
    }
    showHandles();
  }

  // Keep the caret and the handles on the text while it scrolls or the window changes size.
  let frame = 0;
  const follow = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (textFocused() && anchor === caret) render({scroll: false});
      showHandles();
    });
  };
  window.addEventListener("scroll", follow, {passive: true, capture: true});
  window.addEventListener("resize", follow);
})();
