/* Kiosk tablet: back to a blank form when the citizen walks away.
 * After data-idle-seconds without a touch, key press or scroll, a form that was
 * touched (or came back with errors) is replaced by a fresh one from
 * data-reset-url, so the next citizen never sees the previous one's answers. */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var kiosk = document.getElementById("fb-kiosk");
    if (!kiosk) return;
    var seconds = parseInt(kiosk.dataset.idleSeconds || "60", 10);
    if (!(seconds > 0)) return;
    var dirty = kiosk.dataset.pristine !== "true";
    var timer = null;

    function reset() {
      if (!dirty) return;
      var form = kiosk.querySelector("form");
      if (form) form.reset();
      window.location.replace(kiosk.dataset.resetUrl);
    }

    function activity(event) {
      if (event && (event.type === "input" || event.type === "change")) dirty = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(reset, seconds * 1000);
    }

    ["pointerdown", "keydown", "input", "change", "scroll", "touchstart"].forEach(function (name) {
      document.addEventListener(name, activity, { passive: true, capture: true });
    });
    activity();
  });
})();
