"""The generated Lambda handlers behave as their contracts say, run on events shaped as AWS
documents them (SAM's samples where SAM ships one).

Each module is generated, compiled from text and imported; no AWS call is made (the
business step each handler calls is replaced, and SDK clients are created lazily).
"""

from __future__ import annotations

import base64
import json
import types
from typing import Any

import pytest
from django.conf import settings

from explorer.domain.content.parse import load_library
from explorer.domain.params import resolve_params
from explorer.domain.snippets import generate
from tests.sample_events import sample_event

LIBRARY = load_library(settings.PATTERNS_CONTENT_DIR)


def handler_module(slug: str, **raw: str) -> Any:
    """The pattern's generated src/app.py, imported from its text (Any: its functions are
    only known once the text is run, and the tests replace some of them)."""
    spec = LIBRARY.patterns[slug]
    source = generate(spec, resolve_params(spec, raw), "handler")
    module = types.ModuleType("app")
    exec(compile(source, "app.py", "exec"), module.__dict__)
    return module


def failing_on(bad: str, seen: list[str]):
    """A stand-in for a business step: records what it was given and fails on `bad`."""

    def step(item, *rest):
        key = item if isinstance(item, str) else json.dumps(item, sort_keys=True)
        seen.append(key)
        if bad in key:
            raise RuntimeError(f"cannot process {key}")

    return step


def sqs_event(*bodies: dict) -> dict:
    return {
        "Records": [
            {"messageId": f"m{index}", "body": json.dumps(body)} for index, body in enumerate(bodies, 1)
        ]
    }


def test_the_sqs_consumer_reports_only_the_failed_message() -> None:
    app = handler_module("async-messaging")
    seen: list[str] = []
    app.process_order = failing_on("order-2", seen)

    result = app.consume(
        sqs_event({"orderId": "order-1"}, {"orderId": "order-2"}, {"orderId": "order-3"}), None
    )

    assert result == {"batchItemFailures": [{"itemIdentifier": "m2"}]}
    assert len(seen) == 3  # one failure does not stop the others


def test_the_sqs_consumer_reports_nothing_when_all_succeed() -> None:
    app = handler_module("async-messaging")
    app.process_order = failing_on("never", [])

    assert app.consume(sqs_event({"orderId": "a"}, {"orderId": "b"}), None) == {"batchItemFailures": []}


def test_the_websocket_broadcast_worker_reports_only_the_failed_job() -> None:
    app = handler_module("websocket-api", broadcast_via_sqs="true")
    app.send_broadcast = failing_on("job-b", [])

    result = app.broadcast(sqs_event({"ids": ["job-a"]}, {"ids": ["job-b"]}), None)

    assert result == {"batchItemFailures": [{"itemIdentifier": "m2"}]}


def kinesis_event(*payloads: str) -> dict:
    return {
        "Records": [
            {
                "eventID": f"shardId-000000000000:{100 + index}",
                "kinesis": {
                    "sequenceNumber": str(100 + index),
                    "data": base64.b64encode(payload.encode()).decode(),
                },
            }
            for index, payload in enumerate(payloads, 1)
        ]
    }


def test_the_kinesis_consumer_reports_the_first_failure_and_stops() -> None:
    app = handler_module("stream-processing")
    seen: list[str] = []
    stored: list[list] = []
    app.process_record = lambda payload, sequence: failing_on("bad", seen)(payload.decode()) or sequence
    app.store = lambda shard, documents: stored.append(documents)
    app.remember = lambda shard, documents: None

    result = app.consume(kinesis_event("good", "bad", "later"), None)

    assert result == {"batchItemFailures": [{"itemIdentifier": "102"}]}
    assert seen == ["good", "bad"]  # Lambda retries from 102, so "later" waits for that retry
    assert stored == [["101"]]  # what came before the failure is stored: Lambda will not resend it


def test_the_kinesis_consumer_reports_nothing_when_all_succeed() -> None:
    app = handler_module("stream-processing")
    app.process_record = lambda payload, sequence: None
    app.store = app.remember = lambda shard, documents: None

    assert app.consume(kinesis_event("a", "b"), None) == {"batchItemFailures": []}


def test_the_s3_handler_decodes_keys_and_unwraps_sns() -> None:
    app = handler_module("event-driven-processing", variant="fan-out")
    s3_event = {
        "Records": [
            {"s3": {"bucket": {"name": "in"}, "object": {"key": "uploads/a+b%2C.csv", "versionId": "v1"}}}
        ]
    }
    sns_event = {"Records": [{"Sns": {"Message": json.dumps(s3_event)}}]}

    assert list(app.objects_in(s3_event)) == [("in", "uploads/a b,.csv", "v1")]
    assert list(app.objects_in(sns_event)) == [("in", "uploads/a b,.csv", "v1")]


def test_the_s3_handler_skips_an_object_it_has_already_claimed(monkeypatch: pytest.MonkeyPatch) -> None:
    app = handler_module("event-driven-processing")
    monkeypatch.setenv("OUTPUT_BUCKET", "out")
    claimed: set[str] = set()
    processed: list[str] = []

    def claim(key: str) -> bool:
        first = key not in claimed
        claimed.add(key)
        return first

    app.claim = claim

    def transform(bucket: str, key: str) -> bytes:
        processed.append(key)
        return b""

    app.transform = transform
    app.client = lambda service: types.SimpleNamespace(put_object=lambda **kwargs: None)
    event = {"Records": [{"s3": {"bucket": {"name": "in"}, "object": {"key": "uploads/x.csv"}}}]}

    app.process(event, None)
    app.process(event, None)  # S3 delivered the same event twice

    assert processed == ["uploads/x.csv"]


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"time": "2026-01-15T13:05:00Z"}, "run#2026-01-15T13:05:00Z"),
        ({"scheduledTime": "2026-03-01T00:00:00Z"}, "run#2026-03-01T00:00:00Z"),
    ],
)
def test_the_scheduled_task_id_comes_from_the_scheduled_time(event: dict, expected: str) -> None:
    assert handler_module("scheduled-tasks").run_id(event) == expected


def test_a_declined_payment_raises_the_business_error_the_saga_catches() -> None:
    app = handler_module("saga", state_store="context")

    with pytest.raises(app.PaymentFailed):
        app.payment({"orderId": "o-1", "declined": True}, None)
    assert app.payment({"orderId": "o-1"}, None) == {"paymentId": "pay-o-1"}
    assert app.release({"orderId": "o-1"}, None) == {"released": None}  # nothing to undo is fine


def edge_request(uri: str, cookie: str = "", event_type: str = "viewer-request") -> dict:
    """A Lambda@Edge viewer-request event, shaped as documented in
    https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html."""
    headers: dict[str, list[dict[str, str]]] = {
        "host": [{"key": "Host", "value": "d111111abcdef8.cloudfront.net"}]
    }
    if cookie:
        headers["cookie"] = [{"key": "Cookie", "value": cookie}]
    return {
        "Records": [
            {
                "cf": {
                    "config": {
                        "distributionDomainName": "d111111abcdef8.cloudfront.net",
                        "distributionId": "EDFDVBD6EXAMPLE",
                        "eventType": event_type,
                        "requestId": "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==",
                    },
                    "request": {
                        "clientIp": "203.0.113.178",
                        "headers": headers,
                        "method": "GET",
                        "querystring": "",
                        "uri": uri,
                    },
                }
            }
        ]
    }


def edge_response(request: dict) -> dict:
    """The viewer-response event for a request the viewer-request side returned: CloudFront passes
    that request (with the headers it added) and the origin's or the cache's response."""
    return {
        "Records": [
            {
                "cf": {
                    "config": {
                        "distributionDomainName": "d111111abcdef8.cloudfront.net",
                        "distributionId": "EDFDVBD6EXAMPLE",
                        "eventType": "viewer-response",
                        "requestId": "4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==",
                    },
                    "request": request,
                    "response": {
                        "status": "200",
                        "statusDescription": "OK",
                        "headers": {"content-type": [{"key": "Content-Type", "value": "text/html"}]},
                    },
                }
            }
        ]
    }


def set_cookie(response: dict) -> str:
    return response["headers"]["set-cookie"][0]["value"]


@pytest.mark.parametrize(("split", "uri"), [("0", "/index.html"), ("100", "/index-b.html")])
def test_the_edge_handler_splits_by_the_configured_percentage(split: str, uri: str) -> None:
    app = handler_module("edge-functions", edge_runtime="lambda-at-edge", ab_split_percent=split)

    assert app.handler(edge_request("/"), None)["uri"] == uri


def test_the_edge_handler_keeps_a_visitor_on_their_variant() -> None:
    app = handler_module("edge-functions", edge_runtime="lambda-at-edge", ab_split_percent="0")

    assert app.handler(edge_request("/page.html", "ab-variant=b"), None)["uri"] == "/page-b.html"


@pytest.mark.parametrize(("split", "variant"), [("0", "a"), ("100", "b")])
def test_the_edge_handler_sets_the_cookie_of_the_variant_the_request_side_chose(
    split: str, variant: str
) -> None:
    app = handler_module("edge-functions", edge_runtime="lambda-at-edge", ab_split_percent=split)
    request = app.handler(edge_request("/"), None)

    response = app.handler(edge_response(request), None)

    assert request["headers"]["x-ab-variant"] == [{"key": "X-AB-Variant", "value": variant}]
    assert set_cookie(response) == f"ab-variant={variant}; Path=/; Secure"


def test_the_response_side_never_draws_a_variant_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # A visitor served B (the request side's header) gets the B cookie even if a draw would say A.
    app = handler_module("edge-functions", edge_runtime="lambda-at-edge", ab_split_percent="100")
    request = app.handler(edge_request("/"), None)
    monkeypatch.setattr(app.random, "random", lambda: 0.999)

    assert set_cookie(app.handler(edge_response(request), None)).startswith("ab-variant=b;")


def test_the_edge_response_falls_back_on_the_page_variant_metadata() -> None:
    # A request without the x-ab-variant header (as the viewer sent it): the page's metadata names it.
    app = handler_module("edge-functions", edge_runtime="lambda-at-edge", ab_split_percent="0")
    event = edge_response(edge_request("/")["Records"][0]["cf"]["request"])
    event["Records"][0]["cf"]["response"]["headers"]["x-amz-meta-variant"] = [
        {"key": "x-amz-meta-variant", "value": "b"}
    ]

    assert set_cookie(app.handler(event, None)).startswith("ab-variant=b;")


def sam_edge_round_trip(app: Any, cookie: str) -> tuple[dict, dict]:
    """The request side on SAM's CloudFront A/B test sample (its cookie header replaced), then the
    response side on SAM's response sample with the request that side returned, as CloudFront
    passes it (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html)."""
    event = sample_event("cloudfront", "ab-test", uri="/index.html")
    event["Records"][0]["cf"]["request"]["headers"]["cookie"][0]["value"] = cookie
    request = app.handler(event, None)
    answer = sample_event("cloudfront", "modify-response-header")
    answer["Records"][0]["cf"]["request"] = request
    return request, app.handler(answer, None)


@pytest.mark.parametrize(("split", "variant"), [("0", "a"), ("100", "b")])
def test_the_edge_handler_runs_on_sams_cloudfront_sample_events(split: str, variant: str) -> None:
    app = handler_module("edge-functions", edge_runtime="lambda-at-edge", ab_split_percent=split)

    request, response = sam_edge_round_trip(app, "SomeCookie=1; AnotherOne=A; X-Experiment-Name=B")

    assert request["uri"] == ("/index.html" if variant == "a" else "/index-b.html")
    assert response["status"] == "200"
    assert set_cookie(response) == f"ab-variant={variant}; Path=/; Secure"
    assert response["headers"]["vary"] == [{"key": "Vary", "value": "*"}]  # the origin's headers kept


def test_the_edge_handler_finds_its_cookie_among_the_visitors_others() -> None:
    app = handler_module("edge-functions", edge_runtime="lambda-at-edge", ab_split_percent="0")

    request, response = sam_edge_round_trip(app, "SomeCookie=1; ab-variant=b; X-Experiment-Name=B")

    assert request["uri"] == "/index-b.html"
    assert set_cookie(response).startswith("ab-variant=b;")


@pytest.mark.parametrize("split", ["0", "37", "100"])
def test_the_edge_split_is_sticky_from_request_to_cookie_to_the_next_request(split: str) -> None:
    app = handler_module("edge-functions", edge_runtime="lambda-at-edge", ab_split_percent=split)
    for _visitor in range(20):
        first = app.handler(edge_request("/"), None)
        cookie = set_cookie(app.handler(edge_response(first), None)).split(";")[0]
        for _visit in range(3):
            again = app.handler(edge_request("/", cookie), None)
            assert again["uri"] == first["uri"]
            assert set_cookie(app.handler(edge_response(again), None)).split(";")[0] == cookie


def test_the_websocket_connect_handler_stores_a_ttl(monkeypatch: pytest.MonkeyPatch) -> None:
    app = handler_module("websocket-api", connection_ttl_hours="2")
    stored: list[dict] = []
    app.client = lambda service: types.SimpleNamespace(put_item=lambda **kwargs: stored.append(kwargs))
    monkeypatch.setenv("CONNECTIONS_TABLE", "connections")
    app.time = types.SimpleNamespace(time=lambda: 1000)

    app.connect({"requestContext": {"connectionId": "c1", "authorizer": {"userId": "u1"}}}, None)

    assert stored[0]["Item"]["ttl"] == {"N": str(1000 + 7200)}
    assert stored[0]["Item"]["userId"] == {"S": "u1"}
