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
