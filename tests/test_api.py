"""The JSON API: the same data as the pages, parameters and topology included."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_list_has_every_pattern(client: Client) -> None:
    response = client.get("/api/patterns")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    patterns = response.json()["patterns"]
    assert [pattern["order"] for pattern in patterns] == list(range(1, 9))
    assert patterns[0]["slug"] == "api-backend"
    assert [component["slug"] for component in patterns[0]["components"]] == [
        "api-gateway",
        "lambda",
        "dynamodb",
        "rds",
        "cloudfront",
        "waf",
        "elasticache",
        "cloudwatch",
        "x-ray",
    ]


def test_a_pattern_includes_parameters_and_topology(client: Client) -> None:
    data = client.get("/api/patterns/async-messaging").json()

    names = [parameter["name"] for parameter in data["parameters"]]
    assert "queue_type" in names
    queue_type = next(p for p in data["parameters"] if p["name"] == "queue_type")
    assert [choice["value"] for choice in queue_type["choices"]] == ["standard", "fifo"]
    assert data["topology"]["nodes"]
    assert any(edge["kind"] == "failure" for edge in data["topology"]["edges"])
    assert any(edge["when"] for edge in data["topology"]["edges"] + data["topology"]["nodes"])
    assert data["best_practices"][0]["category"] in {
        "reliability",
        "security",
        "cost",
        "performance",
        "operations",
    }


def test_decimals_are_strings(client: Client) -> None:
    data = client.get("/api/patterns/saga").json()

    backoff = next(p for p in data["parameters"] if p["name"] == "retry_backoff_rate")
    assert isinstance(backoff["default"], str)


def test_an_unknown_pattern_is_a_json_404(client: Client) -> None:
    response = client.get("/api/patterns/mainframe")

    assert response.status_code == 404
    assert response.json() == {"error": "Unknown pattern 'mainframe'."}


def test_an_unknown_api_address_is_a_json_404(client: Client) -> None:
    response = client.get("/api/nothing")

    assert response.status_code == 404
    assert response.json() == {"error": "Not found."}
