// The whole-pool draft: «select all» ticks every line that has a proposed mentor.
(function () {
  "use strict";
  var all = document.getElementById("accept-all");
  if (!all) return;
  all.addEventListener("change", function () {
    document.querySelectorAll("input.accept-line").forEach(function (box) { box.checked = all.checked; });
  });
})();
