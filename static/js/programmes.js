// Dynamic formsets for plans of activities: "Add an activity" clones the empty form (<template>)
// and renumbers it. No inline scripts (CSP script-src 'self').
(function () {
  "use strict";
  document.querySelectorAll("form[data-formset]").forEach(function (form) {
    var prefix = form.getAttribute("data-formset");
    var total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var rows = form.querySelector("[data-formset-rows]");
    var empty = form.querySelector("template[data-formset-empty]");
    var add = form.querySelector("[data-formset-add]");
    if (!total || !rows || !empty || !add) {
      return;
    }
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = empty.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = rows.lastElementChild.querySelector("select, input:not([type=hidden])");
      if (first) {
        first.focus();
      }
    });
  });
})();
