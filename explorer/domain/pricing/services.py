"""Service calculators and their registry: the public vocabulary of the CLI, the API and forms.

Each calculator is a pure, keyword-only function of one service's monthly volumes that says
what the service meters, as a tuple of `Usage` (quantity of a catalog rate and the arithmetic
behind it). `price_usages()` turns usages into priced line items; pricing the usages of
several calculators together is how a pattern shares each free-tier allowance once.

`SERVICES` describes every calculator's parameters (type, unit, default, bounds, choices,
help) so that callers validate input generically; `estimate_service(name, raw)` validates raw
strings and prices one service, raising `PricingInputError(field, message)` for bad input.

Volumes are per month; a month is the catalog's `hours_per_month` (`MONTH_HOURS`), which
every hour default below is read from. GB are 1024-based.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from explorer.domain.content.schema import ParameterType
from explorer.domain.params import FALSE_WORDS, TRUE_WORDS
from explorer.domain.pricing.catalog import load_catalog
from explorer.domain.pricing.engine import Estimate, Usage, decimal_string, format_quantity, price_usages

type Number = int | Decimal
type Value = bool | int | Decimal | str

MONTH_HOURS: Decimal = load_catalog().hours_per_month  # the default for "hours a month" inputs
SECONDS_PER_HOUR = Decimal(3600)
KB_PER_GB = Decimal(1024 * 1024)
LAMBDA_FREE_EPHEMERAL_MB = Decimal(512)
MAX_RAW_LENGTH = 40  # longer input is refused before any arithmetic


class PricingInputError(ValueError):
    """Input a calculator refuses: names the field and what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


# --- helpers ---------------------------------------------------------------------------------


def _d(value: int | Decimal | str) -> Decimal:
    if isinstance(value, float):
        raise TypeError("pricing takes int, Decimal or str, never float")
    return Decimal(value)


def _ceil(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_CEILING)


def _n(value: Decimal | int) -> str:
    return format_quantity(Decimal(value))


def _count(value: Decimal | int, noun: str) -> str:
    return f"{_n(value)} {noun}" if value == 1 else f"{_n(value)} {noun}s"


def _month_hours() -> Decimal:
    return load_catalog().hours_per_month


def _month_seconds() -> Decimal:
    return _month_hours() * SECONDS_PER_HOUR


def _chunks(size_kb: Decimal, chunk_kb: int) -> Decimal:
    """How many metering chunks a payload counts as: at least one."""
    return max(Decimal(1), _ceil(size_kb / chunk_kb))


def _chunked(service: str, rate: str, count: Decimal, noun: str, size_kb: Decimal, chunk_kb: int) -> Usage:
    chunks = _chunks(size_kb, chunk_kb)
    derivation = ""
    if chunks > 1:
        derivation = (
            f"{_n(count)} {noun} x {_n(chunks)} ({_n(size_kb)} KB metered in {chunk_kb} KB chunks)"
            f" = {_n(count * chunks)} {noun}"
        )
    return Usage(service, rate, count * chunks, derivation)


# --- calculators -----------------------------------------------------------------------------


def lambda_cost(
    *,
    requests: Number = 1_000_000,
    duration_ms: Number = 100,
    memory_mb: Number = 128,
    architecture: str = "x86_64",
    ephemeral_storage_mb: Number = 512,
    provisioned_concurrency: Number = 0,
    provisioned_hours: Number = MONTH_HOURS,
) -> tuple[Usage, ...]:
    """AWS Lambda: requests, duration (GB-s, tiered), ephemeral storage, provisioned concurrency.

    With provisioned concurrency, execution time up to the provisioned capacity (concurrency x
    hours) runs at the provisioned duration rate and the rest at the on-demand rate; the
    function gets no free tier ("The Lambda free tier does not apply to functions enabling
    Provisioned Concurrency", https://aws.amazon.com/lambda/pricing/).
    """
    requests, duration_ms, memory_mb = _d(requests), _d(duration_ms), _d(memory_mb)
    concurrency, hours = _d(provisioned_concurrency), _d(provisioned_hours)
    gb = memory_mb / 1024
    seconds = requests * duration_ms / 1000
    provisioned = concurrency > 0 and hours > 0
    usages = [Usage("lambda", "lambda.requests", requests, free_tier_eligible=not provisioned)]
    execution = f"{_n(requests)} requests x {_n(duration_ms / 1000)} s"
    if provisioned:
        capacity = concurrency * hours * SECONDS_PER_HOUR
        on_capacity = min(seconds, capacity)
        beyond = seconds - on_capacity
        usages.append(
            Usage(
                "lambda",
                f"lambda.provisioned_concurrency_{architecture}",
                capacity * gb,
                f"{_n(concurrency)} provisioned x {_n(memory_mb)} MB / 1024 x {_n(hours)} h x 3,600 s"
                f" = {_n(capacity * gb)} GB-s",
                free_tier_eligible=False,
            )
        )
        usages.append(
            Usage(
                "lambda",
                f"lambda.provisioned_duration_{architecture}",
                on_capacity * gb,
                f"{execution} = {_n(seconds)} s, of which {_n(on_capacity)} s fit the"
                f" {_n(capacity)} s of provisioned capacity; x {_n(memory_mb)} MB / 1024"
                f" = {_n(on_capacity * gb)} GB-s",
                free_tier_eligible=False,
            )
        )
        if beyond > 0:
            usages.append(
                Usage(
                    "lambda",
                    f"lambda.duration_{architecture}",
                    beyond * gb,
                    f"{_n(beyond)} s beyond provisioned capacity x {_n(memory_mb)} MB / 1024"
                    f" = {_n(beyond * gb)} GB-s",
                    free_tier_eligible=False,
                )
            )
    else:
        usages.append(
            Usage(
                "lambda",
                f"lambda.duration_{architecture}",
                seconds * gb,
                f"{execution} x {_n(memory_mb)} MB / 1024 = {_n(seconds * gb)} GB-s",
            )
        )
    extra_storage = _d(ephemeral_storage_mb) - LAMBDA_FREE_EPHEMERAL_MB
    if extra_storage > 0:
        usages.append(
            Usage(
                "lambda",
                "lambda.ephemeral_storage",
                seconds * extra_storage / 1024,
                f"{execution} = {_n(seconds)} s x ({_n(ephemeral_storage_mb)} MB - 512 MB) / 1024"
                f" = {_n(seconds * extra_storage / 1024)} GB-s",
            )
        )
    return tuple(usages)


def lambda_at_edge_cost(
    *, requests: Number = 1_000_000, duration_ms: Number = 10, memory_mb: Number = 128
) -> tuple[Usage, ...]:
    """Lambda@Edge: requests and duration; no free tier.

    AWS quotes duration per 128 MB-second ($0.00000625125); the catalog holds the identical
    per-GB-second rate ($0.00005001), and the formula shows both units.
    """
    requests, duration_ms, memory_mb = _d(requests), _d(duration_ms), _d(memory_mb)
    seconds = requests * duration_ms / 1000
    gb_s = seconds * memory_mb / 1024
    return (
        Usage("lambda_at_edge", "lambda_at_edge.requests", requests),
        Usage(
            "lambda_at_edge",
            "lambda_at_edge.duration",
            gb_s,
            f"{_n(requests)} requests x {_n(duration_ms / 1000)} s x {_n(memory_mb)} MB"
            f" = {_n(gb_s * 8)} 128 MB-seconds at AWS's $0.00000625125 each, or / 1024 = {_n(gb_s)} GB-s",
        ),
    )


def cloudfront_functions_cost(*, invocations: Number = 1_000_000) -> tuple[Usage, ...]:
    """CloudFront Functions: invocations; 2 million a month always free."""
    return (Usage("cloudfront_functions", "cloudfront_functions.invocations", _d(invocations)),)


def cloudfront_cost(*, requests: Number = 1_000_000, data_transfer_gb: Number = 10) -> tuple[Usage, ...]:
    """CloudFront: HTTPS requests and data transfer out, North American viewers."""
    return (
        Usage("cloudfront", "cloudfront.requests", _d(requests)),
        Usage("cloudfront", "cloudfront.data_transfer_out", _d(data_transfer_gb)),
    )


def api_gateway_rest_cost(
    *, requests: Number = 1_000_000, cache_size_gb: Value = "0", cache_hours: Number = MONTH_HOURS
) -> tuple[Usage, ...]:
    """API Gateway REST API: requests (tiered) and, when cache_size_gb is not 0, the stage cache."""
    usages = [Usage("api_gateway_rest", "api_gateway_rest.requests", _d(requests))]
    size = decimal_string(_d(cache_size_gb))
    if size != "0" and _d(cache_hours) > 0:
        usages.append(
            Usage(
                "api_gateway_rest",
                f"api_gateway_rest.cache:{size}",
                _d(cache_hours),
                item=f"Cache ({size} GB)",
            )
        )
    return tuple(usages)


def api_gateway_http_cost(*, requests: Number = 1_000_000, request_size_kb: Number = 1) -> tuple[Usage, ...]:
    """API Gateway HTTP API: requests metered in 512 KB increments (a 513 KB request is 2)."""
    return (
        _chunked(
            "api_gateway_http",
            "api_gateway_http.requests",
            _d(requests),
            "requests",
            _d(request_size_kb),
            512,
        ),
    )


def api_gateway_websocket_cost(
    *, messages: Number = 1_000_000, message_size_kb: Number = 1, connection_minutes: Number = 0
) -> tuple[Usage, ...]:
    """API Gateway WebSocket API: messages in 32 KB increments, and connection minutes."""
    return (
        _chunked(
            "api_gateway_websocket",
            "api_gateway_websocket.messages",
            _d(messages),
            "messages",
            _d(message_size_kb),
            32,
        ),
        Usage("api_gateway_websocket", "api_gateway_websocket.connection_minutes", _d(connection_minutes)),
    )


def dynamodb_cost(
    *, write_request_units: Number = 1_000_000, read_request_units: Number = 1_000_000, storage_gb: Number = 1
) -> tuple[Usage, ...]:
    """DynamoDB on-demand: write and read request units, and storage (25 GB always free)."""
    return (
        Usage("dynamodb", "dynamodb.write_request_units", _d(write_request_units)),
        Usage("dynamodb", "dynamodb.read_request_units", _d(read_request_units)),
        Usage("dynamodb", "dynamodb.storage", _d(storage_gb)),
    )


def dynamodb_provisioned_cost(
    *, write_capacity_units: Number = 5, read_capacity_units: Number = 5, storage_gb: Number = 1
) -> tuple[Usage, ...]:
    """DynamoDB provisioned capacity: write and read capacity units provisioned all month
    (WCU-hours and RCU-hours), and table storage.

    25 WCU, 25 RCU and 25 GB are always free, for all tables in the region
    (https://aws.amazon.com/dynamodb/pricing/); storage shares its 25 GB with on-demand tables.
    """
    wcu, rcu, hours = _d(write_capacity_units), _d(read_capacity_units), _month_hours()
    return (
        Usage(
            "dynamodb_provisioned",
            "dynamodb_provisioned.write_capacity_unit_hours",
            wcu * hours,
            f"{_n(wcu)} WCU x {_n(hours)} h = {_n(wcu * hours)} WCU-hours",
        ),
        Usage(
            "dynamodb_provisioned",
            "dynamodb_provisioned.read_capacity_unit_hours",
            rcu * hours,
            f"{_n(rcu)} RCU x {_n(hours)} h = {_n(rcu * hours)} RCU-hours",
        ),
        Usage("dynamodb_provisioned", "dynamodb.storage", _d(storage_gb)),
    )


def data_transfer_out_cost(*, gb: Number = 10) -> tuple[Usage, ...]:
    """Data sent from us-east-1 to the internet (API Gateway, Lambda and S3 responses), at the
    EC2 data transfer rates, tiered; 100 GB a month always free across all services.

    CloudFront's own rates are `cloudfront_cost`.
    """
    return (Usage("data_transfer", "data_transfer.internet_out", _d(gb)),)


def s3_cost(
    *, storage_gb: Number = 1, put_requests: Number = 10_000, get_requests: Number = 100_000
) -> tuple[Usage, ...]:
    """S3 Standard: storage (tiered), PUT-class and GET-class requests."""
    return (
        Usage("s3", "s3.storage", _d(storage_gb)),
        Usage("s3", "s3.put_requests", _d(put_requests)),
        Usage("s3", "s3.get_requests", _d(get_requests)),
    )


def sqs_cost(
    *, requests: Number = 1_000_000, message_size_kb: Number = 1, queue_type: str = "standard"
) -> tuple[Usage, ...]:
    """SQS: API requests, each 64 KB chunk of payload counting as one request."""
    return (_chunked("sqs", f"sqs.{queue_type}_requests", _d(requests), "requests", _d(message_size_kb), 64),)


def sns_cost(
    *,
    publishes: Number = 1_000_000,
    message_size_kb: Number = 1,
    http_deliveries: Number = 0,
    email_deliveries: Number = 0,
) -> tuple[Usage, ...]:
    """SNS standard topics: publishes (64 KB chunks), HTTP/S and email deliveries.

    Deliveries to SQS and Lambda cost nothing per notification.
    """
    return (
        _chunked("sns", "sns.publishes", _d(publishes), "requests", _d(message_size_kb), 64),
        Usage("sns", "sns.http_deliveries", _d(http_deliveries)),
        Usage("sns", "sns.email_deliveries", _d(email_deliveries)),
    )


def eventbridge_cost(
    *, custom_events: Number = 1_000_000, scheduler_invocations: Number = 0
) -> tuple[Usage, ...]:
    """EventBridge: custom events published (AWS service events are free) and Scheduler invocations."""
    return (
        Usage("eventbridge", "eventbridge.custom_events", _d(custom_events)),
        Usage("eventbridge", "eventbridge.scheduler_invocations", _d(scheduler_invocations)),
    )


def step_functions_standard_cost(*, state_transitions: Number = 100_000) -> tuple[Usage, ...]:
    """Step Functions Standard Workflows: state transitions, 4,000 a month always free."""
    return (
        Usage("step_functions_standard", "step_functions_standard.state_transitions", _d(state_transitions)),
    )


def step_functions_express_cost(
    *, requests: Number = 1_000_000, duration_ms: Number = 100, memory_mb: Number = 64
) -> tuple[Usage, ...]:
    """Step Functions Express Workflows: requests, and duration rounded up to 100 ms with memory
    billed in 64 MB chunks, priced per GB-hour in tiers; no free tier."""
    requests, duration_ms, memory_mb = _d(requests), _d(duration_ms), _d(memory_mb)
    billed_ms = _ceil(duration_ms / 100) * 100
    billed_mb = _ceil(memory_mb / 64) * 64
    gb_s = requests * billed_ms / 1000 * billed_mb / 1024
    rounding = ""
    if billed_ms != duration_ms or billed_mb != memory_mb:
        rounding = f" ({_n(duration_ms)} ms and {_n(memory_mb)} MB billed as {_n(billed_ms)} ms and {_n(billed_mb)} MB)"
    return (
        Usage("step_functions_express", "step_functions_express.requests", requests),
        Usage(
            "step_functions_express",
            "step_functions_express.duration",
            gb_s / SECONDS_PER_HOUR,
            f"{_n(requests)} requests x {_n(billed_ms / 1000)} s x {_n(billed_mb)} MB / 1024{rounding}"
            f" = {_n(gb_s)} GB-s / 3,600 = {_n(gb_s / SECONDS_PER_HOUR)} GB-hours",
        ),
    )


# Kinesis keeps data for 24 hours at no extra charge; retention can be raised to 7 days
# ("extended") and beyond that up to 365 days ("long-term"), each billed separately
# (https://aws.amazon.com/kinesis/data-streams/faqs/).
KINESIS_INCLUDED_RETENTION_HOURS = Decimal(24)
KINESIS_EXTENDED_RETENTION_HOURS = Decimal(7 * 24)
KINESIS_SHARD_READ_MB_PER_SECOND = Decimal(2)  # shared by all standard consumers of a shard


def kinesis_data_streams_cost(
    *,
    mode: str = "provisioned",
    shards: Number = 1,
    records_per_second: Number = 100,
    record_size_kb: Number = 1,
    enhanced_fan_out_consumers: Number = 0,
    retention_hours: Number = 24,
    standard_consumers: Number = 1,
) -> tuple[Usage, ...]:
    """Kinesis Data Streams, provisioned (shard hours, 25 KB PUT payload units) or on-demand
    (stream hours, GB in and out), and retention beyond the included 24 hours.

    Records flow steadily all month. Each of `standard_consumers` (GetRecords, sharing a shard's
    2 MB/s; the pattern's Lambda is one) reads everything once, and so does each enhanced
    fan-out consumer. Provisioned streams include standard reads in the shard hours; on-demand
    streams bill each standard consumer's reads per GB, so a stream read only by enhanced
    fan-out consumers has no standard retrieval line, only enhanced fan-out retrieval.

    Retention: data held beyond 24 hours and up to 7 days is billed per shard-hour for every
    shard (provisioned) or per GB-month of data held (on-demand); data held beyond 7 days per
    GB-month in both modes. `shards` only applies to provisioned mode.
    """
    rate_in, size_kb = _d(records_per_second), _d(record_size_kb)
    efo, readers, retention = _d(enhanced_fan_out_consumers), _d(standard_consumers), _d(retention_hours)
    month_hours, month_seconds = _month_hours(), _month_seconds()
    flow = f"{_n(rate_in)} records/s"
    usages = []
    if mode == "provisioned":
        shards = _d(shards)
        kb_per_second = rate_in * size_kb
        needed = max(_ceil(rate_in / 1000), _ceil(kb_per_second / 1024), Decimal(1))
        fit = (
            f"capacity of {_count(shards, 'shard')}: {_n(shards * 1000)} records/s or {_n(shards)} MB/s; {flow} x"
            f" {_n(size_kb)} KB = {_n(kb_per_second / 1024)} MB/s "
            + ("fits" if needed <= shards else f"needs {_n(needed)} shards, so producers would be throttled")
        )
        read_mb = readers * kb_per_second / 1024
        if read_mb > shards * KINESIS_SHARD_READ_MB_PER_SECOND:
            fit += (
                f"; {_count(readers, 'standard consumer')} reading {_n(read_mb)} MB/s exceed the"
                f" {_n(shards * KINESIS_SHARD_READ_MB_PER_SECOND)} MB/s of shared read throughput,"
                " so reads would be throttled"
            )
        usages.append(
            Usage(
                "kinesis_data_streams",
                "kinesis_data_streams.shard_hours",
                shards * month_hours,
                f"{fit}; {_count(shards, 'shard')} x {_n(month_hours)} h = {_n(shards * month_hours)} shard-hours",
            )
        )
        units = _chunks(size_kb, 25)
        payload_units = rate_in * units * month_seconds
        usages.append(
            Usage(
                "kinesis_data_streams",
                "kinesis_data_streams.put_payload_units",
                payload_units,
                f"{flow} x {_count(units, 'unit')} ({_n(size_kb)} KB in 25 KB chunks) x {_n(month_seconds)} s"
                f" = {_n(payload_units)} PUT payload units",
            )
        )
        if efo > 0:
            consumer_hours = efo * shards * month_hours
            usages.append(
                Usage(
                    "kinesis_data_streams",
                    "kinesis_data_streams.efo_consumer_shard_hours",
                    consumer_hours,
                    f"{_count(efo, 'consumer')} x {_count(shards, 'shard')} x {_n(month_hours)} h"
                    f" = {_n(consumer_hours)} consumer-shard-hours",
                )
            )
            gb = rate_in * size_kb * month_seconds / KB_PER_GB
            usages.append(
                Usage(
                    "kinesis_data_streams",
                    "kinesis_data_streams.efo_data_retrieval",
                    efo * gb,
                    f"{_count(efo, 'consumer')} x {flow} x {_n(size_kb)} KB x {_n(month_seconds)} s"
                    f" / 1,048,576 = {_n(efo * gb)} GB",
                )
            )
        if retention > KINESIS_INCLUDED_RETENTION_HOURS:
            usages.append(
                Usage(
                    "kinesis_data_streams",
                    "kinesis_data_streams.extended_retention_shard_hours",
                    shards * month_hours,
                    f"retention of {_n(retention)} h is beyond the included 24 h, so every shard pays"
                    f" extended retention: {_count(shards, 'shard')} x {_n(month_hours)} h"
                    f" = {_n(shards * month_hours)} shard-hours",
                )
            )
        usages.extend(_kinesis_long_term_retention(flow, rate_in, size_kb, retention))
        return tuple(usages)

    # Page text, https://aws.amazon.com/kinesis/data-streams/pricing/: "Data-In: The data
    # ingested into Kinesis Data Streams is billed per GB written into your data stream. This is
    # calculated as the number of data records you send to the service, multiplied by the size
    # of each record rounded up to the nearest 1 KB (1,024 bytes). For example, if your data
    # records are 4.5 KB each, Kinesis Data Streams will count each record as 5 KB of data
    # ingested." Retrieval is metered on the same rounded records: the stored page ends before
    # its Data-Out term (see the catalog note on kinesis_data_streams.data_out).
    billed_kb = _ceil(size_kb)
    gb = rate_in * billed_kb * month_seconds / KB_PER_GB
    data = (
        f"{flow} x {_n(billed_kb)} KB (records rounded up to 1 KB) x {_n(month_seconds)} s / 1,048,576"
        f" = {_n(gb)} GB"
    )
    usages.append(
        Usage(
            "kinesis_data_streams",
            "kinesis_data_streams.stream_hours",
            month_hours,
            f"on-demand, AWS manages the shards: 1 stream x {_n(month_hours)} h = {_n(month_hours)} stream-hours",
        )
    )
    usages.append(Usage("kinesis_data_streams", "kinesis_data_streams.data_in", gb, data))
    if readers > 0:
        reads = (
            f"one standard consumer reads everything once = {_n(gb)} GB"
            if readers == 1
            else f"{_count(readers, 'standard consumer')} each read everything once: {_n(readers)} x"
            f" {_n(gb)} GB = {_n(readers * gb)} GB"
        )
        usages.append(Usage("kinesis_data_streams", "kinesis_data_streams.data_out", readers * gb, reads))
    if efo > 0:
        usages.append(
            Usage(
                "kinesis_data_streams",
                "kinesis_data_streams.efo_data_out",
                efo * gb,
                f"{_count(efo, 'enhanced fan-out consumer')} x {_n(gb)} GB = {_n(efo * gb)} GB",
            )
        )
    if retention > KINESIS_INCLUDED_RETENTION_HOURS:
        hours = min(retention, KINESIS_EXTENDED_RETENTION_HOURS) - KINESIS_INCLUDED_RETENTION_HOURS
        usages.append(
            Usage(
                "kinesis_data_streams",
                "kinesis_data_streams.extended_retention_on_demand",
                *_kinesis_held(flow, rate_in, size_kb, hours, "past the included 24 h (up to 7 days)"),
            )
        )
    usages.extend(_kinesis_long_term_retention(flow, rate_in, size_kb, retention))
    return tuple(usages)


def _kinesis_held(
    flow: str, rate_in: Decimal, size_kb: Decimal, hours: Decimal, window: str
) -> tuple[Decimal, str]:
    """GB-months of a steady flow held `hours` longer, and the arithmetic in words.

    Retention is billed on the data stored, taken at the records' own size: the page states the
    1 KB rounding for ingestion only.
    """
    gb_per_hour = rate_in * size_kb * SECONDS_PER_HOUR / KB_PER_GB
    held = gb_per_hour * hours
    return held, (
        f"{flow} x {_n(size_kb)} KB x 3,600 s / 1,048,576 = {_n(gb_per_hour)} GB an hour, held"
        f" {_n(hours)} h {window} = {_n(held)} GB stored all month = {_n(held)} GB-months"
    )


def _kinesis_long_term_retention(
    flow: str, rate_in: Decimal, size_kb: Decimal, retention: Decimal
) -> tuple[Usage, ...]:
    if retention <= KINESIS_EXTENDED_RETENTION_HOURS:
        return ()
    hours = retention - KINESIS_EXTENDED_RETENTION_HOURS
    return (
        Usage(
            "kinesis_data_streams",
            "kinesis_data_streams.long_term_retention",
            *_kinesis_held(flow, rate_in, size_kb, hours, "past 7 days"),
        ),
    )


def firehose_cost(*, ingested_gb: Number = 100) -> tuple[Usage, ...]:
    """Data Firehose: Direct PUT ingestion per GB, tiered."""
    return (Usage("firehose", "firehose.ingestion", _d(ingested_gb)),)


def cloudwatch_logs_cost(*, ingested_gb: Number = 1, stored_gb: Number = 1) -> tuple[Usage, ...]:
    """CloudWatch Logs: ingestion and archive storage, sharing 5 GB a month always free."""
    return (
        Usage("cloudwatch_logs", "cloudwatch_logs.ingestion", _d(ingested_gb)),
        Usage("cloudwatch_logs", "cloudwatch_logs.storage", _d(stored_gb)),
    )


def cloudwatch_alarms_cost(*, alarms: Number = 10) -> tuple[Usage, ...]:
    """CloudWatch standard-resolution metric alarms, per alarm-month; 10 always free."""
    return (Usage("cloudwatch_alarms", "cloudwatch_alarms.standard_alarms", _d(alarms)),)


def kms_cost(*, keys: Number = 1) -> tuple[Usage, ...]:
    """AWS KMS customer managed keys, per key-month (requests are not priced: see prices.yaml)."""
    return (Usage("kms", "kms.keys", _d(keys)),)


def xray_cost(*, traces_recorded: Number = 100_000, traces_scanned: Number = 0) -> tuple[Usage, ...]:
    """X-Ray: traces recorded, and traces retrieved or scanned."""
    return (
        Usage("xray", "xray.traces_recorded", _d(traces_recorded)),
        Usage("xray", "xray.traces_scanned", _d(traces_scanned)),
    )


def elasticache_cost(
    *, node_type: str = "cache.t4g.micro", nodes: Number = 1, hours: Number = MONTH_HOURS
) -> tuple[Usage, ...]:
    """ElastiCache node-based cluster: node hours at the node type's on-demand rate."""
    nodes, hours = _d(nodes), _d(hours)
    return (
        Usage(
            "elasticache",
            f"elasticache.node_hours:{node_type}",
            nodes * hours,
            f"{_n(nodes)} x {node_type} x {_n(hours)} h = {_n(nodes * hours)} node-hours",
            item=f"Node hours ({node_type})",
        ),
    )


# Page text, https://aws.amazon.com/elasticache/pricing/: "Minimum metered data storage: 100 MB
# per cache for ElastiCache Serverless for Valkey and 1 GB per cache for ElastiCache for
# Memcached and ElastiCache for Redis OSS." 100 MB is read as 0.1 GB: the page calls it "90%
# lower" than 1 GB (as 100/1024 GB it would be 2.3% less).
ELASTICACHE_SERVERLESS_MINIMUM_GB = {"valkey": Decimal("0.1"), "redis": Decimal(1), "memcached": Decimal(1)}
ELASTICACHE_ENGINE_NAMES = {"valkey": "Valkey", "redis": "Redis OSS", "memcached": "Memcached"}


def elasticache_serverless_cost(
    *, engine: str = "valkey", data_stored_gb: Number = 1, ecpus: Number = 10_000_000
) -> tuple[Usage, ...]:
    """ElastiCache Serverless: data stored in GB-hours and ElastiCache Processing Units.

    `data_stored_gb` is the average stored over the month, metered at least at the engine's
    minimum (0.1 GB for Valkey, 1 GB for Redis OSS and Memcached) for every hour of the month.
    AWS applies the minimum to each hour's average, so a cache that is below it only some of
    the time pays a little more than this.
    """
    stored, hours = _d(data_stored_gb), _month_hours()
    name, minimum = ELASTICACHE_ENGINE_NAMES[engine], ELASTICACHE_SERVERLESS_MINIMUM_GB[engine]
    metered = max(stored, minimum)
    basis = f"{_n(stored)} GB stored on average"
    if stored < minimum:
        basis += f", below the {name} minimum, metered as {_n(minimum)} GB"
    return (
        Usage(
            "elasticache_serverless",
            f"elasticache_serverless.data_stored:{engine}",
            metered * hours,
            f"{basis} x {_n(hours)} h = {_n(metered * hours)} GB-hours",
            item=f"Data stored ({name})",
        ),
        Usage(
            "elasticache_serverless",
            f"elasticache_serverless.ecpus:{engine}",
            _d(ecpus),
            item=f"ElastiCache Processing Units ({name})",
        ),
    )


def rds_instance_cost(
    *,
    instance_class: str = "db.t4g.micro",
    engine: str = "postgres",
    multi_az: bool = False,
    storage_gb: Number = 20,
    storage_type: str = "gp3",
) -> tuple[Usage, ...]:
    """Amazon RDS DB instance, On-Demand, running all month: instance hours and General Purpose
    storage per GB-month.

    Multi-AZ keeps a standby in a second Availability Zone and bills "per DB instance-hour for
    both the primary and standby instances" and storage "for both the primary and standby"
    (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_OnDemandDBInstances.html), so
    it meters twice the instance hours and twice the storage. The free tier (750 hours of
    db.t4g.micro, 20 GB) is a 12-month trial for Single-AZ instances, never applied.
    """
    copies, hours, gb = (2 if multi_az else 1), _month_hours(), _d(storage_gb)
    deployment = "Multi-AZ" if multi_az else "Single-AZ"
    instances = "a primary and a standby, 2 instances" if multi_az else "1 instance"
    return (
        Usage(
            "rds",
            f"rds.{engine}_instance_hours:{instance_class}",
            copies * hours,
            f"{instance_class}, {deployment}: {instances} x {_n(hours)} h = {_n(copies * hours)} instance-hours",
            item=f"DB instance hours ({instance_class}, {deployment})",
            free_tier_eligible=not multi_az,
        ),
        Usage(
            "rds",
            f"rds.storage:{storage_type}",
            copies * gb,
            f"{_n(gb)} GB x 2 copies (primary and standby) = {_n(copies * gb)} GB-months" if multi_az else "",
            item=f"General Purpose SSD storage ({storage_type})",
            free_tier_eligible=not multi_az,
        ),
    )


# vCPUs of each DB instance class the catalog prices, from AWS's "Hardware specifications for DB
# instance classes" (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.DBInstanceClass.Summary.html):
# db.t4g.micro, db.t4g.small and db.t4g.medium all have 2 vCPUs (with 1, 2 and 4 GiB of memory).
RDS_INSTANCE_VCPUS = {"db.t4g.micro": 2, "db.t4g.small": 2, "db.t4g.medium": 2}
# Provisioned instances are billed "with a minimum charge for 2 vCPUs" (https://aws.amazon.com/rds/proxy/pricing/).
RDS_PROXY_MINIMUM_VCPUS = Decimal(2)


def rds_instance_vcpus(instance_class: str) -> int:
    """How many vCPUs a DB instance class has, to pass on as `rds_proxy_cost(vcpus=...)`.

    Raises KeyError naming the known classes for a class the table does not have.
    """
    try:
        return RDS_INSTANCE_VCPUS[instance_class]
    except KeyError:
        known = ", ".join(RDS_INSTANCE_VCPUS)
        raise KeyError(f"no vCPU count for {instance_class!r}; known classes: {known}") from None


def rds_proxy_cost(*, vcpus: Number = 2) -> tuple[Usage, ...]:
    """Amazon RDS Proxy in front of a provisioned DB instance, all month: vCPU-hours of the
    instance, at least 2 vCPUs (https://aws.amazon.com/rds/proxy/pricing/). No free tier.

    `vcpus` is the instance's, for example `rds_instance_vcpus("db.t4g.micro")`.
    """
    vcpus, hours = _d(vcpus), _month_hours()
    billed = max(vcpus, RDS_PROXY_MINIMUM_VCPUS)
    basis = _count(vcpus, "vCPU")
    if billed > vcpus:
        basis += f", billed at the minimum of {_n(billed)} vCPUs"
    return (
        Usage(
            "rds_proxy",
            "rds_proxy.vcpu_hours",
            billed * hours,
            f"{basis}: {_n(billed)} x {_n(hours)} h = {_n(billed * hours)} vCPU-hours",
        ),
    )


def opensearch_cost(
    *,
    instance_type: str = "t3.small.search",
    instances: Number = 1,
    storage_gb: Number = 10,
    storage_type: str = "gp3",
) -> tuple[Usage, ...]:
    """Amazon OpenSearch Service domain, On-Demand, all month: data-node instance hours and the
    EBS volume of each node per GB-month (https://aws.amazon.com/opensearch-service/pricing/).

    `storage_gb` is each node's volume, so storage is billed once per instance. The free tier
    (750 hours of t2.small.search or t3.small.search, 10 GB) is a 12-month trial, never applied.
    """
    instances, hours, gb = _d(instances), _month_hours(), _d(storage_gb)
    volumes = ""
    if instances > 1:
        volumes = f"{_n(gb)} GB on each of {_n(instances)} instances = {_n(instances * gb)} GB-months"
    return (
        Usage(
            "opensearch",
            f"opensearch.instance_hours:{instance_type}",
            instances * hours,
            f"{_count(instances, 'instance')} x {instance_type} x {_n(hours)} h"
            f" = {_n(instances * hours)} instance-hours",
            item=f"Instance hours ({instance_type})",
        ),
        Usage(
            "opensearch",
            f"opensearch.storage:{storage_type}",
            instances * gb,
            volumes,
            item=f"EBS storage ({storage_type})",
        ),
    )


def ses_cost(*, emails: Number = 10_000) -> tuple[Usage, ...]:
    """Amazon SES outbound email, per 1,000 emails. Its free tier (3,000 message charges a month)
    is a 12-month trial, never applied."""
    return (Usage("ses", "ses.outbound_emails", _d(emails)),)


def waf_cost(*, web_acls: Number = 1, rules: Number = 5, requests: Number = 1_000_000) -> tuple[Usage, ...]:
    """AWS WAF: web ACLs and rules per month, and requests inspected (rules counted across all ACLs)."""
    return (
        Usage("waf", "waf.web_acls", _d(web_acls)),
        Usage("waf", "waf.rules", _d(rules)),
        Usage("waf", "waf.requests", _d(requests)),
    )


# --- registry --------------------------------------------------------------------------------

INT_RE = re.compile(r"^[+-]?\d+$")
DECIMAL_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


@dataclass(frozen=True)
class ServiceParameter:
    """One calculator argument: its type, unit, default, bounds (inclusive) or choices."""

    name: str
    type: ParameterType  # INT, DECIMAL, CHOICE or BOOL
    unit: str
    default: Value
    min: Decimal | None
    max: Decimal | None
    choices: tuple[str, ...]
    help: str
    traffic: bool = False  # a monthly volume that grows with traffic (1x/10x/100x charts)

    def allowed(self) -> str:
        """The allowed values in words, for error messages and --help."""
        if self.type is ParameterType.CHOICE:
            return "one of " + ", ".join(self.choices)
        if self.type is ParameterType.BOOL:
            return "true or false"
        unit = f" {self.unit}" if self.unit else ""
        kind = "a whole number" if self.type is ParameterType.INT else "a number"
        assert self.min is not None and self.max is not None
        return f"{kind} from {_n(self.min)} to {_n(self.max)}{unit}"

    def parse(self, raw: object) -> Value:
        """The typed value of `raw` (a string, or an already typed value), or PricingInputError."""
        if self.type is ParameterType.CHOICE:
            text = str(raw).strip()
            if isinstance(raw, Decimal | int) and not isinstance(raw, bool):
                text = decimal_string(Decimal(raw))
            elif text not in self.choices and len(text) <= MAX_RAW_LENGTH and DECIMAL_RE.match(text):
                text = decimal_string(Decimal(text))  # "0.50" is the 0.5 GB cache
            if text not in self.choices:
                raise PricingInputError(
                    self.name, f"expected {self.allowed()}, got {str(raw)[:MAX_RAW_LENGTH]!r}"
                )
            return text
        if self.type is ParameterType.BOOL:
            if isinstance(raw, bool):
                return raw
            word = str(raw).strip().lower()
            if word in TRUE_WORDS or word in FALSE_WORDS:
                return word in TRUE_WORDS
            raise PricingInputError(
                self.name, f"expected {self.allowed()}, got {str(raw)[:MAX_RAW_LENGTH]!r}"
            )
        if isinstance(raw, bool) or not isinstance(raw, str | int | Decimal):
            raise PricingInputError(self.name, f"expected {self.allowed()}, got {raw!r}")
        if isinstance(raw, Decimal) and not raw.is_finite():
            raise PricingInputError(self.name, f"expected {self.allowed()}, got {raw}")
        stripped = raw.strip() if isinstance(raw, str) else None
        if stripped is not None:
            pattern = INT_RE if self.type is ParameterType.INT else DECIMAL_RE
            if len(stripped) > MAX_RAW_LENGTH or not pattern.match(stripped):
                shown = stripped if len(stripped) <= MAX_RAW_LENGTH else stripped[:MAX_RAW_LENGTH] + "..."
                raise PricingInputError(self.name, f"expected {self.allowed()}, got {shown!r}")
            number = Decimal(stripped)
        else:
            number = Decimal(raw)
        if self.type is ParameterType.INT and number != number.to_integral_value():
            raise PricingInputError(self.name, f"expected {self.allowed()}, got {_n(number)}")
        assert self.min is not None and self.max is not None
        if not self.min <= number <= self.max:
            shown = f"{number.normalize():E}" if abs(number) >= 10**15 else _n(number)
            raise PricingInputError(self.name, f"must be {self.allowed()}, got {shown}")
        return int(number) if self.type is ParameterType.INT else number


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    title: str
    parameters: tuple[ServiceParameter, ...]
    calculate: Callable[..., tuple[Usage, ...]]

    def parameter(self, name: str) -> ServiceParameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)

    @property
    def defaults(self) -> dict[str, Value]:
        return {parameter.name: parameter.default for parameter in self.parameters}

    def validate(self, raw: Mapping[str, object]) -> dict[str, Value]:
        """Every parameter typed and checked, defaults filled in; PricingInputError otherwise."""
        names = [parameter.name for parameter in self.parameters]
        for name in raw:
            if name not in names:
                raise PricingInputError(
                    str(name)[:MAX_RAW_LENGTH] or "parameter",
                    f"unknown parameter for {self.name}; expected one of: {', '.join(names)}",
                )
        return {
            parameter.name: parameter.parse(raw[parameter.name])
            if parameter.name in raw
            else parameter.default
            for parameter in self.parameters
        }


def _volume(name: str, unit: str, default: int, help: str, *, maximum: int = 10**13) -> ServiceParameter:
    return ServiceParameter(
        name, ParameterType.INT, unit, default, Decimal(0), Decimal(maximum), (), help, True
    )


def _int(name: str, unit: str, default: int, low: int, high: int, help: str) -> ServiceParameter:
    return ServiceParameter(name, ParameterType.INT, unit, default, Decimal(low), Decimal(high), (), help)


def _decimal(
    name: str, unit: str, default: str, low: str, high: str, help: str, *, traffic: bool = False
) -> ServiceParameter:
    return ServiceParameter(
        name, ParameterType.DECIMAL, unit, Decimal(default), Decimal(low), Decimal(high), (), help, traffic
    )


def _choice(name: str, default: str, choices: tuple[str, ...], help: str, unit: str = "") -> ServiceParameter:
    return ServiceParameter(name, ParameterType.CHOICE, unit, default, None, None, choices, help)


def _bool(name: str, default: bool, help: str) -> ServiceParameter:
    return ServiceParameter(name, ParameterType.BOOL, "", default, None, None, (), help)


def _build_services() -> dict[str, ServiceDefinition]:
    catalog = load_catalog()
    hours = int(catalog.hours_per_month)
    cache_sizes = ("0", *catalog.options["api_gateway_rest.cache"])
    node_types = catalog.options["elasticache.node_hours"]
    engines = catalog.options["elasticache_serverless.data_stored"]
    rds_engines = tuple(
        key.removeprefix("rds.").removesuffix("_instance_hours")
        for key in catalog.options
        if key.startswith("rds.") and key.endswith("_instance_hours")
    )
    rds_classes = catalog.options["rds.postgres_instance_hours"]
    month_hours = _int(
        "hours", "h", hours, 0, hours, f"Hours the nodes run in the month; {hours} is all month."
    )
    specs: list[tuple[str, Callable[..., tuple[Usage, ...]], tuple[ServiceParameter, ...]]] = [
        (
            "lambda",
            lambda_cost,
            (
                _volume("requests", "requests", 1_000_000, "Invocations per month.", maximum=10**12),
                _int(
                    "duration_ms",
                    "ms",
                    100,
                    1,
                    900_000,
                    "Average billed duration; Lambda's timeout is 900 s.",
                ),
                _int(
                    "memory_mb", "MB", 128, 128, 10_240, "Configured memory, 128 to 10,240 MB in 1 MB steps."
                ),
                _choice(
                    "architecture", "x86_64", ("x86_64", "arm64"), "arm64 (Graviton) costs about 20% less."
                ),
                _int(
                    "ephemeral_storage_mb",
                    "MB",
                    512,
                    512,
                    10_240,
                    "Configured /tmp; the first 512 MB is free.",
                ),
                _int(
                    "provisioned_concurrency",
                    "environments",
                    0,
                    0,
                    100_000,
                    "Provisioned concurrency; 0 = off.",
                ),
                _int("provisioned_hours", "h", hours, 0, hours, "Hours provisioned concurrency is enabled."),
            ),
        ),
        (
            "lambda_at_edge",
            lambda_at_edge_cost,
            (
                _volume("requests", "requests", 1_000_000, "Invocations per month.", maximum=10**12),
                _int("duration_ms", "ms", 10, 1, 30_000, "Average duration; origin triggers may run 30 s."),
                _int("memory_mb", "MB", 128, 128, 10_240, "Memory; viewer triggers are limited to 128 MB."),
            ),
        ),
        (
            "cloudfront_functions",
            cloudfront_functions_cost,
            (_volume("invocations", "invocations", 1_000_000, "Function invocations per month."),),
        ),
        (
            "cloudfront",
            cloudfront_cost,
            (
                _volume("requests", "requests", 1_000_000, "HTTPS requests per month from North America."),
                _decimal(
                    "data_transfer_gb",
                    "GB",
                    "10",
                    "0",
                    "100000000",
                    "Data sent to viewers a month.",
                    traffic=True,
                ),
            ),
        ),
        (
            "api_gateway_rest",
            api_gateway_rest_cost,
            (
                _volume("requests", "requests", 1_000_000, "API calls per month.", maximum=10**12),
                _choice(
                    "cache_size_gb", "0", cache_sizes, "Stage cache size in GB; 0 = no cache.", unit="GB"
                ),
                _int("cache_hours", "h", hours, 0, hours, "Hours the cache is provisioned."),
            ),
        ),
        (
            "api_gateway_http",
            api_gateway_http_cost,
            (
                _volume("requests", "requests", 1_000_000, "API calls per month.", maximum=10**12),
                _decimal(
                    "request_size_kb", "KB", "1", "0", "10240", "Average request size; metered per 512 KB."
                ),
            ),
        ),
        (
            "api_gateway_websocket",
            api_gateway_websocket_cost,
            (
                _volume(
                    "messages", "messages", 1_000_000, "Messages sent and received per month.", maximum=10**12
                ),
                _decimal(
                    "message_size_kb", "KB", "1", "0", "128", "Average message size; metered per 32 KB."
                ),
                _volume("connection_minutes", "minutes", 0, "Connection minutes per month."),
            ),
        ),
        (
            "dynamodb",
            dynamodb_cost,
            (
                _volume(
                    "write_request_units", "WRU", 1_000_000, "Write request units per month (1 KB each)."
                ),
                _volume("read_request_units", "RRU", 1_000_000, "Read request units per month (4 KB each)."),
                _decimal("storage_gb", "GB", "1", "0", "10000000", "Table size; the first 25 GB are free."),
            ),
        ),
        (
            "dynamodb_provisioned",
            dynamodb_provisioned_cost,
            (
                _int(
                    "write_capacity_units",
                    "WCU",
                    5,
                    0,
                    1_000_000,
                    "Provisioned writes per second (1 KB each), all month; 25 WCU are free.",
                ),
                _int(
                    "read_capacity_units",
                    "RCU",
                    5,
                    0,
                    1_000_000,
                    "Provisioned strongly consistent reads per second (4 KB each); 25 RCU are free.",
                ),
                _decimal("storage_gb", "GB", "1", "0", "10000000", "Table size; the first 25 GB are free."),
            ),
        ),
        (
            "data_transfer",
            data_transfer_out_cost,
            (
                _decimal(
                    "gb",
                    "GB",
                    "10",
                    "0",
                    "100000000",
                    "Data sent to the internet a month; the first 100 GB are free across all services.",
                    traffic=True,
                ),
            ),
        ),
        (
            "s3",
            s3_cost,
            (
                _decimal("storage_gb", "GB", "1", "0", "100000000", "Average GB stored during the month."),
                _volume("put_requests", "requests", 10_000, "PUT, COPY, POST and LIST requests per month."),
                _volume("get_requests", "requests", 100_000, "GET requests per month."),
            ),
        ),
        (
            "sqs",
            sqs_cost,
            (
                _volume(
                    "requests", "requests", 1_000_000, "API requests per month: sends, receives, deletes."
                ),
                _decimal(
                    "message_size_kb", "KB", "1", "0", "1024", "Average payload; each 64 KB is one request."
                ),
                _choice("queue_type", "standard", ("standard", "fifo"), "FIFO requests cost 25% more."),
            ),
        ),
        (
            "sns",
            sns_cost,
            (
                _volume("publishes", "requests", 1_000_000, "Publish requests per month."),
                _decimal(
                    "message_size_kb", "KB", "1", "0", "256", "Average payload; each 64 KB is one request."
                ),
                _volume("http_deliveries", "notifications", 0, "Deliveries to HTTP/S endpoints per month."),
                _volume("email_deliveries", "notifications", 0, "Deliveries to email addresses per month."),
            ),
        ),
        (
            "eventbridge",
            eventbridge_cost,
            (
                _volume("custom_events", "events", 1_000_000, "Custom events published per month."),
                _volume(
                    "scheduler_invocations", "invocations", 0, "EventBridge Scheduler invocations per month."
                ),
            ),
        ),
        (
            "step_functions_standard",
            step_functions_standard_cost,
            (
                _volume(
                    "state_transitions",
                    "transitions",
                    100_000,
                    "State transitions per month, retries included.",
                ),
            ),
        ),
        (
            "step_functions_express",
            step_functions_express_cost,
            (
                _volume("requests", "requests", 1_000_000, "Workflow executions per month.", maximum=10**12),
                _int(
                    "duration_ms", "ms", 100, 1, 300_000, "Average duration; Express runs at most 5 minutes."
                ),
                _int(
                    "memory_mb", "MB", 64, 1, 10_240, "Memory used, billed in 64 MB chunks (50 MB at least)."
                ),
            ),
        ),
        (
            "kinesis_data_streams",
            kinesis_data_streams_cost,
            (
                _choice("mode", "provisioned", ("provisioned", "on_demand"), "Capacity mode."),
                _int("shards", "shards", 1, 1, 10_000, "Shards (provisioned mode only)."),
                _decimal(
                    "records_per_second",
                    "records/s",
                    "100",
                    "0",
                    "10000000",
                    "Average records written per second.",
                    traffic=True,
                ),
                _decimal("record_size_kb", "KB", "1", "0", "10240", "Average record size."),
                _int("enhanced_fan_out_consumers", "consumers", 0, 0, 20, "Enhanced fan-out consumers."),
                _int(
                    "retention_hours",
                    "h",
                    24,
                    24,
                    8_760,
                    "Data retention; 24 h are included, extended retention to 7 days, long-term to 365 days.",
                ),
                _int(
                    "standard_consumers",
                    "consumers",
                    1,
                    0,
                    20,
                    "Consumers reading with GetRecords (shared throughput); on-demand bills each one per GB.",
                ),
            ),
        ),
        (
            "firehose",
            firehose_cost,
            (_decimal("ingested_gb", "GB", "100", "0", "100000000", "GB ingested per month.", traffic=True),),
        ),
        (
            "cloudwatch_logs",
            cloudwatch_logs_cost,
            (
                _decimal(
                    "ingested_gb", "GB", "1", "0", "100000000", "Log data ingested per month.", traffic=True
                ),
                _decimal("stored_gb", "GB", "1", "0", "1000000000", "Log data archived (GB-months)."),
            ),
        ),
        (
            "cloudwatch_alarms",
            cloudwatch_alarms_cost,
            (_int("alarms", "alarms", 10, 0, 1_000_000, "Standard-resolution metric alarms; 10 are free."),),
        ),
        (
            "kms",
            kms_cost,
            (_int("keys", "keys", 1, 0, 100_000, "Customer managed keys; AWS managed keys are free."),),
        ),
        (
            "xray",
            xray_cost,
            (
                _volume("traces_recorded", "traces", 100_000, "Traces recorded per month (after sampling)."),
                _volume("traces_scanned", "traces", 0, "Traces retrieved or scanned per month."),
            ),
        ),
        (
            "elasticache",
            elasticache_cost,
            (
                _choice("node_type", node_types[0], node_types, "Node type (on-demand)."),
                _int("nodes", "nodes", 1, 0, 500, "Nodes in the cluster, replicas included."),
                month_hours,
            ),
        ),
        (
            "elasticache_serverless",
            elasticache_serverless_cost,
            (
                _choice(
                    "engine",
                    "valkey",
                    engines,
                    "Valkey costs about a third less than Redis OSS and Memcached.",
                ),
                _decimal(
                    "data_stored_gb",
                    "GB",
                    "1",
                    "0",
                    "100000",
                    "Average data stored; at least 0.1 GB (Valkey) or 1 GB (Redis OSS, Memcached) is billed.",
                ),
                _volume(
                    "ecpus",
                    "ECPUs",
                    10_000_000,
                    "ElastiCache Processing Units a month: 1 per KB read or written.",
                ),
            ),
        ),
        (
            "waf",
            waf_cost,
            (
                _int("web_acls", "web ACLs", 1, 0, 1_000, "Web ACLs."),
                _int("rules", "rules", 5, 0, 10_000, "Rules and rule groups, across all web ACLs."),
                _volume("requests", "requests", 1_000_000, "Requests inspected per month."),
            ),
        ),
        (
            "rds",
            rds_instance_cost,
            (
                _choice("instance_class", rds_classes[0], rds_classes, "DB instance class (On-Demand)."),
                _choice("engine", rds_engines[0], rds_engines, "Database engine."),
                _bool(
                    "multi_az", False, "A standby in a second Availability Zone; doubles hours and storage."
                ),
                _int(
                    "storage_gb",
                    "GB",
                    20,
                    20,
                    65_536,
                    "Allocated General Purpose storage, 20 GB to 64 TiB.",
                ),
                _choice(
                    "storage_type",
                    "gp3",
                    catalog.options["rds.storage"],
                    "General Purpose SSD volume type; gp2 and gp3 cost the same per GB.",
                ),
            ),
        ),
        (
            "rds_proxy",
            rds_proxy_cost,
            (
                _int(
                    "vcpus",
                    "vCPUs",
                    2,
                    1,
                    192,
                    "vCPUs of the DB instance behind the proxy (db.t4g classes have 2); at least 2 are billed.",
                ),
            ),
        ),
        (
            "opensearch",
            opensearch_cost,
            (
                _choice(
                    "instance_type",
                    "t3.small.search",
                    catalog.options["opensearch.instance_hours"],
                    "Data node instance type (On-Demand).",
                ),
                _int("instances", "instances", 1, 1, 200, "Data nodes in the domain."),
                _int(
                    "storage_gb",
                    "GB",
                    10,
                    10,
                    16_384,
                    "EBS volume on each data node; each instance type has its own maximum.",
                ),
                _choice(
                    "storage_type",
                    "gp3",
                    catalog.options["opensearch.storage"],
                    "EBS volume type; gp3 costs about 10% less than gp2.",
                ),
            ),
        ),
        ("ses", ses_cost, (_volume("emails", "emails", 10_000, "Outbound emails per month."),)),
    ]
    return {
        name: ServiceDefinition(
            name=name, title=catalog.titles[name], parameters=parameters, calculate=function
        )
        for name, function, parameters in specs
    }


SERVICES: dict[str, ServiceDefinition] = _build_services()


def estimate_service(name: str, raw: Mapping[str, object], free_tier: bool = True) -> Estimate:
    """Validates raw parameter values (strings from a form, query string or --set) for one
    service and prices them; defaults fill what `raw` leaves out. Bad input raises
    PricingInputError naming the field and what is allowed."""
    if name not in SERVICES:
        shown = str(name)[:MAX_RAW_LENGTH]
        raise PricingInputError(
            "service", f"unknown service {shown!r}; expected one of: {', '.join(SERVICES)}"
        )
    definition = SERVICES[name]
    values = definition.validate(raw)
    return price_usages(definition.calculate(**values), free_tier=free_tier)
