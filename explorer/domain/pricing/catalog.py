"""The price catalog: `prices.yaml` read into frozen dataclasses, validated when read.

`load_catalog()` returns the catalog the estimator uses (read once, then cached);
`parse_catalog(data, source)` validates any mapping of the same shape. A malformed file raises
`CatalogError` naming the key that is wrong and what was expected, for example
`prices.yaml: services.lambda.rates.requests.price: expected a decimal string such as "0.20",
got 0.2`. Prices must be strings so that no price passes through a binary float.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

PRICES_PATH = Path(__file__).with_name("prices.yaml")

DECIMAL_RE = re.compile(r"^\d+(\.\d+)?$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
CONFIDENCES = ("high", "medium", "low")


class CatalogError(Exception):
    """A price file that does not match the expected shape; names the key and the problem."""

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source = source
        self.key = key
        self.message = message
        super().__init__(f"{source}: {key}: {message}" if key else f"{source}: {message}")


class FreeTierKind(StrEnum):
    ALWAYS_FREE = "always_free"
    LEGACY_12_MONTH = "legacy_12_month"

    @property
    def label(self) -> str:
        return "always free" if self is FreeTierKind.ALWAYS_FREE else "12-month legacy offer"


@dataclass(frozen=True)
class FreeTier:
    """A monthly allowance. Rates naming the same `pool` share one allowance."""

    kind: FreeTierKind
    amount: Decimal
    pool: str
    description: str

    @property
    def applies(self) -> bool:
        """Whether the estimator's free-tier toggle applies it: always-free allowances only."""
        return self.kind is FreeTierKind.ALWAYS_FREE


@dataclass(frozen=True)
class Tier:
    """One price band: units up to `up_to` (cumulative over the month; None = no limit)."""

    up_to: Decimal | None
    price: Decimal  # as AWS quotes it, per `Rate.per` units
    unit_price: Decimal  # per single unit: price / per, exact


@dataclass(frozen=True)
class Rate:
    """One metered price: what a unit of usage costs, in tiers, with its free allowance."""

    key: str  # "lambda.requests", or "elasticache.node_hours:cache.t4g.micro" for an option
    service: str
    description: str
    unit: str
    per: Decimal
    tiers: tuple[Tier, ...]
    free_tier: FreeTier | None
    sources: tuple[str, ...]
    checked: dt.date
    confidence: str
    notes: tuple[str, ...] = ()

    @property
    def tiered(self) -> bool:
        return len(self.tiers) > 1

    def unit_of(self, quantity: Decimal) -> str:
        """The unit as a count of `quantity` reads: "1 key-month", "2 key-months" ("GB-s" stays)."""
        if quantity == 1 and self.unit.endswith("s") and not self.unit.endswith("-s"):
            return self.unit[:-1]
        return self.unit

    def quote(self, tier: Tier) -> str:
        """The price as AWS quotes it: "$0.20 per million", "$0.0000166667"."""
        price = f"${format_price(tier.price)}"
        if self.per == 1:
            return price
        return f"{price} per {PER_WORDS.get(self.per, f'{self.per:,}')}"


PER_WORDS = {
    Decimal(1000): "1,000",
    Decimal(10000): "10,000",
    Decimal(100000): "100,000",
    Decimal(1000000): "million",
}


@dataclass(frozen=True)
class Catalog:
    region: str
    region_name: str
    currency: str
    prices_as_of: dt.date
    hours_per_month: Decimal
    titles: Mapping[str, str]  # service -> "AWS Lambda"
    rates: Mapping[str, Rate]  # key -> rate, options included as "<rate key>:<option>"
    options: Mapping[str, tuple[str, ...]]  # rate key -> its options, in file order
    free_tier_sources: tuple[str, ...] = ()

    def rate(self, key: str) -> Rate:
        try:
            return self.rates[key]
        except KeyError:
            raise KeyError(f"no price {key!r} in the catalog") from None

    def option_rate(self, key: str, option: str) -> Rate:
        return self.rate(f"{key}:{option}")


def format_price(value: Decimal) -> str:
    """A unit price exactly as written in the data, without exponent: "0.0000166667", "3.50"."""
    return f"{value:f}"


@functools.cache
def load_catalog(path: Path = PRICES_PATH) -> Catalog:
    """The catalog read from `path` (prices.yaml by default); read and validated once."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CatalogError(path.name, "", f"is not valid YAML: {error}") from None
    return parse_catalog(data, source=path.name)


def parse_catalog(data: object, *, source: str = "prices.yaml") -> Catalog:
    """Validates a mapping shaped like prices.yaml and returns the catalog it describes."""
    root = _Reader(data, source, "")
    meta = root.mapping("meta")
    region = meta.text("region")
    region_name = meta.text("region_name")
    currency = meta.text("currency")
    prices_as_of = meta.date("prices_as_of")
    hours_per_month = meta.decimal("hours_per_month")
    free_tier_sources = meta.urls("free_tier_sources")
    meta.finish()

    titles: dict[str, str] = {}
    rates: dict[str, Rate] = {}
    options: dict[str, tuple[str, ...]] = {}
    services = root.mapping("services")
    for service in services.names():
        if not NAME_RE.match(service):
            raise CatalogError(source, services.where(service), "expected a snake_case service name")
        entry = services.mapping(service)
        titles[service] = entry.text("title")
        service_rates = entry.mapping("rates")
        for name in service_rates.names():
            if not NAME_RE.match(name):
                raise CatalogError(source, service_rates.where(name), "expected a snake_case rate name")
            reader = service_rates.mapping(name)
            key = f"{service}.{name}"
            if reader.has("options"):
                table = _read_options(reader, service=service, key=key)
                options[key] = tuple(table)
                rates.update({f"{key}:{option}": rate for option, rate in table.items()})
            else:
                rates[key] = _read_rate(reader, service=service, key=key)
            reader.finish()
        entry.finish()
    services.finish()
    root.finish()

    _check_pools(rates, source)
    return Catalog(
        titles=MappingProxyType(titles),
        rates=MappingProxyType(rates),
        options=MappingProxyType(options),
        region=region,
        region_name=region_name,
        currency=currency,
        prices_as_of=prices_as_of,
        hours_per_month=hours_per_month,
        free_tier_sources=free_tier_sources,
    )


def _read_rate(
    reader: _Reader, *, service: str, key: str, inherited: Mapping[str, Any] | None = None
) -> Rate:
    inherited = inherited or {}
    per = inherited.get("per") or reader.decimal("per", positive=True)
    if reader.has("tiers"):
        if reader.has("price"):
            raise reader.fail("price", "give either price or tiers, not both")
        tiers = _read_tiers(reader, per)
    else:
        price = reader.decimal("price")
        tiers = (Tier(up_to=None, price=price, unit_price=price / per),)
    notes = reader.strings("notes", required=False)
    return Rate(
        key=key,
        service=service,
        description=inherited.get("description") or reader.text("description"),
        unit=inherited.get("unit") or reader.text("unit"),
        per=per,
        tiers=tiers,
        # An option may carry its own allowance (only db.t4g.micro has RDS's free hours);
        # otherwise it shares the rate's.
        free_tier=_read_free_tier(reader)
        if not inherited or reader.has("free_tier")
        else inherited["free_tier"],
        sources=inherited.get("sources") or reader.urls("sources"),
        checked=inherited.get("checked") or reader.date("checked"),
        confidence=reader.choice("confidence", CONFIDENCES)
        if reader.has("confidence") or not inherited
        else inherited["confidence"],
        notes=(*inherited.get("notes", ()), *notes),
    )


def _read_options(reader: _Reader, *, service: str, key: str) -> dict[str, Rate]:
    inherited = {
        "description": reader.text("description"),
        "unit": reader.text("unit"),
        "per": reader.decimal("per", positive=True),
        "free_tier": _read_free_tier(reader),
        "sources": reader.urls("sources"),
        "checked": reader.date("checked"),
        "confidence": reader.choice("confidence", CONFIDENCES),
        "notes": reader.strings("notes", required=False),
    }
    table = reader.mapping("options")
    result = {}
    for option in table.names():
        option_reader = table.mapping(option)
        result[option] = _read_rate(
            option_reader, service=service, key=f"{key}:{option}", inherited=inherited
        )
        option_reader.finish()
    if not result:
        raise reader.fail("options", "must list at least one option")
    table.finish()
    return result


def _read_tiers(reader: _Reader, per: Decimal) -> tuple[Tier, ...]:
    items = reader.list("tiers")
    if not items:
        raise reader.fail("tiers", "must list at least one tier")
    tiers = []
    previous = Decimal(0)
    for index, item in enumerate(items):
        tier = _Reader(item, reader.source, reader.where(f"tiers[{index}]"))
        last = index == len(items) - 1
        up_to = tier.optional_decimal("up_to")
        if last and up_to is not None:
            raise tier.fail("up_to", "the last tier must have up_to: null (no upper limit)")
        if not last and up_to is None:
            raise tier.fail("up_to", "only the last tier may have no upper limit")
        if up_to is not None and up_to <= previous:
            raise tier.fail("up_to", f"must be greater than the previous tier's limit ({previous:,})")
        price = tier.decimal("price")
        tier.finish()
        tiers.append(Tier(up_to=up_to, price=price, unit_price=price / per))
        previous = up_to or previous
    return tuple(tiers)


def _read_free_tier(reader: _Reader) -> FreeTier | None:
    if not reader.has("free_tier"):
        return None
    fields = reader.mapping("free_tier")
    kind = fields.choice("kind", tuple(kind.value for kind in FreeTierKind))
    free_tier = FreeTier(
        kind=FreeTierKind(kind),
        amount=fields.decimal("amount", positive=True),
        pool=fields.text("pool"),
        description=fields.text("description"),
    )
    fields.finish()
    return free_tier


def _check_pools(rates: Mapping[str, Rate], source: str) -> None:
    """Rates sharing a free-tier pool must agree on its size and kind."""
    seen: dict[str, tuple[str, FreeTier]] = {}
    for key, rate in rates.items():
        if rate.free_tier is None:
            continue
        pool = rate.free_tier.pool
        if pool in seen:
            other_key, other = seen[pool]
            if (other.amount, other.kind) != (rate.free_tier.amount, rate.free_tier.kind):
                raise CatalogError(
                    source,
                    f"{key}.free_tier",
                    f"pool {pool!r} is also used by {other_key} with a different amount or kind",
                )
        else:
            seen[pool] = (key, rate.free_tier)


class _Reader:
    """One YAML mapping being read; remembers its path for error messages and refuses unread keys."""

    def __init__(self, data: object, source: str, path: str) -> None:
        self.source = source
        self.path = path
        if not isinstance(data, Mapping):
            raise CatalogError(source, path, f"expected a mapping, got {_kind(data)}")
        self.data = data
        self.seen: set[str] = set()

    def where(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else str(name)

    def fail(self, name: str, message: str) -> CatalogError:
        return CatalogError(self.source, self.where(name), message)

    def has(self, name: str) -> bool:
        return name in self.data

    def names(self) -> list[str]:
        keys = []
        for key in self.data:
            if not isinstance(key, str):
                raise CatalogError(self.source, self.where(str(key)), "expected a text key")
            keys.append(key)
        return keys

    def raw(self, name: str, *, required: bool = True) -> object:
        self.seen.add(name)
        if name not in self.data:
            if required:
                raise self.fail(name, "is required")
            return None
        return self.data[name]

    def mapping(self, name: str) -> _Reader:
        return _Reader(self.raw(name), self.source, self.where(name))

    def list(self, name: str) -> list[object]:
        value = self.raw(name)
        if not isinstance(value, list):
            raise self.fail(name, f"expected a list, got {_kind(value)}")
        return value

    def text(self, name: str) -> str:
        value = self.raw(name)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(name, f"expected text, got {_kind(value)}")
        return value.strip()

    def choice(self, name: str, allowed: tuple[str, ...]) -> str:
        value = self.raw(name)
        if value not in allowed:
            raise self.fail(name, f"expected one of {', '.join(allowed)}, got {value!r}")
        return str(value)

    def strings(self, name: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.raw(name, required=required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise self.fail(name, "expected a list of text")
        return tuple(item.strip() for item in value)

    def urls(self, name: str) -> tuple[str, ...]:
        urls = self.strings(name)
        if not urls:
            raise self.fail(name, "must list at least one source")
        for url in urls:
            if not url.startswith("https://"):
                raise self.fail(name, f"expected https:// addresses, got {url!r}")
        return urls

    def date(self, name: str) -> dt.date:
        value = self.raw(name)
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(name, f'expected a date such as "2026-11-30", got {value!r}')

    def optional_decimal(self, name: str) -> Decimal | None:
        """`decimal(name)`, or None when the value is null."""
        return None if self.raw(name) is None else self.decimal(name)

    def decimal(self, name: str, *, positive: bool = False) -> Decimal:
        value = self.raw(name)
        # Whole numbers may be written bare (per: 1000000); anything with a fraction must be a
        # string, because YAML would read 0.2 as a binary float.
        if isinstance(value, int) and not isinstance(value, bool):
            number = Decimal(value)
        elif isinstance(value, str) and DECIMAL_RE.match(value.strip()):
            try:
                number = Decimal(value.strip())
            except InvalidOperation:  # pragma: no cover - the regular expression prevents it
                raise self.fail(name, f"expected a decimal string, got {value!r}") from None
        else:
            raise self.fail(name, f'expected a decimal string such as "0.20", got {value!r}')
        if positive and number <= 0:
            raise self.fail(name, f"must be greater than 0, got {value!r}")
        return number

    def finish(self) -> None:
        unknown = sorted(str(key) for key in self.data if key not in self.seen)
        if unknown:
            expected = ", ".join(sorted(self.seen))
            raise CatalogError(
                self.source, self.where(unknown[0]), f"unknown key; expected one of: {expected}"
            )


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(type(value), repr(value))
