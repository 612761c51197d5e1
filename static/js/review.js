// Review queue keys: j/k move between rows, a/r/n decide, e opens the correction form.
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
      case "e":
        if (current) { event.preventDefault(); const d = current.querySelector("details.correct"); d.open = true; d.querySelector("select").focus(); }
        break;
      default:
    }
  });

  // After a decision the row is re-rendered: keep the focus on it so the next key works.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const row = event.detail.target && event.detail.target.id && document.getElementById(event.detail.target.id);
    if (row && row.classList.contains("review-row")) focusRow(row);
  });
})();
