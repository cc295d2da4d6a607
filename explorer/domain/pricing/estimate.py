"""A configured pattern's monthly cost: its deployment, priced resource by resource.

`estimate_pattern(spec, values)` builds the pattern's `Deployment` with its module (the
same object the SAM and Terraform files are rendered from) and prices it with
`explorer.domain.pricing.resources.price_deployment`. Line items are labelled with the
diagram node that draws each resource.

The original guide's cost scenarios are content (`seed_cost` in a pattern's front matter:
the parameter values that reproduce it, its figures and why ours differ);
`compare_seed_scenario(spec)` prices that configuration and sets our figures beside the guide's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from explorer.domain.content.schema import ParameterValue, PatternSpec, SeedCost
from explorer.domain.params import Params
from explorer.domain.patterns.registry import pattern_module
from explorer.domain.pricing.catalog import load_catalog
from explorer.domain.pricing.engine import Estimate, format_money, round_money
from explorer.domain.pricing.resources import price_deployment
from explorer.domain.pricing.services import PricingInputError
from explorer.domain.rules import Violation, check


def node_labels(spec: PatternSpec) -> dict[str, str]:
    return {node.id: node.label for node in spec.topology.nodes}


class ConfigurationRefused(PricingInputError):
    """A configuration AWS would refuse: it is not priced. `violations` name each limit."""

    def __init__(self, violations: tuple[Violation, ...]) -> None:
        self.violations = violations
        first = violations[0]
        super().__init__(first.field, "; ".join(refusal(violation) for violation in violations))


def refusal(violation: Violation) -> str:
    """A broken limit in words, with the AWS page it comes from."""
    return f"{violation.message} (AWS limit: {violation.limit_name}, {violation.source_url})"


def estimate_pattern(
    spec: PatternSpec, values: Mapping[str, ParameterValue], *, free_tier: bool = True, refuse: bool = True
) -> Estimate:
    """The monthly estimate of `spec` with `values` (defaults fill what it leaves out).

    Raises PricingInputError("pattern", ...) for a pattern without a module, and
    ConfigurationRefused when the configuration breaks a hard limit: what AWS would refuse is
    not priced. `refuse=False` prices it anyway, for traffic scaled past a limit in a chart.
    """
    module = pattern_module(spec.slug)
    if module is None:
        raise PricingInputError("pattern", f"no cost model for the pattern {spec.slug!r}")
    resolved = {**spec.defaults, **values}
    if refuse and (errors := check(spec, Params(spec, resolved)).errors):
        raise ConfigurationRefused(errors)
    deployment = module.build(resolved)
    return price_deployment(deployment, labels=node_labels(spec), free_tier=free_tier)


def has_cost_model(spec: PatternSpec) -> bool:
    """Whether the pattern can be priced; a team's own pattern may have no module yet."""
    return pattern_module(spec.slug) is not None


def traffic_parameters(spec: PatternSpec) -> tuple[str, ...]:
    """The parameters that scale with traffic, for the 1x/10x/100x chart."""
    module = pattern_module(spec.slug)
    return module.traffic if module else ()


# --- the original guide's cost comparison -------------------------------------------------------


@dataclass(frozen=True)
class SeedRow:
    label: str
    seed: str
    ours: Decimal  # exact; round for display
    explanation: str


@dataclass(frozen=True)
class SeedComparison:
    scenario: SeedCost
    estimate: Estimate
    rows: tuple[SeedRow, ...]
    not_in_seed: tuple[tuple[str, Decimal], ...]  # (service title, our cost) the guide left out
    free_tier_saving: Decimal

    def explain(self) -> tuple[str, ...]:
        """Each difference from the guide in words, one sentence per line."""
        lines = [
            f"{row.label}: the original guide says ${row.seed}, we estimate {format_money(row.ours)}."
            f" {row.explanation}".rstrip()
            for row in self.rows
        ]
        if self.not_in_seed:
            left_out = ", ".join(f"{title} {format_money(cost)}" for title, cost in self.not_in_seed)
            lines.append(f"Not in the original guide's figures: {left_out}.")
        if self.estimate.free_tier:
            lines.append(
                f"The always-free tier takes {format_money(self.free_tier_saving)} off our total; the original"
                " guide does not say whether its figures include it."
            )
        lines.append(
            f"Total: the original guide says {self.scenario.total.replace('~', '~$').replace('<', '<$')}, we"
            f" estimate {format_money(self.estimate.total)} with prices as of {self.estimate.prices_as_of:%Y-%m-%d}."
        )
        return tuple(lines)


def seed_values(spec: PatternSpec) -> dict[str, ParameterValue]:
    """The parameter values of the original guide's scenario, in the order the pattern lists
    its parameters (a database's JSON column need not keep the file's order); empty when it
    has none."""
    given = dict(spec.seed_cost.parameters) if spec.seed_cost else {}
    return {parameter.name: given[parameter.name] for parameter in spec.parameters if parameter.name in given}


def compare_seed_scenario(spec: PatternSpec, *, free_tier: bool = True) -> SeedComparison | None:
    """Prices the original guide's scenario and sets our figures beside the guide's; None
    when the pattern has no scenario or cannot be priced."""
    scenario = spec.seed_cost
    if scenario is None or not scenario.parameters or not has_cost_model(spec):
        return None
    values = seed_values(spec)
    estimate = estimate_pattern(spec, values, free_tier=free_tier)
    without_free_tier = estimate_pattern(spec, values, free_tier=False) if free_tier else estimate
    by_service = estimate.by_service()
    titles = load_catalog().titles
    rows = []
    covered: set[str] = set()
    for item in scenario.items:
        ours = sum((by_service.get(service, Decimal(0)) for service in item.services), Decimal(0))
        covered.update(item.services)
        rows.append(SeedRow(label=item.service, seed=item.monthly, ours=ours, explanation=item.why))
    not_in_seed = tuple(
        (titles[service], cost)
        for service, cost in by_service.items()
        if service not in covered and round_money(cost)
    )
    return SeedComparison(
        scenario=scenario,
        estimate=estimate,
        rows=tuple(rows),
        not_in_seed=not_in_seed,
        free_tier_saving=without_free_tier.exact_total - estimate.exact_total,
    )
