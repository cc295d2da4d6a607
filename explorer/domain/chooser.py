"""The pattern chooser: a short questionnaire, a ranking, and the reasons behind each rank.

`rank(answers)` scores every pattern against the answers and returns them best first,
each with the reasons that moved its score and the parameter values that configure the
pattern for those answers. The scores live in each pattern's module. No Django, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from explorer.domain.patterns.registry import pattern_module


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    name: str
    text: str
    options: tuple[Option, ...]
    help: str = ""

    def label_of(self, value: str) -> str:
        return next((option.label for option in self.options if option.value == value), value)


QUESTIONS: tuple[Question, ...] = (
    Question(
        "trigger",
        "What starts the work?",
        (
            Option("http", "An HTTP request from a client"),
            Option("upload", "A file landing in storage"),
            Option("schedule", "A clock: every hour, every night"),
            Option("stream", "A continuous stream of events"),
            Option("queue", "A job handed off to run later"),
            Option("transaction", "A business transaction across several services"),
            Option("cdn", "A request to a website or CDN"),
            Option("connection", "A client that stays connected"),
        ),
        "The event that kicks off the work decides most of the architecture.",
    ),
    Question(
        "ordering",
        "Must events be processed in order?",
        (
            Option("none", "No, any order is fine"),
            Option("per_key", "Yes, per customer, device or key"),
        ),
    ),
    Question(
        "latency",
        "How fast must the caller see a result?",
        (
            Option("realtime", "Immediately, pushed to the client"),
            Option("interactive", "Within a second or so"),
            Option("background", "Seconds to minutes later is fine"),
            Option("edge", "In milliseconds, close to the viewer"),
        ),
    ),
    Question(
        "throughput",
        "How much traffic do you expect?",
        (
            Option("low", "Low: up to about a million events a month"),
            Option("medium", "Medium: tens of millions a month"),
            Option("high", "High: thousands of events a second"),
        ),
    ),
    Question(
        "failure",
        "What should happen when a step fails?",
        (
            Option("retry", "Retry, then park it for a human (dead-letter queue)"),
            Option("compensate", "Undo the steps that already succeeded"),
            Option("reject", "Tell the caller straight away"),
        ),
    ),
)

QUESTIONS_BY_NAME = {question.name: question for question in QUESTIONS}

# How strongly each answer points at each pattern, and why. A trigger is decisive (10);
# the other answers refine the ranking among plausible patterns (1 to 4).
TRIGGER_FIT: dict[str, dict[str, tuple[int, str]]] = {
    "http": {
        "api-backend": (10, "An HTTP request is exactly what API Gateway and Lambda serve."),
        "async-messaging": (4, "An API can accept the request and queue the work behind it."),
        "edge-functions": (2, "Some HTTP logic (redirects, headers) can run at the edge."),
    },
    "upload": {
        "event-driven-processing": (10, "S3 event notifications start a function for each uploaded object."),
        "stream-processing": (2, "Very high upload rates can be funnelled through a stream."),
    },
    "schedule": {
        "scheduled-tasks": (10, "EventBridge rate() and cron() schedules start work on the clock."),
        "saga": (2, "A scheduled job with several steps can run as a Step Functions workflow."),
    },
    "stream": {
        "stream-processing": (
            10,
            "Kinesis keeps a continuous, ordered stream and Lambda reads it in batches.",
        ),
        "async-messaging": (3, "A queue also absorbs bursts, though without replay or ordering per shard."),
    },
    "queue": {
        "async-messaging": (10, "SQS holds each job until a consumer processes it, with retries and a DLQ."),
        "event-driven-processing": (3, "Events from storage or other services can feed the same workers."),
    },
    "transaction": {
        "saga": (10, "A saga coordinates steps across services and compensates when one fails."),
        "async-messaging": (2, "Queues decouple the services, but do not undo completed steps."),
    },
    "cdn": {
        "edge-functions": (10, "CloudFront Functions and Lambda@Edge run on the CDN request itself."),
        "api-backend": (3, "CloudFront can front an API as well as static content."),
    },
    "connection": {
        "websocket-api": (10, "API Gateway WebSocket APIs keep the connection and route its messages."),
        "api-backend": (2, "Polling an HTTP API is the simpler, slower alternative."),
    },
}

REFINEMENTS: dict[str, dict[str, dict[str, tuple[int, str]]]] = {
    "ordering": {
        "per_key": {
            "stream-processing": (3, "Kinesis keeps records in order within a shard (per partition key)."),
            "async-messaging": (3, "SQS FIFO queues keep order within a message group."),
            "event-driven-processing": (-2, "S3 events arrive in no guaranteed order."),
        },
    },
    "latency": {
        "realtime": {
            "websocket-api": (4, "Messages are pushed to connected clients as they happen."),
            "stream-processing": (1, "Records are processed within a second or so of arriving."),
        },
        "interactive": {
            "api-backend": (3, "The caller waits for Lambda's answer through API Gateway."),
            "edge-functions": (1, "Edge code answers without a trip to the origin."),
            "async-messaging": (-1, "Queued work finishes after the caller has had its answer."),
        },
        "background": {
            "async-messaging": (3, "The caller gets an acknowledgement; the work happens later."),
            "event-driven-processing": (2, "Files are processed shortly after they land."),
            "scheduled-tasks": (2, "Work runs at the next scheduled time."),
            "saga": (1, "Long workflows run asynchronously under Step Functions."),
        },
        "edge": {
            "edge-functions": (4, "CloudFront Functions run in under a millisecond at the edge."),
            "api-backend": (-1, "Every request travels to the API's Region."),
        },
    },
    "throughput": {
        "high": {
            "stream-processing": (3, "Shards scale writes at 1 MB/s or 1,000 records/s each."),
            "async-messaging": (2, "Standard queues take nearly unlimited messages per second."),
            "api-backend": (1, "API Gateway's default account limit is 10,000 requests per second."),
            "saga": (-2, "Standard workflows are priced per state transition, which adds up fast."),
        },
        "low": {
            "scheduled-tasks": (1, "A few runs a day cost fractions of a cent."),
            "api-backend": (1, "Pay-per-request services cost next to nothing at low volume."),
        },
    },
    "failure": {
        "retry": {
            "async-messaging": (3, "Failed messages return to the queue and move to a DLQ after N receives."),
            "event-driven-processing": (2, "Asynchronous invocations retry and end in a DLQ."),
            "stream-processing": (2, "Partial batch responses retry only the failed records."),
        },
        "compensate": {
            "saga": (4, "Each step has a compensating action that Step Functions runs on failure."),
        },
        "reject": {
            "api-backend": (2, "The client gets an error status at once and can retry with backoff."),
            "websocket-api": (1, "The client learns of the failure on its open connection."),
        },
    },
}

# Parameter values that configure a pattern for an answer (names from the content files).
PRESETS: dict[tuple[str, str], dict[str, dict[str, str]]] = {
    ("ordering", "per_key"): {"async-messaging": {"queue_type": "fifo"}},
    ("throughput", "high"): {
        "stream-processing": {"shards": "10", "records_per_second": "5000"},
        "api-backend": {"requests_per_month": "100000000"},
        "async-messaging": {"messages_per_month": "100000000"},
    },
    ("latency", "edge"): {"edge-functions": {"edge_runtime": "cloudfront-functions"}},
    ("failure", "retry"): {
        "async-messaging": {"dlq_enabled": "true"},
        "event-driven-processing": {"dlq_enabled": "true"},
    },
}


class AnswerError(ValueError):
    """Answers that do not fit the questionnaire; `errors` maps question to message."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))


@dataclass(frozen=True)
class Ranking:
    slug: str
    score: int
    reasons: tuple[str, ...]
    parameters: Mapping[str, str] = field(default_factory=dict)


def validate_answers(raw: Mapping[str, str]) -> dict[str, str]:
    """The answers given, checked against the questions; unanswered questions are skipped."""
    errors = {}
    answers = {}
    for name, value in raw.items():
        question = QUESTIONS_BY_NAME.get(name)
        if question is None:
            errors[name] = f"unknown question; expected one of {', '.join(QUESTIONS_BY_NAME)}"
        elif value and value not in {option.value for option in question.options}:
            allowed = ", ".join(option.value for option in question.options)
            errors[name] = f"expected one of {allowed}; got {value[:40]!r}"
        elif value:
            answers[name] = value
    if errors:
        raise AnswerError(errors)
    if "trigger" not in answers:
        raise AnswerError({"trigger": "tell us what starts the work; it decides most of the architecture"})
    return answers


def rank(answers: Mapping[str, str], slugs: list[str]) -> list[Ranking]:
    """Every pattern in `slugs` scored against validated `answers`, best first (ties keep order).

    Each pattern module says how strongly each answer points at it (`PatternModule.chooser`)
    and which parameter values configure it for an answer (`chooser_values`); a pattern
    without a module scores nothing. The trigger is decisive (about 10 points); the other
    answers refine the ranking among plausible patterns (1 to 4, or against it).
    """
    rankings = []
    for slug in slugs:
        module = pattern_module(slug)
        score = 0
        reasons = []
        parameters: dict[str, str] = {}
        for question, value in sorted(answers.items(), key=lambda item: item[0] != "trigger"):
            points, reason = module.chooser.get((question, value), (0, "")) if module else (0, "")
            if points:
                score += points
                reasons.append(("Against: " if points < 0 else "") + reason)
            if module:
                parameters.update(module.chooser_values.get((question, value), {}))
        rankings.append(Ranking(slug=slug, score=score, reasons=tuple(reasons), parameters=parameters))
    order = {slug: index for index, slug in enumerate(slugs)}
    return sorted(rankings, key=lambda ranking: (-ranking.score, order[ranking.slug]))
