"""The pattern chooser (explorer.domain.chooser): answers in, a ranking with reasons out."""

from __future__ import annotations

import pytest
from django.conf import settings

from explorer.domain.chooser import QUESTIONS, QUESTIONS_BY_NAME, AnswerError, rank, validate_answers
from explorer.domain.content.parse import load_library
from explorer.domain.params import resolve_params
from explorer.domain.patterns.registry import all_patterns

LIBRARY = load_library(settings.PATTERNS_CONTENT_DIR)
SLUGS = sorted(LIBRARY.patterns, key=lambda slug: LIBRARY.patterns[slug].order)

EXPECTED_WINNER = {
    "http": "api-backend",
    "upload": "event-driven-processing",
    "schedule": "scheduled-tasks",
    "stream": "stream-processing",
    "queue": "async-messaging",
    "transaction": "saga",
    "cdn": "edge-functions",
    "connection": "websocket-api",
}


@pytest.mark.parametrize(("trigger", "winner"), EXPECTED_WINNER.items())
def test_the_trigger_picks_its_pattern(trigger: str, winner: str) -> None:
    ranking = rank(validate_answers({"trigger": trigger}), SLUGS)

    assert ranking[0].slug == winner
    assert ranking[0].reasons


def test_every_pattern_is_ranked_once() -> None:
    ranking = rank({"trigger": "http"}, SLUGS)

    assert sorted(entry.slug for entry in ranking) == sorted(SLUGS)


def test_refinements_reorder_and_explain() -> None:
    ranking = rank({"trigger": "queue", "ordering": "per_key", "failure": "retry"}, SLUGS)

    top = ranking[0]
    assert top.slug == "async-messaging"
    assert any("FIFO" in reason for reason in top.reasons)
    assert top.parameters == {"queue_type": "fifo", "dlq_enabled": "true"}


def test_negative_reasons_say_against() -> None:
    ranking = {entry.slug: entry for entry in rank({"trigger": "upload", "ordering": "per_key"}, SLUGS)}

    assert any(reason.startswith("Against:") for reason in ranking["event-driven-processing"].reasons)


def test_every_preset_is_a_valid_configuration() -> None:
    for question in QUESTIONS:
        for option in question.options:
            answers = {"trigger": "http", question.name: option.value}
            for entry in rank(answers, SLUGS):
                resolve_params(LIBRARY.patterns[entry.slug], entry.parameters)


def test_every_module_scores_real_answers_and_configures_real_parameters() -> None:
    for slug, module in all_patterns().items():
        for question, answer in [*module.chooser, *module.chooser_values]:
            assert answer in {option.value for option in QUESTIONS_BY_NAME[question].options}, (
                slug,
                question,
            )
        names = {parameter.name for parameter in LIBRARY.patterns[slug].parameters}
        for values in module.chooser_values.values():
            assert set(values) <= names, slug


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({}, "trigger"),
        ({"trigger": "carrier-pigeon"}, "trigger"),
        ({"trigger": "http", "mood": "happy"}, "mood"),
        ({"trigger": "http", "latency": "x" * 10_000}, "latency"),
    ],
)
def test_bad_answers_name_the_question(raw: dict, field: str) -> None:
    with pytest.raises(AnswerError) as caught:
        validate_answers(raw)

    assert field in caught.value.errors
