"""The event-driven-processing pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from explorer.domain.deployment import (
    AsyncConfig,
    Bucket,
    BucketEvent,
    Deployment,
    Input,
    Ref,
    StateMachine,
    Statement,
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
from explorer.domain.snippets import asl
from explorer.domain.snippets.code import piece

FANOUT_TASKS = ("Thumbnail", "Metadata", "VirusScan")


def event_driven_processing(v: Values) -> Deployment:
    dlq = "DeadLetterQueue" if v["dlq_enabled"] else None
    resources, output_env, write_output = output_target(v)
    if dlq:
        resources += [dead_letter_queue(dlq), dlq_alarm(dlq)]
    prefix, suffix = str(v["key_prefix"]), str(v["key_suffix"])
    read_uploads = Statement(("s3:GetObject",), (Ref("UploadBucket", suffix=f"/{prefix}*"),))
    retries = AsyncConfig(int(v["max_retry_attempts"]), int(v["max_event_age_s"]), dlq)
    upload_event = BucketEvent("UploadBucket", prefix, suffix)
    variant = v["variant"]
    fanout = variant == "fan-out"
    resources.append(
        Bucket(
            "UploadBucket",
            name_input="UploadBucketName",
            notify_topic="UploadTopic" if fanout else None,
            prefix=prefix,
            suffix=suffix,
        )
    )
    reserved = int(v["reserved_concurrency"]) or None
    shared = {
        "reserved_concurrency": reserved,
        "async_config": retries,
        "practices": ("reserved",) if reserved else (),
    }
    if variant == "single":
        resources.append(
            function(
                v,
                "ProcessorFunction",
                "Processes each uploaded file",
                "process",
                environment=output_env,
                statements=(read_uploads, write_output),
                events=(upload_event,),
                **shared,
            )
        )
    elif fanout:
        resources.append(Topic("UploadTopic", publishers=("s3",)))
        count = int(v["fanout_subscribers"])
        names = [*FANOUT_TASKS, *(f"Subscriber{index}" for index in range(len(FANOUT_TASKS) + 1, count + 1))]
        resources += [
            function(
                v,
                f"{name}Function",
                f"Fan-out subscriber: {name}",
                "subscribe",
                environment=(("TASK", name.lower()), *output_env),
                statements=(read_uploads, write_output),
                events=(TopicEvent("UploadTopic"),),
                **shared,
            )
            for name in names[:count]
        ]
    else:
        resources += [
            function(
                v,
                "ChunkFunction",
                "Processes one byte range",
                "process_chunk",
                statements=(read_uploads,),
                reserved_concurrency=reserved,
            ),
            function(
                v,
                "AggregateFunction",
                "Merges the chunks' results",
                "aggregate",
                environment=output_env,
                statements=(write_output,),
            ),
            StateMachine(
                "Workflow",
                asl.fan_in(v, dlq),
                express=v["workflow_type"] == "express",
                tracing=bool(v["tracing_enabled"]),
                log_retention_days=int(v["log_retention_days"]),
                statements=invoke_rights("ChunkFunction", "AggregateFunction")
                + ((Statement(("sqs:SendMessage",), (Ref(dlq),)),) if dlq else ()),
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
            ),
        ]
    return Deployment(
        "event-driven-processing",
        f"Event-driven processing ({variant}): S3 uploads processed by Lambda",
        tuple(resources),
        (Input("UploadBucketName", "A globally unique name for the upload bucket"),),
    )


def handler_pieces(v: Values) -> list[str]:
    variant = {"single": "event_single", "fan-out": "event_fanout", "fan-in": "event_fanin"}[
        str(v["variant"])
    ]
    return [piece("s3_event.py.tmpl"), piece(f"{variant}.py.tmpl", chunks=v["chunks_per_file"])]


PATTERN = PatternModule(
    slug="event-driven-processing", build=event_driven_processing, handler_pieces=handler_pieces
)
