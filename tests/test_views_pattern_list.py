"""The home page: every pattern as a card, filters and search, with and without htmx."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ALL_TITLES = [
    "API backend",
    "Event-driven processing",
    "Scheduled tasks (cron jobs)",
    "Stream processing",
    "Async messaging",
    "Saga (distributed transactions)",
    "Edge functions (Lambda@Edge and CloudFront Functions)",
    "WebSocket API (real-time communication)",
]


def card_titles(html: str) -> list[str]:
    return re.findall(r'class="card__link">([^<]+)</a>', html)


def test_it_lists_every_pattern_in_order(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert card_titles(response.text) == ALL_TITLES


def test_a_card_shows_use_cases_and_key_components(client: Client) -> None:
    html = client.get("/").text

    assert '<ul class="tag-list"><li class="tag">RESTful API</li>' in html
    assert '<li class="tag">Clickstream processing</li>' in html
    assert 'tag tag--compute">Lambda<' in html


def test_search_filters_the_cards(client: Client) -> None:
    response = client.get("/", {"q": "websocket"})

    assert response.status_code == 200
    assert card_titles(response.text) == ["WebSocket API (real-time communication)"]


def test_search_matches_every_word(client: Client) -> None:
    assert card_titles(client.get("/", {"q": "kinesis lambda"}).text) == ["Stream processing"]


def test_a_search_without_results_says_so(client: Client) -> None:
    response = client.get("/", {"q": "mainframe"})

    assert response.status_code == 200
    assert "No pattern matches" in response.text


def test_it_filters_by_component(client: Client) -> None:
    titles = card_titles(client.get("/", {"component": "step-functions"}).text)

    assert titles == [
        "Event-driven processing",
        "Scheduled tasks (cron jobs)",
        "Saga (distributed transactions)",
    ]


def test_it_filters_by_use_case(client: Client) -> None:
    assert card_titles(client.get("/", {"use_case": "restful-api"}).text) == ["API backend"]


def test_the_filters_keep_their_values_in_the_form(client: Client) -> None:
    html = client.get("/", {"q": "queue", "component": "sqs"}).text

    assert 'value="queue"' in html
    assert '<option value="sqs" selected>' in html


def test_htmx_gets_only_the_results_fragment(client: Client) -> None:
    response = client.get("/", {"q": "saga"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]


def test_an_unknown_component_is_a_400_with_a_message(client: Client) -> None:
    response = client.get("/", {"component": "mainframe"})

    assert response.status_code == 400
    assert "Unknown component mainframe" in response.text
    assert "<html" in response.text


def test_an_unknown_component_over_htmx_is_a_400_fragment(client: Client) -> None:
    response = client.get("/", {"component": "mainframe"}, headers={"HX-Request": "true"})

    assert response.status_code == 400
    assert "Unknown component mainframe" in response.text
    assert "<html" not in response.text


def test_an_overlong_search_is_a_400_that_keeps_the_text(client: Client) -> None:
    response = client.get("/", {"q": "x" * 101})

    assert response.status_code == 400
    assert "at most 100 characters" in response.text


def test_a_repeated_filter_is_a_400(client: Client) -> None:
    response = client.get("/?component=sqs&component=sns")

    assert response.status_code == 400
    assert "repeated: component" in response.text


def test_it_refuses_post(client: Client) -> None:
    assert client.post("/").status_code == 405


def test_the_list_takes_a_fixed_number_of_queries(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(5):
        client.get("/", {"q": "lambda"})


def test_it_answers_head_for_health_checks(client: Client) -> None:
    assert client.head("/").status_code == 200
