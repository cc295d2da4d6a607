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
    // The selection marks the open tab's lines too: fetch its code now if it is not drawn yet.
    var openPanel = document.querySelector("[data-tabs] [role=tabpanel]:not([hidden])");
    if (openPanel && isStale(openPanel)) {
      loadCode(openPanel);
    }
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
      var closed = panel.dataset.panel !== name;
      if (panel.hidden !== closed) {
        panel.hidden = closed;
      }
      panel.classList.toggle("tabs__panel--closed", closed);
      if (!panel.hidden) {
        drawCode(panel);
      }
    });
  }

  // The open tab's code for the configuration in effect: a panel names its code's address
  // (data-code-url), its code box the address it was drawn from (data-drawn-url). An update
  // keeps the old code in place, dimmed, until the new code arrives; an answer that is no
  // longer wanted (the configuration moved on meanwhile) is dropped. The code is fetched
  // when its box comes near the screen (or Copy needs it), not while the diagram and the
  // estimate are being updated: thousands of highlighted spans are parsed only when seen.
  function isStale(panel) {
    var code = panel.querySelector(".snippet-code");
    return Boolean(code && panel.dataset.codeUrl && code.dataset.drawnUrl !== panel.dataset.codeUrl);
  }

  var codeInSight = window.IntersectionObserver
    ? new window.IntersectionObserver(
        function (entries) {
          entries.forEach(function (entry) {
            var panel = entry.target.closest("[role=tabpanel]");
            if (entry.isIntersecting && panel && !panel.hidden) {
              codeInSight.unobserve(entry.target);
              loadCode(panel);
            }
          });
        },
        { rootMargin: "400px 0px" }
      )
    : null;

  function drawCode(panel) {
    var code = panel.querySelector(".snippet-code");
    if (!isStale(panel)) {
      return;
    }
    code.setAttribute("aria-busy", "true");
    if (codeInSight) {
      codeInSight.observe(code); // loads now if in sight, else once it nears the screen
    } else {
      loadCode(panel);
    }
  }

  function loadCode(panel) {
    var code = panel.querySelector(".snippet-code");
    var url = panel.dataset.codeUrl;
    if (!isStale(panel)) {
      return Promise.resolve();
    }
    if (code.dataset.loadingUrl === url && code.loading) {
      return code.loading;
    }
    code.dataset.loadingUrl = url;
    code.setAttribute("aria-busy", "true");
    code.loading = fetch(url, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        if (code.dataset.loadingUrl !== url) {
          return;
        }
        code.innerHTML = html;
        code.dataset.drawnUrl = url;
        code.classList.remove("snippet-code--pending");
        applySelection();
      })
      .catch(function () {
        if (code.dataset.loadingUrl === url) {
          code.innerHTML = '<p class="muted">This file could not be drawn; Download still saves it.</p>';
        }
      })
      .finally(function () {
        if (code.dataset.loadingUrl === url) {
          delete code.dataset.loadingUrl;
          code.loading = null;
          code.removeAttribute("aria-busy");
        }
      });
    return code.loading;
  }

  function setUpTabs() {
    document.querySelectorAll("[data-tabs]").forEach(function (container) {
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
      var panel = code.closest("[role=tabpanel]");
      (panel ? loadCode(panel) : Promise.resolve())
        .then(function () {
          return navigator.clipboard.writeText(code.innerText);
        })
        .then(function () {
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

  // ---------- The explorer: when to update, the address, the summary, the busy state ----------
  // A value is committed at once from a slider, a box to tick or a menu, and after a short
  // pause while typing. The same form twice in a row is never sent twice. Each committed
  // change is one history entry; while a slider moves the entry is replaced, not added. Back
  // and Forward ask the server for the whole explorer (form and outputs) at that address, so
  // the form always matches the address and the outputs.
  var TYPING_PAUSE_MS = 300;
  // Numbers are grouped here rather than by Intl.NumberFormat: making one loads the locale
  // data, which cost about 85 ms of every page's set-up, explorer or not, under 4x CPU
  // throttling (Chromium's profiler), for a few labels in en-US style.
  function grouped(number) {
    var parts = String(number).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }
  var lastSent = null;
  var typingTimer = null;
  var gesture = null; // {slider, pushed} from a slider's first move until another control commits
  var pendingChange = "";
  var totalBefore = "";

  function explorerForm() {
    return document.getElementById("parameters");
  }

  function formQuery(form) {
    return new URLSearchParams(new FormData(form)).toString();
  }

  function plainNumber(text) {
    return Number(String(text).replace(/[,_\s]/g, ""));
  }

  function describeControl(control) {
    var param = control.closest(".param");
    var label = param && param.querySelector(".param__label, .param__toggle span");
    var name = label ? label.firstChild.textContent.trim() : control.name;
    var unit = param && param.querySelector(".param__unit");
    if (control.type === "checkbox") {
      return name + ": " + (control.checked ? "on" : "off");
    }
    if (control.tagName === "SELECT") {
      return name + ": " + control.options[control.selectedIndex].text;
    }
    return name + ": " + control.value.trim() + (unit ? " " + unit.textContent.trim() : "");
  }

  function commit(form, control, fromSlider) {
    window.clearTimeout(typingTimer);
    if (!window.htmx) {
      return;
    }
    var query = formQuery(form);
    if (query === lastSent) {
      return;
    }
    lastSent = query;
    if (!fromSlider) {
      gesture = null; // another control's change is a new history entry
    }
    pendingChange = control ? describeControl(control) : "";
    var total = document.getElementById("summary-total");
    totalBefore = total ? total.dataset.total : "";
    window.htmx.trigger(form, "explore");
  }

  function dollars(amount) {
    return (amount < 0 ? "-$" : "$") + grouped(Math.abs(amount).toFixed(2));
  }

  function showChange(text) {
    var change = document.getElementById("summary-change");
    if (change) {
      change.textContent = text;
    }
  }

  function describeUpdate() {
    var total = document.getElementById("summary-total");
    var after = total ? total.dataset.total : "";
    var parts = pendingChange ? [pendingChange] : [];
    if (after !== "" && totalBefore !== "") {
      var delta = Math.round((Number(after) - Number(totalBefore)) * 100) / 100;
      parts.push(delta === 0 ? "cost unchanged" : (delta > 0 ? "+" : "−") + dollars(Math.abs(delta)) + " a month");
    }
    showChange(parts.join(" · "));
  }

  function keepAddress() {
    var outputs = document.getElementById("outputs");
    var url = outputs && outputs.dataset.url;
    if (!url || url === location.pathname + location.search) {
      return;
    }
    if (gesture && gesture.pushed) {
      history.replaceState({ explorer: url }, "", url);
    } else {
      history.pushState({ explorer: url }, "", url);
      if (gesture) {
        gesture.pushed = true;
      }
    }
  }

  document.addEventListener("input", function (event) {
    var control = event.target;
    var form = control.form;
    if (!form || form.id !== "parameters" || control.type === "range") {
      return;
    }
    if (control.type === "text") {
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(function () {
        commit(form, control);
      }, TYPING_PAUSE_MS);
    }
  });

  document.addEventListener("change", function (event) {
    var control = event.target;
    var form = control.form;
    if (!form || form.id !== "parameters") {
      return;
    }
    if (control.type === "range") {
      return; // the slider commits as it moves (see setUpSliders)
    }
    commit(form, control);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id !== "parameters" || !window.htmx) {
      return;
    }
    event.preventDefault();
    var focused = document.activeElement;
    commit(form, focused && focused.form === form && focused.name ? focused : null);
  });

  function isExplorerRequest(elt) {
    return Boolean(elt) && (elt.id === "parameters" || elt.id === "explorer");
  }

  // The diagram container's width (CSS px): an update then carries only the layout it shows.
  function diagramWidth() {
    var canvas = document.querySelector("#outputs .diagram__canvas");
    if (!canvas) {
      return 0;
    }
    var style = window.getComputedStyle(canvas);
    return Math.floor(canvas.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
  }

  document.addEventListener("htmx:configRequest", function (event) {
    if (isExplorerRequest(event.detail.elt)) {
      var open = document.querySelector("#snippets [role=tab][aria-selected=true]");
      if (open) {
        event.detail.headers["X-Snippet-Tab"] = open.dataset.tab;
      }
      var width = diagramWidth();
      if (width > 0) {
        event.detail.headers["X-Diagram-Width"] = String(width);
      }
    }
  });

  // When the page holds one layout and its container leaves the widths that layout was
  // chosen for (a rotated phone, a resized window), the same configuration is asked for again.
  function isRedraw(event) {
    var config = event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    return Boolean(trigger && trigger.detail && trigger.detail.redraw);
  }

  // One observer for the page, watching the canvas of the latest update only (an observer
  // per update would keep every replaced canvas alive).
  var diagramWatcher = null;

  function watchDiagram() {
    var canvas = document.querySelector("#outputs .diagram__canvas[data-shown-from]");
    if (!canvas || !window.ResizeObserver || canvas.dataset.watched) {
      return;
    }
    canvas.dataset.watched = "true";
    if (diagramWatcher) {
      diagramWatcher.disconnect();
    }
    diagramWatcher = new window.ResizeObserver(function () {
      var width = diagramWidth();
      var from = Number(canvas.dataset.shownFrom);
      var below = canvas.dataset.shownBelow ? Number(canvas.dataset.shownBelow) : Infinity;
      var form = explorerForm();
      if (!canvas.isConnected || canvas.dataset.redrawing || !form || width <= 0 || (width >= from && width < below)) {
        return;
      }
      canvas.dataset.redrawing = "true";
      window.htmx.trigger(form, "explore", { redraw: true });
    });
    diagramWatcher.observe(canvas);
  }

  document.addEventListener("htmx:afterSettle", watchDiagram);

  document.addEventListener("htmx:beforeRequest", function (event) {
    var outputs = document.getElementById("outputs");
    if (outputs && isExplorerRequest(event.detail.elt)) {
      outputs.setAttribute("aria-busy", "true");
    }
  });

  // An update carries only the field errors there are (out of band); the old ones go first.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = explorerForm();
    var config = event.detail.requestConfig; // the event's own elt is the target (#outputs)
    if (form && config && isExplorerRequest(config.elt) && event.detail.shouldSwap !== false) {
      form.querySelectorAll(".field__error").forEach(function (error) {
        if (error.textContent !== "") {
          error.textContent = "";
        }
      });
      // The old diagram goes in the same task, before the swap (nothing is painted between):
      // htmx fires an event for every element it cleans up, and a full page holds every
      // layout, some 1,000 SVG elements on saga, which made the first update's swap 100 ms.
      if (event.detail.xhr && event.detail.xhr.status === 200) {
        document.querySelectorAll("#outputs .diagram__canvas").forEach(function (canvas) {
          canvas.textContent = "";
        });
      }
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    if (!isExplorerRequest(elt)) {
      return;
    }
    var outputs = document.getElementById("outputs");
    if (outputs) {
      outputs.removeAttribute("aria-busy");
    }
    var form = explorerForm();
    if (!form) {
      return;
    }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (isRedraw(event)) {
      return; // a redraw for the container's new width: same configuration, same address
    }
    if (status === 200) {
      // In a task of their own: the swap's task already holds the parse and the swap, and
      // pushState costs some 10 ms in Chromium.
      window.setTimeout(function () {
        keepAddress();
        describeUpdate();
      }, 0);
    } else if (status === 400) {
      showChange((pendingChange ? pendingChange + ": " : "") + "not applied; the field says why.");
    }
  });

  function updateFailed(event) {
    if (isExplorerRequest(event.detail.elt)) {
      lastSent = null; // let the same values be sent again
      showChange("Could not update. The page still shows the last configuration; try again.");
    }
  }

  document.addEventListener("htmx:sendError", updateFailed);
  document.addEventListener("htmx:responseError", updateFailed);

  window.addEventListener("popstate", function () {
    var outputs = document.getElementById("outputs");
    if (!outputs || !window.htmx || outputs.dataset.url === location.pathname + location.search) {
      return; // not the explorer, or only the fragment changed
    }
    window.clearTimeout(typingTimer);
    gesture = null;
    pendingChange = "";
    showChange("");
    var open = document.querySelector("#snippets [role=tab][aria-selected=true]");
    window.htmx
      .ajax("GET", location.pathname + location.search, {
        target: "#explorer",
        swap: "outerHTML settle:0ms",
        headers: open ? { "X-Snippet-Tab": open.dataset.tab } : {},
      })
      .then(function () {
        var form = explorerForm();
        lastSent = form ? formQuery(form) : null;
        setUpSliders();
      });
  });

  // Sliders mirror their text box: moving one updates the other, and only the box (which
  // has the name) is sent. A slider with stops (Lambda's common memory sizes) steps
  // through them; the box still takes any value in range.
  function sliderStops(slider) {
    return slider.dataset.stops ? slider.dataset.stops.split(",").map(Number) : null;
  }

  function sliderValue(slider) {
    var stops = sliderStops(slider);
    return stops ? stops[Number(slider.value)] : Number(slider.value);
  }

  function placeSlider(slider, number) {
    var stops = sliderStops(slider);
    if (!stops) {
      slider.value = String(number);
    } else {
      var nearest = 0;
      stops.forEach(function (stop, index) {
        if (Math.abs(stop - number) < Math.abs(stops[nearest] - number)) {
          nearest = index;
        }
      });
      slider.value = String(nearest);
    }
    var unit = slider.dataset.unit ? " " + slider.dataset.unit : "";
    slider.setAttribute("aria-valuetext", grouped(sliderValue(slider)) + unit);
  }

  function setUpSliders() {
    document.querySelectorAll("[data-slider-for]").forEach(function (slider) {
      var box = document.getElementById(slider.dataset.sliderFor);
      if (!box || slider.dataset.ready) {
        return;
      }
      slider.dataset.ready = "1";
      placeSlider(slider, plainNumber(box.value));
      // One move of a slider is one history entry, however many updates it makes; a
      // response that arrives after the slider is let go still replaces that entry.
      slider.addEventListener("pointerdown", function () {
        gesture = { slider: slider, pushed: false };
      });
      slider.addEventListener("input", function () {
        var value = sliderValue(slider);
        box.value = Number.isInteger(value) ? grouped(value) : String(value);
        placeSlider(slider, value);
        if (!gesture || gesture.slider !== slider) {
          gesture = { slider: slider, pushed: false };
        }
        commit(box.form, box, true);
      });
      box.addEventListener("input", function () {
        var number = plainNumber(box.value);
        if (box.value.trim() !== "" && !isNaN(number)) {
          placeSlider(slider, number);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = explorerForm();
    if (form) {
      lastSent = formQuery(form);
    }
  });

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
