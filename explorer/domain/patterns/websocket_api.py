"""The websocket-api pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from explorer.domain.deployment import (
    Deployment,
    Queue,
    QueueEvent,
    Ref,
    Resource,
    Statement,
    Table,
    WebSocketApi,
)
from explorer.domain.patterns.common import (
    Values,
    dead_letter_queue,
    dlq_alarm,
    function,
    table_access,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.snippets.code import piece


def websocket_api(v: Values) -> Deployment:
    table_env = (("CONNECTIONS_TABLE", Ref("ConnectionsTable", "name")),)
    push = Statement(("execute-api:ManageConnections",), (Ref("WebSocketApi", "arn", "/*"),))
    push_env = (("MANAGEMENT_ENDPOINT", Ref("WebSocketApi", "url")),)
    resources: list[Resource] = [
        Table("ConnectionsTable", key="connectionId", ttl_attribute="ttl", index_key="userId")
    ]
    authorizer = None
    if v["authorizer_enabled"]:
        authorizer = "AuthorizerFunction"
        resources.append(function(v, authorizer, "Checks the token on $connect", "authorize", timeout_s=5))
    resources += [
        function(
            v,
            "ConnectFunction",
            "$connect: stores the connection",
            "connect",
            environment=table_env,
            statements=(table_access("ConnectionsTable", "PutItem"),),
        ),
        function(
            v,
            "DisconnectFunction",
            "$disconnect: removes the connection",
            "disconnect",
            environment=table_env,
            statements=(table_access("ConnectionsTable", "DeleteItem"),),
        ),
    ]
    default_env = table_env + push_env
    default_rights = [table_access("ConnectionsTable", "Scan", "DeleteItem"), push]
    if v["broadcast_via_sqs"]:
        timeout = int(v["timeout_s"])
        resources += [
            dead_letter_queue("BroadcastDlq"),
            dlq_alarm("BroadcastDlq"),
            Queue(
                "BroadcastQueue",
                fifo=False,
                visibility_timeout_s=6 * timeout,
                retention_s=345_600,
                dlq="BroadcastDlq",
                max_receive_count=5,
            ),
            function(
                v,
                "BroadcastWorkerFunction",
                "Posts queued broadcasts to connections",
                "broadcast",
                environment=default_env,
                statements=tuple(default_rights),
                events=(QueueEvent("BroadcastQueue", batch_size=10, window_s=0),),
            ),
        ]
        default_env += (("BROADCAST_QUEUE_URL", Ref("BroadcastQueue", "url")),)
        default_rights.append(Statement(("sqs:SendMessage",), (Ref("BroadcastQueue"),)))
    resources.append(
        function(
            v,
            "DefaultFunction",
            "$default: broadcasts a message",
            "default",
            environment=default_env,
            statements=tuple(default_rights),
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
        )
    )
    return Deployment("websocket-api", "WebSocket API with a DynamoDB connection table", tuple(resources))


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


PATTERN = PatternModule(slug="websocket-api", build=websocket_api, handler_pieces=handler_pieces)
