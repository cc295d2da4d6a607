"""A pattern as one user configured it: their input resolved, and what the engines make of it.

`explore(...)` is what the pattern page and its htmx updates show. Refused values are kept
as the user typed them, with a message, while everything else is computed from the last
valid configuration (refused fields fall back to their defaults), so one typo never blanks
the page. No request in sight: the caller passes the input, the components, how to link a
component, and the render cache.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from explorer.content.schema import ComponentSpec, Parameter, ParameterType, PatternSpec
from explorer.diagrams.build import build_dot, describe_topology
from explorer.diagrams.render import DiagramError, RenderCache, render
from explorer.params import Params, ParamsError, format_value, resolve_params

logger = logging.getLogger("explorer.explore")

DIAGRAM_FORMATS = ("svg", "png", "dot")


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
    diagram_svg: str = ""
    diagram_error: str = ""

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


def explore(
    spec: PatternSpec,
    raw: Mapping[str, Sequence[str]],
    components: Mapping[str, ComponentSpec],
    *,
    component_url: Callable[[str], str],
    cache: RenderCache | None = None,
) -> Exploration:
    params, errors = resolve_leniently(spec, raw)
    fields = tuple(
        PanelField(
            parameter=parameter,
            text=_typed_text(raw, parameter.name)
            if parameter.name in errors
            else format_value(params[parameter.name]),
            error=errors.get(parameter.name, ""),
        )
        for parameter in spec.parameters
    )
    svg, diagram_error = diagram(spec, params, components, "svg", component_url=component_url, cache=cache)
    return Exploration(
        spec=spec,
        params=params,
        fields=fields,
        errors=errors,
        diagram_svg=svg.decode("utf-8") if svg else "",
        diagram_error=diagram_error,
    )


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
