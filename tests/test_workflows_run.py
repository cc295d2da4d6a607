"""The generated state machines, executed: the saga and the fan-in workflow run on a local interpreter.

tests/js/run_state_machine.mjs runs the ASL document the app generates with aws-local-stepfunctions
(pinned in tests/js/package.json, installed by `make install-dev`), every Task replaced by a
local handler that records the call and succeeds or throws the given error on every attempt. Each
run is cross-checked with `explorer.domain.workflows.walk`, which the estimate uses: the same states
entered, the same calls and the same transitions (states entered plus retries), so what is priced
is what the definition does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from explorer.domain import workflows
from explorer.domain.deployment import Ref, StateMachine
from explorer.domain.params import resolve_params
from explorer.domain.patterns.registry import build_deployment
from explorer.domain.snippets import asl
from tests.grid import LIBRARY

JS = Path(__file__).parent / "js"
RUNNER = JS / "run_state_machine.mjs"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the state machines")

TRANSIENT = "Lambda.ServiceException"
COMPENSATIONS = ("CancelShipment", "RefundPayment", "ReleaseInventory")


def request(definition: dict[str, Any], failures: dict[str, str] | None, input: dict[str, Any]) -> str:
    document = json.loads(asl.to_json(definition))
    return json.dumps({"definition": document, "input": input, "failures": failures or {}}, sort_keys=True)


def execute(requests: list[str]) -> list[dict[str, Any]]:
    """The runner's results for these executions, run one after the other in one node process."""
    if not (JS / "node_modules" / "aws-local-stepfunctions").is_dir():
        pytest.fail("aws-local-stepfunctions is not installed: run `make install-dev` (npm ci in tests/js)")
    result = subprocess.run(
        ["node", str(RUNNER)],
        input='{"runs": [' + ", ".join(requests) + "]}",
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


RESULTS: dict[str, dict[str, Any]] = {}


def run(definition: dict[str, Any], failures: dict[str, str] | None = None, **input: Any) -> dict[str, Any]:
    """One local execution of the definition. Loading the interpreter takes seconds, so the first
    call runs every execution this module plans (PLANNED, at the end) in one process."""
    key = request(definition, failures, input)
    if key not in RESULTS:
        planned = (request(*execution) for execution in PLANNED)
        batch = [key, *(other for other in dict.fromkeys(planned) if other not in RESULTS and other != key)]
        RESULTS.update(zip(batch, execute(batch), strict=True))
    return RESULTS[key]


def called_resources(definition: dict[str, Any]) -> dict[str, str]:
    """State name -> logical id of the resource its Task calls (Map item processors included)."""
    found: dict[str, str] = {}
    for name, state in definition["States"].items():
        if state["Type"] == "Map":
            found |= called_resources(state["ItemProcessor"])
        elif state["Type"] == "Task":
            refs = [value for value in state["Parameters"].values() if isinstance(value, Ref)]
            found[name] = refs[0].target
    return found


def assert_the_walk_agrees(
    definition: dict[str, Any], ran: dict[str, Any], failing_state: str = "", error: str = TRANSIENT
) -> None:
    walked = workflows.walk(definition, failing_state=failing_state, error=error)
    assert tuple(dict.fromkeys(ran["entered"])) == walked.states
    assert ran["entered"][-1] == walked.ending
    assert (ran["status"] == "FAILED") == walked.failed
    resources = called_resources(definition)
    assert dict(Counter(resources[state] for state in ran["calls"])) == walked.calls
    assert len(ran["entered"]) + ran["retries"] == walked.transitions


# The saga -------------------------------------------------------------------------------------------
SAGA = LIBRARY.patterns["saga"]


def saga(table: str | None = "SagaStateTable", **raw: str) -> dict[str, Any]:
    return asl.saga(resolve_params(SAGA, raw).values, table)


def compensations(ran: dict[str, Any]) -> list[str]:
    return [state for state in dict.fromkeys(ran["calls"]) if state in COMPENSATIONS]


def test_the_saga_succeeds_without_compensating() -> None:
    definition = saga()

    ran = run(definition, orderId="o-1")

    assert (ran["status"], ran["entered"][-1]) == ("SUCCEEDED", "OrderCompleted")
    assert ran["calls"] == ["ReserveInventory", "ProcessPayment", "ShipOrder", "RecordCompleted"]
    assert_the_walk_agrees(definition, ran)


# (failing step, business error, the compensations that undo what came before, in order)
FORWARD_FAILURES = [
    ("ReserveInventory", "OutOfStock", ["ReleaseInventory"]),
    ("ProcessPayment", "PaymentFailed", ["ReleaseInventory"]),
    ("ShipOrder", "ShipmentRefused", ["CancelShipment", "RefundPayment", "ReleaseInventory"]),
]


@pytest.mark.parametrize(("step", "error", "undone"), FORWARD_FAILURES)
def test_a_business_error_is_not_retried_and_compensates_in_reverse(
    step: str, error: str, undone: list[str]
) -> None:
    definition = saga()

    ran = run(definition, {step: error}, orderId="o-1")

    assert (ran["status"], ran["error"], ran["entered"][-1]) == ("FAILED", "OrderFailed", "OrderFailed")
    assert ran["calls"].count(step) == 1
    assert compensations(ran) == undone
    assert "RecordFailed" in ran["calls"]
    assert_the_walk_agrees(definition, ran, step, error)


# A transient error may have taken the payment, so it is refunded as well as released.
TRANSIENT_FAILURES = [
    ("ReserveInventory", ["ReleaseInventory"]),
    ("ProcessPayment", ["RefundPayment", "ReleaseInventory"]),
    ("ShipOrder", ["CancelShipment", "RefundPayment", "ReleaseInventory"]),
]


@pytest.mark.parametrize(("step", "undone"), TRANSIENT_FAILURES)
@pytest.mark.parametrize("attempts", ["3", "0"])
def test_a_transient_error_compensates_after_the_configured_retries(
    step: str, undone: list[str], attempts: str
) -> None:
    definition = saga(retry_max_attempts=attempts)

    ran = run(definition, {step: TRANSIENT}, orderId="o-1")

    assert (ran["status"], ran["error"]) == ("FAILED", "OrderFailed")
    assert ran["calls"].count(step) == 1 + int(attempts)
    assert compensations(ran) == undone
    assert_the_walk_agrees(definition, ran, step)


def test_the_saga_without_a_state_table_ends_the_same_way() -> None:
    definition = saga(table=None, state_store="context")

    ran = run(definition, {"ProcessPayment": TRANSIENT}, orderId="o-1")

    assert ran["entered"][-3:] == ["RefundPayment", "ReleaseInventory", "OrderFailed"]
    assert_the_walk_agrees(definition, ran, "ProcessPayment")


@pytest.mark.parametrize("error", [TRANSIENT, "RefundDeclined"])
@pytest.mark.parametrize(("attempts", "compensation_attempts"), [("3", 7), ("0", 7), ("5", 11)])
def test_a_compensation_retries_every_error_longer_then_fails_as_compensation_failed(
    error: str, attempts: str, compensation_attempts: int
) -> None:
    # Compensations retry any error max(6, 2 x retry_max_attempts) times: 1 + 6, 1 + 6, 1 + 10 calls.
    definition = saga(retry_max_attempts=attempts)

    ran = run(definition, {"ShipOrder": "ShipmentRefused", "RefundPayment": error}, orderId="o-1")

    assert (ran["status"], ran["error"], ran["entered"][-1]) == (
        "FAILED",
        "CompensationFailed",
        "CompensationFailed",
    )
    assert ran["calls"].count("RefundPayment") == compensation_attempts
    assert ran["calls"].count("ShipOrder") == 1  # a business error: not retried
    assert "ReleaseInventory" not in ran["calls"]


@pytest.mark.parametrize("failing", COMPENSATIONS)
def test_whichever_compensation_gives_up_the_saga_stops_there_as_compensation_failed(failing: str) -> None:
    # The shipment is refused, so all three compensations run in turn; the failing one is tried
    # 1 + 6 times with the default parameters and the ones after it are never reached.
    definition = saga()

    ran = run(definition, {"ShipOrder": "ShipmentRefused", failing: TRANSIENT}, orderId="o-1")

    assert (ran["status"], ran["error"], ran["entered"][-1]) == (
        "FAILED",
        "CompensationFailed",
        "CompensationFailed",
    )
    reached = list(COMPENSATIONS[: COMPENSATIONS.index(failing) + 1])
    assert compensations(ran) == reached
    assert ran["calls"].count(failing) == 7
    assert all(ran["calls"].count(done) == 1 for done in reached if done != failing)
    assert "RecordFailed" not in ran["calls"]  # not recorded as a clean failure: it needs repair


def test_compensations_retry_more_and_longer_than_forward_steps() -> None:
    states = saga()["States"]
    (forward,) = states["ProcessPayment"]["Retry"]
    for name in COMPENSATIONS:
        (retrier,) = states[name]["Retry"]
        assert retrier["ErrorEquals"] == ["States.ALL"]
        assert retrier["MaxAttempts"] > forward["MaxAttempts"]
        assert retrier["MaxDelaySeconds"] > forward["MaxDelaySeconds"]


# The fan-in workflow --------------------------------------------------------------------------------
EVENTS = LIBRARY.patterns["event-driven-processing"]


def fan_in(dlq: str | None) -> dict[str, Any]:
    return asl.fan_in(resolve_params(EVENTS, {"variant": "fan-in"}).values, dlq)


CHUNK: dict[str, Any] = {"chunks": [{"start": 0, "end": 1023}]}


@pytest.mark.parametrize("dlq", ["DeadLetterQueue", None])
def test_the_fan_in_processes_its_chunks_then_aggregates(dlq: str | None) -> None:
    definition = fan_in(dlq)

    ran = run(definition, None, **CHUNK)

    assert (ran["status"], ran["entered"][-1]) == ("SUCCEEDED", "Aggregate")
    assert ran["calls"] == ["ProcessChunk", "Aggregate"]
    assert_the_walk_agrees(definition, ran)


FAN_IN_FAILURES = [
    ("ProcessChunk", TRANSIENT, 4),
    ("ProcessChunk", "CorruptChunk", 1),
    ("Aggregate", TRANSIENT, 4),
    ("Aggregate", "CorruptChunk", 1),
]


@pytest.mark.parametrize("dlq", ["DeadLetterQueue", None])
@pytest.mark.parametrize(("step", "error", "attempts"), FAN_IN_FAILURES)
def test_a_failed_chunk_or_aggregation_keeps_the_file_in_the_dead_letter_queue(
    dlq: str | None, step: str, error: str, attempts: int
) -> None:
    definition = fan_in(dlq)

    ran = run(definition, {step: error}, **CHUNK)

    assert (ran["status"], ran["error"], ran["entered"][-1]) == ("FAILED", "FileFailed", "FileFailed")
    assert ran["calls"].count(step) == attempts  # 3 retries of a transient error, none of another
    assert ("RecordFailure" in ran["calls"]) == bool(dlq)
    assert_the_walk_agrees(definition, ran, step, error)


# The scheduled task's workflow ----------------------------------------------------------------------
SCHEDULED = LIBRARY.patterns["scheduled-tasks"]
TOPICS = ["NotificationTopic", None]


def scheduled(topic: str | None) -> dict[str, Any]:
    """The definition the pattern deploys: with the SNS notification, or with none."""
    raw = {"use_step_functions": "true", "notification": "sns" if topic else "none"}
    (machine,) = build_deployment("scheduled-tasks", resolve_params(SCHEDULED, raw).values).of_type(
        StateMachine
    )
    assert machine.definition is not None
    return machine.definition


@pytest.mark.parametrize("topic", TOPICS)
def test_a_scheduled_run_runs_the_task_then_notifies_once(topic: str | None) -> None:
    definition = scheduled(topic)

    ran = run(definition, None, time="2026-12-04T06:00:00Z")

    assert (ran["status"], ran["entered"][-1]) == ("SUCCEEDED", "Done")
    assert ran["calls"] == ["RunTask", *(["NotifySuccess"] if topic else [])]
    assert_the_walk_agrees(definition, ran)


SCHEDULED_FAILURES = [(TRANSIENT, 4), ("ReportFailed", 1)]


@pytest.mark.parametrize("topic", TOPICS)
@pytest.mark.parametrize(("error", "attempts"), SCHEDULED_FAILURES)
def test_a_failed_scheduled_run_is_retried_if_transient_then_notified_as_failed(
    topic: str | None, error: str, attempts: int
) -> None:
    definition = scheduled(topic)

    ran = run(definition, {"RunTask": error}, time="2026-12-04T06:00:00Z")

    assert (ran["status"], ran["error"], ran["entered"][-1]) == ("FAILED", "TaskFailed", "RunFailed")
    assert ran["calls"].count("RunTask") == attempts  # 3 retries of a transient error, none of another
    assert ran["calls"][attempts:] == (["NotifyFailure"] if topic else [])
    assert_the_walk_agrees(definition, ran, "RunTask", error)


# Every execution the tests above make, so that one node process runs them all.
PLANNED: list[tuple[dict[str, Any], dict[str, str] | None, dict[str, Any]]] = [
    (saga(), None, {"orderId": "o-1"}),
    *((saga(), {step: error}, {"orderId": "o-1"}) for step, error, _ in FORWARD_FAILURES),
    *(
        (saga(retry_max_attempts=attempts), {step: TRANSIENT}, {"orderId": "o-1"})
        for step, _ in TRANSIENT_FAILURES
        for attempts in ("3", "0")
    ),
    (saga(table=None, state_store="context"), {"ProcessPayment": TRANSIENT}, {"orderId": "o-1"}),
    *(
        (
            saga(retry_max_attempts=attempts),
            {"ShipOrder": "ShipmentRefused", "RefundPayment": error},
            {"orderId": "o-1"},
        )
        for error in (TRANSIENT, "RefundDeclined")
        for attempts in ("3", "0", "5")
    ),
    *(
        (saga(), {"ShipOrder": "ShipmentRefused", failing: TRANSIENT}, {"orderId": "o-1"})
        for failing in COMPENSATIONS
    ),
    *((fan_in(dlq), None, CHUNK) for dlq in ("DeadLetterQueue", None)),
    *(
        (fan_in(dlq), {step: error}, CHUNK)
        for dlq in ("DeadLetterQueue", None)
        for step, error, _ in FAN_IN_FAILURES
    ),
    *((scheduled(topic), None, {"time": "2026-12-04T06:00:00Z"}) for topic in TOPICS),
    *(
        (scheduled(topic), {"RunTask": error}, {"time": "2026-12-04T06:00:00Z"})
        for topic in TOPICS
        for error, _ in SCHEDULED_FAILURES
    ),
]
