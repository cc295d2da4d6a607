"""The estimate JSON API: /api/patterns/<slug>/estimate and /api/services/<service>/estimate."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from explorer.domain.pricing.estimate import estimate_pattern
from explorer.domain.pricing.services import SERVICES
from explorer.models import Pattern

pytestmark = pytest.mark.django_db


def test_a_pattern_estimate_has_the_documented_shape(client: Client) -> None:
    response = client.get("/api/patterns/api-backend/estimate", {"requests_per_month": "10000000"})

    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "pattern",
        "region",
        "prices_as_of",
        "free_tier",
        "parameters",
        "line_items",
        "notes",
        "total",
    }
    assert data["pattern"] == "api-backend"
    assert data["region"] == "us-east-1"
    assert data["free_tier"] is True
    assert data["parameters"]["requests_per_month"] == 10_000_000
    line = data["line_items"][0]
    assert set(line) == {
        "service",
        "item",
        "quantity",
        "unit",
        "unit_price",
        "cost",
        "formula",
        "free_tier_used",
    }
    assert all(isinstance(item["cost"], str) for item in data["line_items"])
    # The same figure the engine (and so the pattern page) gives for this input.
    spec = Pattern.objects.get(slug="api-backend").spec()
    assert Decimal(data["total"]) == estimate_pattern(spec, {"requests_per_month": 10_000_000}).total


def test_line_items_add_up_to_the_total_within_rounding(client: Client) -> None:
    data = client.get("/api/patterns/stream-processing/estimate").json()

    total = Decimal(data["total"])
    lines = sum(Decimal(item["cost"]) for item in data["line_items"])
    assert abs(total - lines) <= Decimal("0.01") * len(data["line_items"])


def test_the_free_tier_can_be_switched_off(client: Client) -> None:
    with_free = client.get("/api/patterns/scheduled-tasks/estimate").json()
    without = client.get("/api/patterns/scheduled-tasks/estimate", {"free_tier": "false"}).json()

    assert without["free_tier"] is False
    spec = Pattern.objects.get(slug="scheduled-tasks").spec()
    assert Decimal(with_free["total"]) == estimate_pattern(spec, {}).total
    assert Decimal(without["total"]) == estimate_pattern(spec, {}, free_tier=False).total
    assert Decimal(with_free["total"]) < Decimal(without["total"])
    assert any(item["free_tier_used"] for item in with_free["line_items"])
    assert not any(item["free_tier_used"] for item in without["line_items"])


def test_a_service_estimate_matches_the_lambda_pricing_arithmetic(client: Client) -> None:
    # 10M requests x 0.2 s x 512 MB = 1,000,000 GB-s; 600,000 billed x $0.0000166667 = $10.00;
    # 9M billed requests x $0.20/M = $1.80 (https://aws.amazon.com/lambda/pricing/).
    data = client.get(
        "/api/services/lambda/estimate", {"requests": "10000000", "duration_ms": "200", "memory_mb": "512"}
    ).json()

    assert data["service"] == "lambda"
    assert data["total"] == "11.80"


def test_the_service_list_documents_every_parameter(client: Client) -> None:
    services = client.get("/api/services").json()["services"]

    names = [service["service"] for service in services]
    assert names == list(SERVICES)
    assert "lambda" in names and "kinesis_data_streams" in names
    memory = next(p for p in services[0]["parameters"] if p["name"] == "memory_mb")
    assert memory["min"] == "128" and memory["max"] == "10240" and memory["unit"] == "MB"


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("/api/patterns/api-backend/estimate", {"memory_mb": "-1"}, "memory_mb"),
        ("/api/patterns/api-backend/estimate", {"memory_mb": "abc"}, "memory_mb"),
        ("/api/patterns/api-backend/estimate", {"requests_per_month": "1" + "0" * 30}, "requests_per_month"),
        ("/api/patterns/api-backend/estimate", {"colour": "blue"}, "colour"),
        ("/api/patterns/api-backend/estimate", {"free_tier": "perhaps"}, "free_tier"),
        ("/api/services/lambda/estimate", {"memory_mb": "64"}, "memory_mb"),
        ("/api/services/lambda/estimate", {"requests": "x" * 10_000}, "requests"),
        ("/api/services/lambda/estimate", {"architecture": "sparc"}, "architecture"),
        ("/api/services/lambda/estimate", {"colour": "blue"}, "colour"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(client: Client, url: str, query: dict, field: str) -> None:
    response = client.get(url, query)

    assert response.status_code == 400
    data = response.json()
    assert field in data["errors"]
    assert field in data["error"]


def test_a_repeated_parameter_is_a_400(client: Client) -> None:
    response = client.get("/api/services/lambda/estimate?memory_mb=128&memory_mb=256")

    assert response.status_code == 400
    assert "more than once" in response.json()["errors"]["memory_mb"]


@pytest.mark.parametrize("url", ["/api/patterns/mainframe/estimate", "/api/services/mainframe/estimate"])
def test_an_unknown_pattern_or_service_is_a_404_naming_it(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 404
    assert "mainframe" in response.json()["error"]


def test_a_configuration_aws_refuses_is_not_priced_and_the_limit_is_named(client: Client) -> None:
    response = client.get(
        "/api/patterns/edge-functions/estimate",
        {"edge_runtime": "cloudfront-functions", "event_type": "origin-request"},
    )

    assert response.status_code == 400
    message = response.json()["errors"]["event_type"]
    assert "CloudFront Functions run on viewer events only" in message
    assert "https://docs.aws.amazon.com/AmazonCloudFront/" in message
