"""Pieces every pattern module builds with: functions with the pattern's common Lambda
settings, dead-letter queues and their alarms, table access statements."""

from __future__ import annotations

from collections.abc import Mapping

from explorer.domain.content.schema import ParameterValue
from explorer.domain.deployment import (
    Alarm,
    Bucket,
    Function,
    Queue,
    Ref,
    Resource,
    Statement,
    Table,
)

type Values = Mapping[str, ParameterValue]

DLQ_RETENTION_S = 1_209_600  # 14 days, the SQS maximum
DEFAULT_LOG_RETENTION_DAYS = 30
WAF_RATE_LIMIT = 2000  # requests per 5 minutes per IP, the content's example
EDGE_RUNTIME = "python3.13"


def function(v: Values, id: str, description: str, handler: str, **settings: object) -> Function:
    """A function with the pattern's common Lambda parameters; `settings` override them."""
    base: dict[str, object] = {
        "memory_mb": int(v["memory_mb"]),
        "timeout_s": int(v["timeout_s"]),
        "runtime": str(v.get("runtime", EDGE_RUNTIME)),
        "architecture": str(v.get("architecture", "x86_64")),
        "tracing": bool(v.get("tracing_enabled", False)),
        "log_retention_days": int(v.get("log_retention_days", DEFAULT_LOG_RETENTION_DAYS)),
    }
    base.update(settings)
    return Function(id=id, description=description, handler=handler, **base)  # type: ignore[arg-type]


def dead_letter_queue(id: str, *, fifo: bool = False) -> Queue:
    return Queue(id=id, fifo=fifo, visibility_timeout_s=30, retention_s=DLQ_RETENTION_S, is_dlq=True)


def dlq_alarm(queue: str, notify: str | None = None) -> Alarm:
    """Fires as soon as one message waits in the dead-letter queue."""
    return Alarm(
        id=f"{queue}Alarm",
        description="A message reached the dead-letter queue",
        namespace="AWS/SQS",
        metric="ApproximateNumberOfMessagesVisible",
        dimension=("QueueName", Ref(queue, "name")),
        threshold=1,
        statistic="Maximum",
        notify=notify,
    )


def errors_alarm(function_id: str, notify: str | None = None) -> Alarm:
    return Alarm(
        id=f"{function_id}ErrorsAlarm",
        description=f"{function_id} failed",
        namespace="AWS/Lambda",
        metric="Errors",
        dimension=("FunctionName", Ref(function_id, "name")),
        threshold=1,
        notify=notify,
    )


def table_access(table: str, *actions: str) -> Statement:
    return Statement(
        tuple(f"dynamodb:{action}" for action in actions), (Ref(table), Ref(table, suffix="/index/*"))
    )


def output_target(v: Values) -> tuple[list[Resource], tuple[tuple[str, Ref], ...], Statement]:
    """The event pipeline's output store, the variable naming it and the right to write it."""
    if v["output_store"] == "s3":
        return (
            [Bucket("OutputBucket")],
            (("OUTPUT_BUCKET", Ref("OutputBucket", "name")),),
            Statement(("s3:PutObject",), (Ref("OutputBucket", suffix="/*"),)),
        )
    return (
        [Table("ResultsTable", key="pk")],
        (("RESULTS_TABLE", Ref("ResultsTable", "name")),),
        table_access("ResultsTable", "PutItem"),
    )


def invoke_rights(*functions: str) -> tuple[Statement, ...]:
    return (Statement(("lambda:InvokeFunction",), tuple(Ref(name) for name in functions)),)
