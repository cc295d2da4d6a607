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
