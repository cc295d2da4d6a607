"""What a visitor's browser sees of each pattern page: layout, update latency, bytes, history.

Run from the repository root: `python bench/browser.py [--base-url URL] [--runs N]`.
Without --base-url it starts the production configuration itself (bench/production_server.py:
a temporary SQLite database, migrate, load_content, collectstatic, gunicorn with DEBUG=false on
a free loopback port). Playwright drives Debian's Chromium (/usr/bin/chromium, or
CHROMIUM_PATH); it never downloads a browser. For every pattern (slugs from /api/patterns) it
prints:

- offsets: how far from the top of the page (CSS px, getBoundingClientRect().top + scrollY)
  the parameter form, the diagram, the summary's total (the explorer's first line, sticky on a
  phone) and the estimate card's total start, at 1440x900 and 375x812 ("-": the element is
  missing);
- updates: 1 + N committed changes of the first numeric parameter (input then change, as
  leaving the box or pressing Enter does; typing alone waits a 300 ms pause by design), each
  timed to the first frame after htmx:afterSettle: the first apart (it may meet a cold
  server worker), then the median and max of the others, the longest main-thread
  task seen during the updates (PerformanceObserver 'longtask', 0 if none over 50 ms) and
  the bytes each update transferred;
- transfer: the encoded bytes of one page load with an empty cache (the document, and every
  request of the load), as Chromium's network layer counts them (CDP Network.loadingFinished
  encodedDataLength: headers and the gzipped body as they came over the wire);
- history: history.length before the updates, after them, and after one drag of the first
  slider across about 8 steps.

It prints figures and asserts nothing about them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from playwright.sync_api import Browser, CDPSession, Page, sync_playwright
from production_server import production_server

# What the benchmark looks for; the explorer's markup may change, so every selector is here.
SELECTORS = {
    "form": "#parameters",
    "diagram": "#outputs figure.diagram, .diagram",
    "summary": "#summary-total",
    "total": "[data-testid=estimate-total]",
    # Today's number boxes are text inputs with inputmode (an <input type=number> also counts).
    "number": "#parameters input[type=number], #parameters input[inputmode=numeric], "
    "#parameters input[inputmode=decimal]",
    "slider": "#parameters input[type=range]",
}
OFFSET_TARGETS = ("form", "diagram", "summary", "total")
VIEWPORTS = {"1440x900": {"width": 1440, "height": 900}, "375x812": {"width": 375, "height": 812}}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]
# How long one update may take before it counts as lost (an htmx error swaps nothing).
SETTLE_TIMEOUT_MS = 15_000
# After htmx settles: time for the last network events and any script the swap started.
SETTLE_GRACE_MS = 250

# Before any page script: every long task from the start (buffered), kept for the updates.
LONGTASK_OBSERVER = """
window.__benchLongTasks = [];
try {
  new PerformanceObserver(function (list) {
    list.getEntries().forEach(function (entry) {
      window.__benchLongTasks.push({start: entry.startTime, duration: entry.duration});
    });
  }).observe({type: "longtask", buffered: true});
} catch (error) {}
"""

OFFSETS = """
(selectors) => Object.fromEntries(Object.entries(selectors).map(([name, selector]) => {
  const element = document.querySelector(selector);
  return [name, element ? element.getBoundingClientRect().top + window.scrollY : null];
}))
"""

# Sets the number box to `value` and commits it as leaving the box or pressing Enter does (input,
# then change: the explorer sends at once; typing alone waits a 300 ms pause by design), then
# waits for htmx to settle and for the next frame to be painted; returns the milliseconds in
# between (null: no settle in time).
UPDATE = """
([selector, value, timeout]) => new Promise((resolve) => {
  const box = document.querySelector(selector);
  let timer = null;
  const settled = () => {
    clearTimeout(timer);
    requestAnimationFrame(() => setTimeout(() => resolve({ms: performance.now() - start, start: start}), 0));
  };
  document.addEventListener("htmx:afterSettle", settled, {once: true});
  timer = setTimeout(() => {
    document.removeEventListener("htmx:afterSettle", settled);
    resolve({ms: null, start: start});
  }, timeout);
  const start = performance.now();
  box.value = String(value);
  box.dispatchEvent(new Event("input", {bubbles: true}));
  box.dispatchEvent(new Event("change", {bubbles: true}));
})
"""

# The next value for the number box: about a tenth away, on its step, inside its bounds (read
# from the box, or from the slider that mirrors it: text boxes carry none).
NEXT_VALUE = """
(selector) => {
  const box = document.querySelector(selector);
  const slider = document.querySelector(`[data-slider-for="${box.id}"]`);
  const bound = (name) => box.getAttribute(name) || (slider && slider.getAttribute(name)) || "";
  const current = Number((box.value || bound("min") || "0").replace(/,/g, ""));
  const step = Number(bound("step")) > 0 ? Number(bound("step")) : 1;
  const max = bound("max") === "" ? Infinity : Number(bound("max"));
  const min = bound("min") === "" ? -Infinity : Number(bound("min"));
  const delta = step * Math.max(1, Math.round(Math.abs(current) / step / 10));
  let value = current + delta;
  if (value > max) value = current - delta;
  if (value < min) value = min;
  return {name: box.name, value: Number(value.toFixed(6))};
}
"""

# Kept on window, awaited later: the next htmx:afterSettle (false: none in time).
NEXT_SETTLE = """
(timeout) => {
  window.__benchSettled = new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeout);
    document.addEventListener("htmx:afterSettle", () => { clearTimeout(timer); resolve(true); }, {once: true});
  });
}
"""


class NetworkLog:
    """Every request Chromium finished on one page, with its type and encoded bytes (CDP)."""

    def __init__(self, session: CDPSession) -> None:
        self.types: dict[str, str] = {}
        self.finished: list[tuple[str, int]] = []
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.loadingFinished", self._finished)
        session.send("Network.enable")
        # An empty cache for every load, as a first visit has.
        session.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def _sent(self, event: dict[str, Any]) -> None:
        self.types[event["requestId"]] = event.get("type", "Other")

    def _finished(self, event: dict[str, Any]) -> None:
        self.finished.append((event["requestId"], int(event["encodedDataLength"])))

    def mark(self) -> int:
        return len(self.finished)

    def since(self, mark: int) -> list[tuple[str, int]]:
        return [(self.types.get(request, "Other"), size) for request, size in self.finished[mark:]]


@dataclass
class PatternFigures:
    slug: str
    offsets: dict[str, dict[str, float | None]] = field(default_factory=dict)
    parameter: str = "-"
    first_update: float | None = None  # the first update may meet a cold server worker
    latencies: list[float] = field(default_factory=list)
    lost_updates: int = 0
    longest_task: float = 0.0
    update_bytes: list[int] = field(default_factory=list)
    document_bytes: int = 0
    total_bytes: int = 0
    requests: int = 0
    history: list[int | None] = field(default_factory=list)
    drag: str = "-"


@contextmanager
def open_page(
    browser: Browser, viewport: dict[str, int], *, mobile: bool
) -> Iterator[tuple[Page, NetworkLog]]:
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
    try:
        page = context.new_page()
        page.add_init_script(LONGTASK_OBSERVER)
        yield page, NetworkLog(context.new_cdp_session(page))
    finally:
        context.close()


def load(page: Page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")


def measure_offsets(browser: Browser, url: str, figures: PatternFigures) -> None:
    targets = {name: SELECTORS[name] for name in OFFSET_TARGETS}
    for label, viewport in VIEWPORTS.items():
        with open_page(browser, viewport, mobile=viewport["width"] < 800) as (page, _):
            load(page, url)
            figures.offsets[label] = page.evaluate(OFFSETS, targets)


def measure_updates(browser: Browser, url: str, runs: int, figures: PatternFigures) -> None:
    with open_page(browser, VIEWPORTS["1440x900"], mobile=False) as (page, network):
        mark = network.mark()
        load(page, url)
        loaded = network.since(mark)
        figures.document_bytes = sum(size for kind, size in loaded if kind == "Document")
        figures.total_bytes = sum(size for _, size in loaded)
        figures.requests = len(loaded)

        figures.history.append(page.evaluate("history.length"))
        if page.query_selector(SELECTORS["number"]) is None:
            figures.history += [None, None]
            return
        first_start: float | None = None
        for run in range(runs + 1):
            target = page.evaluate(NEXT_VALUE, SELECTORS["number"])
            figures.parameter = target["name"]
            mark = network.mark()
            result = page.evaluate(UPDATE, [SELECTORS["number"], target["value"], SETTLE_TIMEOUT_MS])
            page.wait_for_timeout(SETTLE_GRACE_MS)
            first_start = result["start"] if first_start is None else first_start
            if result["ms"] is None:
                figures.lost_updates += 1
                continue
            if run == 0:
                figures.first_update = result["ms"]
                continue
            figures.latencies.append(result["ms"])
            figures.update_bytes.append(sum(size for _, size in network.since(mark)))
        tasks = page.evaluate("window.__benchLongTasks")
        during = [
            task["duration"] for task in tasks if first_start is not None and task["start"] >= first_start
        ]
        figures.longest_task = max(during, default=0.0)
        figures.history.append(page.evaluate("history.length"))
        dragged, figures.drag = drag_slider(page)
        figures.history.append(dragged)


def drag_slider(page: Page) -> tuple[int | None, str]:
    """Drags the first visible slider with the mouse from 30% to 70% of its width in 8 moves,
    waits for the update, and returns history.length and what happened ("-": no slider)."""
    slider = page.query_selector(SELECTORS["slider"])
    if slider is None or not slider.is_visible():
        return None, "-"
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    if box is None:
        return None, "-"
    name = slider.get_attribute("data-slider-for") or "?"
    y = box["y"] + box["height"] / 2
    page.evaluate(NEXT_SETTLE, SETTLE_TIMEOUT_MS)
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    start = slider.input_value()
    for step in range(1, 9):
        page.mouse.move(box["x"] + box["width"] * (0.3 + 0.05 * step), y, steps=2)
        page.wait_for_timeout(60)
    page.mouse.up()
    end = slider.input_value()
    settled = page.evaluate("window.__benchSettled")
    page.wait_for_timeout(SETTLE_GRACE_MS)
    page.wait_for_load_state("networkidle")
    parameter = name.removeprefix("param-")
    error = page.evaluate(
        "(id) => { const p = document.getElementById(id); return p ? p.textContent.trim() : ''; }",
        f"error-{parameter}",
    )
    what = f"{parameter} {start} -> {end}" + ("" if settled else ", nothing settled")
    what += f", refused: {error}" if error else ""
    return int(page.evaluate("history.length")), what


def pattern_slugs(base_url: str) -> list[str]:
    with urllib.request.urlopen(f"{base_url}/api/patterns", timeout=30) as response:
        return [pattern["slug"] for pattern in json.load(response)["patterns"]]


def cell(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def kb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1024:.1f}"


def print_tables(results: list[PatternFigures], runs: int) -> None:
    width = max(len("pattern"), *(len(figures.slug) for figures in results))
    print("\nOffsets from the top of the page, px (form / diagram / summary total / estimate card total)")
    print(f"{'pattern':<{width}}  " + "  ".join(f"{label:>26}" for label in VIEWPORTS))
    for figures in results:
        columns = [
            " / ".join(cell(figures.offsets.get(label, {}).get(name)) for name in OFFSET_TARGETS)
            for label in VIEWPORTS
        ]
        print(f"{figures.slug:<{width}}  " + "  ".join(f"{column:>26}" for column in columns))

    print(
        f"\nUpdates: 1 + {runs} committed changes of the first number box (input + change, as leaving"
        " the box does), from the change to the first frame after htmx:afterSettle. first_ms: the"
        " first update, which may meet a cold server worker; median and max: the next ones; KB:"
        " the update and the open tab's code loaded after it"
    )
    print(
        f"{'pattern':<{width}}  {'parameter':<28} {'first_ms':>8} {'median_ms':>9} {'max_ms':>8} {'lost':>4}"
        f" {'longtask_ms':>11} {'KB/update':>9}"
    )
    for figures in results:
        latencies = figures.latencies
        print(
            f"{figures.slug:<{width}}  {figures.parameter:<28} {cell(figures.first_update):>8}"
            f" {cell(statistics.median(latencies) if latencies else None):>9}"
            f" {cell(max(latencies) if latencies else None):>8} {figures.lost_updates:>4}"
            f" {cell(figures.longest_task):>11}"
            f" {kb(int(statistics.median(figures.update_bytes)) if figures.update_bytes else None):>9}"
        )

    print("\nTransfer of one page load, empty cache (encoded bytes, headers included)")
    print(f"{'pattern':<{width}}  {'document_KB':>11} {'total_KB':>9} {'requests':>8}")
    for figures in results:
        print(
            f"{figures.slug:<{width}}  {kb(figures.document_bytes):>11} {kb(figures.total_bytes):>9}"
            f" {figures.requests:>8}"
        )

    print("\nhistory.length: on load, after the updates, after one slider drag")
    print(f"{'pattern':<{width}}  {'load':>5} {'updates':>8} {'drag':>5}  slider dragged")
    for figures in results:
        before, after, dragged = [*figures.history, None, None, None][:3]
        print(
            f"{figures.slug:<{width}}  {cell(before):>5} {cell(after):>8} {cell(dragged):>5}  {figures.drag}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running server; without it the production one is started")
    parser.add_argument("--runs", type=int, default=7, help="parameter updates per pattern (default 7)")
    parser.add_argument("--pattern", action="append", help="only this slug (repeatable)")
    args = parser.parse_args()

    server = nullcontext(args.base_url.rstrip("/")) if args.base_url else production_server()
    with server as base_url, sync_playwright() as playwright:
        slugs = args.pattern or pattern_slugs(base_url)
        print(f"{base_url}: {len(slugs)} patterns, {args.runs} updates each; Chromium {CHROMIUM}")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = []
        try:
            for slug in slugs:
                url = f"{base_url}/patterns/{slug}/"
                figures = PatternFigures(slug)
                measure_offsets(browser, url, figures)
                measure_updates(browser, url, args.runs, figures)
                results.append(figures)
                print(f"  {slug}: done", file=sys.stderr)
        finally:
            browser.close()
        print_tables(results, args.runs)


if __name__ == "__main__":
    main()
