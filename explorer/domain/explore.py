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

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from explorer.domain.charts import Bar, bar_chart
from explorer.domain.content.schema import (
    ComponentSpec,
    Parameter,
    ParameterType,
    ParameterValue,
    PatternSpec,
)
from explorer.domain.diagrams.build import FONT_SIZE, LAYOUTS, build_dot, describe_topology
from explorer.domain.diagrams.render import DiagramError, RenderCache, SvgJob, render, render_svgs, svg_size
from explorer.domain.markup import highlight_code_lines
from explorer.domain.params import (
    FALSE_WORDS,
    TRUE_WORDS,
    Params,
    ParamsError,
    format_grouped,
    format_value,
    resolve_params,
)
from explorer.domain.patterns.registry import build_deployment
from explorer.domain.pricing.engine import Estimate, format_money
from explorer.domain.pricing.estimate import estimate_pattern, has_cost_model, traffic_parameters
from explorer.domain.pricing.report import service_title
from explorer.domain.result_cache import SharedCache, result_key
from explorer.domain.snippets import FORMATS, Violation, check, formats_for, generate
from explorer.domain.snippets.lines import node_lines

logger = logging.getLogger("explorer.domain.explore")

DIAGRAM_FORMATS = ("svg", "png", "dot")
# Whose highlighted code explore() draws: every file's, the open tab's, or none.
type SnippetDrawing = Literal["all", "open", "none"]
# Not a pattern parameter: whether estimates apply AWS's always-free allowances.
FREE_TIER_FIELD = "free_tier"
GROWTH_MULTIPLIERS = (1, 10, 100)
SLIDER_MAX_SPAN = 20_000
# The smallest diagram text a page may show, in CSS pixels: a layout is shown only where
# its container lets its text be at least this big, the narrowest one elsewhere.
LEGIBLE_TEXT_PX = 11
# The container widths, in pixels, at which the page's stylesheet can switch layouts.
LAYOUT_STEP_PX = 20


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
class DiagramView:
    """One layout of the diagram as the page holds it, and from which width it may show."""

    layout: str
    svg: str
    shown_from: int = 0  # container px from which its text is legible; 0: always (the last)
    # Set when the page holds only this layout: the container widths it was chosen for,
    # from shown_from up to (not including) shown_below; None: no upper bound.
    shown_below: int | None = None
    only: bool = False


def view_for_width(views: Sequence[DiagramView], width: int) -> DiagramView:
    """The one layout a container `width` px wide shows, as the stylesheet chooses it: the
    first (widest) whose shown_from it reaches, else the last. It carries the widths for which
    it is the choice, so a page can ask again when its container leaves them."""
    for index, view in enumerate(views):
        if width >= view.shown_from or index == len(views) - 1:
            wider = [other.shown_from for other in views[:index]]
            return replace(view, shown_below=min(wider) if wider else None, only=True)
    raise ValueError("no diagram views")


@dataclass(frozen=True)
class SnippetTab:
    """One configuration file's tab: the format, its label and the file's name in the bundle."""

    format: str
    label: str
    filename: str


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
        if parameter.stops:
            return True
        if parameter.minimum is None or parameter.maximum is None:
            return False
        return parameter.maximum - parameter.minimum <= SLIDER_MAX_SPAN

    @property
    def slider_stops(self) -> str:
        """The values the slider steps through, comma-separated ("" for an even scale)."""
        return ",".join(str(stop) for stop in self.parameter.stops)

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
    # Every layout of the diagram, widest first; the page shows the first that is legible.
    diagram_views: tuple[DiagramView, ...] = ()
    diagram_error: str = ""
    cost: CostView | None = None
    # Every file this configuration has, the one whose tab is open, and the highlighted code
    # of those asked for (a page draws the open tab's code and loads the others when opened;
    # an update draws none and the page loads the open tab's code after the update).
    snippet_tabs: tuple[SnippetTab, ...] = ()
    open_snippet: str = ""
    snippets: tuple[Snippet, ...] = ()
    warnings: tuple[Violation, ...] = ()
    refused: tuple[Violation, ...] = ()  # hard limits broken: nothing is priced or generated

    @property
    def diagram_svg(self) -> str:
        """The wide layout's SVG, or "" when the diagram could not be drawn."""
        return self.diagram_views[0].svg if self.diagram_views else ""

    @property
    def snippet_panels(self) -> list[tuple[SnippetTab, Snippet | None]]:
        """Every file's tab with its highlighted code, or None where the code is not drawn yet."""
        drawn = {shown.format: shown for shown in self.snippets}
        return [(tab, drawn.get(tab.format)) for tab in self.snippet_tabs]

    @property
    def total_text(self) -> str:
        """The monthly total as the summary shows it, or why there is none."""
        if self.cost is not None:
            return format_money(self.cost.estimate.total)
        return "Not priced" if self.refused else "No estimate"

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
            else format_grouped(params[parameter.name]),
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
    open_snippet: str = "",
    draw_snippets: SnippetDrawing = "all",
    diagram_width: int | None = None,
) -> Exploration:
    """The page's state for this input. `content_version` (the pattern's content hash) lets
    results be kept in `cache`; without it, or without a cache, everything is computed.

    `open_snippet` is the file whose tab is open (the first file when the configuration has
    no such file); `draw_snippets` says whose highlighted code is drawn: every file's, the
    open one's, or none. With `diagram_width` (the page's diagram container, in CSS px)
    only the layout that width shows is kept; without it, every layout (the stylesheet picks)."""
    raw = dict(raw)
    free_tier, free_tier_error = parse_free_tier(raw.pop(FREE_TIER_FIELD, None))
    params, errors = resolve_leniently(spec, raw)
    if free_tier_error:
        errors[FREE_TIER_FIELD] = free_tier_error
    result = check(spec, params)
    add_limit_errors(errors, result.errors)
    fields = panel_fields(spec, raw, params, errors)
    views, diagram_error = page_diagrams(spec, params, components, component_url=component_url, cache=cache)
    if views and diagram_width is not None:
        views = (view_for_width(views, diagram_width),)

    def kept[T](kind: str, compute: Callable[[], T], *also: object) -> T:
        return kept_result(cache, content_version, spec, params, kind, compute, *also)

    tabs = () if result.errors else snippet_tabs(spec, params)
    formats = [tab.format for tab in tabs]
    opened = open_snippet if open_snippet in formats else next(iter(formats), "")
    shown = {"all": formats, "open": [opened] if opened else [], "none": []}[draw_snippets]
    return Exploration(
        spec=spec,
        params=params,
        fields=fields,
        errors=errors,
        free_tier=free_tier,
        diagram_views=views,
        diagram_error=diagram_error,
        cost=None
        if result.errors
        else kept("cost", lambda: cost_view(spec, params, free_tier=free_tier), free_tier),
        refused=result.errors,
        snippet_tabs=tabs,
        open_snippet=opened,
        snippets=tuple(kept("snippet", functools.partial(snippet, spec, params, fmt), fmt) for fmt in shown),
        warnings=result.warnings,
    )


def kept_result[T](
    cache: SharedCache | None,
    content_version: str,
    spec: PatternSpec,
    params: Params,
    kind: str,
    compute: Callable[[], T],
    *also: object,
) -> T:
    """`compute()`, kept in `cache` under this configuration of this content version (and
    `also`); computed every time without a cache or a content version."""
    if cache is None or not content_version:
        return compute()
    values = sorted((name, format_value(value)) for name, value in params.values.items())
    return cache.get_or_compute(result_key(kind, [spec.slug, content_version, values, *also]), compute)


def configured_snippet(
    spec: PatternSpec,
    params: Params,
    fmt: str,
    *,
    cache: SharedCache | None = None,
    content_version: str = "",
) -> Snippet | None:
    """One file of this configuration, highlighted as its tab shows it, or None when the
    configuration breaks an AWS limit or has no such file."""
    if check(spec, params).errors or fmt not in formats_for(spec, params):
        return None
    return kept_result(
        cache, content_version, spec, params, "snippet", lambda: snippet(spec, params, fmt), fmt
    )


def snippet_tabs(spec: PatternSpec, params: Params) -> tuple[SnippetTab, ...]:
    """The files this configuration has, in display order; call only when check() passes."""
    return tuple(
        SnippetTab(fmt, FORMATS[fmt].label, FORMATS[fmt].filename) for fmt in formats_for(spec, params)
    )


def snippet(spec: PatternSpec, params: Params, fmt: str) -> Snippet:
    """One of the configuration's files (a format of `snippet_tabs`), highlighted, its lines
    marked with the diagram nodes they configure."""
    text = generate(spec, params, fmt)
    described = FORMATS[fmt]
    deployment = build_deployment(spec.slug, params.values)
    html = highlight_code_lines(
        text, described.lexer, prefix=f"{fmt}-line", nodes=node_lines(fmt, text, deployment)
    )
    return Snippet(fmt, described.label, described.filename, text, html)


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
            log_scale=True,
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
    layout: str = "wide",
) -> tuple[bytes, str]:
    """The diagram as `fmt` in `layout` ("wide" or "narrow"), or empty bytes and a message a
    user can act on. A narrow SVG's ids start with "narrow-", so both fit on one page."""
    dot = build_dot(spec, params.values, components, component_url=component_url, layout=layout)
    return _render_diagram(spec, params, components, dot, fmt, layout=layout, cache=cache)


def page_diagrams(
    spec: PatternSpec,
    params: Params,
    components: Mapping[str, ComponentSpec],
    *,
    component_url: Callable[[str], str],
    cache: RenderCache | None = None,
) -> tuple[tuple[DiagramView, ...], str]:
    """Every layout of the diagram a page holds, widest first, or () and a message a user can
    act on when it could not be drawn.

    All are drawn by one `dot` process when none is cached (see `render_svgs`), and cached
    under the keys `diagram` uses, so the SVG download of the page's configuration is
    already in the cache. Each view but the last may show from the container width at which
    its text is legible (`legible_from`); the last, the narrowest, shows below that.
    """
    title = f"{spec.title} architecture"
    description = describe_topology(spec, params.values, components)
    jobs = [
        SvgJob(
            build_dot(spec, params.values, components, component_url=component_url, layout=layout),
            title=title,
            description=description,
            id_prefix="" if layout == "wide" else f"{layout}-",
        )
        for layout in LAYOUTS
    ]
    try:
        drawn = [svg.decode("utf-8") for svg in render_svgs(jobs, cache=cache)]
    except DiagramError as error:
        logger.warning("diagram of %s not rendered: %s", spec.slug, error)
        return (), f"The diagram could not be drawn here: {error}"
    last = len(drawn) - 1
    views = tuple(
        DiagramView(layout, svg, 0 if index == last else legible_from(svg))
        for index, (layout, svg) in enumerate(zip(LAYOUTS, drawn, strict=True))
    )
    return views, ""


def _render_diagram(
    spec: PatternSpec,
    params: Params,
    components: Mapping[str, ComponentSpec],
    dot: str,
    fmt: str,
    *,
    layout: str,
    cache: RenderCache | None,
) -> tuple[bytes, str]:
    try:
        output = render(
            dot,
            fmt,
            title=f"{spec.title} architecture",
            description=describe_topology(spec, params.values, components),
            id_prefix="" if layout == "wide" else f"{layout}-",
            cache=cache,
        )
    except DiagramError as error:
        logger.warning("diagram of %s not rendered: %s", spec.slug, error)
        return b"", f"The diagram could not be drawn here: {error}"
    return output, ""


def legible_from(svg: str) -> int:
    """The narrowest container, in CSS pixels and a multiple of LAYOUT_STEP_PX, that shows this
    SVG with its text at LEGIBLE_TEXT_PX or more (its text is FONT_SIZE points, and a page
    shrinks it only to fit)."""
    width, _height = svg_size(svg)
    needed = width * LEGIBLE_TEXT_PX / FONT_SIZE
    return int(-(-needed // LAYOUT_STEP_PX) * LAYOUT_STEP_PX)
