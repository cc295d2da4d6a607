"""The stream-processing pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from explorer.domain.deployment import (
    Alarm,
    Bucket,
    Deployment,
    Firehose,
    Ref,
    Resource,
    SearchDomain,
    Statement,
    Stream,
    StreamConsumer,
    StreamEvent,
    Table,
)
from explorer.domain.patterns.common import (
    Values,
    dead_letter_queue,
    dlq_alarm,
    function,
    table_access,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.snippets.code import piece


def stream_processing(v: Values) -> Deployment:
    resources: list[Resource] = [
        Stream(
            "Stream",
            on_demand=v["stream_mode"] == "on_demand",
            shards=int(v["shards"]),
            retention_hours=int(v["retention_hours"]),
        )
    ]
    lambda_consumer = v["consumer"] == "lambda"
    search = v["destination"] == "opensearch"
    if not search or not lambda_consumer:
        resources.append(Bucket("DataBucket"))  # also Firehose's backup for failed OpenSearch documents
    if search:
        resources.append(SearchDomain("SearchDomain"))
    if not lambda_consumer:
        resources.append(Firehose("Firehose", "Stream", "DataBucket", "SearchDomain" if search else None))
        return Deployment("stream-processing", "Stream processing: Kinesis into Firehose", tuple(resources))
    consumer = None
    if v["enhanced_fan_out"]:
        consumer = "StreamConsumer"
        resources.append(StreamConsumer(consumer, "Stream"))
    failure = "FailureQueue" if v["failure_destination"] else None
    environment: list[tuple[str, Ref]] = []
    statements: list[Statement] = []
    if failure:
        resources += [dead_letter_queue(failure), dlq_alarm(failure)]
        statements.append(Statement(("sqs:SendMessage",), (Ref(failure),)))
    if v["state_table"]:
        resources.append(Table("StateTable", key="pk"))
        environment.append(("STATE_TABLE", Ref("StateTable", "name")))
        statements.append(table_access("StateTable", "GetItem", "PutItem", "UpdateItem"))
    if search:
        environment.append(("SEARCH_ENDPOINT", Ref("SearchDomain", "domain")))
        statements.append(Statement(("es:ESHttpPost", "es:ESHttpPut"), (Ref("SearchDomain", suffix="/*"),)))
    else:
        environment.append(("DATA_BUCKET", Ref("DataBucket", "name")))
        statements.append(Statement(("s3:PutObject",), (Ref("DataBucket", suffix="/*"),)))
    event = StreamEvent(
        "Stream",
        batch_size=int(v["batch_size"]),
        window_s=int(v["batching_window_s"]),
        parallelization=int(v["parallelization_factor"]),
        bisect=bool(v["bisect_on_error"]),
        max_retries=int(v["max_retries"]),
        max_record_age_s=int(v["max_record_age_s"]),
        on_failure=failure,
        consumer=consumer,
    )
    resources.append(
        function(
            v,
            "ConsumerFunction",
            "Processes batches of stream records",
            "consume",
            environment=tuple(environment),
            statements=tuple(statements),
            events=(event,),
        )
    )
    resources.append(
        Alarm(
            "IteratorAgeAlarm",
            "The consumer is falling behind the stream",
            "AWS/Lambda",
            "IteratorAge",
            ("FunctionName", Ref("ConsumerFunction", "name")),
            threshold=60_000,
            statistic="Maximum",
            evaluation_periods=5,
            period_s=60,
        )
    )
    return Deployment("stream-processing", "Stream processing: Kinesis into Lambda", tuple(resources))


def handler_pieces(v: Values) -> list[str]:
    return [piece("kinesis.py.tmpl")]


PATTERN = PatternModule(slug="stream-processing", build=stream_processing, handler_pieces=handler_pieces)
