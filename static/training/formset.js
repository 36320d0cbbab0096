/* "Add a row" for Django formsets without inline scripts (CSP):
 * <fieldset data-formset="PREFIX"> holds the management form, a container
 * [data-formset-rows], a <template data-formset-template> with the empty form
 * (its fields named PREFIX-__prefix__-...) and a [data-formset-add] button. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) return;
    var box = button.closest("[data-formset]");
    var prefix = box.dataset.formset;
    var total = box.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = box.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) return;
    var html = box.querySelector("template[data-formset-template]").innerHTML.replace(/__prefix__/g, String(index));
    var rows = box.querySelector("[data-formset-rows]");
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = rows.lastElementChild && rows.lastElementChild.querySelector("select, input:not([type=hidden])");
    if (first) first.focus();
  });
})();
