"""Two configurations of one pattern side by side: cost at the same traffic, where the costs
cross as traffic grows, and how their configuration files differ. No Django."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from explorer.domain.charts import Series, crossings, line_chart
from explorer.domain.content.schema import Parameter, PatternSpec
from explorer.domain.explore import (
    PanelField,
    add_limit_errors,
    panel_fields,
    resolve_leniently,
    scaled_traffic,
)
from explorer.domain.markup import highlight_code
from explorer.domain.params import Params, describe_value, format_value, resolve_params
from explorer.domain.pricing.catalog import load_catalog
from explorer.domain.pricing.engine import Estimate, format_money
from explorer.domain.pricing.estimate import estimate_pattern, traffic_parameters
from explorer.domain.pricing.report import service_title
from explorer.domain.rules import check
from explorer.domain.snippets import FORMATS, formats_for, generate

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
    # (A's total, B's total) at each of TRAFFIC_STEPS, as the chart draws them.
    curve: tuple[tuple[Decimal, Decimal], ...]

    @property
    def cost_summary(self) -> str:
        """One sentence on how the two totals compare as traffic grows: where they cross,
        which side costs less throughout, or that there is nothing to compare yet."""
        if self.left.values == self.right.values:
            return "A and B are the same configuration: change a value in column B to compare them."
        if self.crossings:
            return f"The costs cross {'; '.join(self.crossings)} the configured traffic."
        span = (
            f"from {_step_label(TRAFFIC_STEPS[0])} to {_step_label(TRAFFIC_STEPS[-1])} the configured traffic"
        )
        if all(left == right for left, right in self.curve):
            return f"A and B cost the same {span}."
        cheaper, dearer = ("A", "B") if all(left <= right for left, right in self.curve) else ("B", "A")
        if all(left != right for left, right in self.curve):
            return f"The costs do not cross: {cheaper} is cheaper than {dearer} {span}."
        return f"The costs do not cross: {cheaper} never costs more than {dearer} {span}."

    @property
    def changes(self) -> tuple[tuple[str, str, str], ...]:
        """Each parameter B sets differently from A: its label, A's value, B's value."""
        return tuple(
            (parameter.label, describe_value(parameter, left), describe_value(parameter, right))
            for parameter in self.spec.parameters
            if (left := self.left.values[parameter.name]) != (right := self.right.values[parameter.name])
        )


@dataclass(frozen=True)
class ConfigurationRow:
    """One parameter with its field on each side."""

    parameter: Parameter
    a: PanelField
    b: PanelField

    @property
    def differs(self) -> bool:
        return self.a.text != self.b.text


@dataclass(frozen=True)
class ConfigurationForm:
    """Both configurations as the comparison form shows them. B starts as a copy of A: a
    `b.<parameter>` changes B only. Refused values keep what was typed, with a message, and
    the comparison waits until both sides are valid."""

    rows: tuple[ConfigurationRow, ...]
    left: Params
    right: Params
    errors: Mapping[str, str]  # by query key: "a.memory_mb", "b.queue_type", or an unknown key

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def other_errors(self) -> dict[str, str]:
        """Errors of keys the form has no field for."""
        shown = {f"{side}.{row.parameter.name}" for row in self.rows for side in SIDES}
        return {key: message for key, message in self.errors.items() if key not in shown}

    @property
    def query_string(self) -> str:
        """The permalink: A's changes from the defaults, then B's changes from A."""
        changed_in_b = urlencode(
            [
                (f"b.{name}", format_value(value))
                for name, value in self.right.values.items()
                if value != self.left.values[name]
            ]
        )
        return "&".join(part for part in (self.left.query_string(prefix="a."), changed_in_b) if part)


def split_sides(
    raw: Mapping[str, Sequence[str]],
) -> tuple[dict[str, dict[str, Sequence[str]]], dict[str, str]]:
    """Query keys "a.memory_mb" and "b.memory_mb" as one mapping per side, and messages for
    the keys that are neither."""
    sides: dict[str, dict[str, Sequence[str]]] = {side: {} for side in SIDES}
    errors = {}
    for key, values in raw.items():
        side, dot, name = key.partition(".")
        if not dot or side not in SIDES or not name:
            errors[key[:60]] = "expected a.<parameter> or b.<parameter>"
        else:
            sides[side][name] = values
    return sides, errors


def configuration_form(spec: PatternSpec, raw: Mapping[str, Sequence[str]]) -> ConfigurationForm:
    """Both sides resolved alike: every refused value or broken AWS limit is an error naming
    its side ("a.memory_mb"); B takes A's valid values wherever it sets none of its own."""
    sides, errors = split_sides(raw)
    left, left_errors = _resolve_side(spec, sides["a"])
    inherited = {name: [format_value(value)] for name, value in left.changed().items()}
    b_raw = {**inherited, **sides["b"]}
    right, right_errors = _resolve_side(spec, b_raw)
    left_fields = panel_fields(spec, sides["a"], left, left_errors)
    right_fields = panel_fields(spec, b_raw, right, right_errors)
    for side, side_errors in (("a", left_errors), ("b", right_errors)):
        errors.update({f"{side}.{name}"[:60]: message for name, message in side_errors.items()})
    rows = tuple(
        ConfigurationRow(parameter, a, b)
        for parameter, a, b in zip(spec.parameters, left_fields, right_fields, strict=True)
    )
    return ConfigurationForm(rows=rows, left=left, right=right, errors=errors)


def _resolve_side(spec: PatternSpec, raw: Mapping[str, Sequence[str]]) -> tuple[Params, dict[str, str]]:
    params, errors = resolve_leniently(spec, raw)
    add_limit_errors(errors, check(spec, params).errors)
    return params, errors


def compare_configurations(spec: PatternSpec, left: Params, right: Params) -> ConfigComparison:
    left_estimate = estimate_pattern(spec, left.values)
    right_estimate = estimate_pattern(spec, right.values)
    left_services = left_estimate.by_service()
    right_services = right_estimate.by_service()
    rows = tuple(
        (service_title(name), left_services.get(name, Decimal(0)), right_services.get(name, Decimal(0)))
        for name in dict.fromkeys([*left_services, *right_services])
    )
    labels = [_step_label(step) for step in TRAFFIC_STEPS]
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
        curve=tuple(zip(series[0].values, series[1].values, strict=True)),
    )


def _step_label(step: Decimal) -> str:
    return f"{step.normalize():f}x"


def _total_at(spec: PatternSpec, params: Params, step: Decimal) -> Decimal:
    values, _ = scaled_traffic(spec, params, step)
    # Traffic scaled for the chart may pass a limit the configuration itself respects.
    return estimate_pattern(spec, values, refuse=False).exact_total


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


# --- patterns at the same traffic ---------------------------------------------------------

EVENT_LEVELS = (
    Decimal(10_000),
    Decimal(100_000),
    Decimal(1_000_000),
    Decimal(10_000_000),
    Decimal(100_000_000),
    Decimal(1_000_000_000),
)


def monthly_events(spec: PatternSpec, params: Params) -> Decimal | None:
    """The pattern's traffic as events a month (its first traffic parameter), if it has one."""
    names = traffic_parameters(spec)
    if not names:
        return None
    value = Decimal(params[names[0]])
    seconds_per_month = load_catalog().hours_per_month * 3600
    return value * seconds_per_month if names[0].endswith("_per_second") else value


def cost_at_events(spec: PatternSpec, events: Decimal) -> Decimal | None:
    """The pattern's monthly total at its defaults, with its traffic set to `events` a month.

    Every traffic parameter scales by the same factor, so a pattern with two (requests
    and data transferred) keeps their ratio. None for a pattern without traffic (a schedule).
    """
    defaults = resolve_params(spec, {})
    current = monthly_events(spec, defaults)
    if not current:
        return None
    values, _ = scaled_traffic(spec, defaults, events / current)
    return estimate_pattern(spec, values, refuse=False).exact_total


@dataclass(frozen=True)
class PatternCostCurve:
    rows: tuple[tuple[str, Decimal | None], ...]  # (pattern title, cost at the chosen traffic)
    chart: str
    crossings: tuple[str, ...]


def pattern_cost_curve(specs: Sequence[PatternSpec], events: Decimal) -> PatternCostCurve:
    """Each pattern's cost at `events` a month, and a chart of all of them across traffic levels."""
    rows = tuple((spec.title, cost_at_events(spec, events)) for spec in specs)
    priced = [spec for spec in specs if monthly_events(spec, resolve_params(spec, {})) is not None]
    labels = [_short_count(level) for level in EVENT_LEVELS]
    series = [
        Series(spec.title, tuple(cost_at_events(spec, level) or Decimal(0) for level in EVENT_LEVELS))
        for spec in priced
    ]
    found: list[str] = []
    for index, first in enumerate(series):
        for second in series[index + 1 :]:
            found.extend(
                f"{first.label} and {second.label} cross {where}"
                for where in crossings(labels, first, second)
            )
    chart = (
        line_chart(
            "Monthly cost at the same number of events a month",
            labels,
            series,
            format_value=format_money,
            chart_id="chart-patterns",
        )
        if series
        else ""
    )
    return PatternCostCurve(rows=rows, chart=chart, crossings=tuple(found))


def _short_count(number: Decimal) -> str:
    for size, suffix in ((Decimal(10**9), "B"), (Decimal(10**6), "M"), (Decimal(10**3), "k")):
        if number >= size:
            return f"{(number / size).normalize():f}{suffix}"
    return f"{number:f}"
