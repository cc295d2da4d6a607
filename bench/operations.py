"""How long the key operations take, each timed over repeated runs.

Run from the repository root: `python bench/operations.py [--runs N] [--pattern SLUG]`.
It sets Django up by itself against a fresh SQLite database in a temporary folder (the
developer's db.sqlite3 and DATABASE_URL are never used), migrates it, loads the content,
then prints the median and p90 in milliseconds of the operations below. The cache is local
memory unless `--redis-url` names a Redis database, which the cold figures then flush: give
it a throwaway one, e.g. `scripts/with-redis sh -c 'python bench/operations.py --redis-url "$REDIS_URL"'`.


- page:          GET /patterns/<slug>/ through the test client, diagram cache warm;
- htmx cold:     a parameter update with HX-Request, the cache cleared first;
- htmx warm:     the same update with its diagram, estimate and snippets from the cache;
- diagram cold:  `diagram()` to SVG with an empty cache: DOT built, one `dot` process;
- diagram warm:  the same call with the SVG from the cache (the DOT is still built);
- estimate:      one `estimate_pattern` at the pattern's defaults;
- snippet <fmt>: `generate()` of every format, each on the first pattern that has it;
- cfn-lint:      one check of the SAM template (the runner and its rules are built once);
- content load:  `content_sync` of the whole content folder into a fresh, migrated database.

Every figure stops early once it has spent its time budget (at least 3 runs), so the whole
script stays well under two minutes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Seconds one figure may spend before it stops repeating (after its minimum of runs).
BUDGET_SECONDS = 6.0
MIN_RUNS = 3


def timings_ms(
    action: Callable[[], object], runs: int, *, before: Callable[[], object] | None = None
) -> list[float]:
    """Wall-clock times of up to `runs` calls of `action`, in milliseconds; `before` runs
    untimed ahead of each call. Stops after BUDGET_SECONDS once MIN_RUNS are done."""
    found: list[float] = []
    deadline = time.monotonic() + BUDGET_SECONDS
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        found.append((time.perf_counter() - start) * 1000)
        if len(found) >= MIN_RUNS and time.monotonic() > deadline:
            break
    return found


def p90(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[8]


def report(name: str, values: list[float]) -> None:
    print(f"{name:<44} {len(values):>4} {statistics.median(values):>10.2f} {p90(values):>10.2f}")


def setup_django(folder: Path, redis_url: str) -> None:
    """Django on a fresh SQLite file in `folder`, with Redis at `redis_url` or local memory."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "explorer.settings"
    os.environ["SQLITE_PATH"] = str(folder / "explorer.sqlite3")
    os.environ["DEBUG"] = "true"
    os.environ.pop("DATABASE_URL", None)
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host through


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="most runs per figure (default 15)")
    parser.add_argument("--pattern", default="api-backend", help="the pattern to time (default api-backend)")
    parser.add_argument("--redis-url", default="", help="a throwaway Redis database for the cache (flushed)")
    options = parser.parse_args()
    if shutil.which("dot") is None:
        print("Graphviz's dot is not installed: apt-get install graphviz", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="bench-operations-") as temporary:
        folder = Path(temporary)
        setup_django(folder, options.redis_url)
        return run(folder, options.runs, options.pattern)


def run(folder: Path, runs: int, slug: str) -> int:
    from cfnlint.config import ConfigMixIn
    from cfnlint.decode.decode import decode_str
    from cfnlint.runner import Runner
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from explorer.domain.content.parse import load_library
    from explorer.domain.diagrams.render import LRURenderCache
    from explorer.domain.explore import diagram
    from explorer.domain.params import resolve_params
    from explorer.domain.pricing.estimate import estimate_pattern
    from explorer.domain.snippets import FORMATS, formats_for, generate
    from explorer.sync import content_sync

    content = Path(settings.PATTERNS_CONTENT_DIR)
    call_command("migrate", verbosity=0, interactive=False)
    connection.close()
    empty = folder / "empty.sqlite3"
    shutil.copyfile(settings.DATABASES["default"]["NAME"], empty)
    content_sync(root=content)

    library = load_library(content)
    if slug not in library.patterns:
        print(f"No pattern {slug!r}; try one of {', '.join(sorted(library.patterns))}", file=sys.stderr)
        return 1
    spec = library.patterns[slug]
    params = resolve_params(spec, {})
    traffic = spec.parameters[0]

    where = settings.CACHES["default"].get("LOCATION") or "local memory"
    print(
        f"median and p90 of up to {runs} runs, milliseconds; pattern {slug}; database {folder}; cache {where}"
    )
    header = f"{'operation':<44} {'runs':>4} {'median':>10} {'p90':>10}"
    print(header)
    print("-" * len(header))

    client = Client()
    page = f"/patterns/{slug}/"
    client.get(page)  # the first request imports templates and fills the diagram cache
    report("page render", timings_ms(lambda: client.get(page), runs))

    # A real htmx update: one parameter changed from its default, as the panel sends it.
    update = f"{page}?{traffic.name}={_changed(params.values[traffic.name])}"

    def htmx() -> object:
        response = client.get(update, headers={"HX-Request": "true"})
        assert response.status_code == 200, (update, response.status_code)
        return response

    report("htmx parameter update, cold", timings_ms(htmx, runs, before=cache.clear))
    htmx()
    report("htmx parameter update, warm", timings_ms(htmx, runs))

    def svg(render_cache: LRURenderCache) -> object:
        output, problem = diagram(
            spec,
            params,
            library.components,
            "svg",
            component_url=lambda s: f"/components/{s}/",
            cache=render_cache,
        )
        assert output, problem
        return output

    report("diagram (DOT built, rendered), cold", timings_ms(lambda: svg(LRURenderCache()), runs))
    warm = LRURenderCache()
    svg(warm)
    report("diagram (DOT built, from cache), warm", timings_ms(lambda: svg(warm), runs))

    report("estimate", timings_ms(lambda: estimate_pattern(spec, params.values), runs))

    pattern_defaults = [(candidate, resolve_params(candidate, {})) for candidate in library.patterns.values()]
    for fmt in FORMATS:
        owner = next(
            (
                (candidate, defaults)
                for candidate, defaults in pattern_defaults
                if fmt in formats_for(candidate, defaults)
            ),
            None,
        )
        if owner is None:
            print(f"{'snippet ' + fmt:<44} no pattern has it at its defaults")
            continue
        candidate, candidate_params = owner
        report(
            f"snippet {fmt} ({candidate.slug})",
            timings_ms(lambda c=candidate, p=candidate_params, f=fmt: generate(c, p, f), runs),
        )

    start = time.perf_counter()
    runner = Runner(ConfigMixIn(regions=["us-east-1"]))
    document, errors = decode_str(generate(spec, params, "sam"))
    assert not errors, errors
    list(runner.validate_template(document))
    print(f"{'cfn-lint, first check (rules load)':<44} {1:>4} {(time.perf_counter() - start) * 1000:>10.2f}")
    report(
        "cfn-lint check of the SAM template",
        timings_ms(lambda: list(runner.validate_template(document)), runs),
    )

    main_database = connection.settings_dict["NAME"]
    fresh = iter(range(runs))

    def fresh_database() -> None:
        connection.close()
        target = folder / f"load-{next(fresh)}.sqlite3"
        shutil.copyfile(empty, target)
        connection.settings_dict["NAME"] = str(target)

    try:
        report(
            "content load (content_sync, fresh DB)",
            timings_ms(lambda: content_sync(root=content), runs, before=fresh_database),
        )
    finally:
        connection.close()
        connection.settings_dict["NAME"] = main_database
    return 0


def _changed(value: object) -> str:
    """A different valid value for a numeric parameter: twice its default."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise SystemExit(f"the first parameter's default {value!r} is not a number; pick another pattern")
    return str(value * 2)


if __name__ == "__main__":
    raise SystemExit(main())
