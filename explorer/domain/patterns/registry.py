"""The pattern modules: each pattern's code defined in one place and registered once.

A module in this package that defines `PATTERN = PatternModule(...)` is a pattern with
configuration files, handlers and a cost estimate; its slug ties it to the content file
`patterns_content/<slug>.md`, which holds everything a page teaches. Modules are found by
scanning the package, so adding a pattern is its content file plus its module; `register()`
adds one from elsewhere (a team's own package, a test fixture).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from explorer.domain.content.schema import ParameterValue
from explorer.domain.deployment import Deployment

if TYPE_CHECKING:  # rules.check() reads the registry, so import the type only
    from explorer.domain.rules import Rule

type Values = Mapping[str, ParameterValue]
type Answer = tuple[str, str]  # (question, answer) of the chooser


@dataclass(frozen=True)
class PatternModule:
    """What is specific to one pattern's code.

    - `build(values)`: the `Deployment` for complete, validated parameter values; every
      resource with its settings, its diagram node and its monthly usage.
    - `handler_pieces(values)`: the handler code (template pieces after the shared header) of
      its Python functions, in `src/app.py`; `standalone_handler` when they are the whole
      module (Lambda@Edge: no SDK, settings baked in).
    - `traffic`: the parameters that grow with traffic (for 1x/10x/100x and comparisons).
    - `chooser`: how strongly each chooser answer points at this pattern, and why;
      `chooser_values`: parameter values that configure it for an answer.
    - `comparisons`: configurations users often compare: (label, {"a.name": v, "b.name": v}).
    - `rules`: hard limits and warnings only this pattern has (`explorer.domain.rules.Rule`).
    """

    slug: str
    build: Callable[[Values], Deployment]
    handler_pieces: Callable[[Values], list[str]] | None = None
    standalone_handler: bool = False  # the pieces are the whole module (no shared header)
    traffic: tuple[str, ...] = ()
    chooser: Mapping[Answer, tuple[int, str]] = field(default_factory=dict)
    chooser_values: Mapping[Answer, Mapping[str, str]] = field(default_factory=dict)
    comparisons: tuple[tuple[str, Mapping[str, str]], ...] = ()
    rules: tuple[Rule, ...] = ()


_registered: dict[str, PatternModule] = {}


@cache
def _discovered() -> dict[str, PatternModule]:
    found: dict[str, PatternModule] = {}
    package = importlib.import_module("explorer.domain.patterns")
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"explorer.domain.patterns.{info.name}")
        pattern = getattr(module, "PATTERN", None)
        if isinstance(pattern, PatternModule):
            if pattern.slug in found:
                raise ValueError(f"two pattern modules claim the slug {pattern.slug!r}")
            found[pattern.slug] = pattern
    return found


def all_patterns() -> dict[str, PatternModule]:
    """Every pattern module, by slug."""
    return {**_discovered(), **_registered}


def pattern_module(slug: str) -> PatternModule | None:
    """The module of a pattern, or None for a pattern that has only content (no code yet)."""
    return _registered.get(slug) or _discovered().get(slug)


def register(pattern: PatternModule) -> None:
    """Adds a pattern module defined outside this package (replacing one with its slug)."""
    _registered[pattern.slug] = pattern


def unregister(slug: str) -> None:
    _registered.pop(slug, None)


def build_deployment(slug: str, values: Values) -> Deployment:
    """The deployment of a pattern configured with `values` (complete, validated values).

    KeyError for a pattern without a module."""
    module = pattern_module(slug)
    if module is None:
        raise KeyError(slug)
    return module.build(values)
