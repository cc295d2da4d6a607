"""The api-backend pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from explorer.domain.deployment import (
    Api,
    Cache,
    Database,
    Deployment,
    Distribution,
    HttpRoute,
    Input,
    Ref,
    Resource,
    Statement,
    Table,
    WebAcl,
)
from explorer.domain.patterns.common import (
    WAF_RATE_LIMIT,
    Values,
    function,
    table_access,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.snippets.code import piece


def api_backend(v: Values) -> Deployment:
    resources: list[Resource] = []
    inputs: list[Input] = []
    environment: list[tuple[str, Ref]] = []
    statements: list[Statement] = []
    vpc = v["database"] == "rds" or bool(v["elasticache_enabled"])
    if vpc:
        inputs += [
            Input("SubnetIds", "Private subnets for the function, database and cache", "subnets"),
            Input(
                "SecurityGroupIds", "Security groups for the function, database and cache", "security_groups"
            ),
        ]
    if v["database"] == "dynamodb":
        resources.append(Table("ItemsTable", key="pk", billing_mode=str(v["billing_mode"])))  # type: ignore[arg-type]
        environment.append(("TABLE_NAME", Ref("ItemsTable", "name")))
        statements.append(table_access("ItemsTable", "GetItem", "PutItem", "Query"))
    else:
        resources.append(Database("Database", proxy="DatabaseProxy"))
        environment.append(("DB_PROXY_ENDPOINT", Ref("Database", "domain")))
        statements.append(Statement(("rds-db:connect",), (Ref("Database", "id"),)))
    if v["elasticache_enabled"]:
        resources.append(Cache("Cache"))
        environment.append(("CACHE_ENDPOINT", Ref("Cache", "domain")))
    authorizer = None
    if v["authorizer_enabled"]:
        authorizer = "AuthorizerFunction"
        resources.append(
            function(v, authorizer, "Checks the caller's token", "authorize", memory_mb=256, timeout_s=5)
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
        )
    )
    rest = v["api_type"] == "rest"
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
            cache_ttl_s=int(v["cache_ttl_s"]) if rest and v["cache_enabled"] else None,
            cache_size_gb=str(v["cache_size_gb"]),
        )
    )
    waf_on_cdn = bool(v["waf_enabled"] and v["cdn_enabled"])
    if waf_on_cdn:
        resources.append(WebAcl("WebAcl", cloudfront=True, rate_limit=WAF_RATE_LIMIT))
    elif v["waf_enabled"] and rest:
        resources.append(WebAcl("WebAcl", cloudfront=False, rate_limit=WAF_RATE_LIMIT, associate_api="Api"))
    if v["cdn_enabled"]:
        resources.append(
            Distribution(
                "Distribution",
                origin="api",
                origin_ref=Ref("Api", "domain"),
                web_acl="WebAcl" if waf_on_cdn else None,
            )
        )
    return Deployment(
        "api-backend",
        "API backend: API Gateway, Lambda and the database",
        tuple(resources),
        tuple(inputs),
        us_east_1_only=waf_on_cdn,
    )


def handler_pieces(v: Values) -> list[str]:
    note = " (behind the ElastiCache cache-aside lookup)" if v["elasticache_enabled"] else ""
    pieces = [piece("api_backend.py.tmpl", cache_note=note)]
    return [*pieces, piece("authorizer.py.tmpl")] if v["authorizer_enabled"] else pieces


PATTERN = PatternModule(slug="api-backend", build=api_backend, handler_pieces=handler_pieces)
