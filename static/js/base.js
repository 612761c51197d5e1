// Small behaviours every page shares. No inline script anywhere (CSP).
"use strict";

// Buttons and forms that ask first: <form data-confirm="Really?">.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
}, true);

// htmx errors that no partial handles get a visible message instead of silence.
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr ? event.detail.xhr.status : 0;
  const box = document.getElementById("global-error") || document.body.appendChild(Object.assign(document.createElement("div"), {id: "global-error", className: "alert global-error", role: "alert"}));
  box.textContent = status === 403 ? "You are not allowed to do that." : status === 503 ? "The database is unavailable; try again in a moment." : `The server could not do that (error ${status}). Try again.`;
});
document.addEventListener("htmx:sendError", () => {
  const box = document.getElementById("global-error") || document.body.appendChild(Object.assign(document.createElement("div"), {id: "global-error", className: "alert global-error", role: "alert"}));
  box.textContent = "The server could not be reached. Check your connection and try again.";
});

// Selecting rows of a list for one action (the article list): a form with `data-select-page`
// (every row of this page), `data-select-all` (every match, also beyond this page) and
// `data-selection-count`. Delegated, so it keeps working after htmx swaps the list.
function selectionUpdate(form) {
  const rows = [...form.querySelectorAll('input[name="article"]')];
  const checked = rows.filter((box) => box.checked).length;
  const all = form.querySelector("[data-select-all]");
  const page = form.querySelector("[data-select-page]");
  if (page) {
    page.checked = rows.length > 0 && checked === rows.length;
    page.indeterminate = checked > 0 && checked < rows.length;
  }
  const count = form.querySelector("[data-selection-count]");
  if (count) {
    count.textContent = all && all.checked ? `All ${all.dataset.selectAll} matching selected`
      : checked ? `${checked} selected` : "None selected";
  }
}
document.addEventListener("change", (event) => {
  const box = event.target;
  const form = box instanceof HTMLInputElement ? box.form : null;
  if (!form || !form.querySelector("[data-selection-count]")) return;
  if (box.matches("[data-select-page]")) {
    form.querySelectorAll('input[name="article"]').forEach((row) => { row.checked = box.checked; });
  } else if (box.name === "article" && !box.checked) {
    const all = form.querySelector("[data-select-all]");
    if (all) all.checked = false;  // unticking a row means "not every match" any more
  } else if (box.matches("[data-select-all]") && box.checked) {
    form.querySelectorAll('input[name="article"]').forEach((row) => { row.checked = true; });
  }
  selectionUpdate(form);
});
function selectionInit(root) {
  root.querySelectorAll("[data-select-page]").forEach((box) => { box.hidden = false; });  // needs this script
}
document.addEventListener("DOMContentLoaded", () => selectionInit(document));
document.addEventListener("htmx:afterSettle", (event) => selectionInit(event.target));
