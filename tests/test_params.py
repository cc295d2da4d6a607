"""Resolving one user's configuration (explorer.domain.params), without a database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings

from explorer.domain.content.parse import load_library
from explorer.domain.params import ParamsError, resolve_params

LIBRARY = load_library(settings.PATTERNS_CONTENT_DIR)
ASYNC = LIBRARY.patterns["async-messaging"]
SAGA = LIBRARY.patterns["saga"]


def errors_for(spec, raw) -> dict[str, str]:
    with pytest.raises(ParamsError) as caught:
        resolve_params(spec, raw)
    return caught.value.errors


@pytest.mark.parametrize("slug", sorted(LIBRARY.patterns))
def test_no_input_gives_every_default(slug: str) -> None:
    spec = LIBRARY.patterns[slug]

    params = resolve_params(spec, {})

    assert dict(params.values) == spec.defaults
    assert params.query_string() == ""


def test_values_are_typed() -> None:
    params = resolve_params(ASYNC, {"memory_mb": "1024", "queue_type": "fifo", "dlq_enabled": "false"})

    assert params["memory_mb"] == 1024
    assert params["queue_type"] == "fifo"
    assert params["dlq_enabled"] is False


def test_decimals_stay_exact() -> None:
    assert resolve_params(SAGA, {"retry_backoff_rate": "1.5"})["retry_backoff_rate"] == Decimal("1.5")


def test_the_query_string_holds_only_what_changed() -> None:
    params = resolve_params(
        ASYNC, {"memory_mb": "1024", "queue_type": str(ASYNC.parameter("queue_type").default)}
    )

    assert params.query_string() == "memory_mb=1024"


def test_a_query_string_round_trips() -> None:
    first = resolve_params(ASYNC, {"memory_mb": "2048", "queue_type": "fifo", "dlq_enabled": "false"})
    from urllib.parse import parse_qs

    second = resolve_params(ASYNC, parse_qs(first.query_string()))

    assert second.values == first.values


def test_a_ticked_checkbox_with_its_hidden_twin_is_true() -> None:
    assert resolve_params(ASYNC, {"dlq_enabled": ["false", "true"]})["dlq_enabled"] is True


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        ({"memory_mb": "-5"}, "memory_mb", "must be from 128 to 10,240 MB; got -5"),
        ({"memory_mb": "99999999"}, "memory_mb", "must be from 128 to 10,240 MB"),
        ({"memory_mb": "1" * 31}, "memory_mb", "must be from 128"),
        ({"memory_mb": "1" * 10_000}, "memory_mb", "expected a whole number"),
        ({"memory_mb": "lots"}, "memory_mb", "expected a whole number from 128 to 10,240 MB; got 'lots'"),
        ({"memory_mb": "1.5"}, "memory_mb", "expected a whole number"),
        ({"memory_mb": ""}, "memory_mb", "expected a whole number"),
        ({"queue_type": "kafka"}, "queue_type", "expected one of standard, fifo; got 'kafka'"),
        ({"dlq_enabled": "perhaps"}, "dlq_enabled", "expected true or false"),
        ({"memory_mb": ["512", "1024"]}, "memory_mb", "given more than once"),
        ({"colour": "blue"}, "colour", "unknown parameter"),
    ],
)
def test_it_names_the_field_and_what_was_expected(raw: dict, field: str, message: str) -> None:
    errors = errors_for(ASYNC, raw)

    assert list(errors) == [field]
    assert message in errors[field]


def test_decimal_edge_cases_are_refused() -> None:
    for text in ("NaN", "Infinity", "1e400000", "0x10", "1,5"):
        assert "retry_backoff_rate" in errors_for(SAGA, {"retry_backoff_rate": text})


def test_every_bad_field_is_reported_at_once() -> None:
    errors = errors_for(ASYNC, {"memory_mb": "0", "queue_type": "x", "nope": "1"})

    assert set(errors) == {"memory_mb", "queue_type", "nope"}


def test_schedules_are_validated_by_aws_rules() -> None:
    spec = LIBRARY.patterns["scheduled-tasks"]

    assert resolve_params(spec, {"schedule": "cron(0 2 * * ? *)"})["schedule"] == "cron(0 2 * * ? *)"
    assert "exactly one of day-of-month" in errors_for(spec, {"schedule": "cron(0 2 * * * *)"})["schedule"]


def test_strings_are_bounded() -> None:
    spec = LIBRARY.patterns["event-driven-processing"]

    assert "at most" in errors_for(spec, {"key_prefix": "x" * 10_000})["key_prefix"]


def test_numbers_may_be_typed_with_thousands_separators() -> None:
    params = resolve_params(ASYNC, {"messages_per_month": "2,500,000", "memory_mb": "1,024"})

    assert params["messages_per_month"] == 2_500_000
    assert params["memory_mb"] == 1024
    assert params.query_string() == "messages_per_month=2500000&memory_mb=1024"


@pytest.mark.parametrize("typed", ["1,00", "10,00,000", ",512", "1,024,"])
def test_misplaced_separators_are_refused(typed: str) -> None:
    assert "expected a whole number" in errors_for(ASYNC, {"memory_mb": typed})["memory_mb"]
