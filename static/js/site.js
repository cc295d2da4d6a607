// Serverless Pattern Explorer: the little that htmx does not do.
// Today that is moving focus to the results after a filter change, for keyboard users.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "results" && document.activeElement === document.body) {
      target.focus({ preventScroll: true });
    }
  });
})();
