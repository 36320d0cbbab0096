/* Feedback form: hide the contact fields for anonymous feedback; on a kiosk,
 * hide the thank-you note after a while and return to the top for the next visitor. */
(function () {
  "use strict";

  function syncPrivacy() {
    var box = document.getElementById("fb-contact");
    if (!box) return;
    var checked = document.querySelector("input[name='privacy']:checked");
    var anonymous = !checked || checked.value === "anonymous";
    // Keep it visible while it shows an error, so the person can fix it.
    box.hidden = anonymous && !box.querySelector(".is-invalid, .invalid-feedback");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[name='privacy']").forEach(function (input) {
      input.addEventListener("change", syncPrivacy);
    });
    syncPrivacy();

    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });

    var errors = document.getElementById("form-errors");
    if (errors) errors.focus();

    var done = document.getElementById("fb-done");
    if (done) {
      var seconds = parseInt(done.dataset.autohide || "20", 10);
      window.setTimeout(function () {
        done.hidden = true;
        window.scrollTo(0, 0);
      }, seconds * 1000);
    }
  });
})();
