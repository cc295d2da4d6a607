"""The stream pipeline's deployment: what draws each resource, and a month of records."""

from __future__ import annotations

from decimal import Decimal

import pytest

from explorer.domain.deployment import Bucket, Deployment, Firehose, Function, Stream, StreamConsumer, Table
from explorer.domain.params import Params, resolve_params
from explorer.domain.patterns.common import records_per_invocation
from explorer.domain.patterns.stream_processing import PATTERN, stream_processing
from tests.grid import LIBRARY, grid
from tests.patterns.money import cost

SPEC = LIBRARY.patterns["stream-processing"]
CASES = [(case_id, params) for case_id, params in grid()[0] if params.spec.slug == "stream-processing"]
MONTH_S = 730 * 3600  # 2,628,000 s
GB = Decimal(1024 * 1024)  # KB per GB
# The defaults: 500 records/s of 1 KB, so 500 x 2,628,000 = 1,314,000,000 records a month.
RECORDS = 500 * MONTH_S


def build(**raw: str) -> Deployment:
    return stream_processing(resolve_params(SPEC, raw).values)


def stream(deployment: Deployment) -> Stream:
    found = deployment.get("Stream")
    assert isinstance(found, Stream)
    return found


def consumer(deployment: Deployment) -> Function:
    found = deployment.get("ConsumerFunction")
    assert isinstance(found, Function)
    return found


def data_bucket(deployment: Deployment) -> Bucket:
    found = deployment.get("DataBucket")
    assert isinstance(found, Bucket)
    return found


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_is_drawn_by_a_node_of_the_topology(case_id: str, params: Params) -> None:
    deployment = stream_processing(params.values)
    aws_nodes = {node.id for node in SPEC.topology.nodes if not node.actor}
    for resource in deployment.resources:
        assert resource.node in aws_nodes, f"{case_id}: {resource.id} -> {resource.node!r}"
    assert {deployment.monitoring_node, deployment.tracing_node} <= aws_nodes


def test_the_defaults_are_drawn_by_their_nodes() -> None:
    deployment = build()
    assert {resource.id: resource.node for resource in deployment.resources} == {
        "Stream": "stream",
        "DataBucket": "bucket",
        "FailureQueue": "failed",
        "FailureQueueAlarm": "monitoring",
        "StateTable": "state",
        "ConsumerFunction": "consumer",
        "IteratorAgeAlarm": "monitoring",
    }
    assert "monitoring" in deployment.drawn_nodes()
    assert "tracing" in deployment.drawn_nodes()  # on by default, as the guide recommends
    assert "tracing" not in build(tracing_enabled="false").drawn_nodes()


def test_the_default_month_reads_full_batches() -> None:
    deployment = build()
    # 1,314,000,000 records in batches of 100: 13,140,000 invocations of 500 ms.
    assert consumer(deployment).usage.count == 13_140_000
    assert consumer(deployment).usage.duration_ms == 500
    # One state read and one write per batch; one S3 object per batch, a month of records kept.
    table = deployment.get("StateTable")
    assert isinstance(table, Table)
    assert (table.usage.reads, table.usage.writes) == (13_140_000, 13_140_000)
    assert data_bucket(deployment).usage.puts == 13_140_000
    assert data_bucket(deployment).usage.storage_gb == RECORDS / GB
    # The function polls with GetRecords: one standard consumer.
    traffic = stream(deployment).usage
    assert (traffic.records_per_second, traffic.record_kb, traffic.standard_consumers) == (500, 1, 1)
    assert stream(deployment).retention_hours == 24


def test_an_enhanced_fan_out_consumer_is_not_a_standard_reader() -> None:
    deployment = build(enhanced_fan_out="true")
    assert stream(deployment).usage.standard_consumers == 0
    registered = deployment.get("StreamConsumer")
    assert isinstance(registered, StreamConsumer)
    assert registered.node == "stream"
    event = consumer(deployment).events[0]
    assert event.consumer == "StreamConsumer"  # type: ignore[union-attr]


def test_a_batch_is_cut_at_the_6_mb_payload_limit() -> None:
    # 6 MB = 6,144 KB holds 6 records of 1,000 KB, whatever the batch size (100); Kinesis data
    # arrives base64-encoded, so a 1,000 KB record takes 1,333 KB and only 4 fit.
    assert records_per_invocation(100, Decimal(1000)) == 6
    assert records_per_invocation(100, Decimal(1000), base64=True) == 4
    assert records_per_invocation(100, Decimal(1024)) == 6
    assert records_per_invocation(10_000, Decimal("0.1")) == 10_000
    assert records_per_invocation(1, Decimal(1024)) == 1
    deployment = build(record_size_kb="1000", records_per_second="1")
    # 1 record/s = 2,628,000 records a month, 4 per invocation: 657,000 invocations, and as many
    # state reads, state writes and S3 objects.
    assert consumer(deployment).usage.count == 657_000
    table = deployment.get("StateTable")
    assert isinstance(table, Table)
    assert table.usage.writes == 657_000
    assert data_bucket(deployment).usage.puts == 657_000
    assert any("6 MB payload limit" in note for note in deployment.notes)


def test_firehose_writes_an_object_per_60_s_buffer() -> None:
    deployment = build(consumer="firehose")
    hose = deployment.get("Firehose")
    assert isinstance(hose, Firehose)
    assert (hose.buffer_interval_s, hose.buffer_size_mb) == (60, 64)
    assert (hose.usage.records, hose.usage.record_kb) == (RECORDS, 1)
    # 500 KB/s fills 64 MB (65,536 KB) in 131 s, so the 60 s buffer fires first:
    # 2,628,000 s / 60 s = 43,800 objects a month (not one per 300 s or per 5 MB).
    assert data_bucket(deployment).usage.puts == 43_800
    assert data_bucket(deployment).usage.storage_gb == RECORDS / GB
    # Firehose reads the stream with GetRecords, with or without enhanced fan-out asked for.
    assert stream(deployment).usage.standard_consumers == 1
    assert stream(build(consumer="firehose", enhanced_fan_out="true")).usage.standard_consumers == 1
    assert deployment.of_type(StreamConsumer) == []


def test_firehose_writes_an_object_per_64_mb_when_that_fills_first() -> None:
    # 5,000 records/s of 1 KB: 13,140,000,000 KB a month / 65,536 KB = 200,500.49, so 200,501
    # objects (more than the 43,800 of the 60 s buffer).
    deployment = build(consumer="firehose", records_per_second="5000")
    assert data_bucket(deployment).usage.puts == 200_501


def test_firehose_into_opensearch_keeps_only_rejected_documents() -> None:
    deployment = build(consumer="firehose", destination="opensearch")
    assert data_bucket(deployment).usage.puts == 0
    assert {"firehose", "search", "bucket"} <= deployment.drawn_nodes()
    assert "consumer" not in deployment.drawn_nodes()
    assert "monitoring" not in deployment.drawn_nodes()  # no log group, no alarm


def test_lambda_into_opensearch_deploys_no_bucket() -> None:
    deployment = build(destination="opensearch")
    assert "DataBucket" not in {resource.id for resource in deployment.resources}
    assert "bucket" not in deployment.drawn_nodes()


def test_the_retention_is_set_on_the_stream() -> None:
    assert stream(build(retention_hours="8760")).retention_hours == 8760


def test_the_module_carries_the_chooser() -> None:
    assert PATTERN.traffic == ("records_per_second",)
    assert PATTERN.chooser[("trigger", "stream")][0] == 10
    assert PATTERN.chooser[("ordering", "per_key")][0] == 3
    assert PATTERN.chooser_values[("throughput", "high")] == {"shards": "10", "records_per_second": "5000"}


# --- dollars: https://aws.amazon.com/kinesis/data-streams/pricing/,
# https://aws.amazon.com/firehose/pricing/, https://aws.amazon.com/s3/pricing/,
# https://aws.amazon.com/lambda/pricing/ (rates in explorer/domain/pricing/prices.yaml)

STREAM_GB = Decimal(RECORDS) / GB  # 1,253.128 GB a month at 1 KB a record


def test_a_provisioned_stream_costs_shard_hours_and_put_units() -> None:
    # 2 shards x 730 h x $0.015 = $21.90; 1,314,000,000 PUT payload units x $0.014 / million
    # = $18.396. Standard reads are included in the shard hours.
    assert cost(build(), "Stream") == Decimal("21.90") + Decimal("18.396")


def test_on_demand_bills_standard_retrieval_only_without_enhanced_fan_out() -> None:
    # 730 stream-hours x $0.04 = $29.20 and 1,253.128 GB in x $0.08; then either 1,253.128 GB
    # read by the polling function x $0.04, or by the enhanced fan-out consumer x $0.05.
    base = Decimal("29.20") + STREAM_GB * Decimal("0.08")
    assert cost(build(stream_mode="on_demand"), "Stream") == base + STREAM_GB * Decimal("0.04")
    fan_out = build(stream_mode="on_demand", enhanced_fan_out="true")
    assert cost(fan_out, "Stream") == base + STREAM_GB * Decimal("0.05")


def test_firehose_costs_ingestion_in_5_kb_units_and_its_objects() -> None:
    # 1,314,000,000 records each metered as 5 KB = 6,265.64 GB x $0.029 = $181.70.
    deployment = build(consumer="firehose")
    assert cost(deployment, "Firehose") == Decimal(RECORDS * 5) / GB * Decimal("0.029")
    # 43,800 PUTs x $0.005 / 1,000 = $0.219, and 1,253.128 GB-months x $0.023.
    assert cost(deployment, "DataBucket") == Decimal("0.219") + STREAM_GB * Decimal("0.023")


def test_without_the_free_tier_the_consumer_costs_its_batches() -> None:
    # arm64 at 512 MB: 13,140,000 x $0.20 / million = $2.628; 13,140,000 x 0.5 s x 0.5 GB
    # = 3,285,000 GB-s x $0.0000133334 = $43.800219.
    expected = Decimal("2.628") + Decimal(3_285_000) * Decimal("0.0000133334")
    assert cost(build(), "ConsumerFunction", free_tier=False) == expected
