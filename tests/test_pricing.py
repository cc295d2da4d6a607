"""The pricing engine: the catalog, each service calculator against AWS's own published
pricing examples (to the cent, source cited beside each test), the free tier, tiers, money
rounding, property tests, and every kind of bad input."""

from __future__ import annotations

import datetime as dt
import inspect
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.domain.content.parse import load_library
from explorer.domain.content.schema import ParameterType
from explorer.domain.patterns.registry import all_patterns, build_deployment
from explorer.domain.pricing.catalog import (
    CatalogError,
    FreeTier,
    FreeTierKind,
    Rate,
    load_catalog,
    parse_catalog,
)
from explorer.domain.pricing.engine import (
    Estimate,
    Usage,
    UsageLedger,
    decimal_string,
    format_money,
    format_quantity,
    price_usages,
    round_money,
)
from explorer.domain.pricing.estimate import (
    ConfigurationRefused,
    compare_seed_scenario,
    estimate_pattern,
    node_labels,
    traffic_parameters,
)
from explorer.domain.pricing.resources import account_deployment
from explorer.domain.pricing.services import (
    SERVICES,
    PricingInputError,
    ServiceParameter,
    api_gateway_http_cost,
    api_gateway_rest_cost,
    api_gateway_websocket_cost,
    cloudfront_cost,
    cloudfront_functions_cost,
    cloudwatch_logs_cost,
    dynamodb_cost,
    elasticache_cost,
    estimate_service,
    eventbridge_cost,
    firehose_cost,
    kinesis_data_streams_cost,
    kms_cost,
    lambda_at_edge_cost,
    lambda_cost,
    s3_cost,
    sns_cost,
    sqs_cost,
    step_functions_express_cost,
    step_functions_standard_cost,
    waf_cost,
    xray_cost,
)
from explorer.domain.schedules import parse_schedule, runs_per_month

LAMBDA_PRICING = "https://aws.amazon.com/lambda/pricing/"
API_GATEWAY_PRICING = "https://aws.amazon.com/api-gateway/pricing/"
STEP_FUNCTIONS_PRICING = "https://aws.amazon.com/step-functions/pricing/"
EVENTBRIDGE_PRICING = "https://aws.amazon.com/eventbridge/pricing/"
XRAY_PRICING = "https://aws.amazon.com/xray/pricing/"
KINESIS_PRICING = "https://aws.amazon.com/kinesis/data-streams/pricing/"

D = Decimal


def free_tier_of(rate: Rate) -> FreeTier:
    assert rate.free_tier is not None, rate
    return rate.free_tier


def cents(estimate: Estimate) -> dict[str, Decimal]:
    """Each line's cost rounded to cents, keyed by item, as the AWS examples show them."""
    return {line.item: round_money(line.cost) for line in estimate.line_items}


def item_cost(estimate: Estimate, item: str) -> Decimal:
    return round_money(sum((line.cost for line in estimate.line_items if line.item == item), D(0)))


# --- the catalog ----------------------------------------------------------------------------


def test_the_catalog_is_us_east_1_in_dollars_with_a_month_of_730_hours():
    # AWS's pricing pages and calculator use 730 hours a month.
    catalog = load_catalog()
    assert catalog.region == "us-east-1"
    assert catalog.currency == "USD"
    assert catalog.hours_per_month == 730


def test_every_price_has_a_unit_a_source_and_the_date_it_was_checked():
    catalog = load_catalog()
    for key, rate in catalog.rates.items():
        assert rate.unit, key
        assert rate.sources and all(source.startswith("https://") for source in rate.sources), key
        # Checked no earlier than the catalog's date, and not in the future.
        assert catalog.prices_as_of <= rate.checked <= dt.date.today(), key
        assert rate.confidence in {"high", "medium", "low"}, key
        assert all(tier.unit_price == tier.price / rate.per for tier in rate.tiers), key


def test_free_tier_kinds_are_explicit_and_only_always_free_applies():
    catalog = load_catalog()
    kinds = {key: rate.free_tier.kind for key, rate in catalog.rates.items() if rate.free_tier}
    assert kinds["lambda.requests"] is FreeTierKind.ALWAYS_FREE
    assert kinds["api_gateway_rest.requests"] is FreeTierKind.LEGACY_12_MONTH
    assert kinds["s3.storage"] is FreeTierKind.LEGACY_12_MONTH
    assert not free_tier_of(catalog.rate("api_gateway_http.requests")).applies
    assert free_tier_of(catalog.rate("sqs.standard_requests")).applies


def test_the_catalog_is_read_once():
    assert load_catalog() is load_catalog()


def minimal_catalog(rate: dict) -> dict:
    return {
        "meta": {
            "region": "us-east-1",
            "region_name": "US East (N. Virginia)",
            "currency": "USD",
            "prices_as_of": "2026-11-30",
            "hours_per_month": "730",
            "free_tier_sources": ["https://aws.amazon.com/free/"],
        },
        "services": {"demo": {"title": "Demo", "rates": {"requests": rate}}},
    }


def good_rate(**changes: object) -> dict:
    rate = {
        "description": "Requests",
        "unit": "requests",
        "per": 1000000,
        "price": "0.20",
        "sources": ["https://aws.amazon.com/lambda/pricing/"],
        "checked": "2026-11-30",
        "confidence": "high",
    }
    rate.update(changes)
    return {key: value for key, value in rate.items() if value is not None}


def test_a_well_formed_catalog_parses():
    catalog = parse_catalog(minimal_catalog(good_rate()))
    assert catalog.rate("demo.requests").tiers[0].unit_price == D("0.0000002")


@pytest.mark.parametrize(
    ("rate", "key", "expected"),
    [
        (good_rate(price=0.2), "services.demo.rates.requests.price", "expected a decimal string"),
        (good_rate(unit=None), "services.demo.rates.requests.unit", "is required"),
        (good_rate(sources=["http://example.com"]), "services.demo.rates.requests.sources", "https://"),
        (good_rate(checked="last week"), "services.demo.rates.requests.checked", "expected a date"),
        (good_rate(confidence="sure"), "services.demo.rates.requests.confidence", "expected one of"),
        (good_rate(colour="red"), "services.demo.rates.requests.colour", "unknown key"),
        (
            good_rate(
                price=None,
                tiers=[
                    {"up_to": "10", "price": "1"},
                    {"up_to": "5", "price": "1"},
                    {"up_to": None, "price": "1"},
                ],
            ),
            "services.demo.rates.requests.tiers[1].up_to",
            "greater than",
        ),
        (
            good_rate(price=None, tiers=[{"up_to": "10", "price": "1"}]),
            "services.demo.rates.requests.tiers[0].up_to",
            "last tier",
        ),
        (
            good_rate(free_tier={"kind": "forever", "amount": "1", "pool": "p", "description": "x"}),
            "services.demo.rates.requests.free_tier.kind",
            "always_free, legacy_12_month",
        ),
    ],
)
def test_a_malformed_catalog_is_refused_naming_the_key(rate, key, expected):
    with pytest.raises(CatalogError) as raised:
        parse_catalog(minimal_catalog(rate))
    assert raised.value.key == key
    assert expected in str(raised.value)
    assert str(raised.value).startswith(f"prices.yaml: {key}: ")


def test_rates_sharing_a_free_tier_pool_must_agree():
    data = minimal_catalog(
        good_rate(free_tier={"kind": "always_free", "amount": "1", "pool": "p", "description": "x"})
    )
    data["services"]["demo"]["rates"]["other"] = good_rate(
        free_tier={"kind": "always_free", "amount": "2", "pool": "p", "description": "x"}
    )
    with pytest.raises(CatalogError, match=r"pool 'p' is also used by demo\.requests"):
        parse_catalog(data)


def test_an_option_s_own_free_tier_replaces_the_rate_s():
    shared = {"kind": "always_free", "amount": "5", "pool": "shared", "description": "x"}
    own = {"kind": "legacy_12_month", "amount": "750", "pool": "own", "description": "y"}
    rate = good_rate(price=None, free_tier=shared, options={"small": {"price": "1"}})
    rate["options"]["micro"] = {"price": "0.5", "free_tier": own}
    catalog = parse_catalog(minimal_catalog(rate))
    assert free_tier_of(catalog.option_rate("demo.requests", "small")).pool == "shared"
    assert free_tier_of(catalog.option_rate("demo.requests", "micro")).pool == "own"
    assert not free_tier_of(catalog.option_rate("demo.requests", "micro")).applies


# --- money and words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (D("0.005"), "$0.01"),
        (D("0.0049999"), "$0.00"),
        (D("2.675"), "$2.68"),
        (D("1234567.891"), "$1,234,567.89"),
        (D("0"), "$0.00"),
        (D("-0.005"), "-$0.01"),
    ],
)
def test_format_money_rounds_half_up_to_cents(amount, shown):
    assert format_money(amount) == shown


def test_quantities_read_with_thousands_separators_and_no_exponent():
    assert format_quantity(D("1E+7")) == "10,000,000"
    assert format_quantity(D("0.20")) == "0.2"
    assert format_quantity(D("17361.111111111")) == "17,361.1111"
    assert decimal_string(D("140000.0")) == "140000"
    assert decimal_string(D("0.4000000")) == "0.4"


def test_the_formula_shows_the_arithmetic_in_words():
    estimate = price_usages(lambda_cost(requests=10_000_000, duration_ms=200, memory_mb=512))
    duration = next(line for line in estimate.line_items if line.item == "Duration (x86_64)")
    assert duration.formula == (
        "10,000,000 requests x 0.2 s x 512 MB / 1024 = 1,000,000 GB-s; minus 400,000 free"
        " = 600,000 GB-s x $0.0000166667 = $10.00"
    )
    assert duration.free_tier_used
    requests = next(line for line in estimate.line_items if line.item == "Requests")
    assert requests.formula == (
        "10,000,000 requests; minus 1,000,000 free = 9,000,000 requests x $0.20 per million = $1.80"
    )


def test_an_estimate_says_where_and_when_its_prices_come_from():
    estimate = estimate_service("lambda", {})
    assert estimate.region == "us-east-1"
    assert estimate.prices_as_of == load_catalog().prices_as_of
    assert estimate.free_tier is True


# --- the free tier and tiers across a whole estimate -------------------------------------------


def test_two_functions_share_one_lambda_free_tier():
    first = lambda_cost(requests=600_000, duration_ms=1000, memory_mb=512)  # 300,000 GB-s
    second = lambda_cost(requests=600_000, duration_ms=1000, memory_mb=512)  # 300,000 GB-s
    together = price_usages((*first, *second))
    # 1,200,000 requests - 1,000,000 free = 200,000 x $0.20/M; 600,000 GB-s - 400,000 free.
    assert together.exact_total == D("0.04") + D("200000") * D("0.0000166667")
    second_lines = together.line_items[2:]
    assert [line.quantity for line in second_lines] == [D(200_000), D(200_000)]
    alone = price_usages(first).exact_total + price_usages(second).exact_total
    assert alone == 0  # each alone fits the free tier, which must not be granted twice together


def test_x86_and_arm_share_the_free_allowance_but_not_the_tiers():
    usages = (
        *lambda_cost(requests=400_000, duration_ms=1000, memory_mb=1024),
        *lambda_cost(requests=1, duration_ms=1000, memory_mb=1024, architecture="arm64"),
    )
    # The first use takes all 400,000 free GB-s, so the arm64 second is billed from GB-s one.
    estimate = price_usages(usages)
    arm = next(line for line in estimate.line_items if line.item == "Duration (arm64)")
    assert arm.quantity == 1
    assert arm.unit_price == D("0.0000133334")
    assert not arm.free_tier_used


def test_tiers_continue_across_usages_of_one_rate():
    usages = (
        *api_gateway_http_cost(requests=200_000_000),
        *api_gateway_http_cost(requests=200_000_000),
    )
    estimate = price_usages(usages)
    assert [(line.quantity, line.unit_price) for line in estimate.line_items] == [
        (D(200_000_000), D("0.000001")),
        (D(100_000_000), D("0.000001")),
        (D(100_000_000), D("0.0000009")),
    ]
    assert "tiers continue after 200,000,000 requests" in estimate.line_items[2].formula
    assert estimate.total == D("390.00")


def test_the_free_tier_counts_towards_the_first_tier():
    # SQS page: "First 1 Million Requests/Month: Free; From 1 Million to 100 Billion: $0.40".
    estimate = price_usages(sqs_cost(requests=100_000_000_000))
    (line,) = estimate.line_items
    assert line.quantity == 99_999_000_000
    assert line.unit_price == D("0.0000004")


def test_the_free_tier_can_be_switched_off():
    usages = lambda_cost(requests=3_000_000, duration_ms=120, memory_mb=1536)
    assert price_usages(usages, free_tier=False).total == D("9.60")
    assert not any(line.free_tier_used for line in price_usages(usages, free_tier=False).line_items)


def test_legacy_12_month_offers_are_never_applied():
    estimate = price_usages(api_gateway_rest_cost(requests=1_000_000), free_tier=True)
    assert estimate.total == D("3.50")
    assert not estimate.line_items[0].free_tier_used


def test_a_line_entirely_within_the_free_tier_says_so():
    (line,) = price_usages(step_functions_standard_cost(state_transitions=4000)).line_items
    assert line.cost == 0 and line.quantity == 0 and line.free_tier_used
    assert line.formula == (
        "4,000 state transitions; all within the free tier (4,000 state transitions a month, for existing"
        " and new accounts indefinitely) = $0.00"
    )


def test_zero_usage_gives_no_line():
    assert price_usages(sns_cost(publishes=0)).line_items == ()


# --- AWS Lambda: examples from https://aws.amazon.com/lambda/pricing/ ---------------------------


def test_lambda_example_1_mobile_application_backend():
    # LAMBDA_PRICING, "Example 1: Mobile application backend": 3M requests, 120 ms, 1536 MB,
    # x86: compute 140,000 GB-s x $0.0000166667 = $2.33, requests 2M x $0.2/M = $0.40, $2.73.
    estimate = price_usages(lambda_cost(requests=3_000_000, duration_ms=120, memory_mb=1536))
    assert cents(estimate) == {"Requests": D("0.40"), "Duration (x86_64)": D("2.33")}
    assert estimate.total == D("2.73")


def test_lambda_example_2_enriching_streaming_telemetry():
    # LAMBDA_PRICING, "Example 2": 7.44M messages, 2 s, 1024 MB; the page bills every request
    # and GB-s ($1.49 + $248.00 = $249.49), i.e. without the free tier.
    estimate = price_usages(
        lambda_cost(requests=7_440_000, duration_ms=2000, memory_mb=1024), free_tier=False
    )
    assert cents(estimate) == {"Requests": D("1.49"), "Duration (x86_64)": D("248.00")}
    assert estimate.total == D("249.49")


def test_lambda_example_3_machine_learning_with_ephemeral_storage():
    # LAMBDA_PRICING, "Example 3": 6M requests, 280 ms, 4096 MB, 2048 MB ephemeral storage:
    # compute $105.33 + requests $1 + ephemeral 2,520,000 GB-s x $0.0000000309 = $0.08, $106.41.
    estimate = price_usages(
        lambda_cost(requests=6_000_000, duration_ms=280, memory_mb=4096, ephemeral_storage_mb=2048)
    )
    assert cents(estimate) == {
        "Requests": D("1.00"),
        "Duration (x86_64)": D("105.33"),
        "Ephemeral storage above 512 MB": D("0.08"),
    }
    assert estimate.total == D("106.41")


def test_lambda_provisioned_concurrency_example_1_mobile_application_launch():
    # LAMBDA_PRICING, Provisioned Concurrency "Example 1": 100 provisioned for 8 h at 1536 MB
    # serve 500,000 requests of 100 ms; 2.5M more requests of 120 ms run on demand.
    # $18 + $0.40 + $0.73 + $0.83 = $19.96. The launch-day function gets no free tier; the
    # request free tier then falls to the other requests, as the page's $0.40 shows.
    launch = lambda_cost(
        requests=500_000, duration_ms=100, memory_mb=1536, provisioned_concurrency=100, provisioned_hours=8
    )
    rest_of_month = lambda_cost(requests=2_500_000, duration_ms=120, memory_mb=1536)
    estimate = price_usages((*launch, *rest_of_month))
    assert item_cost(estimate, "Provisioned concurrency (x86_64)") == D("18.00")
    assert item_cost(estimate, "Requests") == D("0.40")
    assert item_cost(estimate, "Duration on provisioned concurrency (x86_64)") == D("0.73")
    assert item_cost(estimate, "Duration (x86_64)") == D("0.83")
    assert estimate.total == D("19.96")


def test_lambda_provisioned_concurrency_example_2_cyber_monday():
    # LAMBDA_PRICING, Provisioned Concurrency "Example 2": concurrency 7 for 24 h at 4096 MB,
    # 2M requests of 280 ms: $10.08 + $21.78 + requests $0.40 (no free tier) = $32.26.
    estimate = price_usages(
        lambda_cost(
            requests=2_000_000,
            duration_ms=280,
            memory_mb=4096,
            provisioned_concurrency=7,
            provisioned_hours=24,
        )
    )
    assert cents(estimate) == {
        "Requests": D("0.40"),
        "Provisioned concurrency (x86_64)": D("10.08"),
        "Duration on provisioned concurrency (x86_64)": D("21.78"),
    }
    assert estimate.total == D("32.26")


def test_lambda_execution_beyond_provisioned_capacity_is_billed_on_demand():
    estimate = price_usages(
        lambda_cost(
            requests=1000, duration_ms=1000, memory_mb=1024, provisioned_concurrency=1, provisioned_hours=0
        )
    )
    assert {line.item for line in estimate.line_items} == {"Requests", "Duration (x86_64)"}
    overflow = price_usages(
        lambda_cost(
            requests=7200, duration_ms=1000, memory_mb=1024, provisioned_concurrency=1, provisioned_hours=1
        )
    )
    # 7,200 s of execution, 3,600 s of capacity: half at the provisioned rate, half on demand.
    assert item_cost(overflow, "Duration (x86_64)") == round_money(D(3600) * D("0.0000166667"))
    assert not any(line.free_tier_used for line in overflow.line_items)


def test_lambda_durable_functions_example_prices_arm64_compute():
    # LAMBDA_PRICING, Durable Functions example: 1M executions x 32 s at 1 GB on Arm, in two
    # invocations each: (32,000,000 - 400,000 free) GB-s x $0.0000133334 = $421.34, and
    # (2M - 1M free) requests x $0.20/M = $0.20.
    estimate = price_usages(
        lambda_cost(requests=2_000_000, duration_ms=16_000, memory_mb=1024, architecture="arm64")
    )
    assert cents(estimate) == {"Requests": D("0.20"), "Duration (arm64)": D("421.34")}


def test_lambda_response_streaming_example_compute_and_requests():
    # LAMBDA_PRICING, HTTP response streaming example: 3M requests, 500 ms, 1536 MB:
    # compute 1,850,000 GB-s x $0.0000166667 = $30.83, requests $0.40 (bytes streamed not modelled).
    estimate = price_usages(lambda_cost(requests=3_000_000, duration_ms=500, memory_mb=1536))
    assert cents(estimate) == {"Requests": D("0.40"), "Duration (x86_64)": D("30.83")}


def test_lambda_esm_provisioned_mode_example_2_compute_and_requests():
    # LAMBDA_PRICING, Provisioned Mode for ESM "Example 2": 30M invocations of 1 s at 1024 MB,
    # billed without the free tier: $500 + $6 (the EPU charge is not modelled).
    estimate = price_usages(
        lambda_cost(requests=30_000_000, duration_ms=1000, memory_mb=1024), free_tier=False
    )
    assert cents(estimate) == {"Requests": D("6.00"), "Duration (x86_64)": D("500.00")}


def test_lambda_duration_tiers_apply_above_6_billion_gb_seconds():
    # 6 billion GB-s at $0.0000166667, the next at $0.0000150000 (tiered-pricing blog post).
    estimate = price_usages(
        lambda_cost(requests=7_000_000_000, duration_ms=1000, memory_mb=1024), free_tier=False
    )
    tiers = [
        (line.quantity, line.unit_price) for line in estimate.line_items if line.item.startswith("Duration")
    ]
    assert tiers == [(D(6_000_000_000), D("0.0000166667")), (D(1_000_000_000), D("0.0000150000"))]


def test_lambda_at_edge_example_uses_the_per_128_mb_second_rate_correctly():
    # LAMBDA_PRICING, Lambda@Edge example: 10M executions of 10 ms; 100,000 s x $0.00000625125
    # per 128MB-second = $0.63, requests 10M x $0.60/M = $6.00, total $6.63.
    estimate = price_usages(lambda_at_edge_cost(requests=10_000_000, duration_ms=10, memory_mb=128))
    assert cents(estimate) == {"Requests": D("6.00"), "Duration": D("0.63")}
    assert estimate.total == D("6.63")
    assert estimate.line_items[1].formula == (
        "10,000,000 requests x 0.01 s x 128 MB = 100,000 128 MB-seconds at AWS's $0.00000625125 each,"
        " or / 1024 = 12,500 GB-s x $0.00005001 = $0.63"
    )


# --- API Gateway: examples from https://aws.amazon.com/api-gateway/pricing/ ---------------------


def test_http_api_example_1_serverless_web_application():
    # API_GATEWAY_PRICING, HTTP APIs "Pricing Example 1": 432 million requests of 12 KB:
    # 300M x $1.00/M + 132M x $0.90/M = $418.80.
    estimate = price_usages(api_gateway_http_cost(requests=432_000_000, request_size_kb=12))
    assert [round_money(line.cost) for line in estimate.line_items] == [D("300.00"), D("118.80")]
    assert estimate.total == D("418.80")


def test_http_api_example_2_uploads_metered_in_512_kb_increments():
    # API_GATEWAY_PRICING, HTTP APIs "Pricing Example 2": 25 calls a minute of 4.5 MB for a
    # 30-day month = 1,080,000 calls x 9 increments = 9,720,000 requests x $1/M = $9.72.
    estimate = price_usages(api_gateway_http_cost(requests=25 * 60 * 24 * 30, request_size_kb=4608))
    assert estimate.total == D("9.72")
    assert estimate.line_items[0].quantity == 9_720_000
    assert "4,608 KB metered in 512 KB chunks" in estimate.line_items[0].formula


def test_rest_api_example_five_million_calls():
    # API_GATEWAY_PRICING, REST APIs: 5 million calls x $3.50/M = $17.50 (data transfer aside).
    assert price_usages(api_gateway_rest_cost(requests=5_000_000)).total == D("17.50")


def test_rest_api_example_fifteen_billion_calls_across_three_tiers():
    # API_GATEWAY_PRICING, REST APIs: 333M x $3.50 + 667M x $2.80 + 14B x $2.38 = $36,353.10.
    estimate = price_usages(api_gateway_rest_cost(requests=15_000_000_000))
    assert [round_money(line.cost) for line in estimate.line_items] == [
        D("1165.50"),
        D("1867.60"),
        D("33320.00"),
    ]
    assert estimate.total == D("36353.10")


def test_rest_api_cache_example():
    # API_GATEWAY_PRICING, "Pricing Example with Caching Required": a 1.6 GB cache at
    # $0.038/hr; $0.038 x 24 = $0.912/day.
    estimate = price_usages(api_gateway_rest_cost(requests=0, cache_size_gb="1.6", cache_hours=24))
    (line,) = estimate.line_items
    assert line.item == "Cache (1.6 GB)"
    assert line.cost == D("0.912")
    assert price_usages(api_gateway_rest_cost(requests=0, cache_size_gb="0")).line_items == ()


def test_websocket_api_chat_application_example():
    # API_GATEWAY_PRICING, WebSocket "Chat Application": 18M messages of 3 KB x $1.00/M = $18,
    # 21,600,000 connection minutes x $0.25/M = $5.40, total $23.40.
    estimate = price_usages(
        api_gateway_websocket_cost(messages=18_000_000, message_size_kb=3, connection_minutes=21_600_000)
    )
    assert cents(estimate) == {"Messages": D("18.00"), "Connection minutes": D("5.40")}
    assert estimate.total == D("23.40")


def test_websocket_messages_are_metered_in_32_kb_increments():
    # API_GATEWAY_PRICING: "a 33 KB message is metered as two messages".
    (line,) = price_usages(api_gateway_websocket_cost(messages=1000, message_size_kb=33)).line_items
    assert line.quantity == 2000


# --- Step Functions ---------------------------------------------------------------------------


def test_step_functions_express_example_100_million_workflows():
    # STEP_FUNCTIONS_PRICING, Express example: 100M workflows of 10 s at 64 MB = 62,500,000
    # GB-s = 17,361.11 GB-hours; $60.00 + $120.00 + 12,361.11 x $0.01642 = $202.97, i.e.
    # $382.97 of duration, plus 100M x $1.00/M = $100.00 of requests.
    estimate = price_usages(
        step_functions_express_cost(requests=100_000_000, duration_ms=10_000, memory_mb=64)
    )
    assert [round_money(line.cost) for line in estimate.line_items] == [
        D("100.00"),
        D("60.00"),
        D("120.00"),
        D("202.97"),
    ]
    assert estimate.total == D("482.97")


def test_step_functions_express_rounds_duration_and_memory_up():
    # STEP_FUNCTIONS_PRICING: "rounded up to the nearest 100ms ... billed in 64-MB chunks";
    # the page's memory example, 62.85 MB, is billed as 64 MB.
    usages = step_functions_express_cost(requests=1, duration_ms=101, memory_mb=65)
    assert usages[1].quantity == D(1) * D("0.2") * D(128) / 1024 / 3600


def test_step_functions_workshop_nested_express_example():
    # AWS Step Functions workshop, "Review the Cost Impact"
    # (https://catalog.workshops.aws/stepfunctions/, module 13): 3,000 extra Standard
    # transitions cost $0.075 without the free tier; 1,000 Express runs of 11,300 ms within
    # 64 MB cost $0.01.
    standard = price_usages(step_functions_standard_cost(state_transitions=3000), free_tier=False)
    assert standard.exact_total == D("0.075")
    express = price_usages(step_functions_express_cost(requests=1000, duration_ms=11_300, memory_mb=64))
    assert express.total == D("0.01")


def test_step_functions_standard_free_tier_is_4000_transitions():
    # STEP_FUNCTIONS_PRICING: "The Step Functions free tier includes 4,000 free state transitions per month."
    estimate = price_usages(step_functions_standard_cost(state_transitions=1_004_000))
    assert estimate.total == D("25.00")


# --- EventBridge, X-Ray, Kinesis --------------------------------------------------------------


def test_eventbridge_custom_events_example():
    # EVENTBRIDGE_PRICING, event bus example: 5 million events x $1.00/M = $5.00.
    assert price_usages(eventbridge_cost(custom_events=5_000_000)).total == D("5.00")


def test_eventbridge_scheduler_example():
    # EVENTBRIDGE_PRICING, Scheduler example (priced in US West there; the rate is the same
    # $1.00/M): (20M - 14M free) x $1.00/M = $6.00.
    assert price_usages(eventbridge_cost(custom_events=0, scheduler_invocations=20_000_000)).total == D(
        "6.00"
    )


def test_xray_tracing_example():
    # XRAY_PRICING, "Example 1": 2,000 requests/hour x 24 x 31 x 10% = 148,800 traces recorded,
    # - 100,000 free = 48,800 x $0.000005 = $0.24; 775,000 retrieved or scanned are free.
    estimate = price_usages(xray_cost(traces_recorded=148_800, traces_scanned=775_000))
    assert cents(estimate) == {"Traces recorded": D("0.24"), "Traces retrieved or scanned": D("0.00")}
    assert estimate.total == D("0.24")


def test_kinesis_provisioned_example_workload():
    # KINESIS_PRICING, provisioned example workload: 100 records/s of 35 KB need 4 shards and
    # count 2 PUT payload units each ("a 45KB record contains two PUT Payload Units"). Priced
    # over our 730-hour month: 2,920 shard-hours x $0.015 = $43.80 and 525,600,000 units x
    # $0.014/M = $7.36.
    estimate = price_usages(kinesis_data_streams_cost(shards=4, records_per_second=100, record_size_kb=35))
    assert cents(estimate) == {
        "Shard hours (provisioned)": D("43.80"),
        "PUT payload units (provisioned)": D("7.36"),
    }
    assert "fits" in estimate.line_items[0].formula


def test_kinesis_payload_units_are_25_kb_chunks():
    # KINESIS_PRICING: "a 5KB record contains one PUT Payload Unit, a 45KB record contains two
    # PUT Payload Units, and a 1MB record contains 40 PUT Payload Units".
    for size, units in ((5, 1), (45, 2), (1000, 40)):
        usages = kinesis_data_streams_cost(shards=40, records_per_second=1, record_size_kb=size)
        assert usages[1].quantity == units * 730 * 3600


def test_kinesis_says_when_shards_are_too_few():
    usages = kinesis_data_streams_cost(shards=1, records_per_second=2000, record_size_kb=1)
    assert "needs 2 shards" in usages[0].derivation


def test_kinesis_on_demand_rounds_records_up_to_1_kb_and_counts_each_consumer():
    # KINESIS_PRICING: "if your data records are 4.5 KB each, Kinesis Data Streams will count
    # each record as 5 KB of data ingested".
    usages = kinesis_data_streams_cost(
        mode="on_demand", records_per_second=1, record_size_kb=D("4.5"), enhanced_fan_out_consumers=2
    )
    gb = D(5) * 730 * 3600 / (1024 * 1024)
    assert [usage.rate for usage in usages] == [
        "kinesis_data_streams.stream_hours",
        "kinesis_data_streams.data_in",
        "kinesis_data_streams.data_out",
        "kinesis_data_streams.efo_data_out",
    ]
    assert [usage.quantity for usage in usages] == [730, gb, gb, 2 * gb]


# --- the other services: AWS's published rates (no worked example found on their pages) --------


@pytest.mark.parametrize(
    ("usages", "total"),
    [
        # https://aws.amazon.com/cloudfront/pricing/: 2 million invocations always free, then $0.10/M.
        (cloudfront_functions_cost(invocations=12_000_000), "1.00"),
        # https://aws.amazon.com/cloudfront/pricing/: 10M requests and 1 TB free; $0.0100 per
        # 10,000 HTTPS requests and $0.085/GB for the first 10 TB (North America).
        (cloudfront_cost(requests=20_000_000, data_transfer_gb=2048), "97.04"),
        # https://aws.amazon.com/dynamodb/pricing/on-demand/: $0.625/M WRU, $0.125/M RRU,
        # $0.25/GB-month after 25 GB free.
        (dynamodb_cost(write_request_units=1_000_000, read_request_units=4_000_000, storage_gb=35), "3.63"),
        # https://aws.amazon.com/s3/pricing/: $0.023/GB, $0.005 per 1,000 PUT, $0.0004 per 1,000 GET.
        (s3_cost(storage_gb=100, put_requests=1_000_000, get_requests=10_000_000), "11.30"),
        # https://aws.amazon.com/sqs/pricing/ and FAQ: a 256 KB message is billed as 4 requests.
        (sqs_cost(requests=1_000_000, message_size_kb=256), "1.20"),
        (sqs_cost(requests=2_000_000, queue_type="fifo"), "0.50"),
        # https://aws.amazon.com/sns/pricing/: $0.50/M publishes (1M free), HTTP $0.60/M
        # (100,000 free), email $2.00 per 100,000 (1,000 free).
        (sns_cost(publishes=3_000_000, http_deliveries=1_100_000, email_deliveries=101_000), "3.60"),
        # https://aws.amazon.com/firehose/pricing/: $0.029/GB for the first 500 TB.
        (firehose_cost(ingested_gb=1000), "29.00"),
        # https://aws.amazon.com/cloudwatch/pricing/: $0.50/GB ingested, $0.03/GB-month, 5 GB free.
        (cloudwatch_logs_cost(ingested_gb=10, stored_gb=100), "5.50"),
        # https://aws.amazon.com/elasticache/pricing/: cache.m6g.12xlarge 730 h = $2,596.61.
        (elasticache_cost(node_type="cache.m6g.12xlarge", nodes=1, hours=730), "2596.61"),
        # https://aws.amazon.com/waf/pricing/: $5 per web ACL, $1 per rule, $0.60/M requests.
        (waf_cost(web_acls=1, rules=10, requests=50_000_000), "45.00"),
    ],
)
def test_service_rates(usages, total):
    assert price_usages(usages).total == D(total)


# --- the registry and raw input ----------------------------------------------------------------


def test_the_registry_describes_every_keyword_of_each_calculator_and_nothing_else():
    for name, service in SERVICES.items():
        keywords = list(inspect.signature(service.calculate).parameters)
        assert [parameter.name for parameter in service.parameters] == keywords, name


def test_every_parameter_has_a_unit_or_choices_bounds_and_help():
    for service in SERVICES.values():
        assert service.title
        for parameter in service.parameters:
            assert parameter.help, (service.name, parameter.name)
            if parameter.type is ParameterType.CHOICE:
                assert parameter.default in parameter.choices
            elif parameter.type is ParameterType.BOOL:
                assert isinstance(parameter.default, bool), (service.name, parameter.name)
            else:
                assert parameter.unit, (service.name, parameter.name)
                assert parameter.min is not None and parameter.max is not None, parameter.name
                assert isinstance(parameter.default, int | Decimal), parameter.name
                assert parameter.min <= parameter.default <= parameter.max, (service.name, parameter.name)


def test_registry_defaults_are_the_calculators_defaults():
    for service in SERVICES.values():
        signature = inspect.signature(service.calculate)
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in signature.parameters.values())
        for parameter in service.parameters:
            assert signature.parameters[parameter.name].default == parameter.default, (
                service.name,
                parameter.name,
            )


def test_every_service_prices_its_defaults():
    for name in SERVICES:
        estimate = estimate_service(name, {})
        assert estimate.total >= 0, name


def test_choices_come_from_the_catalog():
    assert SERVICES["api_gateway_rest"].parameter("cache_size_gb").choices[:3] == ("0", "0.5", "1.6")
    assert "cache.t4g.micro" in SERVICES["elasticache"].parameter("node_type").choices


def test_estimate_service_parses_raw_strings():
    estimate = estimate_service("lambda", {"requests": "3000000", "duration_ms": "120", "memory_mb": "1536"})
    assert estimate.total == D("2.73")
    assert (
        estimate_service("lambda", {"requests": " 3000000 "}).total
        == estimate_service("lambda", {"requests": "3000000"}).total
    )
    assert estimate_service("api_gateway_rest", {"requests": "0", "cache_size_gb": "0.50"}).total == D(
        "14.60"
    )


@pytest.mark.parametrize(
    ("service", "raw", "field", "message"),
    [
        (
            "lambda",
            {"requests": "-1"},
            "requests",
            "must be a whole number from 0 to 1,000,000,000,000 requests, got -1",
        ),
        (
            "lambda",
            {"requests": "lots"},
            "requests",
            "expected a whole number from 0 to 1,000,000,000,000 requests, got 'lots'",
        ),
        ("lambda", {"requests": "1.5"}, "requests", "expected a whole number"),
        ("lambda", {"requests": ""}, "requests", "expected a whole number"),
        ("lambda", {"requests": "1e6"}, "requests", "expected a whole number"),
        ("lambda", {"requests": "NaN"}, "requests", "expected a whole number"),
        ("lambda", {"requests": "Infinity"}, "requests", "expected a whole number"),
        ("lambda", {"requests": str(10**30)}, "requests", "got 1E+30"),
        ("lambda", {"requests": "9" * 100}, "requests", "..."),
        ("lambda", {"memory_mb": "64"}, "memory_mb", "must be a whole number from 128 to 10,240 MB, got 64"),
        ("lambda", {"duration_ms": "900001"}, "duration_ms", "from 1 to 900,000 ms"),
        ("lambda", {"architecture": "sparc"}, "architecture", "expected one of x86_64, arm64, got 'sparc'"),
        (
            "lambda",
            {"memroy_mb": "512"},
            "memroy_mb",
            "unknown parameter for lambda; expected one of: requests,",
        ),
        ("s3", {"storage_gb": "-0.5"}, "storage_gb", "must be a number from 0 to 100,000,000 GB, got -0.5"),
        ("s3", {"storage_gb": "1,000"}, "storage_gb", "expected a number from 0 to 100,000,000 GB"),
        ("api_gateway_rest", {"cache_size_gb": "2"}, "cache_size_gb", "expected one of 0, 0.5, 1.6"),
        ("sqs", {"queue_type": "lifo"}, "queue_type", "expected one of standard, fifo"),
        ("lambda_functions", {}, "service", "unknown service 'lambda_functions'; expected one of: lambda,"),
    ],
)
def test_bad_input_names_the_field_and_what_is_allowed(service, raw, field, message):
    with pytest.raises(PricingInputError) as raised:
        estimate_service(service, raw)
    assert raised.value.field == field
    assert message in raised.value.message
    assert str(raised.value) == f"{field}: {raised.value.message}"


def test_huge_values_are_refused_at_once():
    started = time.perf_counter()
    for raw in (str(10**30), "9" * 5000, "1" + "0" * 39):
        with pytest.raises(PricingInputError):
            estimate_service("sqs", {"requests": raw})
    with pytest.raises(PricingInputError):
        SERVICES["lambda"].validate({"requests": 10**30})
    assert time.perf_counter() - started < 1


def test_typed_values_are_validated_like_strings():
    assert SERVICES["lambda"].validate({"requests": 5, "memory_mb": D(512)})["memory_mb"] == 512
    with pytest.raises(PricingInputError, match="requests: must be"):
        SERVICES["lambda"].validate({"requests": -5})
    with pytest.raises(PricingInputError, match="memory_mb: expected"):
        SERVICES["lambda"].validate({"memory_mb": True})


def test_a_true_or_false_parameter_takes_the_words_a_form_or_query_string_sends():
    flag = ServiceParameter("multi_az", ParameterType.BOOL, "", False, None, None, (), "Standby.")
    assert [flag.parse(word) for word in ("true", " Yes ", "1", "on", True)] == [True] * 5
    assert [flag.parse(word) for word in ("false", "NO", "0", "off", False)] == [False] * 5
    assert flag.allowed() == "true or false"
    with pytest.raises(PricingInputError, match="multi_az: expected true or false, got 'perhaps'"):
        flag.parse("perhaps")


def test_calculators_refuse_floats():
    with pytest.raises(TypeError, match="never float"):
        lambda_cost(requests=1.5)  # type: ignore[arg-type]  # the point: a float is refused at run time


# --- properties -------------------------------------------------------------------------------


def value_strategy(parameter, at_least=None):
    if parameter.type is ParameterType.CHOICE:
        return st.sampled_from(parameter.choices)
    if parameter.type is ParameterType.BOOL:
        return st.booleans()
    low = parameter.min if at_least is None else at_least
    if parameter.type is ParameterType.INT:
        return st.integers(int(low), int(parameter.max))
    return st.decimals(low, parameter.max, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def service_values(draw, name=None):
    name = name or draw(st.sampled_from(sorted(SERVICES)))
    service = SERVICES[name]
    values = {parameter.name: draw(value_strategy(parameter)) for parameter in service.parameters}
    return name, values


PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(service_values())
def test_every_derivation_ends_with_the_quantity_it_derives(case):
    name, values = case
    catalog = load_catalog()
    for usage in SERVICES[name].calculate(**values):
        if usage.derivation:
            assert usage.derivation.endswith(
                f"= {format_quantity(usage.quantity)} {catalog.rate(usage.rate).unit}"
            )


@PROPERTY_SETTINGS
@given(service_values(), st.booleans())
def test_no_cost_is_negative_and_lines_add_up_to_the_total(case, free_tier):
    name, values = case
    estimate = price_usages(SERVICES[name].calculate(**values), free_tier=free_tier)
    for line in estimate.line_items:
        assert line.cost >= 0
        assert line.quantity >= 0
        assert line.cost == line.quantity * line.unit_price
        assert line.formula.endswith(format_money(line.cost))
    assert estimate.total == round_money(sum((line.cost for line in estimate.line_items), D(0)))
    assert estimate.total >= 0


@PROPERTY_SETTINGS
@given(service_values())
def test_the_free_tier_never_raises_a_cost(case):
    name, values = case
    usages = SERVICES[name].calculate(**values)
    assert (
        price_usages(usages, free_tier=True).exact_total <= price_usages(usages, free_tier=False).exact_total
    )


# Provisioned concurrency is the one input whose rise can lower a bill: execution moved onto
# provisioned capacity is billed at $0.0000097222 instead of $0.0000166667 per GB-s.
NOT_MONOTONIC = {("lambda", "provisioned_concurrency"), ("lambda", "provisioned_hours")}


@PROPERTY_SETTINGS
@given(service_values(), st.data(), st.booleans())
def test_cost_never_falls_as_volume_rises(case, data, free_tier):
    name, values = case
    numeric = [
        parameter
        for parameter in SERVICES[name].parameters
        if parameter.type not in (ParameterType.CHOICE, ParameterType.BOOL)
        and (name, parameter.name) not in NOT_MONOTONIC
    ]
    parameter = data.draw(st.sampled_from(numeric))
    higher = data.draw(value_strategy(parameter, at_least=values[parameter.name]))
    before = price_usages(SERVICES[name].calculate(**values), free_tier=free_tier).exact_total
    after = price_usages(SERVICES[name].calculate(**{**values, parameter.name: higher}), free_tier=free_tier)
    assert after.exact_total >= before


@PROPERTY_SETTINGS
@given(st.lists(service_values(), min_size=2, max_size=4))
def test_each_free_allowance_is_used_at_most_once_per_estimate(cases):
    catalog = load_catalog()
    ledger = UsageLedger(catalog, free_tier=True)
    usages = [usage for name, values in cases for usage in SERVICES[name].calculate(**values)]
    for usage in usages:
        ledger.charge(usage)
    allowances = {
        rate.free_tier.pool: rate.free_tier.amount for rate in catalog.rates.values() if rate.free_tier
    }
    for pool, used in ledger.free_used.items():
        assert used <= allowances[pool]
    assert price_usages(usages).exact_total <= price_usages(usages, free_tier=False).exact_total


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(SERVICES)),
    st.dictionaries(st.text(max_size=12), st.text(max_size=60), max_size=3),
)
def test_any_raw_input_either_prices_or_raises_pricing_input_error(name, raw):
    try:
        estimate = estimate_service(name, raw)
    except PricingInputError as error:
        assert error.field
        assert error.message
    else:
        assert estimate.total >= 0


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(SERVICES)), st.data())
def test_every_out_of_bounds_number_is_refused_naming_the_field(name, data):
    numeric = [p for p in SERVICES[name].parameters if p.type in (ParameterType.INT, ParameterType.DECIMAL)]
    parameter = data.draw(st.sampled_from(numeric))
    value = data.draw(
        st.one_of(
            st.integers(max_value=int(parameter.min) - 1),
            st.integers(min_value=int(parameter.max) + 1),
        )
    )
    with pytest.raises(PricingInputError) as raised:
        estimate_service(name, {parameter.name: str(value)})
    assert raised.value.field == parameter.name
    assert parameter.allowed() in raised.value.message


def test_usage_quantities_may_not_be_negative():
    with pytest.raises(ValueError, match="negative"):
        price_usages((Usage("lambda", "lambda.requests", D(-1)),))


# --- patterns -----------------------------------------------------------------------------------

CONTENT = Path(__file__).resolve().parents[1] / "patterns_content"


@pytest.fixture(scope="module")
def library():
    return load_library(CONTENT)


def pattern_slugs() -> list[str]:
    return sorted(path.stem for path in CONTENT.glob("*.md") if path.name != "README.md")


def test_every_pattern_has_a_cost_model():
    assert set(pattern_slugs()) <= set(all_patterns())


@pytest.mark.parametrize("slug", pattern_slugs())
def test_pattern_defaults_give_a_positive_total(library, slug):
    estimate = estimate_pattern(library.patterns[slug], {})
    assert estimate.exact_total > 0
    assert estimate.total == round_money(estimate.exact_total)
    assert estimate.region == "us-east-1"


@pytest.mark.parametrize("slug", pattern_slugs())
def test_switching_on_an_optional_resource_prices_or_explains_it(library, slug):
    spec = library.patterns[slug]
    for parameter in spec.parameters:
        if parameter.type is not ParameterType.BOOL:
            continue
        values = {
            True: {**spec.defaults, parameter.name: True},
            False: {**spec.defaults, parameter.name: False},
        }
        on, off = (build_deployment(slug, values[flag]) for flag in (True, False))
        added = {resource.id for resource in on.resources} - {resource.id for resource in off.resources}
        accounted = account_deployment(on, labels=node_labels(spec)).accounted
        assert added <= set(accounted), (slug, parameter.name, added - set(accounted))
        if any(accounted[resource] == "priced" for resource in added):
            # Within the free tier a new line may cost nothing; without it, it must cost something.
            paid_on = estimate_pattern(spec, values[True], free_tier=False, refuse=False)
            paid_off = estimate_pattern(spec, values[False], free_tier=False, refuse=False)
            assert paid_on.exact_total > paid_off.exact_total, (slug, parameter.name, added)


def test_api_backend_maps_its_choices_onto_services(library):
    spec = library.patterns["api-backend"]
    rest = estimate_pattern(spec, {"api_type": "rest", "cache_enabled": True, "cache_size_gb": "1.6"})
    assert {"api_gateway_rest", "lambda", "dynamodb"} <= set(rest.by_service())
    assert any(line.item == "Stage cache: Cache (1.6 GB)" for line in rest.line_items)
    http = estimate_pattern(spec, {"api_type": "http", "cache_enabled": True})
    assert "api_gateway_http" in http.by_service() and "api_gateway_rest" not in http.by_service()
    rds = estimate_pattern(spec, {"database": "rds"})
    assert "dynamodb" not in rds.by_service()
    assert {"rds", "rds_proxy"} <= set(rds.by_service())


def test_api_backend_reads_and_writes_per_request(library):
    estimate = estimate_pattern(
        library.patterns["api-backend"],
        {"requests_per_month": 10_000_000, "db_reads_per_request": D(2), "db_writes_per_request": D("0.5")},
    )
    units = {line.item: line.quantity for line in estimate.line_items if line.service == "dynamodb"}
    assert units["DynamoDB table: Read request units"] == 20_000_000
    assert units["DynamoDB table: Write request units"] == 5_000_000


def test_two_functions_of_one_pattern_share_the_lambda_free_tier(library):
    # The authorizer and the business function each take 1M requests: 2M requests, 1M free.
    estimate = estimate_pattern(library.patterns["api-backend"], {"authorizer_enabled": True})
    requests = [line for line in estimate.line_items if line.item.endswith(": Requests")]
    assert sum(line.quantity for line in requests) == 1_000_000
    assert sum(line.cost for line in requests) == D("0.2")


@pytest.mark.parametrize("slug", pattern_slugs())
def test_pattern_cost_never_falls_as_traffic_rises(library, slug):
    spec = library.patterns[slug]
    names = traffic_parameters(spec)
    for name in names:
        parameter = spec.parameter(name)
        base = estimate_pattern(spec, {}).exact_total
        tenfold: int | Decimal = min(Decimal(parameter.default) * 10, Decimal(parameter.maximum))
        if parameter.type is ParameterType.INT:
            tenfold = int(tenfold)
        assert estimate_pattern(spec, {name: tenfold}).exact_total >= base, (slug, name)


@st.composite
def pattern_values(draw, spec):
    values = {}
    for parameter in spec.parameters:
        if parameter.type is ParameterType.BOOL:
            values[parameter.name] = draw(st.booleans())
        elif parameter.type is ParameterType.CHOICE:
            values[parameter.name] = draw(st.sampled_from([choice.value for choice in parameter.choices]))
        elif parameter.type is ParameterType.INT:
            values[parameter.name] = draw(st.integers(int(parameter.minimum), int(parameter.maximum)))
        elif parameter.type is ParameterType.DECIMAL:
            values[parameter.name] = draw(
                st.decimals(
                    parameter.minimum, parameter.maximum, places=2, allow_nan=False, allow_infinity=False
                )
            )
    return values


@pytest.mark.parametrize("slug", pattern_slugs())
def test_any_valid_pattern_values_price_without_error(library, slug):
    spec = library.patterns[slug]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(pattern_values(spec), st.booleans())
    def check(values, free_tier):
        try:
            estimate = estimate_pattern(spec, values, free_tier=free_tier)
        except ConfigurationRefused as refused:
            # What AWS would refuse is not priced; the message names the limit and its page.
            assert "AWS limit:" in refused.message and "https://" in refused.message
            return
        assert estimate.total >= 0
        assert all(line.cost >= 0 for line in estimate.line_items)
        assert estimate.total == round_money(sum((line.cost for line in estimate.line_items), D(0)))
        if free_tier:
            assert estimate.exact_total <= estimate_pattern(spec, values, free_tier=False).exact_total

    check()


def test_a_pattern_without_a_cost_model_is_refused(library):
    spec = replace(library.patterns["saga"], slug="unknown-pattern")
    with pytest.raises(PricingInputError, match="pattern: no cost model for the pattern 'unknown-pattern'"):
        estimate_pattern(spec, {})


@pytest.mark.parametrize(
    ("expression", "runs"),
    [
        ("rate(1 hour)", D(730)),
        ("rate(5 minutes)", D(8760)),
        ("rate(1 day)", D(730) / 24),
        ("cron(0 12 * * ? *)", D(730) / 24),
        ("cron(0 0 ? * MON *)", D(730) / 24 / 7),
        ("cron(0/15 * * * ? *)", D(4 * 24) * D(730) / 24),
        ("cron(0 9 ? * MON-FRI *)", D(5) * D(730) / 24 / 7),
        ("cron(0 2 1 * ? *)", D(1)),
        ("cron(0 2 L * ? *)", D(1)),
        ("cron(0 2 ? * 6#3 *)", D(1)),
        ("cron(0 2 1 JAN,JUL ? *)", D(2) / 12),
    ],
)
def test_runs_per_month_of_schedule_expressions(expression, runs):
    # Repeating decimals (730 / 24 / 7) may differ in the 28th digit with the order of operations.
    assert abs(runs_per_month(parse_schedule(expression), month_hours=D(730)) - runs) < D("1E-20")


# --- the seed's cost comparison -----------------------------------------------------------------


def test_seed_scenarios_are_content_of_three_patterns(library):
    with_scenario = {slug for slug, spec in library.patterns.items() if spec.seed_cost}
    assert with_scenario == {"api-backend", "event-driven-processing", "scheduled-tasks"}
    services = set(SERVICES)
    for slug in with_scenario:
        scenario = library.patterns[slug].seed_cost
        assert scenario.parameters, slug
        for item in scenario.items:
            assert item.services and set(item.services) <= services, (slug, item.service)
            assert item.why, (slug, item.service)


def test_seed_api_backend_comparison(library):
    comparison = compare_seed_scenario(library.patterns["api-backend"])
    assert comparison is not None
    ours = {row.label: round_money(row.ours) for row in comparison.rows}
    # 10M requests at $3.50/M; 10M RRU at $0.125/M + 2M WRU at $0.625/M.
    assert ours["API Gateway"] == D("35.00")
    assert ours["DynamoDB (on-demand)"] == D("2.50")
    lines = comparison.explain()
    assert lines[0].startswith("Lambda: the original guide says $2.40, we estimate $")
    assert any("halved on-demand rates in November 2024" in line for line in lines)
    assert any(line.startswith("Not in the original guide's figures:") for line in lines)
    assert lines[-1].startswith("Total: the original guide says ~$42, we estimate $")
    assert comparison.free_tier_saving > 0


def test_seed_comparisons_explain_every_item(library):
    for spec in library.patterns.values():
        comparison = compare_seed_scenario(spec)
        if spec.seed_cost is None:
            assert comparison is None
            continue
        assert comparison is not None, spec.slug
        lines = comparison.explain()
        for item in spec.seed_cost.items:
            assert any(
                line.startswith(f"{item.service}: the original guide says ${item.monthly}") for line in lines
            )
        assert comparison.estimate.total == round_money(comparison.estimate.exact_total)


def test_seed_cron_scenario_runs_730_times_inside_the_free_tier(library):
    comparison = compare_seed_scenario(library.patterns["scheduled-tasks"])
    assert comparison is not None
    lambda_lines = [line for line in comparison.estimate.line_items if line.service == "lambda"]
    assert {line.item.split(": ")[1]: line.cost for line in lambda_lines}["Requests"] == 0
    assert all(line.free_tier_used for line in lambda_lines)
    assert any(
        note.startswith("Assumed: rate(1 hour) runs 730 times in a 730-hour month")
        for note in comparison.estimate.notes
    )


def test_a_count_of_one_reads_in_the_singular():
    (key,) = price_usages(kms_cost(keys=1), free_tier=False).line_items
    assert key.formula.startswith("1 key-month x $1.00 = $1.00"), key.formula
    (keys,) = price_usages(kms_cost(keys=2), free_tier=False).line_items
    assert keys.formula.startswith("2 key-months x $1.00"), keys.formula
