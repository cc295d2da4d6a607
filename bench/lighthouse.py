"""Lighthouse's mobile performance and accessibility scores for every page.

Run from the repository root, after `npm ci --prefix bench` (Lighthouse, pinned by
bench/package-lock.json): `python bench/lighthouse.py [--base-url URL] [--page PATH]`.
Without --base-url it starts the production configuration itself (bench/production_server.py),
as bench/browser.py does. Lighthouse drives Debian's Chromium (CHROME_PATH, default
/usr/bin/chromium) headless, with its default mobile emulation and simulated throttling
(a mid-range phone on a slow 4G connection), one run per page: the 8 pattern pages (slugs
from /api/patterns), the home page, a component page, the chooser and the comparison.

Prints, per page, the two scores (0-100), the metrics the performance score is made of
(first and largest contentful paint, total blocking time, cumulative layout shift) and the
ids of the accessibility audits that fail (see https://developer.chrome.com/docs/lighthouse/accessibility/).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.request
from contextlib import nullcontext
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from production_server import ROOT, production_server

LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
OTHER_PAGES = ["/", "/components/lambda/", "/choose/", "/compare/"]
# Audits that do not pass or fail: they show nothing, or need a person to check.
NOT_SCORED = {"notApplicable", "manual", "informative", "error"}
RUN_SECONDS = 180
ATTEMPTS = 3


def run_lighthouse(url: str) -> dict[str, Any]:
    """Lighthouse's report (its JSON result object) for one page. A run that fails to record
    its trace (NO_NAVSTART, NO_FCP: seen now and then on the heaviest pattern pages here) is
    run again, as Lighthouse's message asks, up to ATTEMPTS times."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--only-categories=performance,accessibility",
        "--form-factor=mobile",
        "--output=json",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    failure = ""
    for attempt in range(1, ATTEMPTS + 1):
        result = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": CHROME},
            capture_output=True,
            text=True,
            timeout=RUN_SECONDS,
            check=False,
        )
        if result.returncode == 0:
            report: dict[str, Any] = json.loads(result.stdout)
            if not report.get("runtimeError"):
                return report
            failure = report["runtimeError"].get("message", "runtime error")
        else:
            failure = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "no output"
        print(f"  {url}: attempt {attempt} failed: {failure}", file=sys.stderr)
    raise RuntimeError(f"lighthouse failed {ATTEMPTS} times: {failure}")


def score(report: dict[str, Any], category: str) -> str:
    value = report["categories"].get(category, {}).get("score")
    return "-" if value is None else f"{round(value * 100)}"


def metric(report: dict[str, Any], audit: str, scale: float, digits: int) -> str:
    value = report["audits"].get(audit, {}).get("numericValue")
    return "-" if value is None else f"{value / scale:.{digits}f}"


def accessibility_audits(report: dict[str, Any]) -> tuple[list[str], int]:
    """The ids of the accessibility audits that fail, and how many audits passed or failed
    (the others did not apply to the page or need a person)."""
    audits = report["audits"]
    failing = []
    scored = 0
    for ref in report["categories"].get("accessibility", {}).get("auditRefs", []):
        audit = audits.get(ref["id"], {})
        if audit.get("scoreDisplayMode") in NOT_SCORED or audit.get("score") is None:
            continue
        scored += 1
        if audit["score"] < 1:
            failing.append(ref["id"])
    return failing, scored


def pattern_paths(base_url: str) -> list[str]:
    with urllib.request.urlopen(f"{base_url}/api/patterns", timeout=30) as response:
        return [f"/patterns/{pattern['slug']}/" for pattern in json.load(response)["patterns"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="a running server; without it the production one is started")
    parser.add_argument("--page", action="append", help="only this path, e.g. /patterns/saga/ (repeatable)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci --prefix bench` first")

    server = nullcontext(args.base_url.rstrip("/")) if args.base_url else production_server()
    with server as base_url:
        paths = args.page or [*pattern_paths(base_url), *OTHER_PAGES]
        version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True)
        print(f"{base_url}: Lighthouse {version.stdout.strip()}, mobile, Chromium {CHROME}")
        rows = []
        for path in paths:
            try:
                report = run_lighthouse(base_url + path)
            except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as error:
                print(f"  {path}: {error}", file=sys.stderr)
                rows.append((path, "error", "-", "-", "-", "-", "-", str(error).splitlines()[0]))
                continue
            failing, scored = accessibility_audits(report)
            rows.append(
                (
                    path,
                    score(report, "performance"),
                    score(report, "accessibility"),
                    metric(report, "first-contentful-paint", 1000, 1),
                    metric(report, "largest-contentful-paint", 1000, 1),
                    metric(report, "total-blocking-time", 1, 0),
                    metric(report, "cumulative-layout-shift", 1, 3),
                    f"{len(failing)} of {scored}: " + (" ".join(failing) or "-"),
                )
            )
            print(f"  {path}: done", file=sys.stderr)

    width = max(len("page"), *(len(row[0]) for row in rows))
    print(
        f"\n{'page':<{width}}  {'perf':>5} {'a11y':>5} {'FCP_s':>6} {'LCP_s':>6} {'TBT_ms':>7} {'CLS':>6}"
        "  failing of the scored accessibility audits"
    )
    for path, perf, a11y, fcp, lcp, tbt, cls, failing in rows:
        print(f"{path:<{width}}  {perf:>5} {a11y:>5} {fcp:>6} {lcp:>6} {tbt:>7} {cls:>6}  {failing}")


if __name__ == "__main__":
    main()
