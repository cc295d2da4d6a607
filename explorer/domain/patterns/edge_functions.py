"""The edge-functions pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from decimal import Decimal

from explorer.domain.deployment import (
    Bucket,
    BucketTraffic,
    CloudFrontFunction,
    Deployment,
    Distribution,
    EdgeTraffic,
    External,
    Input,
    InputRef,
    Invocations,
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
from explorer.domain.pricing.engine import format_quantity
from explorer.domain.rules import CLOUDFRONT_FUNCTIONS, Rule
from explorer.domain.snippets.code import piece

# CloudFront answers 80% of requests for the S3 site from its cache; the API origin is not cached
# (the template gives it the CachingDisabled policy), so every request reaches it.
S3_CACHE_HIT_RATIO = Decimal("0.8")
# The site in the bucket holds 1 GB.
SITE_GB = Decimal(1)
# Viewer events run on every request (a cache hit too); origin events only when CloudFront goes
# to the origin (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html).
VIEWER_EVENTS = ("viewer-request", "viewer-response")
ORIGIN_EVENTS = ("origin-request", "origin-response")
# The A/B test needs two associations to be sticky: the request side (event_type: viewer-request,
# or origin-request for Lambda@Edge) chooses the variant or honours the cookie, routes the request
# and names the variant in the x-ab-variant header; the viewer-response side reads that header and
# sets the cookie. With only the request side no cookie is ever set; with only the response side
# variant B is never served.
COOKIE_EVENT = "viewer-response"


def edge_functions(v: Values) -> Deployment:
    requests = Decimal(v["requests_per_month"])
    event = str(v["event_type"])
    s3 = v["origin_type"] == "s3"
    hit_ratio = S3_CACHE_HIT_RATIO if s3 else Decimal(0)
    misses = requests * (1 - hit_ratio)
    routed = requests if event in VIEWER_EVENTS else misses
    # The viewer-response side runs on every response, cache hits included: an upper bound, since
    # CloudFront skips a viewer-response Lambda@Edge function when the origin answers 400 or above.
    cookies = requests
    resources: list[Resource] = []
    inputs: list[Input] = []
    externals: list[External] = []
    notes: list[str] = []
    if s3:
        resources.append(
            Bucket(
                "OriginBucket",
                cloudfront_origin="Distribution",
                node="origin_s3",
                usage=BucketTraffic(gets=misses, storage_gb=SITE_GB),
            )
        )
        origin_ref: Ref | InputRef = Ref("OriginBucket", "domain")
        notes.append(
            f"CloudFront answers {format_quantity(S3_CACHE_HIT_RATIO * 100)}% of requests from its cache;"
            f" each of the other {format_quantity(misses)} is one GET on the bucket, which holds"
            f" {format_quantity(SITE_GB)} GB."
        )
    else:
        inputs.append(
            Input("ApiDomainName", "The API origin's domain, e.g. abc123.execute-api.us-east-1.amazonaws.com")
        )
        origin_ref = InputRef("ApiDomainName")
        externals.append(
            External(
                "origin_api",
                "not created by this template (the ApiDomainName input) and not priced here. CloudFront"
                f" does not cache it, so all {format_quantity(requests)} requests reach it; price them"
                " with the API's own pattern.",
            )
        )
    function_associations: tuple[tuple[str, str], ...] = ()
    lambda_associations: tuple[tuple[str, str], ...] = ()
    split = v["ab_split_percent"]
    if v["edge_runtime"] == "cloudfront-functions":
        # Two functions: a CloudFront Function is associated with one event type.
        function_associations = ((event, "AbTestRequestFunction"), (COOKIE_EVENT, "AbTestResponseFunction"))
        resources += [
            CloudFrontFunction(
                "AbTestRequestFunction",
                piece("cloudfront_request.js.tmpl", split=split),
                "A/B test: choose the variant and route the request",
                node="cf_function",
                usage=Invocations(routed),
            ),
            CloudFrontFunction(
                "AbTestResponseFunction",
                piece("cloudfront_response.js.tmpl", split=split),
                "A/B test: set the cookie of the variant served",
                node="cf_function",
                usage=Invocations(cookies),
            ),
        ]
    else:
        # One function on both events: its handler tells them apart by the response in the event.
        lambda_associations = ((event, "EdgeFunction"), (COOKIE_EVENT, "EdgeFunction"))
        resources.append(
            function(
                v,
                "EdgeFunction",
                "A/B test at the edge",
                "handler",
                architecture="x86_64",
                edge=True,
                practices=("edge_version",),
                node="edge_lambda",
                usage=Invocations(routed + cookies, Decimal(v["avg_duration_ms"])),
            )
        )
    if event in VIEWER_EVENTS:
        notes.append(f"the {event} side of the A/B test runs on every request, cache hits included.")
    elif s3:
        notes.append(
            f"the {event} side of the A/B test runs only on the {format_quantity(misses)} cache misses;"
            " CloudFront caches each page under the viewer's URI without the cookie, so a cache hit serves"
            " whichever variant was cached first: route on viewer-request for a cached S3 origin."
        )
    else:
        notes.append(
            f"the {event} side of the A/B test runs on every request: CloudFront does not cache the API."
        )
    notes.append(
        f"the {COOKIE_EVENT} side, which sets the sticky cookie, runs on every response: an upper bound,"
        " since CloudFront skips a viewer-response Lambda@Edge function when the origin returns a status"
        " of 400 or above."
    )
    if v["waf_enabled"]:
        resources.append(
            WebAcl(
                "WebAcl", cloudfront=True, rate_limit=WAF_RATE_LIMIT, node="waf", inspected_requests=requests
            )
        )
    resources.append(
        Distribution(
            "Distribution",
            origin="s3" if v["origin_type"] == "s3" else "api",
            origin_ref=origin_ref,
            function_associations=function_associations,
            lambda_associations=lambda_associations,
            web_acl="WebAcl" if v["waf_enabled"] else None,
            node="cloudfront",
            usage=EdgeTraffic(requests, Decimal(v["data_transfer_gb"]), misses),
        )
    )
    return Deployment(
        "edge-functions",
        f"CloudFront with {v['edge_runtime']} on {event} and {COOKIE_EVENT}",
        tuple(resources),
        tuple(inputs),
        us_east_1_only=bool(lambda_associations or v["waf_enabled"]),
        externals=tuple(externals),
        notes=tuple(notes),
        after_deploy=(UPLOAD_VARIANTS,) if v["origin_type"] == "s3" else (),
    )


# The cookie side names the variant served from the page's own object metadata, since its event
# may carry the request as the viewer sent it: each page is uploaded with its variant.
UPLOAD_VARIANTS = (
    "Upload both pages to the origin bucket (`OriginBucket` in the stack, `aws_s3_bucket.origin_bucket`"
    " in Terraform) with their variant in the object metadata, which S3 returns as the"
    " `x-amz-meta-variant` header the cookie side reads:\n\n"
    "```sh\n"
    "aws s3 cp index.html s3://BUCKET/index.html --metadata variant=a\n"
    "aws s3 cp index-b.html s3://BUCKET/index-b.html --metadata variant=b\n"
    "```"
)


def handler_pieces(v: Values) -> list[str]:
    # Lambda@Edge has no environment variables: the settings are baked into the module.
    return [piece("edge.py.tmpl", event_type=v["event_type"], split=v["ab_split_percent"])]


PATTERN = PatternModule(
    slug="edge-functions",
    build=edge_functions,
    handler_pieces=handler_pieces,
    standalone_handler=True,
    traffic=("requests_per_month", "data_transfer_gb"),
    chooser={
        ("trigger", "cdn"): (10, "CloudFront Functions and Lambda@Edge run on the CDN request itself."),
        ("trigger", "http"): (2, "Some HTTP logic (redirects, headers) can run at the edge."),
        ("latency", "interactive"): (1, "Edge code answers without a trip to the origin."),
        ("latency", "edge"): (4, "CloudFront Functions run in under a millisecond at the edge."),
    },
    chooser_values={("latency", "edge"): {"edge_runtime": "cloudfront-functions"}},
    comparisons=(
        (
            "CloudFront Functions vs Lambda@Edge",
            {"a.edge_runtime": "cloudfront-functions", "b.edge_runtime": "lambda-at-edge"},
        ),
    ),
    rules=(
        Rule(
            "CloudFront Functions run on viewer events only",
            ("event_type",),
            lambda v: v.event_type in ORIGIN_EVENTS,
            lambda v: (
                f"event_type is {v.event_type}; CloudFront Functions run only on viewer-request and"
                " viewer-response, so route on viewer-request or choose edge_runtime lambda-at-edge"
            ),
            CLOUDFRONT_FUNCTIONS,
            when={"edge_runtime": ("cloudfront-functions",)},
        ),
    ),
)
