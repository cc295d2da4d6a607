"""The saga pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from explorer.domain.deployment import (
    Alarm,
    Deployment,
    Ref,
    Resource,
    StateMachine,
    Table,
)
from explorer.domain.patterns.common import (
    Values,
    function,
    invoke_rights,
    table_access,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.snippets import asl
from explorer.domain.snippets.code import piece

SAGA_STEPS = (
    ("ReserveFunction", "Reserves inventory", "reserve"),
    ("PaymentFunction", "Processes the payment", "payment"),
    ("ShipFunction", "Ships the order", "ship"),
    ("CancelShipmentFunction", "Compensation: cancels the shipment", "cancel_shipment"),
    ("RefundFunction", "Compensation: refunds the payment", "refund"),
    ("ReleaseFunction", "Compensation: releases the inventory", "release"),
)


def saga(v: Values) -> Deployment:
    table = "SagaStateTable" if v["state_store"] == "dynamodb" else None
    resources: list[Resource] = [Table(table, key="orderId")] if table else []
    step_env = (("STATE_TABLE", Ref(table, "name")),) if table else ()
    step_rights = (table_access(table, "PutItem"),) if table else ()
    resources += [
        function(v, id, description, handler, environment=step_env, statements=step_rights)
        for id, description, handler in SAGA_STEPS
    ]
    machine_rights = invoke_rights(*(id for id, _, _ in SAGA_STEPS))
    if table:
        machine_rights += (table_access(table, "UpdateItem"),)
    resources.append(
        StateMachine(
            "SagaStateMachine",
            asl.saga(v, table),
            express=v["workflow_type"] == "express",
            tracing=bool(v["tracing_enabled"]),
            log_retention_days=int(v["log_retention_days"]),
            statements=machine_rights,
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
        )
    )
    return Deployment("saga", "Order saga orchestrated by Step Functions", tuple(resources))


def handler_pieces(v: Values) -> list[str]:
    return [piece("saga.py.tmpl")]


PATTERN = PatternModule(slug="saga", build=saga, handler_pieces=handler_pieces)
