"""A pattern as one user configured it: their input resolved, and what the engines make of it.

`explore(...)` is what the pattern page and its htmx updates show. Refused values are kept
as the user typed them, with a message, while everything else is computed from the last
valid configuration (refused fields fall back to their defaults), so one typo never blanks
the page. No request in sight: the caller passes the input, the components, how to link a
component, and the cache.

With a cache and the pattern's content version, the diagram, the cost view and the
highlighted snippets of a configuration are computed once and then read back, by every app
server when the cache is Redis: the keys hold the content version, every value and the code
fingerprint, so an edited pattern, another configuration or a new release never meets an
old result.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from explorer.domain.charts import Bar, bar_chart
from explorer.domain.content.schema import (
    ComponentSpec,
    Parameter,
    ParameterType,
    ParameterValue,
    PatternSpec,
)
from explorer.domain.diagrams.build import build_dot, describe_topology
from explorer.domain.diagrams.render import DiagramError, RenderCache, render
from explorer.domain.markup import highlight_code_lines
from explorer.domain.params import FALSE_WORDS, TRUE_WORDS, Params, ParamsError, format_value, resolve_params
from explorer.domain.patterns.registry import build_deployment
from explorer.domain.pricing.engine import Estimate, format_money
from explorer.domain.pricing.estimate import estimate_pattern, has_cost_model, traffic_parameters
from explorer.domain.pricing.report import service_title
from explorer.domain.result_cache import SharedCache, result_key
from explorer.domain.snippets import FORMATS, Violation, check, formats_for, generate
from explorer.domain.snippets.lines import node_lines

logger = logging.getLogger("explorer.domain.explore")
T = TypeVar("T")

DIAGRAM_FORMATS = ("svg", "png", "dot")
# Not a pattern parameter: whether estimates apply AWS's always-free allowances.
FREE_TIER_FIELD = "free_tier"
GROWTH_MULTIPLIERS = (1, 10, 100)
SLIDER_MAX_SPAN = 20_000


@dataclass(frozen=True)
class CostView:
    """A pattern's monthly estimate with its two charts: by service, and as traffic grows."""

    estimate: Estimate
    by_service: tuple[Bar, ...]
    growth: tuple[Bar, ...]
    growth_notes: tuple[str, ...]
    breakdown_chart: str
    growth_chart: str


@dataclass(frozen=True)
class Snippet:
    """One configuration file as the page shows it: a tab, highlighted code, a download."""

    format: str
    label: str
    filename: str
    text: str
    html: str


@dataclass(frozen=True)
class PanelField:
    """One parameter as the panel shows it: its definition, the text in the box, any error."""

    parameter: Parameter
    text: str
    error: str = ""

    @property
    def checked(self) -> bool:
        return self.text == "true"

    @property
    def slider(self) -> bool:
        """Numbers on a short range also get a slider; traffic volumes in the billions do not."""
        parameter = self.parameter
        if parameter.type not in (ParameterType.INT, ParameterType.DECIMAL):
            return False
        if parameter.minimum is None or parameter.maximum is None:
            return False
        return parameter.maximum - parameter.minimum <= SLIDER_MAX_SPAN

    @property
    def input_type(self) -> str:
        return {
            ParameterType.INT: "number",
            ParameterType.DECIMAL: "number",
            ParameterType.BOOL: "checkbox",
            ParameterType.CHOICE: "select",
        }.get(self.parameter.type, "text")


@dataclass(frozen=True)
class Exploration:
    spec: PatternSpec
    params: Params
    fields: tuple[PanelField, ...]
    errors: Mapping[str, str] = field(default_factory=dict)
    free_tier: bool = True
    diagram_svg: str = ""
    diagram_error: str = ""
    cost: CostView | None = None
    snippets: tuple[Snippet, ...] = ()
    warnings: tuple[Violation, ...] = ()
    refused: tuple[Violation, ...] = ()  # hard limits broken: nothing is priced or generated

    @property
    def other_errors(self) -> dict[str, str]:
        """Errors of names the panel has no field for (an unknown parameter)."""
        shown = {panel_field.parameter.name for panel_field in self.fields} | {FREE_TIER_FIELD}
        return {name[:60]: message for name, message in self.errors.items() if name not in shown}

    @property
    def query_string(self) -> str:
        """The page's permalink query: changed parameters, and the free tier when it is off."""
        parts = [self.params.query_string()]
        if not self.free_tier:
            parts.append(f"{FREE_TIER_FIELD}=false")
        return "&".join(part for part in parts if part)

    @property
    def comparison_query(self) -> str:
        """The query of the configuration comparison with this configuration as A (B a copy)."""
        return self.params.query_string(prefix="a.")

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def groups(self) -> list[tuple[str, list[PanelField]]]:
        """The fields under their panel headings, in the order the content gives them."""
        grouped: dict[str, list[PanelField]] = {}
        for panel_field in self.fields:
            grouped.setdefault(panel_field.parameter.group or "Settings", []).append(panel_field)
        return list(grouped.items())


def resolve_leniently(spec: PatternSpec, raw: Mapping[str, Sequence[str]]) -> tuple[Params, dict[str, str]]:
    """Params from everything that is valid, plus the messages for what was refused."""
    try:
        return resolve_params(spec, raw), {}
    except ParamsError as error:
        accepted = {name: values for name, values in raw.items() if name not in error.errors}
        return resolve_params(spec, accepted), error.errors


def add_limit_errors(errors: dict[str, str], violations: Sequence[Violation]) -> None:
    """Each broken AWS limit as its field's message, unless the field already has one."""
    for violation in violations:
        errors.setdefault(violation.field, f"{violation.message} (AWS limit: {violation.limit_name})")


def panel_fields(
    spec: PatternSpec, raw: Mapping[str, Sequence[str]], params: Params, errors: Mapping[str, str]
) -> tuple[PanelField, ...]:
    """Every parameter's field: what the user typed where it was refused, else the value used."""
    return tuple(
        PanelField(
            parameter=parameter,
            text=_typed_text(raw, parameter.name)
            if parameter.name in errors
            else format_value(params[parameter.name]),
            error=errors.get(parameter.name, ""),
        )
        for parameter in spec.parameters
    )


def explore(
    spec: PatternSpec,
    raw: Mapping[str, Sequence[str]],
    components: Mapping[str, ComponentSpec],
    *,
    component_url: Callable[[str], str],
    cache: SharedCache | None = None,
    content_version: str = "",
) -> Exploration:
    """The page's state for this input. `content_version` (the pattern's content hash) lets
    results be kept in `cache`; without it, or without a cache, everything is computed."""
    raw = dict(raw)
    free_tier, free_tier_error = parse_free_tier(raw.pop(FREE_TIER_FIELD, None))
    params, errors = resolve_leniently(spec, raw)
    if free_tier_error:
        errors[FREE_TIER_FIELD] = free_tier_error
    result = check(spec, params)
    add_limit_errors(errors, result.errors)
    fields = panel_fields(spec, raw, params, errors)
    svg, diagram_error = diagram(spec, params, components, "svg", component_url=component_url, cache=cache)

    def kept(kind: str, compute: Callable[[], T], *also: object) -> T:
        if cache is None or not content_version:
            return compute()
        values = sorted((name, format_value(value)) for name, value in params.values.items())
        return cache.get_or_compute(result_key(kind, [spec.slug, content_version, values, *also]), compute)

    return Exploration(
        spec=spec,
        params=params,
        fields=fields,
        errors=errors,
        free_tier=free_tier,
        diagram_svg=svg.decode("utf-8") if svg else "",
        diagram_error=diagram_error,
        cost=None
        if result.errors
        else kept("cost", lambda: cost_view(spec, params, free_tier=free_tier), free_tier),
        refused=result.errors,
        snippets=() if result.errors else kept("snippets", lambda: snippets(spec, params)),
        warnings=result.warnings,
    )


def snippets(spec: PatternSpec, params: Params) -> tuple[Snippet, ...]:
    """Every snippet this configuration has, highlighted; call only when check() passes."""
    found: list[Snippet] = []
    formats = formats_for(spec, params)
    if not formats:
        return ()  # a pattern with content only has no configuration files
    deployment = build_deployment(spec.slug, params.values)
    for fmt in formats:
        text = generate(spec, params, fmt)
        described = FORMATS[fmt]
        html = highlight_code_lines(
            text, described.lexer, prefix=f"{fmt}-line", nodes=node_lines(fmt, text, deployment)
        )
        found.append(Snippet(fmt, described.label, described.filename, text, html))
    return tuple(found)


def parse_free_tier(values: Sequence[str] | None) -> tuple[bool, str]:
    """The free-tier toggle: on unless the query says false (a ticked checkbox sends false, true)."""
    values = list(values or ["true"])
    if values == ["false", "true"]:
        return True, ""
    if len(values) > 1:
        return True, "given more than once; give it once"
    word = values[0].strip().lower()
    if word in TRUE_WORDS:
        return True, ""
    if word in FALSE_WORDS:
        return False, ""
    return True, f"expected true or false; got {word[:40]!r}"


def cost_view(spec: PatternSpec, params: Params, *, free_tier: bool) -> CostView | None:
    """The estimate at these parameters, and at 10x and 100x their traffic (None without a
    cost model, as for a team's own pattern)."""
    if not has_cost_model(spec):
        return None
    estimate = estimate_pattern(spec, params.values, free_tier=free_tier)
    by_service = tuple(Bar(service_title(name), cost) for name, cost in estimate.by_service().items())
    growth = []
    notes: list[str] = []
    for multiplier in GROWTH_MULTIPLIERS:
        values, capped = scaled_traffic(spec, params, multiplier)
        total = (
            estimate.exact_total
            if multiplier == 1
            else estimate_pattern(spec, values, free_tier=free_tier, refuse=False).exact_total
        )
        growth.append(Bar(f"{multiplier}x traffic", total))
        notes.extend(f"At {multiplier}x, {name} is capped at its maximum." for name in capped)
    return CostView(
        estimate=estimate,
        by_service=by_service,
        growth=tuple(growth),
        growth_notes=tuple(notes),
        breakdown_chart=bar_chart(
            f"{spec.title}: monthly cost by service",
            by_service,
            format_value=format_money,
            chart_id="chart-services",
        ),
        growth_chart=bar_chart(
            f"{spec.title}: monthly cost as traffic grows",
            growth,
            format_value=format_money,
            chart_id="chart-growth",
        ),
    )


def scaled_traffic(
    spec: PatternSpec, params: Params, multiplier: int | Decimal
) -> tuple[dict[str, ParameterValue], list[str]]:
    """The parameters with every traffic volume multiplied, kept within each one's bounds;
    the names capped at their maximum are listed."""
    values = dict(params.values)
    capped = []
    for name in traffic_parameters(spec):
        parameter = spec.parameter(name)
        value = values[name]
        if isinstance(value, str):  # pragma: no cover - traffic parameters are numbers
            raise TypeError(f"{name}: a traffic parameter that is not a number")
        scaled = value * multiplier
        if parameter.minimum is not None and scaled < parameter.minimum:
            scaled = parameter.minimum
        if parameter.maximum is not None and scaled > parameter.maximum:
            scaled = parameter.maximum
            capped.append(name)
        values[name] = type(value)(scaled)
    return values, capped


def _typed_text(raw: Mapping[str, Sequence[str]], name: str) -> str:
    values = raw.get(name) or [""]
    return values[-1][:200]


def diagram(
    spec: PatternSpec,
    params: Params,
    components: Mapping[str, ComponentSpec],
    fmt: str,
    *,
    component_url: Callable[[str], str],
    cache: RenderCache | None = None,
) -> tuple[bytes, str]:
    """The diagram as `fmt`, or empty bytes and a message a user can act on."""
    dot = build_dot(spec, params.values, components, component_url=component_url)
    try:
        output = render(
            dot,
            fmt,
            title=f"{spec.title} architecture",
            description=describe_topology(spec, params.values, components),
            cache=cache,
        )
    except DiagramError as error:
        logger.warning("diagram of %s not rendered: %s", spec.slug, error)
        return b"", f"The diagram could not be drawn here: {error}"
    return output, ""
