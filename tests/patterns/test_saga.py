"""The saga's deployment: what draws each resource, and a month of usage along its definition."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from explorer.domain import workflows
from explorer.domain.deployment import Deployment, Function, StateMachine, Table
from explorer.domain.params import Params, resolve_params
from explorer.domain.patterns.saga import FAILING_STATE, PATTERN, TRANSIENT_ERROR, saga
from explorer.domain.snippets import asl
from tests.grid import LIBRARY, grid
from tests.patterns.money import cost

SPEC = LIBRARY.patterns["saga"]
CASES = [(case_id, params) for case_id, params in grid()[0] if params.spec.slug == "saga"]
STEPS = (
    "ReserveFunction",
    "PaymentFunction",
    "ShipFunction",
    "CancelShipmentFunction",
    "RefundFunction",
    "ReleaseFunction",
)


def build(**raw: str) -> Deployment:
    return saga(resolve_params(SPEC, raw).values)


def invocations(deployment: Deployment) -> dict[str, Decimal]:
    return {fn.id: fn.usage.count for fn in deployment.of_type(Function)}


def machine(deployment: Deployment) -> StateMachine:
    return deployment.of_type(StateMachine)[0]


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_is_drawn_by_a_node_of_the_topology(case_id: str, params: Params) -> None:
    deployment = saga(params.values)
    aws_nodes = {node.id for node in SPEC.topology.nodes if not node.actor}
    for resource in deployment.resources:
        assert resource.node in aws_nodes, f"{case_id}: {resource.id} -> {resource.node!r}"
    assert {part.node for part in deployment.parts} == {"complete", "failed"}
    assert {deployment.monitoring_node, deployment.tracing_node} <= aws_nodes
    assert deployment.drawn_nodes() <= aws_nodes


def test_each_step_is_drawn_by_its_own_node() -> None:
    deployment = build()
    assert {resource.id: resource.node for resource in deployment.resources} == {
        "SagaStateTable": "state_table",
        "ReserveFunction": "reserve",
        "PaymentFunction": "payment",
        "ShipFunction": "ship",
        "CancelShipmentFunction": "cancel",
        "RefundFunction": "refund",
        "ReleaseFunction": "release",
        "SagaStateMachine": "state_machine",
        "SagaFailedAlarm": "monitoring",
    }


def test_the_state_table_and_tracing_are_drawn_only_when_deployed() -> None:
    drawn = build(state_store="context", tracing_enabled="false").drawn_nodes()
    assert "state_table" not in drawn
    assert "tracing" not in drawn
    assert {"state_table", "tracing"} <= build().drawn_nodes()


def test_the_default_month_follows_the_generated_definition() -> None:
    # Defaults: 100,000 orders, 2% failing, 3 retries of 2 s x 2.0, a DynamoDB state table.
    deployment = build()
    definition = machine(deployment).definition
    # Success, counted by hand from asl.saga: ReserveInventory, ProcessPayment, ShipOrder,
    # RecordCompleted (the DynamoDB status task), OrderCompleted = 5 transitions.
    success = workflows.walk(definition)
    assert success.transitions == 5
    # Failure: ReserveInventory 1, ProcessPayment 1 + 3 retries of a transient Lambda error, its
    # catch-all Catch -> RefundPayment 1, ReleaseInventory 1, RecordFailed 1, OrderFailed 1 = 9.
    failure = workflows.walk(definition, failing_state=FAILING_STATE, error=TRANSIENT_ERROR)
    assert failure.transitions == 9
    assert failure.states == (
        "ReserveInventory",
        "ProcessPayment",
        "RefundPayment",
        "ReleaseInventory",
        "RecordFailed",
        "OrderFailed",
    )
    usage = machine(deployment).usage
    assert usage.count == 100_000
    assert [(path.share, path.failing_state) for path in usage.paths] == [
        (Decimal("0.98"), ""),
        (Decimal("0.02"), "ProcessPayment"),
    ]
    # 98,000 x 5 + 2,000 x 9 = 508,000 transitions a month.
    transitions, _calls, _wait = workflows.mean(usage.paths, definition)
    assert usage.count * transitions == 508_000
    # Reserve: every order; payment: 98,000 + 2,000 x 4 attempts; ship: the 98,000 successes;
    # refund and release: the 2,000 failures; cancel shipment: never (shipping never fails).
    assert invocations(deployment) == {
        "ReserveFunction": 100_000,
        "PaymentFunction": 106_000,
        "ShipFunction": 98_000,
        "CancelShipmentFunction": 0,
        "RefundFunction": 2_000,
        "ReleaseFunction": 2_000,
    }
    assert all(fn.usage.duration_ms == 300 for fn in deployment.of_type(Function))
    # Each step invocation claims one idempotency item (1 WRU) and one status task writes 1 WRU:
    # success 3 + 1 = 4, failure 7 + 1 = 8; 98,000 x 4 + 2,000 x 8 = 408,000 WRU. No reads.
    table = deployment.get("SagaStateTable")
    assert isinstance(table, Table)
    assert table.usage.writes == 408_000
    assert table.usage.reads == 0
    assert table.usage.storage_gb == Decimal(100_000) / (1024 * 1024)


def test_without_a_state_table_each_path_is_one_state_shorter() -> None:
    deployment = build(state_store="context")
    definition = machine(deployment).definition
    assert workflows.walk(definition).transitions == 4
    failed = workflows.walk(definition, failing_state=FAILING_STATE, error=TRANSIENT_ERROR)
    assert failed.transitions == 8
    assert deployment.of_type(Table) == []
    # The functions' invocations are the same as with the table.
    assert invocations(deployment)["PaymentFunction"] == 106_000


def test_express_lasts_its_steps_in_sequence_plus_the_mean_retry_wait() -> None:
    # Success: 3 steps x 300 ms = 900 ms. Failure: 7 Lambda calls (reserve, 4 payment attempts,
    # refund, release) x 300 ms = 2,100 ms, plus waits of 2, 4 and 8 s halved by full jitter = 7 s.
    # 0.98 x 900 + 0.02 x 9,100 = 882 + 182 = 1,064 ms.
    usage = machine(build(workflow_type="express")).usage
    assert usage.duration_ms == 1064


def test_without_failures_the_compensations_never_run() -> None:
    deployment = build(failure_rate_percent="0")
    assert [path.failing_state for path in machine(deployment).usage.paths] == [""]
    counts = invocations(deployment)
    assert counts["RefundFunction"] == counts["ReleaseFunction"] == counts["CancelShipmentFunction"] == 0
    assert counts["PaymentFunction"] == 100_000


def test_without_retries_a_failing_payment_is_called_once() -> None:
    deployment = build(retry_max_attempts="0", failure_rate_percent="10")
    assert invocations(deployment)["PaymentFunction"] == 100_000
    failed = workflows.walk(
        machine(deployment).definition, failing_state=FAILING_STATE, error=TRANSIENT_ERROR
    )
    assert failed.transitions == 6  # 9 less the 3 retries
    assert "with no retries" in " ".join(deployment.notes)


def test_every_order_failing_takes_only_the_failure_path() -> None:
    usage = machine(build(failure_rate_percent="100")).usage
    assert [(path.share, path.failing_state) for path in usage.paths] == [(Decimal(1), "ProcessPayment")]


def test_the_notes_state_the_failure_rate_and_where_it_fails() -> None:
    notes = " ".join(build().notes)
    assert "2% of orders" in notes
    assert "Process payment" in notes
    assert "Cancel shipment does not run" in notes


@pytest.mark.parametrize(("attempts", "retries"), [("3", 6), ("0", 6), ("5", 10)])
def test_the_notes_say_how_long_a_compensation_retries(attempts: str, retries: int) -> None:
    # Compensations retry any error max(6, 2 x retry_max_attempts) times; the priced paths never fail
    # one, so the figures above (5 and 9 transitions) do not depend on it.
    notes = " ".join(build(retry_max_attempts=attempts).notes)
    assert f"a compensation retries any error up to {retries} times" in notes
    assert workflows.walk(machine(build(retry_max_attempts=attempts)).definition).transitions == 5


def test_the_module_carries_the_chooser_and_the_comparison() -> None:
    assert PATTERN.traffic == ("executions_per_month",)
    assert PATTERN.chooser[("trigger", "transaction")][0] == 10
    assert PATTERN.chooser[("throughput", "high")][0] == -2
    assert PATTERN.comparisons == (
        ("Step Functions Standard vs Express", {"a.workflow_type": "standard", "b.workflow_type": "express"}),
    )


# --- dollars: https://aws.amazon.com/step-functions/pricing/, https://aws.amazon.com/lambda/pricing/,
# https://aws.amazon.com/dynamodb/pricing/on-demand/ (rates in explorer/domain/pricing/prices.yaml)


def test_standard_transitions_cost_by_the_definition() -> None:
    # 508,000 transitions - 4,000 free = 504,000 x $0.025 / 1,000 = $12.60.
    assert cost(build(), "SagaStateMachine") == Decimal("12.60")


def test_express_costs_requests_and_duration() -> None:
    # 100,000 requests x $1.00 / million = $0.10. Duration 1,064 ms billed as 1,100 ms at 64 MB:
    # 100,000 x 1.1 s x 64 / 1024 GB = 6,875 GB-s = 1.909722 GB-hours x $0.06 = $0.1145833.
    expected = Decimal("0.10") + Decimal(6875) / 3600 * Decimal("0.06")
    assert cost(build(workflow_type="express"), "SagaStateMachine") == expected


def test_the_payment_step_costs_its_retries() -> None:
    # Without the free tier, arm64 at 256 MB: 106,000 x $0.20 / million = $0.0212, and
    # 106,000 x 0.3 s x 0.25 GB = 7,950 GB-s x $0.0000133334 = $0.10600053.
    expected = Decimal(106_000) * Decimal("0.20") / 1_000_000 + Decimal(7950) * Decimal("0.0000133334")
    assert cost(build(), "PaymentFunction", free_tier=False) == expected


def test_the_state_table_costs_its_writes() -> None:
    # 408,000 WRU x $0.625 / million = $0.255; its 0.1 GB is inside the 25 GB stored free.
    assert cost(build(), "SagaStateTable") == Decimal("0.255")


def test_the_pages_definition_and_comparison_retry_as_the_generated_definition() -> None:
    """The corrected definition the page teaches, and the table comparing it with the original
    guide's, retry each state as the definition generated with the default parameters does."""
    defaults = resolve_params(SPEC, {}).values
    generated = asl.saga(defaults, None)["States"]
    (example,) = [e for e in SPEC.code_examples if e.slug == "corrected-state-machine"]
    taught = json.loads(example.code)["States"]
    for name, state in taught.items():
        if "Retry" in state:
            assert state["Retry"] == generated[name]["Retry"], name
    compensation = generated["ReleaseInventory"]["Retry"][0]["MaxAttempts"]
    rows = {row[0]: row[2] for table in SPEC.comparisons for row in table.rows}
    assert rows["A compensation fails"].startswith(f"Retried {compensation} times on any error")
    forward = int(defaults["retry_max_attempts"])
    assert rows["ReserveInventory fails"].startswith(f"Retried {forward} times with backoff")
