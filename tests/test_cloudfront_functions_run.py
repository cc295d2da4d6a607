"""The A/B test's CloudFront Functions, run with node on the documented event shape.

tests/js/run_cloudfront_function.mjs evaluates a function's generated code (cloudfront-js-2.0,
a subset of ES5.1 with a few later additions) and calls `handler(event)`. Events follow
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html:
lowercase header names, `{"value": ...}` headers and cookies, the request also present in a
viewer-response event.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from explorer.domain.deployment import CloudFrontFunction
from explorer.domain.params import resolve_params
from explorer.domain.patterns.edge_functions import edge_functions
from tests.grid import LIBRARY

RUNNER = Path(__file__).parent / "js" / "run_cloudfront_function.mjs"
SPEC = LIBRARY.patterns["edge-functions"]

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the functions")


def code(split: str, side: str) -> str:
    deployment = edge_functions(resolve_params(SPEC, {"ab_split_percent": split}).values)
    function = deployment.get(f"AbTest{side}Function")
    assert isinstance(function, CloudFrontFunction)
    return function.code


def handle(source: str, *events: dict[str, Any], random: float | None = None) -> list[dict[str, Any]]:
    result = subprocess.run(
        ["node", str(RUNNER)],
        input=json.dumps({"code": source, "events": list(events), "random": random}),
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def context(event_type: str) -> dict[str, str]:
    return {
        "distributionDomainName": "d111111abcdef8.cloudfront.net",
        "distributionId": "EDFDVBD6EXAMPLE",
        "eventType": event_type,
        "requestId": "EXAMPLE9tyo1n6Bs9wYwCgo3DIjZDoIp7BxJxLHB6ojclobw1ZeVg==",
    }


def viewer_request(uri: str = "/", variant: str | None = None) -> dict[str, Any]:
    return {
        "version": "1.0",
        "context": context("viewer-request"),
        "viewer": {"ip": "198.51.100.11"},
        "request": {
            "method": "GET",
            "uri": uri,
            "querystring": {},
            "headers": {"host": {"value": "d111111abcdef8.cloudfront.net"}, "accept": {"value": "text/html"}},
            "cookies": {"ab-variant": {"value": variant}} if variant else {},
        },
    }


def viewer_response(request: dict[str, Any]) -> dict[str, Any]:
    """The viewer-response event for a request as the viewer-request function returned it."""
    return {
        "version": "1.0",
        "context": context("viewer-response"),
        "viewer": {"ip": "198.51.100.11"},
        "request": request,
        "response": {
            "statusCode": 200,
            "statusDescription": "OK",
            "headers": {"content-type": {"value": "text/html"}},
            "cookies": {},
        },
    }


# Math.random() x 100 < SPLIT_PERCENT sends a new visitor to B.
@pytest.mark.parametrize(
    ("split", "random", "uri", "variant"),
    [
        ("0", 0.0, "/index.html", "a"),  # 0% : never B, even at the lowest draw
        ("100", 0.9999, "/index-b.html", "b"),  # 100%: always B, even at the highest draw
        ("25", 0.24, "/index-b.html", "b"),
        ("25", 0.25, "/index.html", "a"),
    ],
)
def test_a_new_visitor_gets_the_variant_the_split_draws(
    split: str, random: float, uri: str, variant: str
) -> None:
    (request,) = handle(code(split, "Request"), viewer_request("/"), random=random)

    assert request["uri"] == uri
    assert request["headers"]["x-ab-variant"] == {"value": variant}


@pytest.mark.parametrize(
    ("split", "variant", "uri"), [("100", "a", "/page.html"), ("0", "b", "/page-b.html")]
)
def test_a_returning_visitor_keeps_the_cookie_variant_whatever_the_split(
    split: str, variant: str, uri: str
) -> None:
    (request,) = handle(code(split, "Request"), viewer_request("/page.html", variant), random=0.5)

    assert request["uri"] == uri
    assert request["headers"]["x-ab-variant"] == {"value": variant}


@pytest.mark.parametrize(("split", "variant"), [("0", "a"), ("100", "b")])
def test_the_response_sets_the_cookie_of_the_variant_the_request_chose(split: str, variant: str) -> None:
    (request,) = handle(code(split, "Request"), viewer_request("/"), random=0.5)
    # The response side never draws: whatever Math.random says, it names the served variant.
    (response,) = handle(
        code(split, "Response"), viewer_response(request), random=0.0 if variant == "a" else 0.9999
    )

    assert response["cookies"]["ab-variant"] == {"value": variant, "attributes": "Path=/; Secure"}
    assert response["headers"]["strict-transport-security"]["value"].startswith("max-age=")


def test_the_response_reads_the_page_variant_when_the_request_is_the_viewer_original() -> None:
    # If CloudFront hands the viewer-response function the request as the viewer sent it (no
    # x-ab-variant, the URI not rewritten), the page's variant metadata names what was served.
    event = viewer_response(viewer_request("/")["request"])
    event["response"]["headers"]["x-amz-meta-variant"] = {"value": "b"}

    (response,) = handle(code("50", "Response"), event, random=0.0)

    assert response["cookies"]["ab-variant"]["value"] == "b"


@pytest.mark.parametrize("split", ["0", "50", "100"])
def test_the_split_is_sticky_from_request_to_cookie_to_the_next_request(split: str) -> None:
    for random in (0.0, 0.49, 0.5, 0.9999):
        (first,) = handle(code(split, "Request"), viewer_request("/"), random=random)
        (response,) = handle(code(split, "Response"), viewer_response(first))
        variant = response["cookies"]["ab-variant"]["value"]
        # The next visit draws the opposite way, and the cookie wins.
        (again,) = handle(code(split, "Request"), viewer_request("/", variant), random=1 - random)
        assert (again["uri"], again["headers"]["x-ab-variant"]["value"]) == (first["uri"], variant)
