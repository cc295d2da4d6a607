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

  // Diagram selection: a first click on a component highlights its cost lines (and its
  // snippet lines); a second click on the same component follows the link to its page.
  // Without JavaScript, or with a modifier key, the link simply opens.
  var selectedNode = null;

  function applySelection() {
    document.querySelectorAll(".is-selected").forEach(function (element) {
      element.classList.remove("is-selected");
    });
    var bar = document.getElementById("selection");
    // The page holds the diagram in several layouts; every one shows the selection.
    var nodes = selectedNode ? ["node-", "compact-node-", "narrow-node-"].map(function (prefix) {
      return document.getElementById(prefix + selectedNode);
    }).filter(Boolean) : [];
    var node = nodes[0];
    if (!node) {
      selectedNode = null;
      if (bar) {
        bar.hidden = true;
      }
      return;
    }
    nodes.forEach(function (each) {
      each.classList.add("is-selected");
    });
    var link = node.querySelector("a");
    var href = link ? link.getAttribute("xlink:href") || link.getAttribute("href") : "";
    var related = document.querySelectorAll('[data-node="' + selectedNode + '"]');
    related.forEach(function (element) {
      element.classList.add("is-selected");
    });
    if (!bar) {
      return;
    }
    var title = node.querySelector("title");
    bar.textContent = "";
    var text = document.createElement("span");
    text.textContent = (title ? title.textContent.split(":")[0] : selectedNode) + ": " +
      related.length + " highlighted line" + (related.length === 1 ? "" : "s") + ". ";
    bar.appendChild(text);
    if (href) {
      var open = document.createElement("a");
      open.href = href;
      open.textContent = "Open the component page";
      bar.appendChild(open);
    }
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "button button--quiet button--small";
    clear.textContent = "Clear";
    clear.addEventListener("click", function () {
      selectedNode = null;
      applySelection();
    });
    bar.appendChild(clear);
    bar.hidden = false;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("#outputs svg a");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var node = link.closest("g.node");
    if (!node || !node.id) {
      return;
    }
    var nodeId = node.id.replace(/^(compact-|narrow-)?node-/, "");
    if (selectedNode === nodeId) {
      return; // second click: follow the link
    }
    event.preventDefault();
    selectedNode = nodeId;
    applySelection();
  });

  document.addEventListener("htmx:afterSwap", applySelection);

  // Snippet tabs: without JavaScript every format is shown one after another; with it,
  // one tab at a time, chosen by click or arrow keys, and kept across htmx updates.
  var chosenTab = null;

  function selectTab(container, name, focus) {
    var tabs = container.querySelectorAll("[role=tab]");
    var found = Array.prototype.some.call(tabs, function (tab) {
      return tab.dataset.tab === name;
    });
    if (!found && tabs.length) {
      name = tabs[0].dataset.tab;
    }
    tabs.forEach(function (tab) {
      var selected = tab.dataset.tab === name;
      tab.setAttribute("aria-selected", selected ? "true" : "false");
      tab.tabIndex = selected ? 0 : -1;
      if (selected && focus) {
        tab.focus();
      }
    });
    container.querySelectorAll("[role=tabpanel]").forEach(function (panel) {
      panel.hidden = panel.dataset.panel !== name;
    });
  }

  function setUpTabs() {
    document.querySelectorAll("[data-tabs]").forEach(function (container) {
      container.querySelector("[role=tablist]").hidden = false;
      container.setAttribute("data-tabs-ready", "");
      selectTab(container, chosenTab, false);
    });
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = !navigator.clipboard;
    });
  }

  document.addEventListener("click", function (event) {
    var tab = event.target.closest("[data-tabs] [role=tab]");
    if (tab) {
      chosenTab = tab.dataset.tab;
      selectTab(tab.closest("[data-tabs]"), chosenTab, false);
      return;
    }
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var code = document.getElementById(copy.dataset.copy);
      navigator.clipboard.writeText(code.innerText).then(function () {
        copy.textContent = "Copied";
        window.setTimeout(function () {
          copy.textContent = "Copy";
        }, 2000);
      });
    }
  });

  document.addEventListener("keydown", function (event) {
    var tab = event.target.closest("[data-tabs] [role=tab]");
    if (!tab || (event.key !== "ArrowRight" && event.key !== "ArrowLeft")) {
      return;
    }
    var tabs = Array.prototype.slice.call(tab.parentNode.querySelectorAll("[role=tab]"));
    var step = event.key === "ArrowRight" ? 1 : -1;
    var next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
    chosenTab = next.dataset.tab;
    selectTab(tab.closest("[data-tabs]"), chosenTab, true);
    event.preventDefault();
  });

  // Sliders mirror their number box: moving one updates the other, and only the box
  // (which has the name) is sent, so htmx sees one change.
  function setUpSliders() {
    document.querySelectorAll("[data-slider-for]").forEach(function (slider) {
      var box = document.getElementById(slider.dataset.sliderFor);
      if (!box || slider.dataset.ready) {
        return;
      }
      slider.dataset.ready = "1";
      slider.hidden = false;
      slider.addEventListener("input", function (event) {
        event.stopPropagation();
        box.value = slider.value;
        box.dispatchEvent(new Event("input", { bubbles: true }));
      });
      slider.addEventListener("change", function (event) {
        event.stopPropagation();
      });
      box.addEventListener("input", function () {
        if (box.value !== "" && !isNaN(Number(box.value))) {
          slider.value = box.value;
        }
      });
    });
  }

  // The configuration comparison marks the rows where B differs from A as values change.
  function markDifference(event) {
    var row = event.target.closest(".compare-configs tbody tr");
    if (!row) {
      return;
    }
    var controls = row.querySelectorAll("input, select");
    if (controls.length === 2) {
      row.classList.toggle("is-different", controls[0].value.trim() !== controls[1].value.trim());
    }
  }

  document.addEventListener("input", markDifference);
  document.addEventListener("change", markDifference);
  document.addEventListener("DOMContentLoaded", setUpSliders);
  document.addEventListener("DOMContentLoaded", setUpTabs);
  document.addEventListener("htmx:afterSwap", setUpTabs);
})();
