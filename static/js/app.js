/* Kompeten Medan: behaviour shared by every page. No inline scripts (CSP).
 *
 * Charts: <canvas data-chart="bar|line|pie|doughnut" data-chart-source="ID">
 * where ID is the id of a {{ data|json_script:"ID" }} element holding a
 * Chart.js `data` object ({labels, datasets}); optional data-chart-options="ID2".
 * Chart.js is loaded by pages that draw charts ({% static 'vendor/chart.js/chart.umd.js' %}).
 */
(function () {
  "use strict";

  function readJson(id) {
    var el = id && document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function drawCharts(root) {
    if (typeof window.Chart === "undefined") return;
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.chartDrawn) return;
      var data = readJson(canvas.dataset.chartSource);
      if (!data) return;
      var options = readJson(canvas.dataset.chartOptions) || {};
      options.responsive = true;
      options.maintainAspectRatio = false;
      // Numbers on axes and tooltips in the page's language ("3,05" in Indonesian),
      // like the figures Django formats beside the chart.
      options.locale = options.locale || document.documentElement.lang || "id";
      new window.Chart(canvas, { type: canvas.dataset.chart, data: data, options: options });
      canvas.dataset.chartDrawn = "1";
    });
  }

  // Polls a progress URL (JSON {percent, done, message}) for elements with data-progress-url.
  function watchProgress(root) {
    root.querySelectorAll("[data-progress-url]").forEach(function (box) {
      if (box.dataset.progressWatching) return;
      box.dataset.progressWatching = "1";
      var bar = box.querySelector(".progress-bar");
      var label = box.querySelector("[data-progress-label]");
      function tick() {
        fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" } })
          .then(function (r) { return r.json(); })
          .then(function (state) {
            var pct = Math.max(0, Math.min(100, state.percent || 0));
            if (bar) { bar.style.width = pct + "%"; bar.setAttribute("aria-valuenow", pct); bar.textContent = pct + "%"; }
            if (label && state.message) label.textContent = state.message;
            if (state.done) {
              if (box.dataset.progressDoneUrl) window.location.assign(box.dataset.progressDoneUrl);
            } else {
              window.setTimeout(tick, 1000);
            }
          })
          .catch(function () { window.setTimeout(tick, 3000); });
      }
      tick();
    });
  }

  function init(root) {
    drawCharts(root);
    watchProgress(root);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (evt) { init(evt.target); });
})();
