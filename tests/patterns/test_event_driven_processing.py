"""The upload pipeline's deployment: what draws each resource, and a month of uploads."""

from __future__ import annotations

from decimal import Decimal

import pytest

from explorer.domain import workflows
from explorer.domain.deployment import Bucket, Deployment, Function, StateMachine, Table, Topic
from explorer.domain.params import Params, resolve_params
from explorer.domain.patterns.event_driven_processing import PATTERN, event_driven_processing
from explorer.domain.pricing.estimate import node_labels
from explorer.domain.pricing.resources import price_deployment
from tests.grid import LIBRARY, grid
from tests.patterns.money import cost

SPEC = LIBRARY.patterns["event-driven-processing"]
CASES = [(case_id, params) for case_id, params in grid()[0] if params.spec.slug == "event-driven-processing"]
GB = Decimal(1024 * 1024)  # KB per GB


def build(**raw: str) -> Deployment:
    return event_driven_processing(resolve_params(SPEC, raw).values)


def bucket(deployment: Deployment, resource: str) -> Bucket:
    found = deployment.get(resource)
    assert isinstance(found, Bucket)
    return found


def invocations(deployment: Deployment) -> dict[str, tuple[Decimal, Decimal]]:
    return {fn.id: (fn.usage.count, fn.usage.duration_ms) for fn in deployment.of_type(Function)}


def workflow(deployment: Deployment) -> StateMachine:
    return deployment.of_type(StateMachine)[0]


@pytest.mark.parametrize(("case_id", "params"), CASES, ids=[case_id for case_id, _ in CASES])
def test_every_resource_is_drawn_by_a_node_of_the_topology(case_id: str, params: Params) -> None:
    deployment = event_driven_processing(params.values)
    aws_nodes = {node.id for node in SPEC.topology.nodes if not node.actor}
    for resource in deployment.resources:
        assert resource.node in aws_nodes, f"{case_id}: {resource.id} -> {resource.node!r}"
    assert {part.node for part in deployment.parts} <= aws_nodes
    assert {deployment.monitoring_node, deployment.tracing_node} <= aws_nodes


def test_the_single_function_defaults_are_drawn_by_their_nodes() -> None:
    deployment = build()
    assert {resource.id: resource.node for resource in deployment.resources} == {
        "OutputBucket": "out_bucket",
        "DeadLetterQueue": "dlq",
        "DeadLetterQueueAlarm": "alarms",
        "UploadBucket": "bucket",
        "ProcessorFunction": "processor",
    }
    # X-Ray tracing is on by default, as the guide recommends.
    assert deployment.drawn_nodes() == {"out_bucket", "dlq", "alarms", "bucket", "processor", "tracing"}


def test_the_default_month_processes_each_upload_once() -> None:
    # 100,000 uploads a month, 5,000 ms each, into an S3 output bucket.
    deployment = build()
    assert invocations(deployment) == {"ProcessorFunction": (100_000, 5000)}
    upload = bucket(deployment, "UploadBucket").usage
    assert (upload.puts, upload.gets, upload.storage_gb) == (100_000, 100_000, 100)
    # process() writes a claim object and the result: 2 PUTs per upload. storage_gb already
    # counts the outputs ("inputs plus outputs"), so the output bucket stores nothing extra.
    output = bucket(deployment, "OutputBucket").usage
    assert (output.puts, output.storage_gb) == (200_000, 0)


def test_fan_out_gives_every_subscriber_each_upload() -> None:
    deployment = build(variant="fan-out")
    topic = deployment.get("UploadTopic")
    assert isinstance(topic, Topic)
    assert topic.node == "topic"
    assert topic.usage.count == 100_000
    assert invocations(deployment) == {
        "ThumbnailFunction": (100_000, 5000),
        "MetadataFunction": (100_000, 5000),
        "VirusScanFunction": (100_000, 5000),
    }
    # Each of the 3 subscribers reads the upload once, claims it and writes one result.
    assert bucket(deployment, "UploadBucket").usage.gets == 300_000
    assert bucket(deployment, "OutputBucket").usage.puts == 600_000
    assert {"thumbnail", "metadata", "virus_scan"} <= deployment.drawn_nodes()
    assert "more_subscribers" not in deployment.drawn_nodes()


def test_fan_out_draws_further_subscribers_and_drops_the_virus_scan_below_three() -> None:
    ten = build(variant="fan-out", fanout_subscribers="10")
    nodes = {fn.id: fn.node for fn in ten.of_type(Function)}
    assert [nodes[f"Subscriber{index}Function"] for index in range(4, 11)] == ["more_subscribers"] * 7
    assert bucket(ten, "OutputBucket").usage.puts == 2_000_000
    two = build(variant="fan-out", fanout_subscribers="2")
    assert {"thumbnail", "metadata"} <= two.drawn_nodes()
    assert not {"virus_scan", "more_subscribers"} & two.drawn_nodes()


def test_fan_in_follows_the_map_state_of_its_definition() -> None:
    deployment = build(variant="fan-in")
    machine = workflow(deployment)
    assert machine.node == "state_machine"
    assert machine.usage.map_items == 10
    # ProcessChunks (Map) 1 + 10 x ProcessChunk + Aggregate 1 = 12 transitions per upload.
    run = workflows.walk(machine.definition, map_items=10)
    assert run.transitions == 12
    assert run.calls == {"ChunkFunction": 10, "AggregateFunction": 1}
    # Each chunk runs the average processing time; the helpers 100 ms.
    assert invocations(deployment) == {
        "ChunkFunction": (1_000_000, 5000),
        "AggregateFunction": (100_000, 100),
        "OrchestratorFunction": (100_000, 100),
    }
    # Helpers run at the memory they deploy with, not a fixed 128 MB.
    assert {fn.memory_mb for fn in deployment.of_type(Function)} == {1024}
    # One HeadObject and 10 ranged GETs per upload; one aggregated result each.
    assert bucket(deployment, "UploadBucket").usage.gets == 1_100_000
    assert bucket(deployment, "OutputBucket").usage.puts == 100_000
    assert [(part.node, part.of) for part in deployment.parts] == [("chunk_n", "ChunkFunction")]
    fn = deployment.get("ChunkFunction")
    assert fn.node == "chunk_1"
    assert {"orchestrator", "state_machine", "chunk_1", "chunk_n", "aggregate"} <= deployment.drawn_nodes()


def test_fan_in_into_dynamodb_writes_one_item_per_file() -> None:
    deployment = build(variant="fan-in", output_store="dynamodb")
    table = deployment.get("ResultsTable")
    assert isinstance(table, Table)
    assert table.node == "out_table"
    assert table.usage.writes == 100_000
    assert table.usage.storage_gb == Decimal(100_000) / GB
    assert "out_bucket" not in deployment.drawn_nodes()


@pytest.mark.parametrize(
    ("chunks", "expected_ms"),
    [
        ("10", 5100),  # all 10 chunks at once (5,000 ms), then the 100 ms aggregate step
        ("40", 5100),  # an inline Map runs 40 iterations at once
        ("41", 10_100),  # 2 rounds
        ("100", 15_100),  # 3 rounds
    ],
)
def test_an_express_fan_in_lasts_its_rounds_of_parallel_chunks(chunks: str, expected_ms: int) -> None:
    machine = workflow(build(variant="fan-in", workflow_type="express", chunks_per_file=chunks))
    assert machine.express
    assert machine.usage.duration_ms == expected_ms


def test_optional_parts_are_drawn_only_when_deployed() -> None:
    drawn = build(dlq_enabled="false", output_store="dynamodb", tracing_enabled="false").drawn_nodes()
    assert not {"dlq", "out_bucket", "tracing", "topic", "orchestrator"} & drawn
    assert {"out_table", "alarms"} <= drawn  # the function's log group is still there
    assert "tracing" in build().drawn_nodes()


def test_the_module_carries_the_chooser() -> None:
    assert PATTERN.traffic == ("uploads_per_month",)
    assert PATTERN.chooser[("trigger", "upload")][0] == 10
    assert PATTERN.chooser[("ordering", "per_key")][0] == -2
    assert PATTERN.chooser_values[("failure", "retry")] == {"dlq_enabled": "true"}


# --- dollars: https://aws.amazon.com/step-functions/pricing/, https://aws.amazon.com/lambda/pricing/,
# https://aws.amazon.com/s3/pricing/, https://aws.amazon.com/dynamodb/pricing/on-demand/,
# https://aws.amazon.com/sns/pricing/ (rates in explorer/domain/pricing/prices.yaml)


def test_the_upload_bucket_costs_storage_puts_and_gets() -> None:
    # 100 GB-months x $0.023 = $2.30; 100,000 PUTs x $0.005 / 1,000 = $0.50; 100,000 GETs x
    # $0.0004 / 1,000 = $0.04.
    assert cost(build(), "UploadBucket") == Decimal("2.84")


def test_fan_in_transitions_cost_by_the_map_state() -> None:
    # 100,000 x 12 = 1,200,000 transitions - 4,000 free = 1,196,000 x $0.025 / 1,000 = $29.90.
    assert cost(build(variant="fan-in"), "Workflow") == Decimal("29.90")


def test_the_aggregate_step_is_priced_at_its_deployed_memory() -> None:
    # x86_64 at 2,048 MB, no free tier: 100,000 x $0.20 / million = $0.02, and 100,000 x 0.1 s
    # x 2 GB = 20,000 GB-s x $0.0000166667 = $0.333334.
    deployment = build(variant="fan-in", memory_mb="2048")
    expected = Decimal("0.02") + Decimal(20_000) * Decimal("0.0000166667")
    assert cost(deployment, "AggregateFunction", free_tier=False) == expected


def test_results_in_dynamodb_cost_their_writes() -> None:
    # Claim and result: 200,000 WRU x $0.625 / million = $0.125; 0.19 GB stored is free.
    assert cost(build(output_store="dynamodb"), "ResultsTable") == Decimal("0.125")


def test_the_fan_out_topic_costs_one_publish_per_upload_and_its_key() -> None:
    # 100,000 publishes x $0.50 / million = $0.05 without the free tier; deliveries to Lambda are
    # free. S3 publishes, so the topic has a customer managed KMS key: $1.00 a month.
    assert cost(build(variant="fan-out"), "UploadTopic", free_tier=False) == Decimal("1.05")


def test_the_topic_keys_note_gives_the_rotation_charge_from_the_catalogs_key_price() -> None:
    # The catalog's $1.00 key-month: each of at most 2 charged rotations adds one more, so $3.00.
    deployment = build(variant="fan-out")
    labels = node_labels(LIBRARY.patterns[deployment.slug])
    notes = price_deployment(deployment, labels=labels).notes
    (note,) = [n for n in notes if "KMS key" in n]
    assert "Each yearly rotation adds $1.00 a month, up to $3.00 a month after 2 rotations" in note
    assert "17,520 a month per publisher" in note


def test_a_month_of_traces_under_the_reservoir_records_every_request_exactly() -> None:
    # 100,000 uploads x (the topic's 3 subscribers) = 300,000 traced requests, about 0.11 a second:
    # all within X-Ray's 1-a-second reservoir, so all 300,000 are recorded (not 300,001).
    deployment = build(variant="fan-out")
    labels = node_labels(LIBRARY.patterns[deployment.slug])
    lines = price_deployment(deployment, labels=labels, free_tier=False).line_items
    (traces,) = [line for line in lines if line.service == "xray" and "recorded" in line.item]
    assert traces.quantity == 300_000
