"""Walking an Amazon States Language definition: what one execution does on a given path.

The saga, fan-in and scheduled-task modules build their state machines as ASL (with `Ref`s
for the resources a task calls). `walk()` follows that same definition, state by state, on
the success path or on the path where one task fails with a given error after its retries,
and counts what Step Functions bills and what the tasks call:

- state transitions: "Step Functions counts a state transition each time a step of your
  workflow is executed ... including retries" (https://aws.amazon.com/step-functions/pricing/),
  so a task retried twice is three transitions;
- the calls each task makes to a resource (a Lambda function, a table, a topic, a queue),
  keyed by the resource's logical id, so the functions' invocations follow the definition;
- the mean time spent waiting between retries: `IntervalSeconds x BackoffRate^n`, capped by
  `MaxDelaySeconds`, halved by `JitterStrategy: FULL`, whose delay is drawn uniformly from
  zero to that value (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).

No pattern decides its transitions by hand: a change to the definition changes its price.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from explorer.domain.deployment import Path, Ref

MAX_STEPS = 1_000  # a definition with a loop is refused rather than walked forever


class WalkError(ValueError):
    """A definition that cannot be walked: a missing state, or a loop."""


@dataclass(frozen=True)
class Walk:
    """One execution along one path."""

    transitions: int
    calls: Mapping[str, int]  # logical id of the called resource -> calls, retries included
    retry_wait_s: Decimal
    ending: str  # the state the execution stopped in
    failed: bool  # it ended in a Fail state
    states: tuple[str, ...] = field(default=())  # the states entered, in order, first entry only


def _matches(error_equals: Sequence[str], error: str) -> bool:
    if error in error_equals or "States.ALL" in error_equals:
        return True
    # States.TaskFailed matches every task error except States.Timeout.
    return "States.TaskFailed" in error_equals and error != "States.Timeout"


def _called(state: Mapping[str, Any]) -> str:
    """The logical id of the resource a Task state calls, from its Parameters' first Ref."""
    for value in (state.get("Parameters") or {}).values():
        if isinstance(value, Ref):
            return value.target
    return ""


def _retry_wait(retrier: Mapping[str, Any], attempts: int) -> Decimal:
    interval = Decimal(str(retrier.get("IntervalSeconds", 1)))
    backoff = Decimal(str(retrier.get("BackoffRate", 2)))
    cap = retrier.get("MaxDelaySeconds")
    total = Decimal(0)
    for attempt in range(attempts):
        delay = interval * backoff**attempt
        if cap is not None:
            delay = min(delay, Decimal(str(cap)))
        total += delay
    return total / 2 if retrier.get("JitterStrategy") == "FULL" else total


def walk(
    definition: Mapping[str, Any],
    *,
    failing_state: str = "",
    error: str = "States.TaskFailed",
    map_items: int = 1,
) -> Walk:
    """One execution of `definition`: on success, or with `failing_state` failing with `error`.

    A failing Task is retried by the first `Retry` entry that matches the error, then caught by
    the first matching `Catch` (or the execution fails there). A Map state runs its item
    processor `map_items` times (all succeeding unless the failing state is inside it).
    """
    calls: Counter[str] = Counter()
    transitions, wait, entered, ending, failed = _run(definition, failing_state, error, map_items, calls)
    return Walk(transitions, dict(calls), wait, ending, failed, tuple(dict.fromkeys(entered)))


def _run(
    machine: Mapping[str, Any], failing_state: str, error: str, map_items: int, calls: Counter[str]
) -> tuple[int, Decimal, list[str], str, bool]:
    states: Mapping[str, Any] = machine["States"]
    name = machine["StartAt"]
    transitions = 0
    wait = Decimal(0)
    entered: list[str] = []
    for _ in range(MAX_STEPS):
        if name not in states:
            raise WalkError(f"the definition has no state {name!r}")
        state = states[name]
        entered.append(name)
        kind = state["Type"]
        transitions += 1
        if kind in ("Succeed", "Fail"):
            return transitions, wait, entered, name, kind == "Fail"
        failing = False
        if kind == "Task":
            target = _called(state)
            attempts = 1
            if name == failing_state:
                failing = True
                retrier = next((r for r in state.get("Retry", ()) if _matches(r["ErrorEquals"], error)), None)
                if retrier is not None:
                    retries = int(retrier.get("MaxAttempts", 3))
                    attempts += retries
                    transitions += retries
                    wait += _retry_wait(retrier, retries)
            if target:
                calls[target] += attempts
        elif kind == "Map":
            inner_failing = failing_state in state["ItemProcessor"]["States"]
            for index in range(map_items):
                inner = _run(state["ItemProcessor"], failing_state if index == 0 else "", error, 1, calls)
                transitions += inner[0]
                wait += inner[1]
                entered.extend(inner[2])
                if inner[4] and index == 0 and inner_failing:
                    failing = True
                    break
        if failing:
            catcher = next((c for c in state.get("Catch", ()) if _matches(c["ErrorEquals"], error)), None)
            if catcher is None:
                return transitions, wait, entered, name, True
            name = catcher["Next"]
            continue
        if state.get("End"):
            return transitions, wait, entered, name, False
        name = state["Next"]
    raise WalkError(f"no end after {MAX_STEPS} states: the definition loops")


def mean(
    paths: Sequence[Path], definition: Mapping[str, Any], *, map_items: int = 1
) -> tuple[Decimal, dict[str, Decimal], Decimal]:
    """Per execution, weighted by the paths' shares: transitions, calls per resource, retry wait (s)."""
    transitions = Decimal(0)
    calls: dict[str, Decimal] = {}
    wait = Decimal(0)
    for path in paths:
        result = walk(definition, failing_state=path.failing_state, error=path.error, map_items=map_items)
        transitions += path.share * result.transitions
        wait += path.share * result.retry_wait_s
        for target, count in result.calls.items():
            calls[target] = calls.get(target, Decimal(0)) + path.share * count
    return transitions, calls, wait


def tasks_called(definition: Mapping[str, Any]) -> set[str]:
    """The logical ids of every resource any Task state of the definition calls, on any path."""
    found: set[str] = set()
    for state in definition["States"].values():
        if state["Type"] == "Task" and (target := _called(state)):
            found.add(target)
        elif state["Type"] == "Map":
            found |= tasks_called(state["ItemProcessor"])
    return found
