"""The async-messaging pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from explorer.domain.deployment import (
    Alarm,
    Api,
    ApiTraffic,
    Deployment,
    HttpRoute,
    Invocations,
    Queue,
    QueueEvent,
    Ref,
    Resource,
    SqsRequests,
    Statement,
)
from explorer.domain.patterns.common import (
    IDLE_POLLERS_WITH_MAXIMUM_CONCURRENCY,
    SQS_LONG_POLL_S,
    SQS_MESSAGES_PER_CALL,
    Values,
    ceil,
    dead_letter_queue,
    dlq_alarm,
    function,
    lambda_sqs_requests,
    records_per_invocation,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.pricing.engine import format_quantity
from explorer.domain.snippets.code import piece

ORDER_API_THROTTLE = (1000, 2000)  # rate and burst for the order intake API

# --- this pattern's assumptions ------------------------------------------------------------------

# The producer validates the order and makes one SendMessage call: 100 ms at its own memory.
PRODUCER_DURATION_MS = Decimal(100)
# The 202 Accepted answer ({"messageId": ...} and headers) is about 0.5 KB.
ACCEPTED_RESPONSE_KB = Decimal("0.5")
# The Lambda authorizer checks one token: 100 ms at its own memory (as in api-backend).
AUTHORIZER_DURATION_MS = Decimal(100)


def async_messaging(v: Values) -> Deployment:
    fifo = v["queue_type"] == "fifo"
    dlq = "DeadLetterQueue" if v["dlq_enabled"] else None
    messages = Decimal(v["messages_per_month"])
    size_kb = Decimal(v["message_size_kb"])
    batch = records_per_invocation(int(v["batch_size"]), size_kb)
    max_concurrency = int(v["max_concurrency"])  # always set (2-1,000): no scaling down to 2 pollers
    pollers = IDLE_POLLERS_WITH_MAXIMUM_CONCURRENCY

    resources: list[Resource] = []
    if dlq:
        resources += [
            replace(dead_letter_queue(dlq, fifo=fifo), node="dlq"),
            replace(dlq_alarm(dlq), node="monitoring"),
        ]
    resources.append(
        Queue(
            "OrdersQueue",
            fifo=fifo,
            visibility_timeout_s=int(v["visibility_timeout_s"]),
            retention_s=int(v["message_retention_s"]),
            dlq=dlq,
            max_receive_count=int(v["max_receive_count"]),
            node="queue",
            usage=(
                SqsRequests("SendMessage", messages, size_kb),
                *lambda_sqs_requests(messages, size_kb, batch, pollers=pollers),
            ),
        )
    )
    producer = function(
        v,
        "ProducerFunction",
        "Accepts orders and queues them",
        "produce",
        memory_mb=256,
        timeout_s=10,
        environment=(("QUEUE_URL", Ref("OrdersQueue", "url")), ("FIFO", "true" if fifo else "false")),
        statements=(Statement(("sqs:SendMessage",), (Ref("OrdersQueue"),)),),
        node="producer",
        usage=Invocations(messages, PRODUCER_DURATION_MS),
    )
    resources.append(producer)
    reserved = int(v["reserved_concurrency"]) or None
    resources.append(
        function(
            v,
            "ConsumerFunction",
            "Processes queued orders",
            "consume",
            reserved_concurrency=reserved,
            events=(
                QueueEvent(
                    "OrdersQueue",
                    int(v["batch_size"]),
                    int(v["batching_window_s"]),
                    max_concurrency,
                ),
            ),
            practices=("reserved",) if reserved else (),
            node="consumer",
            usage=Invocations(messages / batch, Decimal(v["avg_duration_ms"])),
        )
    )
    authorizer = "AuthorizerFunction" if v["authorizer_enabled"] else None
    if authorizer:
        resources.append(
            function(
                v,
                authorizer,
                "Checks the caller's token",
                "authorize",
                memory_mb=256,
                timeout_s=5,
                node="authorizer",
                # An upper bound: API Gateway caches each token's answer for 300 s.
                usage=Invocations(messages, AUTHORIZER_DURATION_MS),
            )
        )
    rate, burst = ORDER_API_THROTTLE
    resources.append(
        Api(
            "OrdersApi",
            rest=False,
            routes=(HttpRoute("POST", "/orders", "ProducerFunction"),),
            throttle_rate=rate,
            throttle_burst=burst,
            tracing=bool(v["tracing_enabled"]),
            log_retention_days=int(v["log_retention_days"]),
            authorizer=authorizer,
            node="api",
            usage=ApiTraffic(messages, request_kb=size_kb, response_kb=ACCEPTED_RESPONSE_KB),
        )
    )
    resources.append(
        Alarm(
            "OldestMessageAlarm",
            "Orders wait longer than the 5-minute processing promise",
            "AWS/SQS",
            "ApproximateAgeOfOldestMessage",
            ("QueueName", Ref("OrdersQueue", "name")),
            threshold=300,
            statistic="Maximum",
            node="monitoring",
        )
    )

    clipped = batch < int(v["batch_size"])
    per_call = min(batch, SQS_MESSAGES_PER_CALL)
    chunks = max(Decimal(1), ceil(per_call * size_kb / 64))
    notes = [
        f"each order is one HTTP API request of {format_quantity(size_kb)} KB (the message), answered"
        f" with a {format_quantity(ACCEPTED_RESPONSE_KB)} KB 202 Accepted; the producer runs"
        f" {format_quantity(PRODUCER_DURATION_MS)} ms at its {producer.memory_mb} MB per order and sends"
        " one SendMessage.",
        f"the consumer's batches are full: {batch} messages per invocation"
        + (
            f" (batch_size {v['batch_size']} clipped to what fits Lambda's 6 MB invocation payload"
            f" at {format_quantity(size_kb)} KB a message)"
            if clipped
            else ""
        )
        + f"; each invocation runs {format_quantity(Decimal(v['avg_duration_ms']))} ms (the average batch"
        " duration). When messages trickle in, Lambda invokes with whatever one receive returns"
        " (up to the batching window), so this is a lower bound on invocations and receives.",
        f"Lambda receives up to {SQS_MESSAGES_PER_CALL} messages per ReceiveMessage, each call billed on"
        f" the {format_quantity(per_call * size_kb)} KB it returns ({chunks} x 64 KB), and deletes them"
        f" with one DeleteMessageBatch; its {pollers} pollers long-poll every {SQS_LONG_POLL_S} s,"
        " so the month's empty receives are the polls not answered with messages (with maximum"
        " concurrency set, Lambda does not scale down to 2 pollers; a FIFO queue is assumed to be"
        " polled alike).",
    ]
    if authorizer:
        notes.append(
            f"the Lambda authorizer runs on every order, {format_quantity(AUTHORIZER_DURATION_MS)} ms at"
            " 256 MB: an upper bound, since API Gateway caches its answer for each token for 300 s."
        )
    return Deployment(
        "async-messaging",
        f"Async messaging with a {'FIFO' if fifo else 'standard'} SQS queue",
        tuple(resources),
        monitoring_node="monitoring",
        tracing_node="xray",
        notes=tuple(notes),
    )


def handler_pieces(v: Values) -> list[str]:
    pieces = [
        piece("async_messaging.py.tmpl"),
        piece("sqs_batch.py.tmpl", handler="consume", process="process_order"),
    ]
    return [*pieces, piece("authorizer.py.tmpl")] if v["authorizer_enabled"] else pieces


PATTERN = PatternModule(
    slug="async-messaging",
    build=async_messaging,
    handler_pieces=handler_pieces,
    traffic=("messages_per_month",),
    chooser={
        ("trigger", "queue"): (
            10,
            "SQS holds each job until a consumer processes it, with retries and a DLQ.",
        ),
        ("trigger", "http"): (4, "An API can accept the request and queue the work behind it."),
        ("trigger", "stream"): (
            3,
            "A queue also absorbs bursts, though without replay or ordering per shard.",
        ),
        ("trigger", "transaction"): (2, "Queues decouple the services, but do not undo completed steps."),
        ("ordering", "per_key"): (3, "SQS FIFO queues keep order within a message group."),
        ("latency", "interactive"): (-1, "Queued work finishes after the caller has had its answer."),
        ("latency", "background"): (3, "The caller gets an acknowledgement; the work happens later."),
        ("throughput", "high"): (2, "Standard queues take nearly unlimited messages per second."),
        ("failure", "retry"): (3, "Failed messages return to the queue and move to a DLQ after N receives."),
    },
    chooser_values={
        ("ordering", "per_key"): {"queue_type": "fifo"},
        ("throughput", "high"): {"messages_per_month": "100000000"},
        ("failure", "retry"): {"dlq_enabled": "true"},
    },
    comparisons=(("SQS standard vs FIFO", {"a.queue_type": "standard", "b.queue_type": "fifo"}),),
)
