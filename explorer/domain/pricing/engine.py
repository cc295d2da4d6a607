"""Turning metered usage into priced line items: tiers, free tier, money and formulas.

A service calculator (see `explorer.domain.pricing.services`) says what a workload meters: a tuple
of `Usage` records, each a quantity of one catalog rate with the arithmetic that produced it.
`price_usages()` prices any number of them together with one `UsageLedger`, so that

- a free-tier allowance is used once per pool across the whole estimate (two Lambda
  functions of one pattern share the 1 million requests and 400,000 GB-s), and
- tiers are applied in order to the month's cumulative usage of each rate (the second
  function continues where the first one stopped).

Arithmetic is exact `Decimal`; nothing is rounded except the estimate's total and what
`format_money` shows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from explorer.domain.pricing.catalog import Catalog, Rate, Tier, load_catalog

CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Usage:
    """A quantity of one catalog rate that a workload meters in a month.

    `derivation` explains the quantity in words and ends with it and its unit ("3,000,000
    requests x 0.12 s x 1,536 MB / 1024 = 540,000 GB-s"); empty when the quantity is simply
    an input.
    """

    service: str
    rate: str  # catalog key, e.g. "lambda.duration_x86_64"
    quantity: Decimal
    derivation: str = ""
    item: str = ""  # line label; the rate's description when empty
    free_tier_eligible: bool = True
    node: str = ""  # the diagram node this usage belongs to, when there is one
    resource: str = ""  # the deployed resource(s) it meters, by logical id


@dataclass(frozen=True)
class LineItem:
    """One priced line: `cost` is exactly `quantity` x `unit_price` (billable quantity)."""

    service: str
    item: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    cost: Decimal
    formula: str
    free_tier_used: bool
    node: str = ""  # the diagram node it belongs to, so a page can highlight it
    resource: str = ""  # the deployed resource(s) it prices, by logical id


@dataclass(frozen=True)
class Estimate:
    """A month's estimate: line items in order, and their total rounded half-up to cents."""

    line_items: tuple[LineItem, ...]
    total: Decimal
    free_tier: bool
    region: str
    prices_as_of: dt.date
    notes: tuple[str, ...] = ()
    month_hours: Decimal = Decimal(730)  # the catalog's hours_per_month the estimate used

    @property
    def exact_total(self) -> Decimal:
        return sum((line.cost for line in self.line_items), ZERO)

    def by_service(self) -> dict[str, Decimal]:
        """Exact cost per service, in order of first appearance (for a breakdown chart)."""
        totals: dict[str, Decimal] = {}
        for line in self.line_items:
            totals[line.service] = totals.get(line.service, ZERO) + line.cost
        return totals


def round_money(amount: Decimal) -> Decimal:
    """Rounds to cents, half up: the only rounding the engine does."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal) -> str:
    """ "$1,234.57" for display: rounded half up to cents, with thousands separators."""
    rounded = round_money(amount)
    sign = "-" if rounded < 0 else ""
    return f"{sign}${abs(rounded):,.2f}"


def decimal_string(value: Decimal) -> str:
    """An exact decimal as text without exponent or trailing zeros, for JSON: "0.4", "118"."""
    return f"{value.normalize():f}"


def format_quantity(value: Decimal, *, places: int = 4) -> str:
    """A quantity in words: thousands separators, no exponent, at most `places` decimals."""
    if value == value.to_integral_value():
        return f"{value.to_integral_value():,f}"
    shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    return f"{shown:,f}"


class UsageLedger:
    """What one estimate has used so far: per rate (tier position) and per free-tier pool."""

    def __init__(self, catalog: Catalog, *, free_tier: bool) -> None:
        self.catalog = catalog
        self.free_tier = free_tier
        self.used: dict[str, Decimal] = {}  # rate key -> units metered so far, free ones included
        self.free_used: dict[str, Decimal] = {}  # pool -> free units consumed so far

    def charge(self, usage: Usage) -> tuple[LineItem, ...]:
        """Prices one usage after everything charged before it; returns its line items."""
        rate = self.catalog.rate(usage.rate)
        quantity = usage.quantity
        if quantity < 0:
            raise ValueError(f"{usage.rate}: negative quantity {quantity}")
        if quantity == 0:
            return ()
        label = usage.item or rate.description
        start = self.used.get(rate.key, ZERO)
        self.used[rate.key] = start + quantity

        free = self._take_free(rate, quantity, eligible=usage.free_tier_eligible)
        head = usage.derivation or f"{format_quantity(quantity)} {rate.unit_of(quantity)}"
        billable = quantity - free
        if billable == 0:
            assert rate.free_tier is not None
            allowance = rate.free_tier.description.rstrip(".")
            return (
                LineItem(
                    service=usage.service,
                    item=label,
                    quantity=ZERO,
                    unit=rate.unit,
                    unit_price=rate.tiers[0].unit_price,
                    cost=ZERO,
                    formula=f"{head}; all within the free tier ({allowance}) = $0.00",
                    free_tier_used=True,
                    node=usage.node,
                    resource=usage.resource,
                ),
            )
        if free:
            head = f"{head}; minus {format_quantity(free)} free"
        segments = list(_segments(rate.tiers, start + free, billable))
        lines = []
        for tier, amount in segments:
            cost = amount * tier.unit_price
            in_later_tier = rate.tiered and (len(segments) > 1 or tier is not rate.tiers[0])
            tier_words = _tier_words(rate, tier) if in_later_tier else ""
            priced = f"{format_quantity(amount)} {rate.unit_of(amount)} x {rate.quote(tier)}"
            if tier_words:
                formula = f"{head}; {tier_words}: {priced}"
            elif free:
                formula = f"{head} = {priced}"
            else:
                # The head ends with the quantity and its unit: "... = 1,250 GB-s".
                formula = f"{head} x {rate.quote(tier)}"
            if start and tier_words:
                formula += f" (tiers continue after {format_quantity(start)} {rate.unit} metered above)"
            lines.append(
                LineItem(
                    service=usage.service,
                    item=f"{label}, {tier_words}" if tier_words else label,
                    quantity=amount,
                    unit=rate.unit,
                    unit_price=tier.unit_price,
                    cost=cost,
                    formula=f"{formula} = {format_money(cost)}",
                    free_tier_used=bool(free),
                    node=usage.node,
                    resource=usage.resource,
                )
            )
        return tuple(lines)

    def _take_free(self, rate: Rate, quantity: Decimal, *, eligible: bool) -> Decimal:
        allowance = rate.free_tier
        if not (self.free_tier and eligible and allowance and allowance.applies) or quantity == 0:
            return ZERO
        used = self.free_used.get(allowance.pool, ZERO)
        free = min(quantity, max(allowance.amount - used, ZERO))
        self.free_used[allowance.pool] = used + free
        return free


def _segments(tiers: tuple[Tier, ...], start: Decimal, amount: Decimal) -> Iterable[tuple[Tier, Decimal]]:
    """Splits `amount` units, metered after `start` units this month, over the tiers in order."""
    position = start
    remaining = amount
    for tier in tiers:
        if remaining == 0:
            return
        if tier.up_to is not None and position >= tier.up_to:
            continue
        room = remaining if tier.up_to is None else min(remaining, tier.up_to - position)
        yield tier, room
        position += room
        remaining -= room


def _tier_words(rate: Rate, tier: Tier) -> str:
    index = rate.tiers.index(tier)
    low = ZERO if index == 0 else rate.tiers[index - 1].up_to
    if low is None:  # pragma: no cover - the catalog reader allows no limit on the last tier only
        raise ValueError(f"{rate.unit}: a tier after one with no upper limit")
    if tier.up_to is None:
        return f"over {format_quantity(low)} {rate.unit}"
    if index == 0:
        return f"first {format_quantity(tier.up_to)} {rate.unit}"
    return f"{format_quantity(low)} to {format_quantity(tier.up_to)} {rate.unit}"


def price_usages(
    usages: Iterable[Usage],
    *,
    free_tier: bool = True,
    catalog: Catalog | None = None,
    notes: Iterable[str] = (),
) -> Estimate:
    """Prices usages in order with one ledger and returns the estimate.

    The free tier (always-free allowances only) is applied once per pool across all of them;
    the total is the exact sum of the line items rounded half up to cents.
    """
    catalog = catalog or load_catalog()
    ledger = UsageLedger(catalog, free_tier=free_tier)
    lines: list[LineItem] = []
    for usage in usages:
        lines.extend(ledger.charge(usage))
    total = round_money(sum((line.cost for line in lines), ZERO))
    return Estimate(
        line_items=tuple(lines),
        total=total,
        free_tier=free_tier,
        region=catalog.region,
        prices_as_of=catalog.prices_as_of,
        notes=tuple(notes),
        month_hours=catalog.hours_per_month,
    )
