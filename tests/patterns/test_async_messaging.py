"""The async-messaging deployment: what draws each resource, and a month of SQS and Lambda usage."""

from __future__ import annotations

from decimal import Decimal

import pytest

from explorer.domain.deployment import Api, Deployment, Function, Queue, SqsRequests
from explorer.domain.params import Params, resolve_params
from explorer.domain.patterns.async_messaging import PATTERN, async_messaging
from explorer.domain.patterns.common import records_per_invocation
from explorer.domain.rules import check
from tests.grid import LIBRARY, grid
from tests.patterns.money import by_resource, total

SPEC = LIBRARY.patterns["async-messaging"]
CASES = [(case_id, params) for case_id, params in grid()[0] if params.spec.slug == "async-messaging"]
AWS_NODES = {node.id for node in SPEC.topology.nodes if not node.actor}
MONTH_S = 730 * 3600  # 2,628,000 s, the catalog's month


def build(**raw: str) -> Deployment:
    return async_messaging(resolve_params(SPEC, raw).values)


def calls(deployment: Deployment, queue: str = "OrdersQueue") -> dict[str, SqsRequests]:
    found = deployment.get(queue)
    assert isinstance(found, Queue)
    return {call.what: call for call in found.usage}


def invocations(deployment: Deployment, function: str) -> Decimal:
    found = deployment.get(function)
    assert isinstance(found, Function)
    return found.usage.count


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_is_drawn_by_a_node_of_the_topology(case_id: str, params: Params) -> None:
    deployment = async_messaging(params.values)
    for resource in deployment.resources:
        assert resource.node in AWS_NODES, f"{case_id}: {resource.id} -> {resource.node!r}"
    assert {deployment.monitoring_node, deployment.tracing_node} <= AWS_NODES
    assert deployment.drawn_nodes() <= AWS_NODES


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_that_costs_has_usage(case_id: str, params: Params) -> None:
    deployment = async_messaging(params.values)
    for queue in deployment.of_type(Queue):
        assert bool(queue.usage) is not queue.is_dlq, f"{case_id}: {queue.id}"
    if params["messages_per_month"]:
        assert all(fn.usage.count > 0 for fn in deployment.of_type(Function)), case_id
        assert all(api.usage.requests > 0 for api in deployment.of_type(Api)), case_id


def test_the_defaults_are_drawn_by_their_nodes() -> None:
    deployment = build()
    assert {resource.id: resource.node for resource in deployment.resources} == {
        "DeadLetterQueue": "dlq",
        "DeadLetterQueueAlarm": "monitoring",
        "OrdersQueue": "queue",
        "ProducerFunction": "producer",
        "ConsumerFunction": "consumer",
        "OrdersApi": "api",
        "OldestMessageAlarm": "monitoring",
    }
    # X-Ray tracing is on by default, as the guide recommends.
    assert deployment.drawn_nodes() == {"api", "producer", "queue", "dlq", "consumer", "monitoring", "xray"}


def test_the_dlq_and_tracing_are_drawn_only_when_deployed() -> None:
    assert "dlq" not in build(dlq_enabled="false").drawn_nodes()
    assert "xray" not in build(tracing_enabled="false").drawn_nodes()
    assert "xray" in build().drawn_nodes()


def test_the_default_month_of_sqs_requests() -> None:
    # Defaults: 1,000,000 messages of 4 KB, batches of 10, maximum concurrency 10.
    requests = calls(build())
    # One SendMessage per message, 4 KB: one 64 KB chunk each.
    assert requests["SendMessage"] == SqsRequests("SendMessage", Decimal(1_000_000), Decimal(4))
    # 1,000,000 / 10 = 100,000 receives, each returning 10 x 4 KB = 40 KB (one chunk).
    receive = requests["ReceiveMessage (10 messages each)"]
    assert (receive.calls, receive.payload_kb) == (100_000, 40)
    # One DeleteMessageBatch per receive.
    assert requests["DeleteMessageBatch"].calls == 100_000
    # 5 pollers (maximum concurrency is set, so no scaling down to 2) x 2,628,000 s / 20 s =
    # 657,000 polls; 100,000 of them return messages, 557,000 come back empty.
    assert requests["ReceiveMessage (empty long polls)"].calls == 557_000


def test_the_default_month_of_functions_and_api() -> None:
    deployment = build()
    producer = deployment.get("ProducerFunction")
    consumer = deployment.get("ConsumerFunction")
    assert isinstance(producer, Function) and isinstance(consumer, Function)
    # The producer runs once per order, 100 ms (an assumption) at the 256 MB it deploys with.
    assert (producer.usage.count, producer.usage.duration_ms, producer.memory_mb) == (1_000_000, 100, 256)
    # The consumer runs once per batch of 10 at avg_duration_ms (200 ms) and memory_mb (256).
    assert (consumer.usage.count, consumer.usage.duration_ms, consumer.memory_mb) == (100_000, 200, 256)
    # The template deploys an HTTP API: one request per order of 4 KB, a 0.5 KB 202 answer.
    api = deployment.get("OrdersApi")
    assert isinstance(api, Api)
    assert not api.rest
    assert (api.usage.requests, api.usage.request_kb, api.usage.response_kb) == (
        1_000_000,
        4,
        Decimal("0.5"),
    )


def test_a_receive_is_billed_on_the_batch_it_returns_not_one_message() -> None:
    # 1,000,000 messages of 2 KB in batches of 10: 100,000 receives of 20 KB (one chunk each).
    requests = calls(build(message_size_kb="2"))
    assert requests["SendMessage"].payload_kb == 2
    assert requests["ReceiveMessage (10 messages each)"].payload_kb == 20
    # 10 messages of 100 KB: each receive returns 1,000 KB = ceil(1,000 / 64) = 16 chunks.
    assert calls(build(message_size_kb="100"))["ReceiveMessage (10 messages each)"].payload_kb == 1000


def test_a_batch_never_exceeds_lambdas_6_mb_payload() -> None:
    # 1,000 KB messages with batch_size 100: floor(6,144 KB / 1,000 KB) = 6 per invocation.
    assert records_per_invocation(100, Decimal(1000)) == 6
    assert records_per_invocation(10, Decimal(1024)) == 6
    assert records_per_invocation(10, Decimal(4)) == 10
    deployment = build(message_size_kb="1000", batch_size="100", batching_window_s="1")
    # 1,000,000 / 6 invocations, and receives of 6 messages (6,000 KB, 94 chunks of 64 KB).
    assert invocations(deployment, "ConsumerFunction") == Decimal(1_000_000) / 6
    receive = calls(deployment)["ReceiveMessage (6 messages each)"]
    assert receive.calls == Decimal(1_000_000) / 6
    assert receive.payload_kb == 6000
    assert "clipped to what fits Lambda's 6 MB invocation payload" in " ".join(deployment.notes)


def test_large_batches_are_received_10_messages_at_a_time() -> None:
    # batch_size 1,000 of 4 KB (4,000 KB fits 6 MB): 1,000 invocations, but ReceiveMessage returns
    # at most 10 messages, so still 100,000 receives and deletes.
    deployment = build(batch_size="1000", batching_window_s="5")
    assert invocations(deployment, "ConsumerFunction") == 1000
    requests = calls(deployment)
    assert requests["ReceiveMessage (10 messages each)"].calls == 100_000
    assert requests["DeleteMessageBatch"].calls == 100_000


def test_a_busy_queue_has_no_empty_polls_and_an_idle_one_polls_all_month() -> None:
    # 100,000,000 messages: 10,000,000 receives, far more than the 657,000 polls of 5 pollers.
    assert calls(build(messages_per_month="100000000"))["ReceiveMessage (empty long polls)"].calls == 0
    # No messages at all: every poll of the month is empty, 5 x 2,628,000 / 20 = 657,000.
    idle = calls(build(messages_per_month="0"))
    assert idle["ReceiveMessage (empty long polls)"].calls == 5 * MONTH_S // 20
    assert idle["SendMessage"].calls == 0


def test_the_producer_is_priced_at_the_memory_it_deploys_with() -> None:
    # The consumer's memory_mb does not change the producer's 256 MB.
    producer = build(memory_mb="2048").get("ProducerFunction")
    assert isinstance(producer, Function)
    assert producer.memory_mb == 256
    assert "100 ms at its 256 MB" in " ".join(build().notes)


def test_the_module_carries_the_chooser_presets_and_the_comparison() -> None:
    assert PATTERN.traffic == ("messages_per_month",)
    assert PATTERN.chooser[("trigger", "queue")][0] == 10
    assert PATTERN.chooser[("trigger", "http")][0] == 4
    assert PATTERN.chooser[("latency", "interactive")][0] == -1
    assert PATTERN.chooser_values[("ordering", "per_key")] == {"queue_type": "fifo"}
    assert PATTERN.chooser_values[("throughput", "high")] == {"messages_per_month": "100000000"}
    assert PATTERN.comparisons == (
        ("SQS standard vs FIFO", {"a.queue_type": "standard", "b.queue_type": "fifo"}),
    )


def test_the_limits_still_refuse_what_aws_refuses() -> None:
    refused = check(SPEC, resolve_params(SPEC, {"queue_type": "fifo", "batch_size": "11"}))
    assert "SQS FIFO batch size 10" in {error.limit_name for error in refused.errors}


# --- dollars: https://aws.amazon.com/sqs/pricing/, https://aws.amazon.com/lambda/pricing/,
# https://aws.amazon.com/api-gateway/pricing/, https://aws.amazon.com/cloudwatch/pricing/ (rates in
# explorer/domain/pricing/prices.yaml). These need price_deployment's calculators (pricing branch).


def test_the_default_month_in_dollars() -> None:
    costs = by_resource(build())
    # SQS: 1,000,000 sends + 100,000 receives + 100,000 deletes + 557,000 empty polls = 1,757,000
    # requests (one chunk each); the first 1,000,000 are free: 757,000 x $0.40 / million = $0.3028.
    assert costs["OrdersQueue"] == Decimal("0.3028")
    # Lambda: 1,000,000 + 100,000 requests, 1,000,000 free: 100,000 x $0.20 / million = $0.02, all on
    # the consumer (priced after the producer). Duration: 1,000,000 x 0.1 s x 0.25 GB + 100,000 x
    # 0.2 s x 0.25 GB = 30,000 GB-s, inside the 400,000 free.
    assert costs["ProducerFunction"] + costs["ConsumerFunction"] == Decimal("0.02")
    # HTTP API: 1,000,000 requests of 4 KB (under 512 KB, one each) x $1.00 / million = $1.00 (its
    # 12-month free tier is never applied). 1,000,000 x 0.5 KB = 0.48 GB out, inside the free 100 GB.
    assert costs["OrdersApi"] == Decimal("1.00")
    # Two alarms, inside CloudWatch's 10 free.
    assert costs["DeadLetterQueueAlarm, OldestMessageAlarm"] == 0
    # Logs: 1,100,000 invocations x 1 KB + 1,000,000 access log lines x 0.15 KB = 1.19 GB ingested
    # and stored, inside the free 5 GB. $0.3028 + $0.02 + $1.00 = $1.3228.
    assert total(build(tracing_enabled="false")) == Decimal("1.32")
    # X-Ray, on by default: 1,100,000 traced requests (0.42 a second, under the 1 a second that
    # default sampling records in full) - 100,000 free = 1,000,000 x $5.00 / million = $5.00.
    assert total(build()) == Decimal("6.32")


def test_a_fifo_queue_pays_the_fifo_rate() -> None:
    # The same 1,757,000 requests, 757,000 billed x $0.50 / million = $0.3785.
    assert by_resource(build(queue_type="fifo"))["OrdersQueue"] == Decimal("0.3785")


def test_without_the_free_tier_every_request_is_billed() -> None:
    costs = by_resource(build(), free_tier=False)
    # 1,757,000 x $0.40 / million = $0.7028.
    assert costs["OrdersQueue"] == Decimal("0.7028")
    # Producer: 1,000,000 x $0.20 / million + 25,000 GB-s x $0.0000133334 (arm64) = $0.2 + $0.333335.
    assert costs["ProducerFunction"] == Decimal("0.2") + 25_000 * Decimal("0.0000133334")
    # Two alarms x $0.10.
    assert costs["DeadLetterQueueAlarm, OldestMessageAlarm"] == Decimal("0.20")


def test_big_messages_pay_for_every_64_kb_chunk_of_a_batch() -> None:
    # 100 KB messages: sends are 2 chunks (1,000,000 x 2), receives of 1,000 KB are 16 chunks
    # (100,000 x 16), deletes 100,000, empty polls 557,000: 4,257,000 - 1,000,000 free = 3,257,000
    # x $0.40 / million = $1.3028.
    assert by_resource(build(message_size_kb="100"))["OrdersQueue"] == Decimal("1.3028")
