"""Helpers shared by the views: the htmx request type, links, and a pattern's flow and practices."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from django.core.cache import caches
from django.http import HttpRequest
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from explorer.domain.content.schema import (
    ComponentSpec,
    Condition,
    ParameterValue,
    PatternSpec,
    PracticeCategory,
)
from explorer.domain.params import describe_value
from explorer.domain.presence import node_conditions
from explorer.domain.result_cache import SharedCache
from explorer.models import Pattern, PatternComponent


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def shared_cache() -> SharedCache:
    """Django's default cache (Redis with REDIS_URL), answering a miss when it is unreachable."""
    return SharedCache(caches["default"])


def component_specs(uses: Iterable[PatternComponent]) -> dict[str, ComponentSpec]:
    return {use.component.slug: use.component.as_spec() for use in uses}


def component_url(slug: str) -> str:
    return reverse("component_detail", args=[slug])


def page_url(pattern: Pattern, query: str) -> str:
    return f"{pattern.get_absolute_url()}?{query}" if query else pattern.get_absolute_url()


def flow_rows(spec: PatternSpec) -> list[dict[str, str]]:
    """Every edge of the topology in words, with the parameter values under which it exists.

    For a pattern with a module a node's condition is worked out from what its deployment
    draws (`node_conditions`); otherwise it is the node's `when` in the content file."""
    nodes = {node.id: node for node in spec.topology.nodes}
    derived = node_conditions(spec)

    def condition(node_id: str) -> Condition:
        node = nodes[node_id]
        return derived[node_id].condition if node_id in derived and not node.actor else node.when

    rows = []
    for edge in spec.topology.edges:
        source, target = nodes[edge.source], nodes[edge.target]
        rows.append(
            {
                "source": source.label,
                "target": target.label,
                "label": edge.label,
                "kind": edge.kind.value,
                "condition": describe_conditions(
                    spec, (condition(edge.source), condition(edge.target), edge.when)
                ),
            }
        )
    return rows


def describe_conditions(spec: PatternSpec, conditions: tuple[Condition, ...]) -> str:
    """Conditions in a user's words ("CDN: on; Queue type: FIFO"), each parameter once."""
    allowed: dict[str, list[ParameterValue]] = {}
    for condition in conditions:
        for name, values in condition.requirements:
            if name in allowed:
                allowed[name] = [value for value in allowed[name] if value in values]
            else:
                allowed[name] = list(values)
    parts = []
    for name, permitted in allowed.items():
        parameter = spec.parameter(name)
        shown = " or ".join(describe_value(parameter, value, unit=False) for value in permitted)
        parts.append(f"{parameter.label}: {shown}")
    return "; ".join(parts)


class Practice(Protocol):
    """A best practice as the pages group it: the content schema's `BestPractice` (compare
    page, straight from a spec) and the model's (pattern pages, from the database) both fit."""

    @property
    def title(self) -> str: ...
    @property
    def category(self) -> str: ...


def group_practices[P: Practice](practices: Iterable[P]) -> dict[str, list[P]]:
    """Practices under their categories, in the categories' order; empty ones left out."""
    return grouped_in_order(
        practices, [category.value for category in PracticeCategory], lambda p: p.category
    )


def grouped_in_order[T](
    items: Iterable[T], order: Iterable[str], key: Callable[[T], str]
) -> dict[str, list[T]]:
    """`items` under their keys, the keys in `order`, keys with no items left out."""
    groups: dict[str, list[T]] = {name: [] for name in order}
    for item in items:
        groups[key(item)].append(item)
    return {name: members for name, members in groups.items() if members}
