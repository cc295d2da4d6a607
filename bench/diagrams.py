"""How long diagrams take: building DOT, rendering cold and warm, and a bare `dot -Tsvg`.

Run from the repository root: `python bench/diagrams.py [--runs N]`. For every pattern at
its default parameters, in each layout (a pattern page draws both), it prints the median
over N runs (default 15), in milliseconds, of:

- build:  `build_dot` (pattern + parameters -> DOT source), no process;
- cold:   `render(dot, "svg")` with an empty cache: one `dot` process plus post-processing
          (which inlines the icons; their files are read once per process, before timing);
- warm:   the same call answered from the cache: no process;
- bare:   `dot -Tsvg` on the same source in a subprocess, the floor for a cold render;

and, on a row of layout "page", the same for what a pattern page draws: both layouts, by
`render_svgs` in one `dot` process (bare: one `dot -Tsvg` on both sources);

and the size of the drawing in points (the SVG's viewBox), width x height and their ratio:
a page scales the diagram to its width, so the wider the ratio the smaller the text.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explorer.domain.content.parse import load_library  # noqa: E402
from explorer.domain.diagrams.build import LAYOUTS, build_dot, describe_topology  # noqa: E402
from explorer.domain.diagrams.icons import ICON_DIR  # noqa: E402
from explorer.domain.diagrams.render import LRURenderCache, SvgJob, render, render_svgs  # noqa: E402


def median_ms(action: Callable[[], object], runs: int) -> float:
    """The median wall-clock time of `runs` calls of `action`, in milliseconds."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def component_url(slug: str) -> str:
    return f"/components/{slug}/"


def report(spec, layout: str, library, dot_executable: str, runs: int) -> None:
    """Prints one line of figures: this pattern at its defaults in this layout."""
    values = spec.defaults
    build = partial(build_dot, spec, values, library.components, component_url=component_url, layout=layout)
    dot = build()
    svg = partial(
        render,
        dot,
        "svg",
        title=f"{spec.title} architecture",
        description=describe_topology(spec, values, library.components),
    )
    warm_cache = LRURenderCache()
    view_box = re.search(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg(cache=warm_cache))
    assert view_box, "render always keeps the viewBox"
    width, height = (float(side) for side in view_box.groups())
    bare = partial(
        subprocess.run,
        [dot_executable, "-Tsvg", f"-Gimagepath={ICON_DIR}"],
        input=dot.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    figures = (
        median_ms(build, runs),
        median_ms(lambda: svg(cache=LRURenderCache()), runs),
        median_ms(partial(svg, cache=warm_cache), runs),
        median_ms(bare, runs),
    )
    nodes = dot.count('id="node-')
    print(
        f"{spec.slug:<26} {layout:<6} {nodes:>5} {len(dot.encode()):>9} "
        f"{figures[0]:>7.2f} {figures[1]:>7.2f} {figures[2]:>7.3f} {figures[3]:>8.2f}"
        f" {f'{width:.0f} x {height:.0f}':>12} {width / height:>5.2f}"
    )


def report_page(spec, library, dot_executable: str, runs: int) -> None:
    """Prints the line of figures of a pattern page: both layouts at once."""
    values = spec.defaults
    description = describe_topology(spec, values, library.components)

    def build() -> list[SvgJob]:
        return [
            SvgJob(
                build_dot(spec, values, library.components, component_url=component_url, layout=layout),
                title=f"{spec.title} architecture",
                description=description,
                id_prefix="" if layout == "wide" else f"{layout}-",
            )
            for layout in LAYOUTS
        ]

    jobs = build()
    warm_cache = LRURenderCache()
    render_svgs(jobs, cache=warm_cache)
    source = "\n".join(job.dot for job in jobs).encode("utf-8")
    bare = partial(
        subprocess.run,
        [dot_executable, "-Tsvg", f"-Gimagepath={ICON_DIR}"],
        input=source,
        capture_output=True,
        check=True,
    )
    figures = (
        median_ms(build, runs),
        median_ms(lambda: render_svgs(jobs, cache=LRURenderCache()), runs),
        median_ms(partial(render_svgs, jobs, cache=warm_cache), runs),
        median_ms(bare, runs),
    )
    nodes = jobs[0].dot.count('id="node-')
    print(
        f"{spec.slug:<26} {'page':<6} {nodes:>5} {len(source):>9} "
        f"{figures[0]:>7.2f} {figures[1]:>7.2f} {figures[2]:>7.3f} {figures[3]:>8.2f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per figure (default 15)")
    parser.add_argument("--content", type=Path, default=ROOT / "patterns_content", help="content folder")
    options = parser.parse_args()
    dot_executable = shutil.which("dot")
    if dot_executable is None:
        print("Graphviz's dot is not installed: apt-get install graphviz", file=sys.stderr)
        return 1

    library = load_library(options.content)
    print(f"median of {options.runs} runs, milliseconds; {dot_executable}")
    header = (
        f"{'pattern':<26} {'layout':<6} {'nodes':>5} {'DOT bytes':>9} {'build':>7} {'cold':>7} {'warm':>7} {'bare dot':>8}"
        f" {'size (pt)':>12} {'ratio':>5}"
    )
    print(header)
    print("-" * len(header))
    for spec in sorted(library.patterns.values(), key=lambda spec: spec.order):
        for layout in LAYOUTS:
            report(spec, layout, library, dot_executable, options.runs)
        report_page(spec, library, dot_executable, options.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
