"""Comparing patterns side by side (/compare/)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_empty_page_offers_every_pattern(client: Client) -> None:
    response = client.get("/compare/")

    assert response.status_code == 200
    assert response.text.count('name="patterns"') == 8
    assert "Pick two or three patterns" in response.text


def test_two_patterns_side_by_side(client: Client) -> None:
    response = client.get("/compare/?patterns=stream-processing&patterns=async-messaging")

    assert response.status_code == 200
    html = response.text
    assert '<th scope="row">Delivery guarantee</th>' in html
    assert "In order within a shard" in html
    assert "strict within a message group (FIFO)" in html
    assert 'href="/components/kinesis-data-streams/"' in html
    assert 'href="/components/sqs/"' in html
    assert 'href="/patterns/stream-processing/snippets/sam"' in html
    assert 'href="/patterns/async-messaging/snippets.zip"' in html


def test_three_patterns(client: Client) -> None:
    response = client.get("/compare/?patterns=saga&patterns=edge-functions&patterns=websocket-api")

    assert response.status_code == 200
    assert response.text.count('<th scope="col"><a href="/patterns/') == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("patterns=saga", "you picked 1"),
        ("patterns=saga&patterns=saga", "picked once"),
        ("patterns=saga&patterns=mainframe", "Unknown pattern"),
        ("patterns=saga&patterns=api-backend&patterns=websocket-api&patterns=edge-functions", "you picked 4"),
    ],
)
def test_bad_picks_are_a_400_with_a_message(client: Client, query: str, message: str) -> None:
    response = client.get(f"/compare/?{query}")

    assert response.status_code == 400
    assert message in response.text


def test_compare_takes_a_fixed_number_of_queries(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(3):
        client.get("/compare/?patterns=saga&patterns=api-backend&patterns=websocket-api")


def test_patterns_are_priced_at_the_same_traffic(client: Client) -> None:
    html = client.get("/compare/?patterns=api-backend&patterns=stream-processing&events=1000000").text

    assert "Monthly cost at 1,000,000 events" in html
    assert 'id="chart-patterns"' in html
    assert "cross between 1M and 10M" in html


def test_a_pattern_without_traffic_says_so(client: Client) -> None:
    html = client.get("/compare/?patterns=scheduled-tasks&patterns=saga").text

    assert "Not driven by traffic" in html


@pytest.mark.parametrize("events", ["0", "-5", "lots", "1" + "0" * 30])
def test_bad_traffic_is_a_400(client: Client, events: str) -> None:
    response = client.get(f"/compare/?patterns=saga&patterns=api-backend&events={events}")

    assert response.status_code == 400
    assert "events must be a whole number" in response.text
