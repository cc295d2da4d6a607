"""One pattern, two configurations (/compare/<slug>/?a.name=value&b.name=value)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_standard_and_fifo_side_by_side(client: Client) -> None:
    response = client.get("/compare/async-messaging/", {"a.queue_type": "standard", "b.queue_type": "fifo"})

    assert response.status_code == 200
    html = response.text
    assert 'id="chart-crossover"' in html
    assert 'class="is-different"' in html
    assert "B/template.yaml" in html  # the SAM diff
    assert "FifoQueue" in html


def test_rest_and_http_api_costs_differ(client: Client) -> None:
    html = client.get("/compare/api-backend/", {"a.api_type": "rest", "b.api_type": "http"}).text

    total_a = html.split('data-testid="total-a">', 1)[1].split("<", 1)[0]
    total_b = html.split('data-testid="total-b">', 1)[1].split("<", 1)[0]
    assert total_a != total_b


def test_identical_configurations_have_identical_files(client: Client) -> None:
    html = client.get("/compare/saga/").text

    assert html.count("Identical.") >= 2
    assert "do not cross" in html


def test_the_compare_page_suggests_configuration_comparisons(client: Client) -> None:
    html = client.get("/compare/").text

    assert "SQS standard vs FIFO" in html
    assert 'href="/compare/saga/?a.workflow_type=standard&amp;b.workflow_type=express"' in html


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"a.memory_mb": "1"}, "a.memory_mb"),
        ({"b.colour": "blue"}, "b.colour"),
        ({"memory_mb": "512"}, "memory_mb"),
        ({"c.memory_mb": "512"}, "c.memory_mb"),
        ({"b.timeout_s": "60"}, "b.timeout_s"),
    ],
)
def test_bad_sides_are_a_400_naming_the_field(client: Client, query: dict, field: str) -> None:
    response = client.get("/compare/api-backend/", query)

    assert response.status_code == 400
    assert f"<strong>{field}</strong>" in response.text


def test_an_unknown_pattern_is_a_404(client: Client) -> None:
    assert client.get("/compare/mainframe/").status_code == 404
