"""An estimate as JSON (the API and `estimate --format json`) and as a text table (the CLI).

Money and quantities are decimal strings in JSON, never floats, so a client can do exact
arithmetic with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from explorer.domain.content.schema import ParameterValue
from explorer.domain.pricing.engine import (
    Estimate,
    decimal_string,
    format_money,
    format_quantity,
    round_money,
)
from explorer.domain.pricing.services import SERVICES, ServiceDefinition


def service_title(name: str) -> str:
    definition = SERVICES.get(name)
    return definition.title if definition else name


def _json_value(value: ParameterValue | object) -> object:
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return decimal_string(value)
    return str(value)


def estimate_json(
    estimate: Estimate,
    *,
    subject: tuple[str, str],
    parameters: Mapping[str, object],
) -> dict[str, object]:
    """The documented JSON shape; `subject` is ("pattern", slug) or ("service", name)."""
    kind, name = subject
    return {
        kind: name,
        "region": estimate.region,
        "prices_as_of": estimate.prices_as_of.isoformat(),
        "free_tier": estimate.free_tier,
        "parameters": {key: _json_value(value) for key, value in parameters.items()},
        "line_items": [
            {
                "service": line.service,
                "item": line.item,
                "quantity": decimal_string(line.quantity),
                "unit": line.unit,
                "unit_price": decimal_string(line.unit_price),
                "cost": f"{round_money(line.cost):f}",
                "formula": line.formula,
                "free_tier_used": line.free_tier_used,
            }
            for line in estimate.line_items
        ],
        "notes": list(estimate.notes),
        "total": f"{round_money(estimate.total):f}",
    }


def estimate_table(estimate: Estimate, *, heading: str) -> str:
    """A plain-text table: one line per item, its formula beneath, then the total."""
    lines = [heading, f"Region {estimate.region}, prices as of {estimate.prices_as_of:%Y-%m-%d}, "
             f"free tier {'on' if estimate.free_tier else 'off'}", ""]  # fmt: skip
    width = max(
        (len(f"{service_title(line.service)}: {line.item}") for line in estimate.line_items), default=10
    )
    for line in estimate.line_items:
        label = f"{service_title(line.service)}: {line.item}"
        quantity = f"{format_quantity(line.quantity)} {line.unit}"
        lines.append(f"{label:<{width}}  {quantity:>28}  {format_money(line.cost):>12}")
        lines.append(f"    {line.formula}")
    lines.append("")
    lines.append(f"{'Total':<{width}}  {'':>28}  {format_money(estimate.total):>12}")
    lines.extend(f"Note: {note}" for note in estimate.notes)
    return "\n".join(lines) + "\n"


def service_json(definition: ServiceDefinition) -> dict[str, object]:
    """A service and its parameters (type, unit, default, bounds, choices) for the API."""
    return {
        "service": definition.name,
        "title": definition.title,
        "api_url": f"/api/services/{definition.name}/estimate",
        "parameters": [
            {
                "name": parameter.name,
                "type": parameter.type.value,
                "unit": parameter.unit,
                "default": _json_value(parameter.default),
                "min": None if parameter.min is None else decimal_string(parameter.min),
                "max": None if parameter.max is None else decimal_string(parameter.max),
                "choices": list(parameter.choices),
                "allowed": parameter.allowed(),
                "help": parameter.help,
            }
            for parameter in definition.parameters
        ],
    }
