"""Ready-made configurations of a pattern: the original guide's scenario, and low, typical
and high traffic. Each is a set of parameter values as a user would type them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from explorer.domain.content.schema import PatternSpec
from explorer.domain.explore import scaled_traffic
from explorer.domain.params import format_value, resolve_params
from explorer.domain.pricing.estimate import seed_values, traffic_parameters

TRAFFIC_LEVELS = (
    ("low", "Low traffic", Decimal("0.1")),
    ("typical", "Typical traffic", Decimal(1)),
    ("high", "High traffic", Decimal(100)),
)


@dataclass(frozen=True)
class Preset:
    slug: str
    label: str
    description: str
    values: dict[str, str]

    @property
    def query_string(self) -> str:
        return urlencode(self.values)


def presets_for(spec: PatternSpec) -> list[Preset]:
    """The presets of one pattern, in the order the panel offers them."""
    found = []
    if spec.seed_cost and spec.seed_cost.parameters:
        values = {name: format_value(value) for name, value in seed_values(spec).items()}
        found.append(
            Preset("original-guide", "The original guide's scenario", spec.seed_cost.scenario, values)
        )
    names = traffic_parameters(spec)
    defaults = resolve_params(spec, {})
    for slug, label, factor in TRAFFIC_LEVELS if names else ():
        scaled, _ = scaled_traffic(spec, defaults, factor)
        values = {name: format_value(scaled[name]) for name in names}
        described = ", ".join(_describe(spec, name, value) for name, value in values.items())
        found.append(Preset(slug, label, described, values))
    return found


def _describe(spec: PatternSpec, name: str, value: str) -> str:
    parameter = spec.parameter(name)
    unit = f" {parameter.unit}" if parameter.unit else ""
    return f"{parameter.label.lower()} {Decimal(value):,f}{unit}".replace(".0 ", " ")
