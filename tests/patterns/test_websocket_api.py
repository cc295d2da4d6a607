"""The websocket-api deployment: what draws each resource, and a month of connections and broadcasts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from explorer.domain.deployment import (
    Deployment,
    Function,
    Queue,
    SqsRequests,
    Table,
    WebSocketApi,
)
from explorer.domain.params import Params, resolve_params
from explorer.domain.patterns.websocket_api import PATTERN, websocket_api
from explorer.domain.rules import Values, check
from tests.grid import LIBRARY, grid
from tests.patterns.money import by_resource

SPEC = LIBRARY.patterns["websocket-api"]
CASES = [(case_id, params) for case_id, params in grid()[0] if params.spec.slug == "websocket-api"]
AWS_NODES = {node.id for node in SPEC.topology.nodes if not node.actor}
MONTH_S = 730 * 3600  # 2,628,000 s, the catalog's month
GB = Decimal(1024 * 1024)  # KB in a GB


def build(**raw: str) -> Deployment:
    return websocket_api(resolve_params(SPEC, raw).values)


def invocations(deployment: Deployment) -> dict[str, Decimal]:
    return {fn.id: fn.usage.count for fn in deployment.of_type(Function)}


def table(deployment: Deployment) -> Table:
    found = deployment.get("ConnectionsTable")
    assert isinstance(found, Table)
    return found


def calls(deployment: Deployment) -> dict[str, SqsRequests]:
    found = deployment.get("BroadcastQueue")
    assert isinstance(found, Queue)
    return {call.what: call for call in found.usage}


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_is_drawn_by_a_node_of_the_topology(case_id: str, params: Params) -> None:
    deployment = websocket_api(params.values)
    for resource in deployment.resources:
        assert resource.node in AWS_NODES, f"{case_id}: {resource.id} -> {resource.node!r}"
    assert [(part.node, part.of) for part in deployment.parts] == [("mgmt", "WebSocketApi")]
    assert {deployment.monitoring_node, deployment.tracing_node} <= AWS_NODES
    assert deployment.drawn_nodes() <= AWS_NODES


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_that_costs_has_usage(case_id: str, params: Params) -> None:
    deployment = websocket_api(params.values)
    for queue in deployment.of_type(Queue):
        assert bool(queue.usage) is not queue.is_dlq, f"{case_id}: {queue.id}"
    if params["messages_per_month"] and params["connection_minutes_per_month"]:
        assert all(count > 0 for count in invocations(deployment).values()), case_id
        usage = table(deployment).usage
        assert usage.reads > 0 and usage.writes > 0 and usage.storage_gb > 0, case_id


def test_the_defaults_are_drawn_by_their_nodes() -> None:
    deployment = build()
    assert {resource.id: resource.node for resource in deployment.resources} == {
        "ConnectionsTable": "table",
        "AuthorizerFunction": "authorizer",
        "ConnectFunction": "connect",
        "DisconnectFunction": "disconnect",
        "DefaultFunction": "default",
        "WebSocketApi": "wsapi",
    }
    assert deployment.drawn_nodes() == {
        "wsapi",
        "authorizer",
        "connect",
        "disconnect",
        "default",
        "table",
        "mgmt",
        "logs",
        "xray",  # tracing is on by default, as the guide recommends
    }


def test_the_broadcast_queue_is_drawn_only_when_deployed() -> None:
    deployment = build(broadcast_via_sqs="true", authorizer_enabled="false", tracing_enabled="true")
    nodes = {resource.id: resource.node for resource in deployment.resources}
    assert nodes["BroadcastQueue"] == "queue"
    assert nodes["BroadcastDlq"] == "dlq"
    assert nodes["BroadcastDlqAlarm"] == "logs"
    assert nodes["BroadcastWorkerFunction"] == "worker"
    assert {"queue", "dlq", "worker", "xray"} <= deployment.drawn_nodes()
    assert "authorizer" not in deployment.drawn_nodes()
    assert not {"queue", "dlq", "worker", "xray"} & build(tracing_enabled="false").drawn_nodes()


def test_the_default_month() -> None:
    # Defaults: 3,000,000 connection minutes, 10,000,000 messages of 4 KB, TTL 2 h, 1,000 peak.
    deployment = build()
    # Connections last the 2-hour TTL: 3,000,000 / 120 = 25,000 connections.
    # Open on average: 3,000,000 / 43,800 minutes in a month = 68.5, rounded up to 69, and every
    # client message is broadcast to all 69: 10,000,000 / (1 + 69) = 142,857.14 come from clients.
    inbound = Decimal(10_000_000) / 70
    assert invocations(deployment) == {
        "AuthorizerFunction": 25_000,
        "ConnectFunction": 25_000,
        "DisconnectFunction": 25_000,
        "DefaultFunction": inbound,
    }
    # Helpers run 100 ms (an assumption), $default avg_duration_ms (50 ms), all at memory_mb.
    durations = {fn.id: (fn.usage.duration_ms, fn.memory_mb) for fn in deployment.of_type(Function)}
    assert durations["ConnectFunction"] == (100, 256)
    assert durations["AuthorizerFunction"] == (100, 256)
    assert durations["DefaultFunction"] == (50, 256)
    # Each client message Scans the table: 69 items x 0.1 KB = 6.9 KB = 2 x 4 KB, eventually
    # consistent, 1 RRU. Writes: a put and a delete per connection, each also on the userId index:
    # 25,000 x 4 = 100,000 WRU. Storage: 1,000 x 2 (table and index) x 0.2 KB (with overhead).
    usage = table(deployment).usage
    assert usage.reads == inbound
    assert usage.writes == 100_000
    assert usage.storage_gb == Decimal(400) / GB
    api = deployment.get("WebSocketApi")
    assert isinstance(api, WebSocketApi)
    assert (
        api.usage.messages,
        api.usage.message_kb,
        api.usage.connection_minutes,
        api.usage.connections,
    ) == (
        10_000_000,
        4,
        3_000_000,
        25_000,
    )


def test_a_bigger_audience_means_fewer_client_messages_and_larger_scans() -> None:
    # 250 connections open on average (250 x 43,800 minutes): 10,000,000 / 251 client messages, each
    # scanning 250 x 0.1 KB = 25 KB = 7 x 4 KB, 3.5 RRU.
    deployment = build(connection_minutes_per_month=str(250 * 43_800))
    inbound = Decimal(10_000_000) / 251
    assert invocations(deployment)["DefaultFunction"] == inbound
    assert table(deployment).usage.reads == inbound * Decimal("3.5")


def test_the_audience_is_at_most_the_peak() -> None:
    deployment = build(peak_connections="10")
    assert invocations(deployment)["DefaultFunction"] == Decimal(10_000_000) / 11


def test_a_connection_lasts_at_most_two_hours_whatever_the_ttl() -> None:
    assert invocations(build(connection_ttl_hours="24"))["ConnectFunction"] == 25_000
    # A 1-hour TTL: 3,000,000 / 60 = 50,000 connections.
    assert invocations(build(connection_ttl_hours="1"))["ConnectFunction"] == 50_000


def test_broadcast_through_sqs() -> None:
    deployment = build(broadcast_via_sqs="true")
    inbound = Decimal(10_000_000) / 70
    requests = calls(deployment)
    # One job per client message (69 IDs fit one 100-ID chunk), 4 KB + 69 x 0.02 KB = 5.38 KB, sent
    # in one SendMessageBatch.
    assert requests["SendMessageBatch"] == SqsRequests("SendMessageBatch", inbound, Decimal("5.38"))
    # The worker's full batches of 10 jobs: inbound / 10 receives of 53.8 KB, and deletes.
    receive = requests["ReceiveMessage (10 messages each)"]
    assert (receive.calls, receive.payload_kb) == (inbound / 10, Decimal("53.80"))
    assert requests["DeleteMessageBatch"].calls == inbound / 10
    # No maximum concurrency: as few as 2 pollers, 2 x 2,628,000 / 20 = 262,800 polls, less the
    # ones that returned jobs.
    assert requests["ReceiveMessage (empty long polls)"].calls == 262_800 - inbound / 10
    assert invocations(deployment)["BroadcastWorkerFunction"] == inbound / 10
    # The DLQ has no usage (it costs nothing until a job fails).
    dlq = deployment.get("BroadcastDlq")
    assert isinstance(dlq, Queue) and dlq.usage == ()


def test_a_large_audience_is_split_into_jobs_of_100_connections() -> None:
    # 250 connections: 3 jobs per client message, one SendMessageBatch of 3 x (4 + 100 x 0.02) KB.
    deployment = build(broadcast_via_sqs="true", connection_minutes_per_month=str(250 * 43_800))
    inbound = Decimal(10_000_000) / 251
    send = calls(deployment)["SendMessageBatch"]
    assert (send.calls, send.payload_kb) == (inbound, 18)
    assert invocations(deployment)["BroadcastWorkerFunction"] == inbound * 3 / 10


def test_a_record_ttl_above_the_two_hour_connection_limit_is_a_warning_and_never_priced() -> None:
    # The TTL is DynamoDB's, which AWS accepts at any length; the connection itself closes at
    # 2 hours, so the usage never counts a longer connection (24 h prices like 2 h above).
    (rule,) = [
        rule for rule in PATTERN.rules if rule.limit_name == "WebSocket connections last at most 2 hours"
    ]
    assert rule.warning
    assert rule.source_url.endswith("apigateway-execution-service-websocket-limits-table.html")
    long_ttl = resolve_params(SPEC, {"connection_ttl_hours": "3"})
    result = check(SPEC, long_ttl)
    assert result.errors == ()
    assert [warning.limit_name for warning in result.warnings].count(
        "WebSocket connections last at most 2 hours"
    ) == 1
    assert not rule.broken(Values(resolve_params(SPEC, {"connection_ttl_hours": "2"}).values))


def test_the_module_carries_the_chooser() -> None:
    assert PATTERN.traffic == ("connection_minutes_per_month", "messages_per_month")
    assert PATTERN.chooser == {
        ("trigger", "connection"): (
            10,
            "API Gateway WebSocket APIs keep the connection and route its messages.",
        ),
        ("latency", "realtime"): (4, "Messages are pushed to connected clients as they happen."),
        ("failure", "reject"): (1, "The client learns of the failure on its open connection."),
    }
    assert PATTERN.comparisons == ()


# --- dollars: https://aws.amazon.com/api-gateway/pricing/ (WebSocket APIs),
# https://aws.amazon.com/lambda/pricing/, https://aws.amazon.com/dynamodb/pricing/on-demand/,
# https://aws.amazon.com/sqs/pricing/ (rates in explorer/domain/pricing/prices.yaml).


def test_the_default_month_in_dollars() -> None:
    costs = by_resource(build())
    # Messages: 10,000,000 of 4 KB (one 32 KB increment each) x $1.00 / million = $10.00; connection
    # minutes 3,000,000 x $0.25 / million = $0.75 (the 12-month free tier is never applied). Data
    # out stays inside the free 100 GB.
    assert costs["WebSocketApi"] == Decimal("10.75")
    # DynamoDB: 142,858 RRU (rounded up) x $0.125 / million + 100,000 WRU x $0.625 / million.
    assert costs["ConnectionsTable"] == 142_858 * Decimal("0.125") / 1_000_000 + Decimal("0.0625")
    # Lambda: 75,000 + 142,858 requests and under 4,000 GB-s, inside the free tier.
    assert sum(costs[fn] for fn in invocations(build())) == 0


def test_broadcast_through_sqs_in_dollars() -> None:
    # SendMessageBatch 142,858 + receives 14,286 + deletes 14,286 + empty polls 248,515 (each rounded
    # up, one 64 KB chunk each) = 419,945 requests, inside the free 1,000,000.
    assert by_resource(build(broadcast_via_sqs="true"))["BroadcastQueue"] == 0
    # At 100x the messages: 14,285,715 + 1,428,572 + 1,428,572 sends, receives and deletes, and no
    # empty polls (1,428,572 receives exceed the 262,800 polls) = 17,142,859 - 1,000,000 free =
    # 16,142,859 x $0.40 / million = $6.4571436.
    busy = build(broadcast_via_sqs="true", messages_per_month="1000000000")
    assert by_resource(busy)["BroadcastQueue"] == 16_142_859 * Decimal("0.40") / 1_000_000
