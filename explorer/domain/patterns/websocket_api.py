"""The websocket-api pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from explorer.domain.deployment import (
    Deployment,
    Invocations,
    Part,
    Queue,
    QueueEvent,
    Ref,
    Resource,
    SqsRequests,
    Statement,
    Table,
    TableTraffic,
    WebSocketApi,
    WebSocketTraffic,
)
from explorer.domain.patterns.common import (
    IDLE_POLLERS,
    Values,
    ceil,
    dead_letter_queue,
    dlq_alarm,
    function,
    lambda_sqs_requests,
    records_per_invocation,
    table_access,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.pricing.catalog import load_catalog
from explorer.domain.pricing.engine import format_quantity
from explorer.domain.pricing.services import KB_PER_GB
from explorer.domain.rules import WEBSOCKET_AUTH, WEBSOCKET_QUOTAS, Rule
from explorer.domain.snippets.code import piece

# API Gateway closes a WebSocket connection after 2 hours at the most (WEBSOCKET_QUOTAS,
# "Connection duration for WebSocket API: 2 hours").
MAX_CONNECTION_HOURS = 2
# The authorizer, $connect and $disconnect make one small call each: 100 ms at their memory.
HELPER_DURATION_MS = Decimal(100)
# A connection item (connectionId, userId, ttl) is about 0.1 KB of names and values; DynamoDB stores
# 100 bytes of overhead with each item and each index entry
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
CONNECTION_ITEM_KB = Decimal("0.1")
ITEM_OVERHEAD_KB = Decimal("0.1")
# A Scan is billed on the size of everything it reads, in 4 KB units; the handler's Scan is
# eventually consistent (the default), half a read request unit per 4 KB
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html).
SCAN_UNIT_KB = Decimal(4)
EVENTUALLY_CONSISTENT_RRU = Decimal("0.5")
# $default with broadcast_via_sqs (websocket_queue.py.tmpl): one job per 100 connection IDs,
# sent 10 jobs per SendMessageBatch; a connection ID in the job's JSON is about 20 bytes.
BROADCAST_CHUNK = 100
JOBS_PER_SEND = 10
CONNECTION_ID_KB = Decimal("0.02")


def websocket_api(v: Values) -> Deployment:
    minutes = Decimal(v["connection_minutes_per_month"])
    messages = Decimal(v["messages_per_month"])
    size_kb = Decimal(v["message_size_kb"])
    peak = int(v["peak_connections"])
    session_hours = min(int(v["connection_ttl_hours"]), MAX_CONNECTION_HOURS)
    # Each connection stays open as long as its record lives (the TTL is set to the longest a
    # connection may last), so the month's connection minutes are this many connections.
    connections = ceil(minutes / (session_hours * 60))
    # The $default handler broadcasts each client message to every connection in the table (it
    # Scans it), so each message in is `audience` messages out: the connections open on average.
    month_minutes = load_catalog().hours_per_month * 60
    audience = max(1, min(peak, int(ceil(minutes / month_minutes))))
    inbound = messages / (1 + audience)
    scan_rru = ceil(audience * CONNECTION_ITEM_KB / SCAN_UNIT_KB) * EVENTUALLY_CONSISTENT_RRU
    duration_ms = Decimal(v["avg_duration_ms"])

    table_env = (("CONNECTIONS_TABLE", Ref("ConnectionsTable", "name")),)
    push = Statement(("execute-api:ManageConnections",), (Ref("WebSocketApi", "arn", "/*"),))
    push_env = (("MANAGEMENT_ENDPOINT", Ref("WebSocketApi", "url")),)
    resources: list[Resource] = [
        Table(
            "ConnectionsTable",
            key="connectionId",
            ttl_attribute="ttl",
            index_key="userId",
            node="table",
            usage=TableTraffic(
                reads=inbound * scan_rru,
                # A put on $connect and a delete on $disconnect, each also writing the userId index.
                writes=connections * 2 * 2,
                storage_gb=peak * 2 * (CONNECTION_ITEM_KB + ITEM_OVERHEAD_KB) / KB_PER_GB,
            ),
        )
    ]
    helpers: list[str] = []
    authorizer = None
    if v["authorizer_enabled"]:
        authorizer = "AuthorizerFunction"
        resources.append(
            function(
                v,
                authorizer,
                "Checks the token on $connect",
                "authorize",
                timeout_s=5,
                node="authorizer",
                usage=Invocations(connections, HELPER_DURATION_MS),
            )
        )
        helpers.append("the authorizer")
    resources += [
        function(
            v,
            "ConnectFunction",
            "$connect: stores the connection",
            "connect",
            environment=table_env,
            statements=(table_access("ConnectionsTable", "PutItem"),),
            node="connect",
            usage=Invocations(connections, HELPER_DURATION_MS),
        ),
        function(
            v,
            "DisconnectFunction",
            "$disconnect: removes the connection",
            "disconnect",
            environment=table_env,
            statements=(table_access("ConnectionsTable", "DeleteItem"),),
            node="disconnect",
            usage=Invocations(connections, HELPER_DURATION_MS),
        ),
    ]
    helpers += ["$connect", "$disconnect"]
    default_env: tuple[tuple[str, Ref], ...] = table_env + push_env
    default_rights = [table_access("ConnectionsTable", "Scan", "DeleteItem"), push]
    notes: list[str] = []
    if v["broadcast_via_sqs"]:
        timeout = int(v["timeout_s"])
        jobs_per_message = ceil(Decimal(audience) / BROADCAST_CHUNK)
        sends_per_message = ceil(jobs_per_message / JOBS_PER_SEND)
        job_kb = size_kb + min(audience, BROADCAST_CHUNK) * CONNECTION_ID_KB
        jobs = inbound * jobs_per_message
        worker_batch = records_per_invocation(10, job_kb)
        resources += [
            replace(dead_letter_queue("BroadcastDlq"), node="dlq"),
            replace(dlq_alarm("BroadcastDlq"), node="logs"),
            Queue(
                "BroadcastQueue",
                fifo=False,
                visibility_timeout_s=6 * timeout,
                retention_s=345_600,
                dlq="BroadcastDlq",
                max_receive_count=5,
                node="queue",
                usage=(
                    SqsRequests(
                        "SendMessageBatch",
                        inbound * sends_per_message,
                        jobs_per_message / sends_per_message * job_kb,
                    ),
                    *lambda_sqs_requests(jobs, job_kb, worker_batch, pollers=IDLE_POLLERS),
                ),
            ),
            function(
                v,
                "BroadcastWorkerFunction",
                "Posts queued broadcasts to connections",
                "broadcast",
                environment=default_env,
                statements=tuple(default_rights),
                events=(QueueEvent("BroadcastQueue", batch_size=10, window_s=0),),
                node="worker",
                usage=Invocations(jobs / worker_batch, duration_ms),
            ),
        ]
        default_env += (("BROADCAST_QUEUE_URL", Ref("BroadcastQueue", "url")),)
        default_rights.append(Statement(("sqs:SendMessage",), (Ref("BroadcastQueue"),)))
        notes.append(
            f"$default queues each client message as {format_quantity(jobs_per_message)} broadcast"
            f" job(s) of up to {BROADCAST_CHUNK} connection IDs ({format_quantity(job_kb)} KB with the"
            f" message), {JOBS_PER_SEND} jobs per SendMessageBatch; the worker's batches of"
            f" {worker_batch} jobs are full (a lower bound on its invocations and receives) and each"
            f" runs {format_quantity(duration_ms)} ms; with no maximum concurrency set, Lambda keeps as"
            f" few as {IDLE_POLLERS} pollers long-polling the quiet queue every 20 s."
        )
    resources.append(
        function(
            v,
            "DefaultFunction",
            "$default: broadcasts a message",
            "default",
            environment=default_env,
            statements=tuple(default_rights),
            node="default",
            usage=Invocations(inbound, duration_ms),
        )
    )
    resources.append(
        WebSocketApi(
            "WebSocketApi",
            routes=(
                ("$connect", "ConnectFunction"),
                ("$disconnect", "DisconnectFunction"),
                ("$default", "DefaultFunction"),
            ),
            authorizer=authorizer,
            log_retention_days=int(v["log_retention_days"]),
            node="wsapi",
            usage=WebSocketTraffic(messages, size_kb, minutes, connections, sent=messages - inbound),
        )
    )
    memory = int(v["memory_mb"])
    notes[:0] = [
        f"each connection stays open {session_hours} h (connection_ttl_hours, at most API Gateway's"
        f" {MAX_CONNECTION_HOURS}-hour limit), so the connection minutes are"
        f" {format_quantity(connections)} connections, each with one $connect and one $disconnect;"
        f" {', '.join(helpers[:-1])} and {helpers[-1]} run {format_quantity(HELPER_DURATION_MS)} ms"
        f" each at their {memory} MB.",
        f"{audience} connections are open on average (connection minutes / {format_quantity(month_minutes)}"
        " minutes in a month, at most peak_connections) and $default broadcasts every client message to"
        f" all of them, so of the {format_quantity(messages)} messages {format_quantity(ceil(inbound))}"
        " come from clients (each invokes $default for"
        f" {format_quantity(duration_ms)} ms) and the rest are post_to_connection pushes.",
        f"a connection item is {format_quantity(CONNECTION_ITEM_KB)} KB; $default Scans the whole table"
        f" for every client message ({format_quantity(audience * CONNECTION_ITEM_KB)} KB,"
        f" {format_quantity(scan_rru)} RRU eventually consistent); each put and delete also writes the"
        " userId index (1 WRU each). Stale connections deleted after a 410 Gone are not counted.",
    ]
    return Deployment(
        "websocket-api",
        "WebSocket API with a DynamoDB connection table",
        tuple(resources),
        parts=(Part("mgmt", "WebSocketApi"),),
        monitoring_node="logs",
        tracing_node="xray",
        notes=tuple(notes),
    )


def handler_pieces(v: Values) -> list[str]:
    pieces = [piece("websocket.py.tmpl", ttl_seconds=int(v["connection_ttl_hours"]) * 3600)]
    if v["broadcast_via_sqs"]:
        pieces += [
            piece("websocket_queue.py.tmpl"),
            piece("sqs_batch.py.tmpl", handler="broadcast", process="send_broadcast"),
        ]
    else:
        pieces.append(piece("websocket_direct.py.tmpl"))
    return [*pieces, piece("authorizer.py.tmpl")] if v["authorizer_enabled"] else pieces


PATTERN = PatternModule(
    slug="websocket-api",
    build=websocket_api,
    handler_pieces=handler_pieces,
    traffic=("connection_minutes_per_month", "messages_per_month"),
    chooser={
        ("trigger", "connection"): (
            10,
            "API Gateway WebSocket APIs keep the connection and route its messages.",
        ),
        ("latency", "realtime"): (4, "Messages are pushed to connected clients as they happen."),
        ("failure", "reject"): (1, "The client learns of the failure on its open connection."),
    },
    rules=(
        # A longer record TTL is accepted (it is DynamoDB's TTL, not the connection's), so this
        # is a warning; the usage above never counts a connection longer than the 2-hour quota.
        Rule(
            "WebSocket connections last at most 2 hours",
            ("connection_ttl_hours",),
            lambda v: int(v.connection_ttl_hours) > MAX_CONNECTION_HOURS,
            lambda v: (
                f"connection_ttl_hours is {v.connection_ttl_hours} h; API Gateway closes every connection"
                f" after {MAX_CONNECTION_HOURS} hours, so a longer TTL only keeps stale connection IDs"
            ),
            WEBSOCKET_QUOTAS,
            warning=True,
        ),
        Rule(
            "Authorize on $connect",
            ("authorizer_enabled",),
            lambda v: not v.authorizer_enabled,
            lambda v: "authorizer_enabled is off; anyone who knows the URL can open a connection",
            WEBSOCKET_AUTH,
            warning=True,
        ),
    ),
)
