// Serverless Pattern Explorer: the little that htmx does not do.
(function () {
  "use strict";

  // After a filter or chooser update, move focus to the results for keyboard users.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "results" && document.activeElement === document.body) {
      target.focus({ preventScroll: true });
    }
  });

  // Learning path: remember finished steps in this browser.
  var STORAGE_KEY = "spe-learn-done";

  function readDone() {
    try {
      return JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "[]");
    } catch (error) {
      return [];
    }
  }

  function showProgress() {
    var done = readDone();
    document.querySelectorAll("[data-learn-step]").forEach(function (step) {
      var isDone = done.indexOf(step.dataset.learnStep) !== -1;
      step.classList.toggle("learn-step--done", isDone);
      var box = step.querySelector("[data-learn-done]");
      if (box) {
        box.checked = isDone;
        box.closest("label").hidden = false;
      }
    });
    var counter = document.querySelector("[data-learn-count]");
    if (counter) {
      counter.textContent = String(done.length);
      counter.closest("[data-learn-progress]").hidden = false;
    }
  }

  document.addEventListener("change", function (event) {
    var box = event.target.closest("[data-learn-done]");
    if (!box) {
      return;
    }
    var done = readDone().filter(function (slug) {
      return slug !== box.dataset.learnDone;
    });
    if (box.checked) {
      done.push(box.dataset.learnDone);
    }
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(done));
    showProgress();
  });

  document.addEventListener("DOMContentLoaded", showProgress);
})();
