"""The event-driven-processing pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from explorer.domain import workflows
from explorer.domain.deployment import (
    AsyncConfig,
    Bucket,
    BucketEvent,
    BucketTraffic,
    Deployment,
    Executions,
    Input,
    Invocations,
    Part,
    Path,
    Publishes,
    Ref,
    Resource,
    StateMachine,
    Statement,
    Table,
    TableTraffic,
    Topic,
    TopicEvent,
)
from explorer.domain.patterns.common import (
    Values,
    dead_letter_queue,
    dlq_alarm,
    function,
    invoke_rights,
    output_target,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.pricing.engine import format_quantity
from explorer.domain.pricing.services import KB_PER_GB
from explorer.domain.snippets import asl
from explorer.domain.snippets.code import piece

FANOUT_TASKS = ("Thumbnail", "Metadata", "VirusScan")
FANOUT_NODES = {"Thumbnail": "thumbnail", "Metadata": "metadata", "VirusScan": "virus_scan"}
# The orchestrator (lists the chunks, starts the workflow) and the aggregate step (merges small
# partial results) do little work: 100 ms per invocation, at the memory they deploy with.
HELPER_DURATION_MS = Decimal(100)
# A result or claim item in the results table is 1 KB (1 WRU), kept for the month.
ITEM_KB = Decimal(1)
# An inline Map state runs at most 40 iterations at once
# (https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html).
INLINE_MAP_CONCURRENCY = 40


def _with_writes(store: Resource, writes: Decimal) -> Resource:
    """The output store with `writes` objects or items a month (claims and results)."""
    if isinstance(store, Table):
        usage = TableTraffic(writes=writes, storage_gb=writes * ITEM_KB / KB_PER_GB)
        return replace(store, node="out_table", usage=usage)
    assert isinstance(store, Bucket)
    # The bucket's storage is in storage_gb, priced with the upload bucket ("inputs plus outputs").
    return replace(store, node="out_bucket", usage=BucketTraffic(puts=writes))


def event_driven_processing(v: Values) -> Deployment:
    dlq = "DeadLetterQueue" if v["dlq_enabled"] else None
    stores, output_env, write_output = output_target(v)
    resources: list[Resource] = []
    if dlq:
        resources += [replace(dead_letter_queue(dlq), node="dlq"), replace(dlq_alarm(dlq), node="alarms")]
    prefix, suffix = str(v["key_prefix"]), str(v["key_suffix"])
    read_uploads = Statement(("s3:GetObject",), (Ref("UploadBucket", suffix=f"/{prefix}*"),))
    retries = AsyncConfig(int(v["max_retry_attempts"]), int(v["max_event_age_s"]), dlq)
    upload_event = BucketEvent("UploadBucket", prefix, suffix)
    variant = v["variant"]
    fanout = variant == "fan-out"
    uploads = Decimal(v["uploads_per_month"])
    duration = Decimal(v["avg_duration_ms"])
    reserved = int(v["reserved_concurrency"]) or None
    shared = {
        "reserved_concurrency": reserved,
        "async_config": retries,
        "practices": ("reserved",) if reserved else (),
    }
    notes = [
        "every upload is processed once, at the first attempt.",
        f"the {format_quantity(Decimal(v['storage_gb']))} GB kept in S3 covers the uploads and the outputs;"
        " it is priced with the upload bucket.",
    ]
    parts: list[Part] = []
    pipeline: list[Resource] = []
    if variant == "single":
        # process() reads the object, claims it (a conditional write) and writes one result.
        reads, writes = uploads, 2 * uploads
        pipeline.append(
            function(
                v,
                "ProcessorFunction",
                "Processes each uploaded file",
                "process",
                environment=output_env,
                statements=(read_uploads, write_output),
                events=(upload_event,),
                node="processor",
                usage=Invocations(uploads, duration),
                **shared,
            )
        )
        notes.append("each upload is read once, claimed with one conditional write and gives one result.")
    elif fanout:
        count = int(v["fanout_subscribers"])
        names = [*FANOUT_TASKS, *(f"Subscriber{index}" for index in range(len(FANOUT_TASKS) + 1, count + 1))]
        # Each subscriber claims the upload for its task, reads it and writes one result.
        reads, writes = uploads * count, 2 * uploads * count
        pipeline.append(
            Topic("UploadTopic", publishers=("s3",), node="topic", usage=Publishes(uploads, Decimal(1)))
        )
        pipeline += [
            function(
                v,
                f"{name}Function",
                f"Fan-out subscriber: {name}",
                "subscribe",
                environment=(("TASK", name.lower()), *output_env),
                statements=(read_uploads, write_output),
                events=(TopicEvent("UploadTopic"),),
                node=FANOUT_NODES.get(name, "more_subscribers"),
                usage=Invocations(uploads, duration),
                **shared,
            )
            for name in names[:count]
        ]
        notes.append(
            f"S3 publishes one 1 KB event to the topic per upload; each of the {count} subscribers runs"
            " the average processing time, reads the upload once, claims it and writes one result."
        )
    else:
        chunks = int(v["chunks_per_file"])
        definition = asl.fan_in(v, dlq)
        paths = (Path(Decimal(1)),)
        # The chunk and aggregate invocations follow the definition: its Map state runs one
        # ProcessChunk per chunk, then Aggregate runs once.
        calls = workflows.walk(definition, map_items=chunks).calls
        chunk_calls = Decimal(calls.get("ChunkFunction", 0))
        aggregate_calls = Decimal(calls.get("AggregateFunction", 0))
        # The orchestrator's HeadObject is billed as a GET; each chunk reads its byte range once.
        # The aggregate step writes one result (the workflow's execution name stops duplicates).
        reads, writes = uploads * (1 + chunk_calls), uploads * aggregate_calls
        express = v["workflow_type"] == "express"
        # Express bills the execution's duration: the chunks run in parallel, at most 40 at once
        # in an inline Map, then the aggregate step.
        rounds = -(-chunks // min(chunks, INLINE_MAP_CONCURRENCY))
        workflow_ms = rounds * duration + aggregate_calls * HELPER_DURATION_MS
        pipeline += [
            function(
                v,
                "ChunkFunction",
                "Processes one byte range",
                "process_chunk",
                statements=(read_uploads,),
                reserved_concurrency=reserved,
                node="chunk_1",
                usage=Invocations(uploads * chunk_calls, duration),
            ),
            function(
                v,
                "AggregateFunction",
                "Merges the chunks' results",
                "aggregate",
                environment=output_env,
                statements=(write_output,),
                node="aggregate",
                usage=Invocations(uploads * aggregate_calls, HELPER_DURATION_MS),
            ),
            StateMachine(
                "Workflow",
                definition,
                express=express,
                tracing=bool(v["tracing_enabled"]),
                log_retention_days=int(v["log_retention_days"]),
                statements=invoke_rights("ChunkFunction", "AggregateFunction")
                + ((Statement(("sqs:SendMessage",), (Ref(dlq),)),) if dlq else ()),
                node="state_machine",
                usage=Executions(
                    uploads, paths, map_items=chunks, duration_ms=workflow_ms if express else Decimal(1)
                ),
            ),
            function(
                v,
                "OrchestratorFunction",
                "Splits each upload into chunks and starts the workflow",
                "orchestrate",
                environment=(("STATE_MACHINE_ARN", Ref("Workflow")),),
                statements=(
                    Statement(("s3:GetObject",), (Ref("UploadBucket", suffix=f"/{prefix}*"),)),
                    Statement(("states:StartExecution",), (Ref("Workflow"),)),
                ),
                events=(upload_event,),
                async_config=retries,
                node="orchestrator",
                usage=Invocations(uploads, HELPER_DURATION_MS),
            ),
        ]
        parts.append(Part("chunk_n", "ChunkFunction"))
        notes += [
            f"each chunk invocation runs the average processing time ({format_quantity(duration)} ms); the"
            f" orchestrator and the aggregate step run {format_quantity(HELPER_DURATION_MS)} ms each, at"
            f" {int(v['memory_mb'])} MB like the other functions.",
            f"the orchestrator reads each upload's size once and each of the {chunks} chunks reads its byte"
            " range once; the aggregate step writes one result per file.",
        ]
        if express:
            notes.append(
                f"an Express execution lasts {rounds} round{'s' if rounds > 1 else ''} of parallel chunks"
                f" (at most {INLINE_MAP_CONCURRENCY} at once in an inline Map) plus the aggregate step."
            )
    resources.insert(0, _with_writes(stores[0], writes))
    resources.append(
        Bucket(
            "UploadBucket",
            name_input="UploadBucketName",
            notify_topic="UploadTopic" if fanout else None,
            prefix=prefix,
            suffix=suffix,
            node="bucket",
            usage=BucketTraffic(puts=uploads, gets=reads, storage_gb=Decimal(v["storage_gb"])),
        )
    )
    resources += pipeline
    return Deployment(
        "event-driven-processing",
        f"Event-driven processing ({variant}): S3 uploads processed by Lambda",
        tuple(resources),
        (Input("UploadBucketName", "A globally unique name for the upload bucket"),),
        parts=tuple(parts),
        monitoring_node="alarms",
        tracing_node="tracing",
        notes=tuple(notes),
    )


def handler_pieces(v: Values) -> list[str]:
    variant = {"single": "event_single", "fan-out": "event_fanout", "fan-in": "event_fanin"}[
        str(v["variant"])
    ]
    return [piece("s3_event.py.tmpl"), piece(f"{variant}.py.tmpl", chunks=v["chunks_per_file"])]


PATTERN = PatternModule(
    slug="event-driven-processing",
    build=event_driven_processing,
    handler_pieces=handler_pieces,
    traffic=("uploads_per_month",),
    chooser={
        ("trigger", "upload"): (10, "S3 event notifications start a function for each uploaded object."),
        ("trigger", "queue"): (3, "Events from storage or other services can feed the same workers."),
        ("ordering", "per_key"): (-2, "S3 events arrive in no guaranteed order."),
        ("latency", "background"): (2, "Files are processed shortly after they land."),
        ("failure", "retry"): (2, "Asynchronous invocations retry and end in a DLQ."),
    },
    chooser_values={("failure", "retry"): {"dlq_enabled": "true"}},
)
