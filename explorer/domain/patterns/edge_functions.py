"""The edge-functions pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from explorer.domain.deployment import (
    Bucket,
    CloudFrontFunction,
    Deployment,
    Distribution,
    Input,
    InputRef,
    Ref,
    Resource,
    WebAcl,
)
from explorer.domain.patterns.common import (
    WAF_RATE_LIMIT,
    Values,
    function,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.snippets.code import cloudfront_function, piece


def edge_functions(v: Values) -> Deployment:
    resources: list[Resource] = []
    inputs: list[Input] = []
    if v["origin_type"] == "s3":
        resources.append(Bucket("OriginBucket", cloudfront_origin="Distribution"))
        origin_ref: Ref | InputRef = Ref("OriginBucket", "domain")
    else:
        inputs.append(
            Input("ApiDomainName", "The API origin's domain, e.g. abc123.execute-api.us-east-1.amazonaws.com")
        )
        origin_ref = InputRef("ApiDomainName")
    cloudfront_fn = edge_fn = None
    if v["edge_runtime"] == "cloudfront-functions":
        cloudfront_fn = "AbTestFunction"
        resources.append(CloudFrontFunction(cloudfront_fn, cloudfront_function(v), "A/B test"))
    else:
        edge_fn = "EdgeFunction"
        resources.append(
            function(
                v,
                edge_fn,
                "A/B test at the edge",
                "handler",
                architecture="x86_64",
                edge=True,
                practices=("edge_version",),
            )
        )
    if v["waf_enabled"]:
        resources.append(WebAcl("WebAcl", cloudfront=True, rate_limit=WAF_RATE_LIMIT))
    resources.append(
        Distribution(
            "Distribution",
            origin=str(v["origin_type"]),  # type: ignore[arg-type]
            origin_ref=origin_ref,
            edge_event=str(v["event_type"]),
            cloudfront_function=cloudfront_fn,
            edge_function=edge_fn,
            web_acl="WebAcl" if v["waf_enabled"] else None,
        )
    )
    return Deployment(
        "edge-functions",
        f"CloudFront with {v['edge_runtime']} on {v['event_type']}",
        tuple(resources),
        tuple(inputs),
        us_east_1_only=bool(edge_fn or v["waf_enabled"]),
    )


def handler_pieces(v: Values) -> list[str]:
    # Lambda@Edge has no environment variables: the settings are baked into the module.
    return [piece("edge.py.tmpl", event_type=v["event_type"], split=v["ab_split_percent"])]


PATTERN = PatternModule(
    slug="edge-functions", build=edge_functions, handler_pieces=handler_pieces, standalone_handler=True
)
