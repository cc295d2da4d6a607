"""The api-backend pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_CEILING, Decimal

from explorer.domain.deployment import (
    Api,
    ApiTraffic,
    Cache,
    CacheTraffic,
    Database,
    Deployment,
    Distribution,
    EdgeTraffic,
    HttpRoute,
    Input,
    Invocations,
    Part,
    Ref,
    Resource,
    Statement,
    Table,
    TableTraffic,
    WebAcl,
)
from explorer.domain.patterns.common import (
    WAF_RATE_LIMIT,
    Values,
    function,
    table_access,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.pricing.catalog import load_catalog
from explorer.domain.pricing.engine import format_quantity
from explorer.domain.pricing.services import KB_PER_GB
from explorer.domain.snippets import fixed
from explorer.domain.snippets.code import piece

# A request carries 1 KB and its JSON answer is 10 KB: what API Gateway (or CloudFront in front
# of it) sends back to the internet.
REQUEST_KB = Decimal(1)
RESPONSE_KB = Decimal(10)
# The Lambda authorizer checks one token: 100 ms at its own memory.
AUTHORIZER_DURATION_MS = Decimal(100)
# The table holds 1 GB of 1 KB items; a read is 1 RRU (strongly consistent, up to 4 KB) and a
# write 1 WRU (up to 1 KB) (https://aws.amazon.com/dynamodb/pricing/on-demand/).
TABLE_GB = Decimal(1)
# Provisioned capacity is sized for the busiest hours, taken as twice the month's average rate;
# burst capacity (up to 300 s of unused capacity) absorbs shorter spikes
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html).
PEAK_FACTOR = Decimal(2)
# Auto scaling may raise provisioned capacity up to this many times the sized capacity: a ceiling a
# runaway client cannot pass, well inside the 40,000 units a table may have by default
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
AUTOSCALING_MAX_FACTOR = 10
# Cache-aside in front of the table: the hottest 20% of the items answer 80% of the reads. Each
# GET or SET of an item up to 1 KB is 1 ECPU (https://aws.amazon.com/elasticache/pricing/).
CACHE_HIT_RATIO = Decimal("0.8")
CACHE_SHARE_OF_TABLE = Decimal("0.2")


def _ceil(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_CEILING)


def capacity_units(per_month: Decimal) -> int:
    """Provisioned capacity units for `per_month` requests of one unit each: the peak rate per
    second (PEAK_FACTOR x the month's average), rounded up, at least 1."""
    month_s = load_catalog().hours_per_month * 3600
    return max(1, int(_ceil(per_month / month_s * PEAK_FACTOR)))


def api_backend(v: Values) -> Deployment:
    requests = Decimal(v["requests_per_month"])
    reads = requests * Decimal(v["db_reads_per_request"])
    writes = requests * Decimal(v["db_writes_per_request"])
    cached = bool(v["elasticache_enabled"])
    misses = reads * (1 - CACHE_HIT_RATIO) if cached else reads
    resources: list[Resource] = []
    inputs: list[Input] = []
    parts: list[Part] = []
    environment: list[tuple[str, Ref]] = []
    statements: list[Statement] = []
    notes = [
        f"each request carries {format_quantity(REQUEST_KB)} KB and is answered with"
        f" {format_quantity(RESPONSE_KB)} KB.",
    ]
    vpc = v["database"] == "rds" or cached
    if vpc:
        inputs += [
            Input("SubnetIds", "Private subnets for the function, database and cache", "subnets"),
            Input(
                "SecurityGroupIds", "Security groups for the function, database and cache", "security_groups"
            ),
        ]
    if v["database"] == "dynamodb":
        provisioned = v["billing_mode"] == "provisioned"
        read_capacity, write_capacity = capacity_units(misses), capacity_units(writes)
        table = Table(
            "ItemsTable",
            key="pk",
            billing_mode="provisioned" if provisioned else "on_demand",
            node="ddb",
            usage=TableTraffic(reads=misses, writes=writes, storage_gb=TABLE_GB),
        )
        if provisioned:
            table = replace(
                table,
                read_capacity=read_capacity,
                write_capacity=write_capacity,
                max_read_capacity=read_capacity * AUTOSCALING_MAX_FACTOR,
                max_write_capacity=write_capacity * AUTOSCALING_MAX_FACTOR,
            )
        resources.append(table)
        environment.append(("TABLE_NAME", Ref("ItemsTable", "name")))
        statements.append(table_access("ItemsTable", "GetItem", "PutItem", "Query"))
        notes.append(
            f"each request makes {v['db_reads_per_request']} reads (1 RRU each: strongly consistent, up"
            f" to 4 KB) and {v['db_writes_per_request']} writes (1 WRU each, up to 1 KB); the table holds"
            f" {format_quantity(TABLE_GB)} GB."
        )
        if provisioned:
            notes.append(
                f"provisioned capacity is sized for a peak of {format_quantity(PEAK_FACTOR)} x the month's"
                f" average rate: {format_quantity(misses)} table reads and {format_quantity(writes)} writes"
                f" a month need {read_capacity} RCU and {write_capacity} WCU (at least 1 each), priced"
                f" as provisioned. Auto scaling (free itself) may raise them up to"
                f" {AUTOSCALING_MAX_FACTOR} x when traffic outgrows that, which this estimate does not count."
            )
    else:
        resources.append(
            Database("Database", proxy="DatabaseProxy", multi_az=bool(v["multi_az"]), node="rds")
        )
        parts.append(Part("rds_proxy", "Database", meters="rds_proxy."))
        environment.append(("DB_PROXY_ENDPOINT", Ref("Database", "domain")))
        statements.append(Statement(("rds-db:connect",), (Ref("Database", "dbuser"),)))
    if cached:
        resources.append(
            Cache(
                "Cache",
                node="redis",
                usage=CacheTraffic(
                    data_stored_gb=TABLE_GB * CACHE_SHARE_OF_TABLE,
                    # A GET per read, a SET per miss, a DEL per write: 1 ECPU each.
                    ecpus=reads + misses + writes,
                ),
            )
        )
        environment.append(("CACHE_ENDPOINT", Ref("Cache", "domain")))
        notes.append(
            "every database read looks in the cache first (a GET, 1 ECPU for an item up to 1 KB);"
            f" {format_quantity(CACHE_HIT_RATIO * 100)}% are hits, and each miss reads the database"
            " and SETs the item (1 ECPU); each write deletes the cached item (1 ECPU). The cache holds"
            f" the hottest {format_quantity(CACHE_SHARE_OF_TABLE * 100)}% of the data"
            f" ({format_quantity(TABLE_GB * CACHE_SHARE_OF_TABLE)} GB)."
        )
    authorizer = None
    if v["authorizer_enabled"]:
        authorizer = "AuthorizerFunction"
        authorizer_fn = function(
            v,
            authorizer,
            "Checks the caller's token",
            "authorize",
            memory_mb=256,
            timeout_s=5,
            node="authorizer",
            usage=Invocations(requests, AUTHORIZER_DURATION_MS),
        )
        resources.append(authorizer_fn)
        notes.append(
            f"the Lambda authorizer runs on every request, {format_quantity(AUTHORIZER_DURATION_MS)} ms at"
            f" its {authorizer_fn.memory_mb} MB: an upper bound, since API Gateway caches its answer for"
            " each token for 300 s."
        )
    resources.append(
        function(
            v,
            "ApiFunction",
            "Answers the API's requests",
            "handle",
            environment=tuple(environment),
            statements=tuple(statements),
            vpc=vpc,
            practices=("api_timeout",),
            node="fn",
            usage=Invocations(requests, Decimal(v["avg_duration_ms"])),
        )
    )
    rest = v["api_type"] == "rest"
    cache_ttl = int(v["cache_ttl_s"]) if rest and v["cache_enabled"] else None
    if cache_ttl is not None:
        parts.append(Part("api_cache", "Api", meters="api_gateway_rest.cache"))
        notes.append(
            "no cache hit rate is given for the stage cache, so every request is priced as reaching"
            " Lambda and the database (an upper bound)."
        )
    resources.append(
        Api(
            "Api",
            rest=rest,
            routes=(
                HttpRoute("GET", "/items/{id}", "ApiFunction"),
                HttpRoute("POST", "/items", "ApiFunction"),
            ),
            throttle_rate=int(v["throttle_rate_rps"]),
            throttle_burst=int(v["throttle_burst"]),
            tracing=bool(v["tracing_enabled"]),
            log_retention_days=int(v["log_retention_days"]),
            authorizer=authorizer,
            cache_ttl_s=cache_ttl,
            cache_size_gb=str(v["cache_size_gb"]),
            node="api",
            usage=ApiTraffic(requests, REQUEST_KB, RESPONSE_KB),
        )
    )
    waf_on_cdn = bool(v["waf_enabled"] and v["cdn_enabled"])
    if waf_on_cdn:
        resources.append(
            WebAcl(
                "WebAcl",
                cloudfront=True,
                rate_limit=WAF_RATE_LIMIT,
                node="waf_edge",
                inspected_requests=requests,
            )
        )
    elif v["waf_enabled"] and rest:
        resources.append(
            WebAcl(
                "WebAcl",
                cloudfront=False,
                rate_limit=WAF_RATE_LIMIT,
                associate_api="Api",
                node="waf_regional",
                inspected_requests=requests,
            )
        )
    if v["cdn_enabled"]:
        resources.append(
            Distribution(
                "Distribution",
                origin="api",
                origin_ref=Ref("Api", "domain"),
                web_acl="WebAcl" if waf_on_cdn else None,
                node="cdn",
                # The API origin is not cached (CachingDisabled): every request reaches it.
                usage=EdgeTraffic(requests, requests * RESPONSE_KB / KB_PER_GB, requests),
            )
        )
        notes.append("every request passes through CloudFront, which does not cache the API's answers.")
    return Deployment(
        "api-backend",
        "API backend: API Gateway, Lambda and the database",
        tuple(resources),
        tuple(inputs),
        us_east_1_only=waf_on_cdn,
        parts=tuple(parts),
        monitoring_node="logs",
        tracing_node="xray",
        notes=tuple(notes),
    )


def handler_pieces(v: Values) -> list[str]:
    """The request handler, its database's read and write, and the cache-aside layer in front
    of them when ElastiCache is on (then the database functions are read_item/write_item)."""
    cached = bool(v["elasticache_enabled"])
    names = {"read": "read_item", "write": "write_item"} if cached else {"read": "load", "write": "save"}
    store = (
        piece("api_dynamodb.py.tmpl", **names)
        if v["database"] == "dynamodb"
        else piece("api_rds.py.tmpl", db_user=fixed.DB_USER, **names)
    )
    pieces = [piece("api_backend.py.tmpl"), store]
    if cached:
        pieces.append(piece("api_cache.py.tmpl"))
    return [*pieces, piece("authorizer.py.tmpl")] if v["authorizer_enabled"] else pieces


PATTERN = PatternModule(
    slug="api-backend",
    build=api_backend,
    handler_pieces=handler_pieces,
    traffic=("requests_per_month",),
    chooser={
        ("trigger", "http"): (10, "An HTTP request is exactly what API Gateway and Lambda serve."),
        ("trigger", "cdn"): (3, "CloudFront can front an API as well as static content."),
        ("trigger", "connection"): (2, "Polling an HTTP API is the simpler, slower alternative."),
        ("latency", "interactive"): (3, "The caller waits for Lambda's answer through API Gateway."),
        ("latency", "edge"): (-1, "Every request travels to the API's Region."),
        ("throughput", "high"): (1, "API Gateway's default account limit is 10,000 requests per second."),
        ("throughput", "low"): (1, "Pay-per-request services cost next to nothing at low volume."),
        ("failure", "reject"): (2, "The client gets an error status at once and can retry with backoff."),
    },
    chooser_values={("throughput", "high"): {"requests_per_month": "100000000"}},
    comparisons=(("REST API vs HTTP API", {"a.api_type": "rest", "b.api_type": "http"}),),
)
