"""When each diagram node is drawn, worked out from the pattern's module rather than written down.

A pattern with a module decides in code which resources a configuration deploys, and so which
nodes the diagram draws (`Deployment.drawn_nodes()`). Pages that describe the flow in words
("CDN: on") need that as a condition per node. `node_conditions(spec)` finds it by building
the deployment over every combination of the choice and on/off parameters that change what is
drawn, and states each node's condition as the values under which it appears. A node drawn in
every combination has no condition; one whose appearances are not a simple "this and that"
gets the closest conjunction that holds whenever it is drawn, marked as partial.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from explorer.domain.content.schema import Condition, ParameterType, ParameterValue, PatternSpec
from explorer.domain.deployment import Deployment
from explorer.domain.patterns.registry import Values, pattern_module

# More combinations than this and only single changes from the defaults are tried.
MAX_COMBINATIONS = 4096


@dataclass(frozen=True)
class Presence:
    condition: Condition
    exact: bool = True  # False when the node also depends on something the condition leaves out


def _choices(spec: PatternSpec, name: str) -> tuple[ParameterValue, ...]:
    parameter = spec.parameter(name)
    if parameter.type is ParameterType.BOOL:
        return (False, True)
    return tuple(choice.value for choice in parameter.choices)


def node_conditions(spec: PatternSpec) -> dict[str, Presence]:
    """Each non-actor node's condition (empty when always drawn); {} for a pattern without a
    module, whose content conditions (`when`) say it already."""
    module = pattern_module(spec.slug)
    if module is None:
        return {}
    return _conditions(spec, module.build)


@cache
def _conditions(spec: PatternSpec, build: Callable[[Values], Deployment]) -> dict[str, Presence]:
    defaults = dict(spec.defaults)
    candidates = [p.name for p in spec.parameters if p.type in (ParameterType.BOOL, ParameterType.CHOICE)]
    drawn_cache: dict[frozenset[tuple[str, ParameterValue]], frozenset[str]] = {}

    def drawn(change: dict[str, ParameterValue]) -> frozenset[str]:
        values = {**defaults, **change}
        key = frozenset(values.items())
        if key not in drawn_cache:
            drawn_cache[key] = frozenset(build(values).drawn_nodes())
        return drawn_cache[key]

    relevant: list[str] = []
    # A parameter is relevant when changing it changes what is drawn, from the defaults or with
    # one relevant parameter changed (a WAF's place depends on the CDN and on the API type).
    while True:
        contexts: list[dict[str, ParameterValue]] = [{}] + [
            {name: value} for name in relevant for value in _choices(spec, name) if value != defaults[name]
        ]
        found = [
            name
            for name in candidates
            if name not in relevant
            and any(
                len(
                    {
                        frozenset(build({**defaults, **context, name: value}).drawn_nodes())
                        for value in _choices(spec, name)
                    }
                )
                > 1
                for context in contexts
            )
        ]
        if not found:
            break
        relevant += found
    domains = [_choices(spec, name) for name in relevant]
    total = 1
    for domain in domains:
        total *= len(domain)
    if total <= MAX_COMBINATIONS:
        combinations = [dict(zip(relevant, values, strict=True)) for values in itertools.product(*domains)]
    else:
        combinations = [{}] + [
            {name: value} for name, domain in zip(relevant, domains, strict=True) for value in domain
        ]
    seen: dict[str, list[dict[str, ParameterValue]]] = {}
    for combination in combinations:
        for node in drawn(combination):
            seen.setdefault(node, []).append(combination)
    result = {}
    for node, appearances in seen.items():
        allowed = {
            name: tuple(
                value
                for value in _choices(spec, name)
                if any(a.get(name, defaults[name]) == value for a in appearances)
            )
            for name in relevant
        }
        narrowed = {
            name: values for name, values in allowed.items() if len(values) < len(_choices(spec, name))
        }
        product = 1
        for name in relevant:
            product *= len(allowed[name])
        exact = total <= MAX_COMBINATIONS and product == len(appearances)
        result[node] = Presence(Condition(tuple(narrowed.items())), exact)
    return result
