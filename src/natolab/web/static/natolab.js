/* natolab dashboard: draw the Vega-Lite charts and wire the map's year slider. */
"use strict";
window.natolabViews = {};

function natolabDraw() {
  document.querySelectorAll("[data-vega]").forEach(function (el) {
    var spec = JSON.parse(document.getElementById(el.dataset.vega).textContent);
    vegaEmbed(el, spec, { actions: false, renderer: "svg", loader: { target: "_self" } }).then(function (result) {
      window.natolabViews[el.id] = result.view;
      /* the container is role="img" with a label and the numbers are in the table beside it */
      var svg = el.querySelector("svg");
      if (svg) { svg.setAttribute("aria-hidden", "true"); }
      el.dataset.ready = "true";
    });
  });
}

function natolabSlider() {
  var slider = document.getElementById("year-slider");
  if (!slider) { return; }
  var output = document.getElementById("year-value");
  var measure = document.getElementById("measure-select");
  measure.addEventListener("change", function () { measure.form.submit(); });
  slider.addEventListener("input", function () {
    output.textContent = slider.value;
    var view = window.natolabViews.map;
    if (view) {
      view.signal("year", Number(slider.value)).runAsync().then(function () {
        document.getElementById("map").dataset.year = slider.value;
      });
    }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  natolabDraw();
  natolabSlider();
});
