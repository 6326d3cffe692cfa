/* Scenarios page: draw the result charts that htmx swaps in when a job finishes.
   natolab.js draws the charts present at load; a finished job's fragment arrives later. */
"use strict";
document.addEventListener("htmx:afterSettle", function (event) {
  if (typeof window.natolabDraw === "function" && event.target.querySelector("[data-vega]")) {
    window.natolabDraw();
  }
});
