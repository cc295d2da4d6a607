"""The api-backend deployment: what draws each resource, and a month of requests, reads and writes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from explorer.domain.deployment import (
    Api,
    Cache,
    Database,
    Deployment,
    Distribution,
    Function,
    Table,
    WebAcl,
)
from explorer.domain.params import Params, resolve_params
from explorer.domain.patterns.api_backend import PATTERN, api_backend, capacity_units
from tests.grid import LIBRARY, grid
from tests.patterns.money import by_resource, total

SPEC = LIBRARY.patterns["api-backend"]
CASES = [(case_id, params) for case_id, params in grid()[0] if params.spec.slug == "api-backend"]
AWS_NODES = {node.id for node in SPEC.topology.nodes if not node.actor}
GB = Decimal(1024 * 1024)  # KB in a GB


def build(**raw: str) -> Deployment:
    return api_backend(resolve_params(SPEC, raw).values)


def table(deployment: Deployment) -> Table:
    found = deployment.get("ItemsTable")
    assert isinstance(found, Table)
    return found


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_is_drawn_by_a_node_of_the_topology(case_id: str, params: Params) -> None:
    deployment = api_backend(params.values)
    for resource in deployment.resources:
        assert resource.node in AWS_NODES, f"{case_id}: {resource.id} -> {resource.node!r}"
    assert {part.node for part in deployment.parts} <= {"api_cache", "rds_proxy"}
    assert {deployment.monitoring_node, deployment.tracing_node} <= AWS_NODES
    assert deployment.drawn_nodes() <= AWS_NODES


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_that_costs_has_usage(case_id: str, params: Params) -> None:
    deployment = api_backend(params.values)
    if not params["requests_per_month"]:
        return
    assert all(fn.usage.count > 0 for fn in deployment.of_type(Function)), case_id
    assert all(api.usage.requests > 0 for api in deployment.of_type(Api)), case_id
    assert all(acl.inspected_requests > 0 for acl in deployment.of_type(WebAcl)), case_id
    assert all(dist.usage.requests > 0 for dist in deployment.of_type(Distribution)), case_id
    assert all(cache.usage.ecpus > 0 for cache in deployment.of_type(Cache)), case_id
    assert all(t.usage.storage_gb > 0 for t in deployment.of_type(Table)), case_id


def test_the_defaults_are_drawn_by_their_nodes() -> None:
    deployment = build()
    assert {resource.id: resource.node for resource in deployment.resources} == {
        "ItemsTable": "ddb",
        "ApiFunction": "fn",
        "Api": "api",
    }
    # Tracing is on by default; CloudWatch draws the function's and the stage's log groups.
    assert deployment.drawn_nodes() == {"api", "fn", "ddb", "logs", "xray"}


def test_everything_optional_is_drawn_by_its_node() -> None:
    deployment = build(
        authorizer_enabled="true",
        cache_enabled="true",
        elasticache_enabled="true",
        cdn_enabled="true",
        waf_enabled="true",
    )
    assert {resource.id: resource.node for resource in deployment.resources} == {
        "ItemsTable": "ddb",
        "Cache": "redis",
        "AuthorizerFunction": "authorizer",
        "ApiFunction": "fn",
        "Api": "api",
        "WebAcl": "waf_edge",
        "Distribution": "cdn",
    }
    assert [(part.node, part.of) for part in deployment.parts] == [("api_cache", "Api")]


def test_the_waf_is_regional_on_a_rest_api_without_cloudfront_and_absent_on_an_http_api() -> None:
    assert build(waf_enabled="true").get("WebAcl").node == "waf_regional"
    assert build(waf_enabled="true", api_type="http").of_type(WebAcl) == []
    assert "waf_regional" not in build(waf_enabled="true", api_type="http").drawn_nodes()


def test_rds_is_drawn_with_its_proxy_as_a_part() -> None:
    deployment = build(database="rds")
    assert deployment.get("Database").node == "rds"
    assert [(part.node, part.of) for part in deployment.parts] == [("rds_proxy", "Database")]
    assert {"rds", "rds_proxy"} <= deployment.drawn_nodes()
    assert "ddb" not in deployment.drawn_nodes()


def test_the_stage_cache_is_drawn_only_on_a_rest_api() -> None:
    assert "api_cache" in build(cache_enabled="true").drawn_nodes()
    assert "api_cache" not in build(cache_enabled="true", api_type="http").drawn_nodes()


def test_the_default_month() -> None:
    # Defaults: 1,000,000 requests, 1.0 read and 0.2 writes each, 200 ms at 512 MB.
    deployment = build()
    fn = deployment.get("ApiFunction")
    assert isinstance(fn, Function)
    assert (fn.usage.count, fn.usage.duration_ms, fn.memory_mb) == (1_000_000, 200, 512)
    # 1,000,000 reads (RRU) and 200,000 writes (WRU) on a 1 GB table.
    usage = table(deployment).usage
    assert (usage.reads, usage.writes, usage.storage_gb) == (1_000_000, 200_000, 1)
    # Each request 1 KB in and 10 KB out (for data transfer out).
    api = deployment.get("Api")
    assert isinstance(api, Api)
    assert (api.usage.requests, api.usage.request_kb, api.usage.response_kb) == (1_000_000, 1, 10)


def test_the_authorizer_runs_per_request_at_the_memory_it_deploys_with() -> None:
    authorizer = build(authorizer_enabled="true", memory_mb="2048").get("AuthorizerFunction")
    assert isinstance(authorizer, Function)
    # 1,000,000 requests (an upper bound: the answer is cached 300 s per token), 100 ms, 256 MB.
    assert (authorizer.usage.count, authorizer.usage.duration_ms, authorizer.memory_mb) == (
        1_000_000,
        100,
        256,
    )


def test_provisioned_capacity_is_sized_for_twice_the_average_rate() -> None:
    # 1,000,000 reads a month / 2,628,000 s = 0.38 reads/s, x 2 = 0.76: 1 RCU; writes 0.15: 1 WCU.
    small = table(build(billing_mode="provisioned"))
    assert (small.read_capacity, small.write_capacity) == (1, 1)
    # 100,000,000 requests: 100,000,000 / 2,628,000 x 2 = 76.1 reads/s -> 77 RCU; 20,000,000
    # writes -> 15.2 writes/s -> 16 WCU.
    big = table(build(billing_mode="provisioned", requests_per_month="100000000"))
    assert (big.read_capacity, big.write_capacity) == (77, 16)
    # With no traffic at all, the minimum of 1 each.
    assert capacity_units(Decimal(0)) == 1
    assert "77 RCU and 16 WCU" in " ".join(
        build(billing_mode="provisioned", requests_per_month="100000000").notes
    )


def test_provisioned_capacity_auto_scales_up_to_ten_times_the_sized_capacity() -> None:
    big = table(build(billing_mode="provisioned", requests_per_month="100000000"))
    assert big.autoscaled
    assert (big.max_read_capacity, big.max_write_capacity) == (770, 160)
    assert not table(build()).autoscaled  # on-demand scales by itself


def test_the_database_is_multi_az_unless_turned_off() -> None:
    database = build(database="rds").get("Database")
    assert isinstance(database, Database)
    assert (database.multi_az, database.deletion_protection) == (True, True)
    single = build(database="rds", multi_az="false").get("Database")
    assert isinstance(single, Database) and not single.multi_az
    # Multi-AZ runs a primary and a standby: the instance costs twice as much.
    assert (
        by_resource(build(database="rds"))["Database"]
        > by_resource(build(database="rds", multi_az="false"))["Database"]
    )


def test_the_cache_takes_the_hits_off_the_table() -> None:
    deployment = build(elasticache_enabled="true")
    cache = deployment.get("Cache")
    assert isinstance(cache, Cache)
    # 1,000,000 GETs (1 ECPU each, items up to 1 KB), 200,000 misses SET the item (80% hit), and
    # 200,000 writes delete it: 1,400,000 ECPUs. The cache holds 20% of the 1 GB table.
    assert (cache.usage.ecpus, cache.usage.data_stored_gb) == (1_400_000, Decimal("0.2"))
    # Only the 200,000 misses read the table.
    assert table(deployment).usage.reads == 200_000
    # Provisioned capacity follows the misses: 200,000 / 2,628,000 s x 2 = 0.15 reads/s, 1 RCU.
    assert table(build(elasticache_enabled="true", billing_mode="provisioned")).read_capacity == 1


def test_cloudfront_and_the_web_acl_see_every_request() -> None:
    deployment = build(cdn_enabled="true", waf_enabled="true")
    dist = deployment.get("Distribution")
    acl = deployment.get("WebAcl")
    assert isinstance(dist, Distribution) and isinstance(acl, WebAcl)
    # The API origin is not cached: 1,000,000 requests reach it; 1,000,000 x 10 KB go out.
    assert dist.usage.requests == dist.usage.origin_requests == 1_000_000
    assert dist.usage.data_transfer_gb == Decimal(10_000_000) / GB
    assert acl.inspected_requests == 1_000_000
    acl = build(waf_enabled="true").get("WebAcl")
    assert isinstance(acl, WebAcl) and acl.inspected_requests == 1_000_000


def test_the_module_carries_the_chooser_presets_and_the_comparison() -> None:
    assert PATTERN.traffic == ("requests_per_month",)
    assert PATTERN.chooser[("trigger", "http")][0] == 10
    assert PATTERN.chooser[("latency", "edge")][0] == -1
    assert PATTERN.chooser_values == {("throughput", "high"): {"requests_per_month": "100000000"}}
    assert PATTERN.comparisons == (("REST API vs HTTP API", {"a.api_type": "rest", "b.api_type": "http"}),)


# --- dollars: https://aws.amazon.com/api-gateway/pricing/, https://aws.amazon.com/lambda/pricing/,
# https://aws.amazon.com/dynamodb/pricing/, https://aws.amazon.com/elasticache/pricing/,
# https://aws.amazon.com/waf/pricing/, https://aws.amazon.com/xray/pricing/ (rates in
# explorer/domain/pricing/prices.yaml).


def test_the_default_month_in_dollars() -> None:
    costs = by_resource(build())
    # REST API: 1,000,000 x $3.50 / million = $3.50. Out: 1,000,000 x 10 KB = 9.5 GB, inside the
    # free 100 GB.
    assert costs["Api"] == Decimal("3.50")
    # Lambda: 1,000,000 requests and 1,000,000 x 0.2 s x 0.5 GB = 100,000 GB-s, all free.
    assert costs["ApiFunction"] == 0
    # DynamoDB on-demand: 200,000 WRU x $0.625 / million + 1,000,000 RRU x $0.125 / million =
    # $0.125 + $0.125; 1 GB inside the free 25 GB.
    assert costs["ItemsTable"] == Decimal("0.25")
    # X-Ray: 1,000,000 requests / 2,628,000 s = 0.38 a second, all inside the 1-a-second reservoir:
    # 1,000,000 traces - 100,000 free = 900,000 x $5.00 / million = $4.50. Logs stay in the free 5 GB.
    # $3.50 + $0.25 + $4.50 = $8.25.
    assert total(build()) == Decimal("8.25")


def test_an_http_api_costs_less() -> None:
    # 1,000,000 requests of 1 KB x $1.00 / million.
    assert by_resource(build(api_type="http"))["Api"] == Decimal("1.00")


def test_provisioned_capacity_costs_by_the_hour_beyond_the_free_25_units() -> None:
    # 77 RCU x 730 h = 56,210 RCU-hours - 18,250 free (25 x 730) = 37,960 x $0.00013 = $4.9348;
    # 16 WCU are inside the free 25.
    costs = by_resource(build(billing_mode="provisioned", requests_per_month="100000000"))
    assert costs["ItemsTable"] == Decimal("4.9348")


def test_the_valkey_cache_costs_its_storage_and_ecpus() -> None:
    # 0.2 GB x 730 h = 146 GB-hours x $0.084 = $12.264, plus 1,400,000 ECPUs x $0.0023 / million =
    # $0.00322.
    costs = by_resource(build(elasticache_enabled="true"))
    assert costs["Cache"] == Decimal("12.264") + Decimal("0.00322")
    # The table is read only on the 200,000 misses: $0.025 + $0.125 for the writes.
    assert costs["ItemsTable"] == Decimal("0.150")


def test_the_web_acl_costs_its_rules_and_requests() -> None:
    # $5.00 a web ACL + 4 rules (3 managed rule groups and the rate rule) x $1.00 + 1,000,000
    # requests x $0.60 / million = $9.60, on CloudFront or on the stage alike.
    assert by_resource(build(cdn_enabled="true", waf_enabled="true"))["WebAcl"] == Decimal("9.60")
    assert by_resource(build(waf_enabled="true"))["WebAcl"] == Decimal("9.60")


def test_behind_cloudfront_the_api_pays_no_data_transfer_out() -> None:
    # 100,000,000 x 10 KB = 953.7 GB: $0.09 x (953.7 - 100 free) from the API, or nothing from the
    # API and CloudFront's 1 TB free tier covers it when CloudFront is in front.
    direct = by_resource(build(requests_per_month="100000000", api_type="http"))
    behind = by_resource(build(requests_per_month="100000000", api_type="http", cdn_enabled="true"))
    gb = Decimal(1_000_000_000) / GB
    # HTTP API: 100,000,000 x $1.00 / million = $100.
    assert direct["Api"] == Decimal(100) + (gb - 100) * Decimal("0.09")
    assert behind["Api"] == Decimal(100)
    # CloudFront: 100,000,000 - 10,000,000 free requests = 90,000,000 x $0.01 / 10,000 = $90.
    assert behind["Distribution"] == Decimal(90)
