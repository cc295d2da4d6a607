"""The async-messaging pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from explorer.domain.deployment import (
    Alarm,
    Api,
    Deployment,
    HttpRoute,
    Queue,
    QueueEvent,
    Ref,
    Resource,
    Statement,
)
from explorer.domain.patterns.common import (
    Values,
    dead_letter_queue,
    dlq_alarm,
    function,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.snippets.code import piece

ORDER_API_THROTTLE = (1000, 2000)  # rate and burst for the order intake API


def async_messaging(v: Values) -> Deployment:
    fifo = v["queue_type"] == "fifo"
    dlq = "DeadLetterQueue" if v["dlq_enabled"] else None
    resources: list[Resource] = []
    if dlq:
        resources += [dead_letter_queue(dlq, fifo=fifo), dlq_alarm(dlq)]
    resources.append(
        Queue(
            "OrdersQueue",
            fifo=fifo,
            visibility_timeout_s=int(v["visibility_timeout_s"]),
            retention_s=int(v["message_retention_s"]),
            dlq=dlq,
            max_receive_count=int(v["max_receive_count"]),
        )
    )
    resources.append(
        function(
            v,
            "ProducerFunction",
            "Accepts orders and queues them",
            "produce",
            memory_mb=256,
            timeout_s=10,
            environment=(("QUEUE_URL", Ref("OrdersQueue", "url")), ("FIFO", "true" if fifo else "false")),
            statements=(Statement(("sqs:SendMessage",), (Ref("OrdersQueue"),)),),
        )
    )
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
                    int(v["max_concurrency"]),
                ),
            ),
            practices=("reserved",) if reserved else (),
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
        )
    )
    return Deployment(
        "async-messaging",
        f"Async messaging with a {'FIFO' if fifo else 'standard'} SQS queue",
        tuple(resources),
    )


def handler_pieces(v: Values) -> list[str]:
    return [
        piece("async_messaging.py.tmpl"),
        piece("sqs_batch.py.tmpl", handler="consume", process="process_order"),
    ]


PATTERN = PatternModule(slug="async-messaging", build=async_messaging, handler_pieces=handler_pieces)
