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
