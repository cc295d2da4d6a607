"""The chooser page: /choose/ ranks the patterns and links to configured pattern pages."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_empty_questionnaire_asks_every_question(client: Client) -> None:
    response = client.get("/choose/")

    assert response.status_code == 200
    assert "What starts the work?" in response.text
    assert "Answer the first question" in response.text


def test_answers_rank_the_patterns_with_reasons_and_configured_links(client: Client) -> None:
    response = client.get("/choose/", {"trigger": "queue", "ordering": "per_key", "failure": "retry"})

    assert response.status_code == 200
    html = response.text
    first = html.index('class="card ranking__item ranking__item--best"')
    assert "Async messaging" in html[first : first + 600]
    assert 'href="/patterns/async-messaging/?queue_type=fifo&amp;dlq_enabled=true"' in html
    assert "SQS FIFO queues keep order" in html


def test_htmx_gets_the_results_only(client: Client) -> None:
    response = client.get("/choose/", {"trigger": "cdn"}, headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<section id="results"')
    best = response.text.split('ranking__item--best">', 1)[1].split("</li>", 1)[0]
    assert '<a href="/patterns/edge-functions/">Edge functions' in best


@pytest.mark.parametrize(
    "query",
    [{"trigger": "pigeon"}, {"mood": "happy", "trigger": "http"}, {"latency": "edge"}],
)
def test_bad_answers_are_a_400_with_a_message(client: Client, query: dict) -> None:
    response = client.get("/choose/", query)

    assert response.status_code == 400
    assert "Some answers could not be used" in response.text


def test_a_repeated_answer_is_a_400(client: Client) -> None:
    response = client.get("/choose/?trigger=http&trigger=cdn")

    assert response.status_code == 400
    assert "answer each question once" in response.text
