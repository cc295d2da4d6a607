"""EventBridge schedule expressions: `rate(value unit)` and six-field `cron(...)`.

`parse_schedule(text)` returns a `Schedule` or raises `ScheduleError` with a message a user
can act on; `describe(text)` says it in plain words and `next_runs(text)` lists when it
fires, in UTC. The rules are AWS's, from the EventBridge user guide, "Schedule expressions
for rules" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html):
six fields (minutes, hours, day-of-month, month, day-of-week, year), `?` in exactly one of
day-of-month and day-of-week, `L` and `W` in day-of-month, `L` and `#` in day-of-week.
Unlike Unix cron, there is no seconds field and the sixth field is the year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from aws_croniter import AwsCroniter
from cron_descriptor import ExpressionDescriptor, Options

RATE_RE = re.compile(r"^rate\(\s*(\d+)\s+([a-z]+)\s*\)$")
CRON_RE = re.compile(r"^cron\((.*)\)$")
RATE_UNITS = {"minute": "minutes", "hour": "hours", "day": "days"}
RATE_SECONDS = {"minute": 60, "hour": 3600, "day": 86400}
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
MAX_EXPRESSION_LENGTH = 256


class ScheduleError(ValueError):
    """A schedule expression EventBridge would refuse; the message says why."""


@dataclass(frozen=True)
class CronField:
    name: str
    low: int
    high: int
    names: tuple[str, ...] = ()
    question_mark: bool = False
    last: bool = False
    weekday: bool = False
    nth: bool = False


CRON_FIELDS = (
    CronField("minutes", 0, 59),
    CronField("hours", 0, 23),
    CronField("day-of-month", 1, 31, question_mark=True, last=True, weekday=True),
    CronField("month", 1, 12, names=tuple(MONTHS)),
    CronField("day-of-week", 1, 7, names=tuple(WEEKDAYS), question_mark=True, last=True, nth=True),
    CronField("year", 1970, 2199),
)


@dataclass(frozen=True)
class Schedule:
    """A valid schedule: either a rate (value and unit) or the six cron fields."""

    expression: str
    kind: str  # "rate" or "cron"
    rate_value: int = 0
    rate_unit: str = ""
    cron_fields: tuple[str, ...] = ()


def parse_schedule(text: str) -> Schedule:
    expression = text.strip()
    if not expression:
        raise ScheduleError("a schedule expression is required, e.g. rate(5 minutes) or cron(0 12 * * ? *)")
    if len(expression) > MAX_EXPRESSION_LENGTH:
        raise ScheduleError(f"a schedule expression has at most {MAX_EXPRESSION_LENGTH} characters")
    if expression.startswith("rate("):
        return _parse_rate(expression)
    if expression.startswith("cron("):
        return _parse_cron(expression)
    raise ScheduleError(f"expected rate(...) or cron(...), got {expression!r}")


def _parse_rate(expression: str) -> Schedule:
    match = RATE_RE.match(expression)
    if not match:
        raise ScheduleError(f"expected rate(value unit), e.g. rate(5 minutes), got {expression!r}")
    value, unit = int(match.group(1)), match.group(2)
    if value < 1:
        raise ScheduleError("a rate must be a positive whole number")
    singular = {plural: single for single, plural in RATE_UNITS.items()}
    base = unit if unit in RATE_UNITS else singular.get(unit)
    if base is None:
        raise ScheduleError(f"the rate unit must be minute(s), hour(s) or day(s), got {unit!r}")
    expected = base if value == 1 else RATE_UNITS[base]
    if unit != expected:
        raise ScheduleError(f"EventBridge expects rate({value} {expected}): singular for 1, plural otherwise")
    return Schedule(expression=expression, kind="rate", rate_value=value, rate_unit=expected)


def _parse_cron(expression: str) -> Schedule:
    match = CRON_RE.match(expression)
    if not match:
        raise ScheduleError(
            f"expected cron(minutes hours day-of-month month day-of-week year), got {expression!r}"
        )
    parts = match.group(1).split()
    if len(parts) != len(CRON_FIELDS):
        raise ScheduleError(
            f"a cron expression has six fields (minutes hours day-of-month month day-of-week year), "
            f"got {len(parts)}"
        )
    for part, field in zip(parts, CRON_FIELDS, strict=True):
        _check_field(part.upper(), field)
    day_of_month, day_of_week = parts[2], parts[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        raise ScheduleError("use ? in exactly one of day-of-month and day-of-week, e.g. cron(0 12 * * ? *)")
    return Schedule(expression=expression, kind="cron", cron_fields=tuple(part.upper() for part in parts))


def _check_field(text: str, field: CronField) -> None:
    if text == "?":
        if not field.question_mark:
            raise ScheduleError(f"? is allowed only in day-of-month or day-of-week, not in {field.name}")
        return
    for item in text.split(","):
        _check_item(item, field, text)


def _check_item(item: str, field: CronField, whole: str) -> None:
    bad = ScheduleError(f"{whole!r} is not a valid {field.name} value ({_allowed(field)})")
    if item == "*":
        return
    if field.last and item == "L":
        return
    if field.weekday and (item == "LW" or re.fullmatch(r"\d{1,2}W", item)):
        if item != "LW":
            _check_number(item[:-1], field)
        return
    if field.last and field.nth and re.fullmatch(r"[A-Z0-9]{1,3}L", item):
        _value(item[:-1], field, bad)
        return
    if field.nth and "#" in item:
        day, _, nth = item.partition("#")
        _value(day, field, bad)
        if not nth.isdigit() or not 1 <= int(nth) <= 5:
            raise ScheduleError(f"in {field.name}, the number after # is the week of the month, 1 to 5")
        return
    base, slash, step = item.partition("/")
    if slash:
        if not step.isdigit() or int(step) < 1:
            raise ScheduleError(f"in {field.name}, the step after / must be a positive whole number")
        if base == "*":
            return
    low, dash, high = base.partition("-")
    start = _value(low, field, bad)
    if dash:
        end = _value(high, field, bad)
        if field.name == "year" and end < start:
            raise ScheduleError(f"the year range {base} ends before it starts")


def _value(text: str, field: CronField, bad: ScheduleError) -> int:
    if text in field.names:
        return field.names.index(text) + 1
    if not text.isdigit():
        raise bad
    return _check_number(text, field)


def _check_number(text: str, field: CronField) -> int:
    number = int(text)
    if not field.low <= number <= field.high:
        raise ScheduleError(f"{field.name} must lie between {field.low} and {field.high}, got {number}")
    return number


def _allowed(field: CronField) -> str:
    allowed = f"{field.low}-{field.high}"
    if field.names:
        allowed += f" or {field.names[0]}-{field.names[-1]}"
    extras = [", - * /"]
    if field.question_mark:
        extras.append("?")
    if field.last:
        extras.append("L")
    if field.weekday:
        extras.append("W")
    if field.nth:
        extras.append("#")
    return f"{allowed}, with {' '.join(extras)}"


def describe(expression: str, timezone: str = "UTC") -> str:
    """The schedule in plain words, e.g. "At 02:00, every day (UTC)".

    Cron fields are read by cron-descriptor in the Quartz layout it shares with AWS (a
    seconds field is prepended, so AWS's sixth field stays the year and days of the week
    count 1 = Sunday). Raises `ScheduleError` for an expression EventBridge would refuse.
    """
    schedule = parse_schedule(expression)
    if schedule.kind == "rate":
        if schedule.rate_value == 1:
            return f"Every {schedule.rate_unit}, counted from when the schedule is created"
        return f"Every {schedule.rate_value} {schedule.rate_unit}, counted from when the schedule is created"
    options = Options()
    options.day_of_week_start_index_zero = False
    options.use_24hour_time_format = True
    options.verbose = True
    quartz = "0 " + " ".join(schedule.cron_fields)
    return f"{ExpressionDescriptor(quartz, options).get_description()} ({timezone})"


def next_runs(
    expression: str,
    count: int = 5,
    start: datetime | None = None,
    timezone: str = "UTC",
) -> list[datetime]:
    """The next `count` run times after `start` (default: now), as aware datetimes in UTC.

    Cron expressions are evaluated by aws-croniter, which reads AWS's six fields (minutes
    to year) rather than Unix cron's, in `timezone`'s wall-clock time and then converted
    to UTC (EventBridge Scheduler's `ScheduleExpressionTimezone`; rules always use UTC).
    A rate expression runs every interval from `start`. Fewer than `count` runs are
    returned when the expression's years run out.
    """
    schedule = parse_schedule(expression)
    now = (start or datetime.now(UTC)).astimezone(UTC).replace(second=0, microsecond=0)
    if schedule.kind == "rate":
        step = timedelta(seconds=schedule.rate_value * RATE_SECONDS[schedule.rate_unit.removesuffix("s")])
        return [now + step * index for index in range(1, count + 1)]
    zone = ZoneInfo(timezone)
    wall_clock = now.astimezone(zone).replace(tzinfo=UTC)
    try:
        runs = AwsCroniter(" ".join(schedule.cron_fields)).get_next(wall_clock, n=count)
    except Exception as error:  # aws-croniter raises plain Exception subclasses
        raise ScheduleError(f"cannot compute the runs of {expression}: {error}") from None
    return [run.replace(tzinfo=zone).astimezone(UTC) for run in runs if run is not None]


NAMES = {name: index for names in (MONTHS, WEEKDAYS) for index, name in enumerate(names, start=1)}
STEP_RE = re.compile(r"^(\*|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:/(\d+))?$")


def runs_per_month(schedule: Schedule, *, month_hours: Decimal) -> Decimal:
    """How often a valid EventBridge schedule fires in a month of `month_hours` (on average;
    the price catalog's `hours_per_month`).

    Rates divide the month; cron expressions multiply the minutes, hours and days they match,
    with days from day-of-month or day-of-week and the share of months matched. The year field
    is ignored.
    """
    if schedule.kind == "rate":
        seconds = RATE_SECONDS[schedule.rate_unit.removesuffix("s")]
        return month_hours * 3600 / (seconds * schedule.rate_value)
    days_per_month = month_hours / 24
    minutes, hours, day_of_month, month, day_of_week, _year = schedule.cron_fields
    if day_of_month not in ("?", "*"):
        days = Decimal(_count(day_of_month.split(","), 1, 31))
    elif day_of_week not in ("?", "*"):
        items = day_of_week.upper().split(",")
        nth = sum(1 for item in items if "#" in item or item.endswith("L"))
        weekly = _count([item for item in items if "#" not in item and not item.endswith("L")], 1, 7)
        days = Decimal(nth) + Decimal(weekly) * days_per_month / 7
    else:
        days = days_per_month
    month_share = Decimal(_count(month.upper().split(","), 1, 12)) / 12
    return _count(minutes.split(","), 0, 59) * _count(hours.split(","), 0, 23) * days * month_share


def _count(items: list[str], low: int, high: int) -> int:
    """How many values a list of cron items matches (already validated by parse_schedule).

    Items like L, W, 15W or 3#2 match one day a month and count once.
    """
    matched: set[int] = set()
    special = 0
    for item in items:
        if item in ("*", "?"):
            return high - low + 1
        match = STEP_RE.match(item)
        try:
            if not match:
                raise ValueError(item)
            span, step = match.group(1), int(match.group(2) or 1)
            if span == "*":
                first, last = low, high
            elif "-" in span:
                first, last = (_cron_value(part) for part in span.split("-"))
            else:
                first = _cron_value(span)
                last = high if match.group(2) else first
        except (KeyError, ValueError):
            special += 1
            continue
        matched.update(range(first, last + 1, step))
    return len(matched) + special


def _cron_value(text: str) -> int:
    return NAMES[text] if text in NAMES else int(text)
