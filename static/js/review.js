// Review queue keys: j/k move between rows, a/r/n decide, e opens the correction form, x ticks the row.
// Ticked rows (checkboxes tied to #select-form by their form attribute) get one decision.
"use strict";

(() => {
  let current = null;
  const rows = () => [...document.querySelectorAll(".review-row")];
  const focusRow = (row) => { if (row) { current = row; row.focus(); row.scrollIntoView({block: "nearest"}); } };

  document.addEventListener("focusin", (event) => {
    const row = event.target.closest && event.target.closest(".review-row");
    if (row) current = row;
  });

  document.addEventListener("keydown", (event) => {
    const t = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (t.matches && t.matches("input, textarea, select")) return;
    const list = rows();
    if (!list.length) return;
    if (current && !document.contains(current)) current = document.getElementById(current.id);
    const index = current ? list.indexOf(current) : -1;
    const press = (selector) => { if (current) { const b = current.querySelector(selector); if (b) { event.preventDefault(); b.click(); } } };
    switch (event.key) {
      case "j": event.preventDefault(); focusRow(list[Math.min(index + 1, list.length - 1)]); break;
      case "k": event.preventDefault(); focusRow(list[Math.max(index - 1, 0)]); break;
      case "a": press("button.accept"); break;
      case "r": press("button.reject"); break;
      case "n": press("button.needs"); break;
      case "x":
        if (current) { const box = current.querySelector("input.pick"); if (box) { event.preventDefault(); box.checked = !box.checked; box.dispatchEvent(new Event("change", {bubbles: true})); } }
        break;
      case "e":
        if (current) { event.preventDefault(); const d = current.querySelector("details.correct"); d.open = true; d.querySelector("select").focus(); }
        break;
      default:
    }
  });

  // Selection: count, "all on this page", "all versions of this span".
  const picks = () => [...document.querySelectorAll("input.pick")];
  function countSelected() {
    const boxes = picks();
    const checked = boxes.filter((b) => b.checked).length;
    const count = document.querySelector("#select-form [data-picked-count]");
    if (count) count.textContent = checked ? `${checked} selected` : "None selected";
    const page = document.getElementById("select-page");
    if (page) { page.checked = boxes.length > 0 && checked === boxes.length; page.indeterminate = checked > 0 && checked < boxes.length; }
  }
  document.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement)) return;
    if (box.matches("[data-pick-page]")) picks().forEach((b) => { b.checked = box.checked; });
    if (box.matches("[data-select-group]")) box.closest(".span-group-wrap").querySelectorAll("input.pick").forEach((b) => { b.checked = box.checked; });
    if (box.matches("input.pick, [data-pick-page], [data-select-group]")) countSelected();
  });
  document.body.addEventListener("htmx:afterSettle", countSelected);

  // After a decision the row is re-rendered: keep the focus on it so the next key works.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const row = event.detail.target && event.detail.target.id && document.getElementById(event.detail.target.id);
    if (row && row.classList.contains("review-row")) focusRow(row);
  });
})();
