/* Forms with data-confirm="question" ask before submitting (cancelling a
 * session, closing it, cancelling someone's seat). No inline scripts (CSP). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
})();
