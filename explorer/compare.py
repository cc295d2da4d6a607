"""Two configurations of one pattern side by side: cost at the same traffic, where the costs
cross as traffic grows, and how their configuration files differ. No Django."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from explorer.charts import Series, crossings, line_chart
from explorer.checks import check
from explorer.content.schema import PatternSpec
from explorer.explore import scaled_traffic
from explorer.params import Params, ParamsError, resolve_params
from explorer.pricing.engine import Estimate, format_money
from explorer.pricing.patterns import estimate_pattern
from explorer.pricing.report import service_title
from explorer.rendering import highlight_code
from explorer.snippets import FORMATS, formats_for, generate

SIDES = ("a", "b")
TRAFFIC_STEPS = (
    Decimal("0.1"),
    Decimal("0.3"),
    Decimal(1),
    Decimal(3),
    Decimal(10),
    Decimal(30),
    Decimal(100),
)


@dataclass(frozen=True)
class SnippetDiff:
    label: str
    html: str  # highlighted unified diff; empty when the files are identical
    only_in: str = ""  # "a" or "b" when only one configuration has this format


@dataclass(frozen=True)
class ConfigComparison:
    spec: PatternSpec
    left: Params
    right: Params
    left_estimate: Estimate
    right_estimate: Estimate
    service_rows: tuple[tuple[str, Decimal, Decimal], ...]
    chart: str
    crossings: tuple[str, ...]
    diffs: tuple[SnippetDiff, ...]


def split_sides(raw: Mapping[str, Sequence[str]]) -> dict[str, dict[str, Sequence[str]]]:
    """Query keys "a.memory_mb" and "b.memory_mb" as one mapping per side; other keys refused."""
    sides: dict[str, dict[str, Sequence[str]]] = {side: {} for side in SIDES}
    errors = {}
    for key, values in raw.items():
        side, dot, name = key.partition(".")
        if not dot or side not in SIDES or not name:
            errors[key[:60]] = "expected a.<parameter> or b.<parameter>"
        else:
            sides[side][name] = values
    if errors:
        raise ParamsError(errors)
    return sides


def resolve_sides(spec: PatternSpec, raw: Mapping[str, Sequence[str]]) -> tuple[Params, Params]:
    """Both configurations, validated alike; errors name the side ("a.memory_mb")."""
    resolved = []
    errors: dict[str, str] = {}
    for side, values in split_sides(raw).items():
        try:
            params = resolve_params(spec, values)
        except ParamsError as error:
            errors.update({f"{side}.{name}": message for name, message in error.errors.items()})
            continue
        for violation in check(spec, params).errors:
            errors[f"{side}.{violation.field}"] = f"{violation.message} (AWS limit: {violation.limit_name})"
        resolved.append(params)
    if errors:
        raise ParamsError(errors)
    return resolved[0], resolved[1]


def compare_configurations(spec: PatternSpec, left: Params, right: Params) -> ConfigComparison:
    left_estimate = estimate_pattern(spec, left.values)
    right_estimate = estimate_pattern(spec, right.values)
    left_services = left_estimate.by_service()
    right_services = right_estimate.by_service()
    rows = tuple(
        (service_title(name), left_services.get(name, Decimal(0)), right_services.get(name, Decimal(0)))
        for name in dict.fromkeys([*left_services, *right_services])
    )
    labels = [f"{step.normalize():f}x" for step in TRAFFIC_STEPS]
    series = [
        Series(name, tuple(_total_at(spec, params, step) for step in TRAFFIC_STEPS))
        for name, params in (("A", left), ("B", right))
    ]
    chart = line_chart(
        f"{spec.title}: monthly cost of A and B as traffic grows",
        labels,
        series,
        format_value=format_money,
        chart_id="chart-crossover",
    )
    return ConfigComparison(
        spec=spec,
        left=left,
        right=right,
        left_estimate=left_estimate,
        right_estimate=right_estimate,
        service_rows=rows,
        chart=chart,
        crossings=tuple(crossings(labels, *series)),
        diffs=tuple(_diffs(spec, left, right)),
    )


def _total_at(spec: PatternSpec, params: Params, step: Decimal) -> Decimal:
    values, _ = scaled_traffic(spec, params, step)
    return estimate_pattern(spec, values).exact_total


def _diffs(spec: PatternSpec, left: Params, right: Params) -> list[SnippetDiff]:
    left_formats = formats_for(spec, left)
    right_formats = formats_for(spec, right)
    found = []
    for fmt in dict.fromkeys([*left_formats, *right_formats]):
        label = FORMATS[fmt].label
        if fmt not in right_formats or fmt not in left_formats:
            found.append(SnippetDiff(label, "", only_in="a" if fmt in left_formats else "b"))
            continue
        filename = FORMATS[fmt].filename
        lines = difflib.unified_diff(
            generate(spec, left, fmt).splitlines(),
            generate(spec, right, fmt).splitlines(),
            f"A/{filename}",
            f"B/{filename}",
            lineterm="",
        )
        text = "\n".join(lines)
        found.append(SnippetDiff(label, highlight_code(text + "\n", "diff") if text else ""))
    return found
