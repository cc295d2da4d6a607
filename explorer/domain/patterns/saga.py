"""The saga pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from decimal import Decimal

from explorer.domain import workflows
from explorer.domain.deployment import (
    Alarm,
    Deployment,
    Executions,
    Invocations,
    Part,
    Path,
    Ref,
    Resource,
    StateMachine,
    Table,
    TableTraffic,
)
from explorer.domain.patterns.common import (
    Values,
    function,
    invoke_rights,
    table_access,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.pricing.engine import format_quantity
from explorer.domain.pricing.services import KB_PER_GB
from explorer.domain.rules import STEP_FUNCTIONS_RETRY, STEP_FUNCTIONS_TYPES, Rule
from explorer.domain.snippets import asl
from explorer.domain.snippets.code import piece

# (logical id, description, handler, diagram node)
SAGA_STEPS = (
    ("ReserveFunction", "Reserves inventory", "reserve", "reserve"),
    ("PaymentFunction", "Processes the payment", "payment", "payment"),
    ("ShipFunction", "Ships the order", "ship", "ship"),
    ("CancelShipmentFunction", "Compensation: cancels the shipment", "cancel_shipment", "cancel"),
    ("RefundFunction", "Compensation: refunds the payment", "refund", "refund"),
    ("ReleaseFunction", "Compensation: releases the inventory", "release", "release"),
)

# A failed saga fails where failures cost most without being a business decision: the payment
# call hits a transient Lambda error on every attempt, so its Retry runs out and the catch-all
# Catch refunds the payment (it may have been taken) and releases the inventory. A declined card
# (PaymentFailed) is not retried and skips the refund, so it costs less.
FAILING_STATE = "ProcessPayment"
TRANSIENT_ERROR = "Lambda.ServiceException"
# A month of orders keeps about 1 KB per order in the state table: the status item and one
# idempotency item per step, each a few dozen bytes plus DynamoDB's 100 bytes of overhead per item
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
ITEM_KB_PER_ORDER = Decimal(1)


def saga(v: Values) -> Deployment:
    table = "SagaStateTable" if v["state_store"] == "dynamodb" else None
    step_env = (("STATE_TABLE", Ref(table, "name")),) if table else ()
    step_rights = (table_access(table, "PutItem"),) if table else ()
    definition = asl.saga(v, table)
    express = v["workflow_type"] == "express"

    executions = Decimal(v["executions_per_month"])
    failing = Decimal(v["failure_rate_percent"]) / 100
    retries = int(v["retry_max_attempts"])
    attempts = f"after {retries} retries" if retries else "with no retries"
    paths = tuple(
        path
        for path in (
            Path(1 - failing),
            Path(
                failing,
                FAILING_STATE,
                TRANSIENT_ERROR,
                f"fail at Process payment with a transient Lambda error {attempts},"
                " then refund the payment and release the inventory",
            ),
        )
        if path.share
    )
    # Per execution, weighted by the paths: the calls each task makes (retries included) and the
    # mean wait between retries; the functions' invocations follow the definition.
    _transitions, calls, retry_wait_s = workflows.mean(paths, definition)
    step_ms = Decimal(v["avg_duration_ms"])
    lambda_calls = sum((calls.get(id, Decimal(0)) for id, *_ in SAGA_STEPS), Decimal(0))
    # Express bills an execution's duration: its steps run one after another, plus the waits
    # between retries (https://aws.amazon.com/step-functions/pricing/).
    duration_ms = lambda_calls * step_ms + retry_wait_s * 1000

    resources: list[Resource] = []
    if table:
        # Every step invocation claims its idempotency item with a conditional PutItem (1 WRU for
        # an item under 1 KB), and the RecordCompleted/RecordFailed task updates the order's
        # status (1 WRU). Nothing reads the table.
        writes = lambda_calls + calls.get(table, Decimal(0))
        resources.append(
            Table(
                table,
                key="orderId",
                node="state_table",
                usage=TableTraffic(
                    writes=executions * writes,
                    storage_gb=executions * ITEM_KB_PER_ORDER / KB_PER_GB,
                ),
            )
        )
    resources += [
        function(
            v,
            id,
            description,
            handler,
            environment=step_env,
            statements=step_rights,
            node=node,
            usage=Invocations(executions * calls.get(id, Decimal(0)), step_ms),
        )
        for id, description, handler, node in SAGA_STEPS
    ]
    machine_rights = invoke_rights(*(id for id, *_ in SAGA_STEPS))
    if table:
        machine_rights += (table_access(table, "UpdateItem"),)
    resources.append(
        StateMachine(
            "SagaStateMachine",
            definition,
            express=express,
            tracing=bool(v["tracing_enabled"]),
            log_retention_days=int(v["log_retention_days"]),
            statements=machine_rights,
            node="state_machine",
            usage=Executions(executions, paths, duration_ms=max(duration_ms, Decimal(1))),
        )
    )
    resources.append(
        Alarm(
            "SagaFailedAlarm",
            "An order saga failed",
            "AWS/States",
            "ExecutionsFailed",
            ("StateMachineArn", Ref("SagaStateMachine")),
            threshold=1,
            node="monitoring",
        )
    )

    (compensation_retrier,) = definition["States"]["ReleaseInventory"]["Retry"]
    compensation_retries = compensation_retrier["MaxAttempts"]
    failure_wait = workflows.walk(definition, failing_state=FAILING_STATE, error=TRANSIENT_ERROR).retry_wait_s
    notes = [
        f"{format_quantity(failing * 100)}% of orders (the failure rate) fail at Process payment: a"
        f" transient Lambda error on every attempt, caught {attempts}; then Refund payment and Release"
        " inventory run. The other orders succeed. Shipping never fails, so Cancel shipment does not run.",
        f"every step and compensation runs {format_quantity(step_ms)} ms (the average step duration).",
        f"a compensation retries any error up to {compensation_retries} times before the execution ends in"
        " CompensationFailed; the estimate assumes every compensation succeeds at its first attempt.",
    ]
    if table:
        notes.append(
            "each step invocation writes one idempotency item to the state table (a conditional PutItem,"
            " 1 WRU; the payment's failed attempts are counted too, an upper bound) and the workflow"
            " records the order's status (UpdateItem, 1 WRU); nothing reads it. A month of orders keeps"
            f" {format_quantity(ITEM_KB_PER_ORDER)} KB per order."
        )
    if express:
        notes.append(
            "an Express execution lasts its Lambda steps one after another plus, for a failed order, the"
            f" mean retry wait ({format_quantity(failure_wait)} s with full jitter); the status write and"
            " the transitions themselves take milliseconds and are not counted."
        )
    return Deployment(
        "saga",
        "Order saga orchestrated by Step Functions",
        tuple(resources),
        parts=(Part("complete", "SagaStateMachine"), Part("failed", "SagaStateMachine")),
        monitoring_node="monitoring",
        tracing_node="tracing",
        notes=tuple(notes),
    )


def handler_pieces(v: Values) -> list[str]:
    return [piece("saga.py.tmpl")]


RULES = (
    Rule(
        "Standard workflows for sagas that touch money",
        ("workflow_type",),
        lambda v: v.workflow_type == "express",
        lambda v: (
            "workflow_type is express; Express workflows keep no execution history and run "
            "at-least-once, so use Standard for sagas that move money or stock"
        ),
        STEP_FUNCTIONS_TYPES,
        warning=True,
    ),
    Rule(
        "Retry policy on every step",
        ("retry_max_attempts",),
        lambda v: int(v.retry_max_attempts) == 0,
        lambda v: "retry_max_attempts is 0; a transient Lambda error would run the compensations at once",
        STEP_FUNCTIONS_RETRY,
        warning=True,
    ),
)

PATTERN = PatternModule(
    slug="saga",
    rules=RULES,
    build=saga,
    handler_pieces=handler_pieces,
    traffic=("executions_per_month",),
    chooser={
        ("trigger", "transaction"): (
            10,
            "A saga coordinates steps across services and compensates when one fails.",
        ),
        ("trigger", "schedule"): (
            2,
            "A scheduled job with several steps can run as a Step Functions workflow.",
        ),
        ("latency", "background"): (1, "Long workflows run asynchronously under Step Functions."),
        ("throughput", "high"): (
            -2,
            "Standard workflows are priced per state transition, which adds up fast.",
        ),
        ("failure", "compensate"): (
            4,
            "Each step has a compensating action that Step Functions runs on failure.",
        ),
    },
    comparisons=(
        (
            "Step Functions Standard vs Express",
            {"a.workflow_type": "standard", "b.workflow_type": "express"},
        ),
    ),
)
