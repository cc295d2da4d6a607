"""Pieces every pattern module builds with: functions with the pattern's common Lambda
settings, dead-letter queues and their alarms, table access statements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import ROUND_CEILING, Decimal
from typing import Any

from explorer.domain.content.schema import ParameterValue
from explorer.domain.deployment import (
    Alarm,
    Bucket,
    Function,
    Queue,
    Ref,
    Resource,
    SqsRequests,
    Statement,
    Table,
)
from explorer.domain.pricing.catalog import load_catalog

type Values = Mapping[str, ParameterValue]

# A synchronous invocation carries at most 6 MB (6 x 1,024 KB) of payload
# (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), and event source
# mappings invoke synchronously, so a batch holds no more records than fit in it.
INVOCATION_PAYLOAD_KB = Decimal(6 * 1024)
# Kinesis record data reaches the function base64-encoded, 4 bytes for every 3 (the event's
# `data` field, https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html).
BASE64_GROWTH = Decimal(4) / 3
DLQ_RETENTION_S = 1_209_600  # 14 days, the SQS maximum
DEFAULT_LOG_RETENTION_DAYS = 30
WAF_RATE_LIMIT = 2000  # requests per 5 minutes per IP, the content's example
EDGE_RUNTIME = "python3.13"


def function(v: Values, id: str, description: str, handler: str, **settings: Any) -> Function:
    """A function with the pattern's common Lambda parameters; `settings` override them
    (`dataclasses.replace` refuses a name Function does not have)."""
    base = Function(
        id=id,
        description=description,
        handler=handler,
        memory_mb=int(v["memory_mb"]),
        timeout_s=int(v["timeout_s"]),
        runtime=str(v.get("runtime", EDGE_RUNTIME)),
        architecture=str(v.get("architecture", "x86_64")),
        tracing=bool(v.get("tracing_enabled", False)),
        log_retention_days=int(v.get("log_retention_days", DEFAULT_LOG_RETENTION_DAYS)),
    )
    return replace(base, **settings)


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


def records_per_invocation(batch_size: int, record_kb: Decimal, *, base64: bool = False) -> int:
    """The records one invocation receives: the batch size, or fewer when they would pass the
    6 MB payload (at least one). `base64` when the records arrive encoded (Kinesis)."""
    size = record_kb * BASE64_GROWTH if base64 else record_kb
    return max(1, min(batch_size, int(INVOCATION_PAYLOAD_KB // size)))


# --- Lambda reading an SQS queue ----------------------------------------------------------------

# ReceiveMessage returns at most 10 messages (MaxNumberOfMessages 1-10) and DeleteMessageBatch
# takes at most 10 entries
# (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html).
SQS_MESSAGES_PER_CALL = 10
# A call that carries no messages (a DeleteMessageBatch of receipt handles, an empty receive) is
# billed as one 64 KB chunk.
SMALL_CALL_KB = Decimal(1)
# Lambda's pollers long-poll at the 20 s maximum. While a standard queue is quiet Lambda keeps 5
# batches polling and "can optimize to as few as 2 concurrent batches to reduce the SQS calls ...
# However, this optimization is not available when you enable the maximum concurrency setting"
# (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html).
SQS_LONG_POLL_S = 20
IDLE_POLLERS_WITH_MAXIMUM_CONCURRENCY = 5
IDLE_POLLERS = 2


def lambda_sqs_requests(
    messages: Decimal, message_kb: Decimal, per_invocation: int, *, pollers: int
) -> tuple[SqsRequests, ...]:
    """The SQS calls Lambda's event source makes in a month for `messages` received in full
    batches of `per_invocation`: receives of up to 10 messages, each billed on the payload it
    returns; one DeleteMessageBatch per receive; and the empty long polls of `pollers` pollers,
    each of which calls at least once every 20 s (the receives that return messages count
    towards that)."""
    per_call = min(per_invocation, SQS_MESSAGES_PER_CALL)
    receives = messages / per_call
    month_s = load_catalog().hours_per_month * 3600
    empty = max(Decimal(0), pollers * month_s / SQS_LONG_POLL_S - receives)
    return (
        SqsRequests(f"ReceiveMessage ({per_call} messages each)", receives, per_call * message_kb),
        SqsRequests("DeleteMessageBatch", receives, SMALL_CALL_KB),
        SqsRequests("ReceiveMessage (empty long polls)", empty, SMALL_CALL_KB),
    )


def ceil(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_CEILING)
