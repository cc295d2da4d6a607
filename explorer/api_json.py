"""The JSON shape of patterns for /api/patterns: plain dicts, money and decimals as strings."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from explorer.domain.content.schema import Condition
from explorer.models import Pattern


def to_json(value: object) -> object:
    """Spec objects as JSON-safe values: dataclasses to dicts, Decimal to str, dates to ISO text, enums to values."""
    if isinstance(value, Condition):
        return {name: [to_json(item) for item in allowed] for name, allowed in value.requirements}
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: to_json(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    return value


def pattern_summary(pattern: Pattern) -> dict[str, object]:
    return {
        "slug": pattern.slug,
        "title": pattern.title,
        "order": pattern.order,
        "level": pattern.level,
        "summary": pattern.summary,
        "url": pattern.get_absolute_url(),
        "api_url": f"/api/patterns/{pattern.slug}",
        "use_cases": [use_case.name for use_case in pattern.use_cases.all()],
        "components": [
            {
                "slug": use.component.slug,
                "name": use.component.name,
                "role": use.role,
                "optional": use.optional,
            }
            for use in pattern.pattern_components.all()
        ],
    }


def pattern_detail(pattern: Pattern) -> dict[str, object]:
    spec = pattern.spec()
    data = pattern_summary(pattern)
    data["use_cases"] = to_json(spec.use_cases)
    for name in (
        "key_facts",
        "best_practices",
        "cost_tips",
        "variants",
        "code_examples",
        "comparisons",
        "seed_cost",
        "characteristics",
        "takeaways",
        "self_check",
        "parameters",
        "topology",
    ):
        data[name] = to_json(getattr(spec, name))
    data["related"] = [related.slug for related in pattern.related.all()]
    data["body_markdown"] = spec.body
    return data
