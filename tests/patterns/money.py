"""Dollar figures of one deployment, per resource, for the patterns' hand-worked tests."""

from __future__ import annotations

from decimal import Decimal

from explorer.domain.deployment import Deployment
from explorer.domain.pricing.estimate import node_labels
from explorer.domain.pricing.resources import price_deployment
from tests.grid import LIBRARY

DERIVED = {"xray", "cloudwatch_logs"}  # lines that follow from the resources, not of one resource


def by_resource(deployment: Deployment, *, free_tier: bool = True) -> dict[str, Decimal]:
    """Each resource's own line items (the derived logs and traces aside), summed."""
    labels = node_labels(LIBRARY.patterns[deployment.slug])
    costs: dict[str, Decimal] = {}
    for line in price_deployment(deployment, labels=labels, free_tier=free_tier).line_items:
        if line.service not in DERIVED:
            costs[line.resource] = costs.get(line.resource, Decimal(0)) + line.cost
    return costs


def cost(deployment: Deployment, resource: str, *, free_tier: bool = True) -> Decimal:
    """What one resource costs a month (zero when it has no line)."""
    return by_resource(deployment, free_tier=free_tier).get(resource, Decimal(0))


def total(deployment: Deployment, *, free_tier: bool = True) -> Decimal:
    labels = node_labels(LIBRARY.patterns[deployment.slug])
    return price_deployment(deployment, labels=labels, free_tier=free_tier).total
