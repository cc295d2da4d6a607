"""The stream-processing pattern: what it deploys for a configuration, and what it sees in a month."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_CEILING, Decimal

from explorer.domain.deployment import (
    Alarm,
    Bucket,
    BucketTraffic,
    Delivered,
    Deployment,
    Firehose,
    Invocations,
    Ref,
    Resource,
    SearchDomain,
    Statement,
    Stream,
    StreamConsumer,
    StreamEvent,
    StreamTraffic,
    Table,
    TableTraffic,
)
from explorer.domain.patterns.common import (
    Values,
    dead_letter_queue,
    dlq_alarm,
    function,
    records_per_invocation,
    table_access,
)
from explorer.domain.patterns.registry import PatternModule
from explorer.domain.pricing.catalog import load_catalog
from explorer.domain.pricing.engine import format_quantity
from explorer.domain.pricing.services import KB_PER_GB
from explorer.domain.snippets.code import piece

# The state table's size is no parameter: it holds 1 GB of aggregates and checkpoints.
STATE_TABLE_GB = Decimal(1)


def firehose_objects(data_kb: Decimal, seconds: Decimal, hose: Firehose) -> Decimal:
    """The S3 objects Firehose writes: one each time a buffer fills, by size or by time, whichever
    comes first (https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html)."""
    by_size = data_kb / (hose.buffer_size_mb * 1024)
    by_time = seconds / hose.buffer_interval_s
    return max(by_size, by_time).to_integral_value(rounding=ROUND_CEILING)


def stream_processing(v: Values) -> Deployment:
    month_s = load_catalog().hours_per_month * 3600
    rate = Decimal(v["records_per_second"])
    record_kb = Decimal(v["record_size_kb"])
    records = rate * month_s
    data_kb = records * record_kb
    lambda_consumer = v["consumer"] == "lambda"
    fan_out = lambda_consumer and bool(v["enhanced_fan_out"])
    search = v["destination"] == "opensearch"
    notes: list[str] = [
        f"producers write {format_quantity(rate)} records/s of {format_quantity(record_kb)} KB each, steadily"
        " all month."
    ]
    resources: list[Resource] = [
        Stream(
            "Stream",
            on_demand=v["stream_mode"] == "on_demand",
            shards=int(v["shards"]),
            retention_hours=int(v["retention_hours"]),
            node="stream",
            # Firehose and a Lambda function without enhanced fan-out read with GetRecords; an
            # enhanced fan-out consumer has its own pipe, billed as such, not as a standard read.
            usage=StreamTraffic(rate, record_kb, standard_consumers=0 if fan_out else 1),
        )
    ]
    if search:
        writer = "ConsumerFunction" if lambda_consumer else "Firehose"
        resources.append(SearchDomain("SearchDomain", master=writer, node="search"))

    if not lambda_consumer:
        hose = Firehose(
            "Firehose", "Stream", "DataBucket", "SearchDomain" if search else None, node="firehose"
        )
        resources.append(replace(hose, usage=Delivered(records, record_kb)))
        if search:
            # Firehose keeps only the documents OpenSearch rejects in the bucket (FailedDocumentsOnly).
            bucket = BucketTraffic()
            notes.append("OpenSearch accepts every document, so the backup bucket stays empty.")
        else:
            bucket = BucketTraffic(
                puts=firehose_objects(data_kb, month_s, hose), storage_gb=data_kb / KB_PER_GB
            )
            notes.append(
                f"Firehose writes an object whenever {hose.buffer_size_mb} MB or {hose.buffer_interval_s} s"
                " of records have buffered, whichever comes first; a month of records is stored at its"
                " ingested size (GZIP makes the objects smaller)."
            )
        resources.insert(1, Bucket("DataBucket", node="bucket", usage=bucket))
        return Deployment(
            "stream-processing",
            "Stream processing: Kinesis into Firehose",
            tuple(resources),
            monitoring_node="monitoring",
            tracing_node="tracing",
            notes=tuple(notes),
        )

    batch_size = int(v["batch_size"])
    per_invocation = records_per_invocation(batch_size, record_kb, base64=True)
    invocations = records / per_invocation
    notes.append(
        f"every invocation gets a full batch of {per_invocation} records; on a quiet stream batches are"
        " smaller and invocations more frequent."
    )
    if per_invocation < batch_size:
        notes.append(
            f"a batch is cut at Lambda's 6 MB payload limit: {per_invocation} records of"
            f" {format_quantity(record_kb)} KB (a third larger base64-encoded in the event) per invocation,"
            f" not the batch size of {batch_size}."
        )
    if not search:
        resources.insert(
            1,
            Bucket(
                "DataBucket",
                node="bucket",
                usage=BucketTraffic(puts=invocations, storage_gb=data_kb / KB_PER_GB),
            ),
        )
        notes.append("the consumer writes one S3 object per batch; a month of records is stored.")
    consumer = None
    if fan_out:
        consumer = "StreamConsumer"
        resources.append(StreamConsumer(consumer, "Stream", node="stream"))
    failure = "FailureQueue" if v["failure_destination"] else None
    environment: list[tuple[str, Ref]] = []
    statements: list[Statement] = []
    if failure:
        resources += [
            replace(dead_letter_queue(failure), node="failed"),
            replace(dlq_alarm(failure), node="monitoring"),
        ]
        statements.append(Statement(("sqs:SendMessage",), (Ref(failure),)))
    if v["state_table"]:
        resources.append(
            Table(
                "StateTable",
                key="pk",
                node="state",
                usage=TableTraffic(reads=invocations, writes=invocations, storage_gb=STATE_TABLE_GB),
            )
        )
        environment.append(("STATE_TABLE", Ref("StateTable", "name")))
        statements.append(table_access("StateTable", "GetItem", "PutItem", "UpdateItem"))
        notes.append(
            "the consumer reads and writes its state once per batch (1 RRU and 1 WRU); the state table"
            f" holds {format_quantity(STATE_TABLE_GB)} GB."
        )
    if search:
        environment.append(("SEARCH_ENDPOINT", Ref("SearchDomain", "domain")))
        statements.append(Statement(("es:ESHttpPost", "es:ESHttpPut"), (Ref("SearchDomain", suffix="/*"),)))
    else:
        environment.append(("DATA_BUCKET", Ref("DataBucket", "name")))
        statements.append(Statement(("s3:PutObject",), (Ref("DataBucket", suffix="/*"),)))
    event = StreamEvent(
        "Stream",
        batch_size=batch_size,
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
            node="consumer",
            usage=Invocations(invocations, Decimal(v["avg_duration_ms"])),
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
            node="monitoring",
        )
    )
    return Deployment(
        "stream-processing",
        "Stream processing: Kinesis into Lambda",
        tuple(resources),
        monitoring_node="monitoring",
        tracing_node="tracing",
        notes=tuple(notes),
    )


def handler_pieces(v: Values) -> list[str]:
    """The batch consumer, where it stores the batch (S3 or OpenSearch) and its state table."""
    destination = "kinesis_search.py.tmpl" if v["destination"] == "opensearch" else "kinesis_s3.py.tmpl"
    state = "kinesis_state.py.tmpl" if v["state_table"] else "kinesis_nostate.py.tmpl"
    return [piece("kinesis.py.tmpl"), piece(destination), piece(state)]


PATTERN = PatternModule(
    slug="stream-processing",
    build=stream_processing,
    handler_pieces=handler_pieces,
    traffic=("records_per_second",),
    chooser={
        ("trigger", "stream"): (
            10,
            "Kinesis keeps a continuous, ordered stream and Lambda reads it in batches.",
        ),
        ("trigger", "upload"): (2, "Very high upload rates can be funnelled through a stream."),
        ("ordering", "per_key"): (3, "Kinesis keeps records in order within a shard (per partition key)."),
        ("latency", "realtime"): (1, "Records are processed within a second or so of arriving."),
        ("throughput", "high"): (3, "Shards scale writes at 1 MB/s or 1,000 records/s each."),
        ("failure", "retry"): (2, "Partial batch responses retry only the failed records."),
    },
    chooser_values={("throughput", "high"): {"shards": "10", "records_per_second": "5000"}},
)
