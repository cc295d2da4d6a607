"""The edge-functions deployment: what draws each resource, and which CloudFront events run the code."""

from __future__ import annotations

from decimal import Decimal

import pytest

from explorer.domain.deployment import (
    Bucket,
    CloudFrontFunction,
    Deployment,
    Distribution,
    Function,
    WebAcl,
)
from explorer.domain.params import Params, resolve_params
from explorer.domain.patterns.edge_functions import PATTERN, edge_functions
from explorer.domain.rules import Values, check
from tests.grid import LIBRARY, grid
from tests.patterns.money import by_resource

SPEC = LIBRARY.patterns["edge-functions"]
CASES = [(case_id, params) for case_id, params in grid()[0] if params.spec.slug == "edge-functions"]
AWS_NODES = {node.id for node in SPEC.topology.nodes if not node.actor}


def build(**raw: str) -> Deployment:
    return edge_functions(resolve_params(SPEC, raw).values)


def runs(deployment: Deployment) -> Decimal:
    """How often the edge code runs, whichever runtime deploys it: both sides of the A/B test."""
    code: list[CloudFrontFunction] | list[Function] = deployment.of_type(CloudFrontFunction) or [
        fn for fn in deployment.of_type(Function) if fn.edge
    ]
    assert len(code) in (1, 2)
    return sum((fn.usage.count for fn in code), Decimal(0))


def distribution(deployment: Deployment) -> Distribution:
    found = deployment.get("Distribution")
    assert isinstance(found, Distribution)
    return found


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_is_drawn_by_a_node_of_the_topology(case_id: str, params: Params) -> None:
    deployment = edge_functions(params.values)
    for resource in deployment.resources:
        assert resource.node in AWS_NODES, f"{case_id}: {resource.id} -> {resource.node!r}"
    assert {external.node for external in deployment.externals} <= {"origin_api"}
    assert deployment.drawn_nodes() <= AWS_NODES


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_that_costs_has_usage(case_id: str, params: Params) -> None:
    deployment = edge_functions(params.values)
    if not params["requests_per_month"]:
        return
    assert runs(deployment) > 0, case_id
    assert distribution(deployment).usage.requests > 0, case_id
    assert all(acl.inspected_requests > 0 for acl in deployment.of_type(WebAcl)), case_id
    assert all(bucket.usage.gets > 0 and bucket.usage.storage_gb > 0 for bucket in deployment.of_type(Bucket))


def test_the_defaults_are_drawn_by_their_nodes() -> None:
    deployment = build()
    assert {resource.id: resource.node for resource in deployment.resources} == {
        "OriginBucket": "origin_s3",
        "AbTestRequestFunction": "cf_function",
        "AbTestResponseFunction": "cf_function",
        "Distribution": "cloudfront",
    }
    assert deployment.drawn_nodes() == {"origin_s3", "cf_function", "cloudfront"}


def test_lambda_at_edge_an_api_origin_and_waf_are_drawn_by_their_nodes() -> None:
    deployment = build(
        edge_runtime="lambda-at-edge", event_type="origin-request", origin_type="api", waf_enabled="true"
    )
    assert {resource.id: resource.node for resource in deployment.resources} == {
        "EdgeFunction": "edge_lambda",
        "WebAcl": "waf",
        "Distribution": "cloudfront",
    }
    # The API origin is used, not created: drawn, and explained in the estimate's notes.
    assert [external.node for external in deployment.externals] == ["origin_api"]
    assert deployment.drawn_nodes() == {"edge_lambda", "waf", "cloudfront", "origin_api"}


def test_the_default_month() -> None:
    # 10,000,000 requests; CloudFront answers 80% of them from its cache, so 2,000,000 reach S3.
    deployment = build()
    dist = distribution(deployment)
    assert (dist.usage.requests, dist.usage.origin_requests, dist.usage.data_transfer_gb) == (
        10_000_000,
        2_000_000,
        100,
    )
    bucket = deployment.get("OriginBucket")
    assert isinstance(bucket, Bucket)
    assert (bucket.usage.gets, bucket.usage.puts, bucket.usage.storage_gb) == (2_000_000, 0, 1)
    # The viewer-request and viewer-response functions each run on every request, hits included.
    assert runs(deployment) == 2 * 10_000_000


@pytest.mark.parametrize(
    ("event_type", "expected"),
    [
        # Routing on viewer-request: 10,000,000; setting the cookie on viewer-response: 10,000,000.
        ("viewer-request", 20_000_000),
        # Routing on origin-request: the 2,000,000 misses; the cookie still on every response.
        ("origin-request", 12_000_000),
    ],
)
def test_viewer_events_run_on_every_request_and_origin_events_on_cache_misses(
    event_type: str, expected: int
) -> None:
    assert runs(build(edge_runtime="lambda-at-edge", event_type=event_type)) == expected


def test_an_api_origin_is_never_cached_so_origin_events_run_on_every_request() -> None:
    deployment = build(edge_runtime="lambda-at-edge", event_type="origin-request", origin_type="api")
    assert runs(deployment) == 2 * 10_000_000
    assert distribution(deployment).usage.origin_requests == 10_000_000
    assert deployment.of_type(Bucket) == []


def test_lambda_at_edge_runs_at_its_duration_and_memory() -> None:
    fn = build(edge_runtime="lambda-at-edge", event_type="origin-request", memory_mb="512").get(
        "EdgeFunction"
    )
    assert isinstance(fn, Function)
    assert (fn.usage.duration_ms, fn.memory_mb) == (50, 512)


def test_the_viewer_response_note_says_it_is_an_upper_bound() -> None:
    assert "400 or above" in " ".join(build().notes)


def test_routing_on_origin_request_before_a_cached_origin_is_explained() -> None:
    notes = " ".join(build(edge_runtime="lambda-at-edge", event_type="origin-request").notes)
    assert "whichever variant was cached first" in notes
    assert "cached first" not in " ".join(build().notes)


@pytest.mark.parametrize("runtime", ["cloudfront-functions", "lambda-at-edge"])
def test_the_a_b_test_is_attached_on_the_request_and_the_response(runtime: str) -> None:
    dist = distribution(build(edge_runtime=runtime))
    associations = dist.function_associations or dist.lambda_associations
    assert [event for event, _ in associations] == ["viewer-request", "viewer-response"]
    if runtime == "lambda-at-edge":
        assert {fn for _, fn in associations} == {"EdgeFunction"}
        assert dist.function_associations == ()
    else:
        assert [fn for _, fn in associations] == ["AbTestRequestFunction", "AbTestResponseFunction"]
        assert dist.lambda_associations == ()


def test_lambda_at_edge_routes_on_origin_request_and_sets_the_cookie_on_viewer_response() -> None:
    dist = distribution(build(edge_runtime="lambda-at-edge", event_type="origin-request"))
    assert dist.lambda_associations == (
        ("origin-request", "EdgeFunction"),
        ("viewer-response", "EdgeFunction"),
    )


def test_the_web_acl_inspects_every_request() -> None:
    acl = build(waf_enabled="true").get("WebAcl")
    assert isinstance(acl, WebAcl)
    assert acl.inspected_requests == 10_000_000


def test_a_cloudfront_function_on_an_origin_event_is_refused() -> None:
    (rule,) = PATTERN.rules
    assert not rule.warning
    assert rule.source_url.endswith("edge-functions-choosing.html")
    params = resolve_params(SPEC, {"event_type": "origin-request"})
    assert rule.applies(SPEC, params.values) and rule.broken(Values(params.values))
    errors = {error.limit_name for error in check(SPEC, params).errors}
    assert "CloudFront Functions run on viewer events only" in errors
    viewer = resolve_params(SPEC, {"event_type": "viewer-request"})
    assert not rule.broken(Values(viewer.values))
    on_edge = resolve_params(SPEC, {"event_type": "origin-request", "edge_runtime": "lambda-at-edge"})
    assert not rule.applies(SPEC, on_edge.values)


def test_the_module_carries_the_chooser_presets_and_the_comparison() -> None:
    assert PATTERN.traffic == ("requests_per_month", "data_transfer_gb")
    assert PATTERN.chooser[("trigger", "cdn")][0] == 10
    assert PATTERN.chooser[("latency", "edge")][0] == 4
    assert PATTERN.chooser_values == {("latency", "edge"): {"edge_runtime": "cloudfront-functions"}}
    assert PATTERN.comparisons == (
        (
            "CloudFront Functions vs Lambda@Edge",
            {"a.edge_runtime": "cloudfront-functions", "b.edge_runtime": "lambda-at-edge"},
        ),
    )


# --- dollars: https://aws.amazon.com/cloudfront/pricing/, https://aws.amazon.com/lambda/pricing/
# (Lambda@Edge), https://aws.amazon.com/s3/pricing/, https://aws.amazon.com/waf/pricing/ (rates in
# explorer/domain/pricing/prices.yaml).


def test_the_default_month_in_dollars() -> None:
    costs = by_resource(build())
    # CloudFront Functions: 10,000,000 viewer requests + 10,000,000 viewer responses = 20,000,000
    # invocations - 2,000,000 free = 18,000,000 x $0.10 / million = $1.80, split by the pricer
    # between the two functions.
    assert costs["AbTestRequestFunction"] + costs["AbTestResponseFunction"] == Decimal("1.80")
    # CloudFront: 10,000,000 requests and 100 GB, inside the free 10,000,000 and 1 TB.
    assert costs["Distribution"] == 0
    # S3: 2,000,000 GETs x $0.0004 / 1,000 = $0.80 and 1 GB x $0.023 (the 12-month free tier is
    # never applied) = $0.823.
    assert costs["OriginBucket"] == Decimal("0.823")


def test_lambda_at_edge_on_origin_requests_costs_the_misses_and_every_response() -> None:
    # 2,000,000 origin requests + 10,000,000 viewer responses = 12,000,000 x $0.60 / million =
    # $7.20; 12,000,000 x 0.05 s x 128 / 1024 GB = 75,000 GB-s x $0.00005001 = $3.75075; no free tier.
    costs = by_resource(build(edge_runtime="lambda-at-edge", event_type="origin-request"))
    assert costs["EdgeFunction"] == Decimal("7.20") + Decimal("3.75075")


def test_lambda_at_edge_on_viewer_requests_costs_every_request() -> None:
    # 10,000,000 viewer requests + 10,000,000 viewer responses = 20,000,000 x $0.60 / million =
    # $12.00; 125,000 GB-s x $0.00005001 = $6.25125.
    costs = by_resource(build(edge_runtime="lambda-at-edge"))
    assert costs["EdgeFunction"] == Decimal("12.00") + Decimal("6.25125")


def test_the_web_acl_costs_its_rules_and_requests() -> None:
    # $5.00 + 4 rules x $1.00 + 10,000,000 x $0.60 / million = $15.00.
    assert by_resource(build(waf_enabled="true"))["WebAcl"] == Decimal("15.00")
