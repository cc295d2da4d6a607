"""EventBridge schedule expressions (explorer.domain.schedules)."""

from __future__ import annotations

import pytest

from explorer.domain.schedules import ScheduleError, parse_schedule


@pytest.mark.parametrize(
    "expression",
    [
        "rate(5 minutes)",
        "rate(1 hour)",
        "rate(1 day)",
        "cron(0 12 * * ? *)",
        "cron(0 0 ? * MON *)",
        "cron(0 2 * * ? *)",
        "cron(0/15 * * * ? *)",
        "cron(0 18 ? * MON-FRI *)",
        "cron(0 8 1 * ? *)",
        "cron(0 10 L * ? *)",
        "cron(0 9 15W * ? *)",
        "cron(0 9 ? * 6#3 *)",
        "cron(0 9 ? * 6L *)",
        "cron(15 10 ? * 2,4,6 2026-2030)",
    ],
)
def test_it_accepts_aws_expressions(expression: str) -> None:
    assert parse_schedule(expression).expression == expression


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("", "required"),
        ("every 5 minutes", "rate(...) or cron(...)"),
        ("rate(5 minute)", "rate(5 minutes)"),
        ("rate(1 hours)", "rate(1 hour)"),
        ("rate(0 minutes)", "positive"),
        ("rate(5 seconds)", "minute(s), hour(s) or day(s)"),
        ("cron(0 12 * * *)", "six fields"),
        ("cron(0 12 * * * *)", "exactly one of day-of-month and day-of-week"),
        ("cron(0 12 ? * ? *)", "exactly one of day-of-month and day-of-week"),
        ("cron(60 12 * * ? *)", "minutes must lie between 0 and 59"),
        ("cron(0 24 * * ? *)", "hours must lie between 0 and 23"),
        ("cron(0 12 ? * 9 *)", "day-of-week must lie between 1 and 7"),
        ("cron(? 12 * * ? *)", "? is allowed only in day-of-month or day-of-week"),
        ("cron(0 12 * * ? 1969)", "year must lie between 1970 and 2199"),
        ("cron(0 9 ? * 6#6 *)", "1 to 5"),
        ("cron(0 12 * FOO ? *)", "not a valid month"),
    ],
)
def test_it_refuses_what_eventbridge_refuses(expression: str, message: str) -> None:
    with pytest.raises(
        ScheduleError, match=message.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")
    ):
        parse_schedule(expression)


def test_it_refuses_an_overlong_expression() -> None:
    with pytest.raises(ScheduleError, match="at most 256"):
        parse_schedule("cron(" + "1," * 200 + "1 * * * ? *)")
