"""Schedule expressions in plain words and their next runs in UTC (explorer.domain.schedules)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from explorer.domain.schedules import ScheduleError, describe, next_runs, parse_schedule
from explorer.domain.snippets.schedule import render

START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday


def content_expressions() -> list[str]:
    """Every rate() and cron() expression the pattern files mention, valid or not."""
    text = "".join(path.read_text(encoding="utf-8") for path in settings.PATTERNS_CONTENT_DIR.rglob("*.md"))
    found = re.findall(r"(?:rate|cron)\([^()]*\)", text)
    return sorted({expression for expression in found if expression not in {"rate()", "cron()"}})


def valid(expression: str) -> bool:
    try:
        parse_schedule(expression)
    except ScheduleError:
        return False
    return True


CONTENT = content_expressions()
VALID = [expression for expression in CONTENT if valid(expression)]
INVALID = [expression for expression in CONTENT if not valid(expression)]


def test_the_content_uses_schedule_expressions() -> None:
    assert "cron(0 2 * * ? *)" in VALID
    assert "rate(1 hour)" in VALID


@pytest.mark.parametrize("expression", VALID)
def test_every_content_expression_is_described_with_five_runs_in_utc(expression: str) -> None:
    description = describe(expression)
    runs = next_runs(expression, count=5, start=START)

    assert description and description[0].isupper()
    assert len(runs) == 5
    assert all(run.tzinfo is UTC or run.utcoffset() == timedelta(0) for run in runs)
    assert runs == sorted(set(runs))
    assert runs[0] > START


@pytest.mark.parametrize("expression", INVALID)
def test_content_expressions_that_eventbridge_refuses_are_refused(expression: str) -> None:
    """The content shows some expressions as mistakes (rate(1 week), a ? missing)."""
    with pytest.raises(ScheduleError):
        describe(expression)
    with pytest.raises(ScheduleError):
        next_runs(expression)


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("rate(1 hour)", "Every hour"),
        ("rate(5 minutes)", "Every 5 minutes"),
        ("cron(0 2 * * ? *)", "At 02:00, every day (UTC)"),
        ("cron(0 8 ? * MON-FRI *)", "At 08:00, Monday through Friday (UTC)"),
        ("cron(0 10 ? * 2#1 *)", "At 10:00, on the first Monday of the month (UTC)"),
        ("cron(0 0 L * ? *)", "At 00:00, on the last day of the month (UTC)"),
        ("cron(0 9 15W * ? *)", "At 09:00, on the weekday nearest day 15 of the month (UTC)"),
        ("cron(0 18 ? * FRI 2026)", "At 18:00, only on Friday, only in 2026 (UTC)"),
        ("cron(0 10 ? * 6L *)", "At 10:00, on the last Friday of the month (UTC)"),
    ],
)
def test_expressions_are_described_in_plain_words(expression: str, words: str) -> None:
    assert describe(expression).startswith(words)


def at(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "runs"),
    [
        ("cron(0 2 * * ? *)", [at(2026, 1, day, 2) for day in range(5, 10)]),
        (
            "cron(0 10 ? * 2#1 *)",
            [
                at(2026, 1, 5, 10),
                at(2026, 2, 2, 10),
                at(2026, 3, 2, 10),
                at(2026, 4, 6, 10),
                at(2026, 5, 4, 10),
            ],
        ),
        (
            "cron(0 0 L * ? *)",
            [at(2026, 1, 31), at(2026, 2, 28), at(2026, 3, 31), at(2026, 4, 30), at(2026, 5, 31)],
        ),
        (
            "cron(0 9 15W * ? *)",
            [
                at(2026, 1, 15, 9),
                at(2026, 2, 16, 9),
                at(2026, 3, 16, 9),
                at(2026, 4, 15, 9),
                at(2026, 5, 15, 9),
            ],
        ),
        ("rate(5 minutes)", [START + timedelta(minutes=5 * step) for step in range(1, 6)]),
    ],
)
def test_next_runs_follow_aws_rules(expression: str, runs: list[datetime]) -> None:
    assert next_runs(expression, count=5, start=START) == runs


def test_the_sixth_field_is_the_year_not_seconds() -> None:
    assert next_runs("cron(0 12 * * ? 2027)", count=1, start=START) == [at(2027, 1, 1, 12)]


def test_runs_stop_when_the_years_run_out() -> None:
    assert next_runs("cron(0 18 ? * FRI 2026)", count=5, start=at(2026, 12, 20)) == [at(2026, 12, 25, 18)]


def test_a_time_zone_moves_the_runs_in_utc_with_daylight_saving() -> None:
    winter = next_runs("cron(0 8 ? * MON-FRI *)", count=1, start=START, timezone="Europe/Berlin")
    summer = next_runs("cron(0 8 ? * MON-FRI *)", count=1, start=at(2026, 7, 6), timezone="Europe/Berlin")

    assert winter == [at(2026, 1, 5, 7)]
    assert summer == [at(2026, 7, 6, 6)]


def test_the_schedule_snippet_shows_expression_words_and_runs() -> None:
    text = render(
        {"schedule": "cron(0 2 * * ? *)", "scheduler": "rule", "timezone": "Europe/Berlin"},
        now=START,
    )

    assert "cron(0 2 * * ? *)" in text
    assert "EventBridge rule (always UTC)" in text
    assert "At 02:00, every day (UTC)" in text
    assert "Mon 2026-01-05 02:00 UTC" in text
    assert len(re.findall(r"^  \w{3} \d{4}-\d\d-\d\d \d\d:\d\d UTC$", text, re.MULTILINE)) == 5
