"""A pattern's monthly cost: its parameters mapped onto the service calculators.

`estimate_pattern(spec, values)` prices every component node of the pattern's diagram that
is present for these values (optional nodes only when their condition holds), all in one
estimate so that each free-tier allowance is used once. Line items are labelled with the
diagram node they price ("Business function: Requests"). A node the engine cannot price
(RDS, OpenSearch, SES) or that costs nothing by itself gets a note instead, so that every
component is accounted for. Assumptions the parameters do not settle (log volume, X-Ray
sampling, result sizes) are constants below, each explained, and repeated in the notes.

`SEED_SCENARIOS` holds the seed guide's three "Cost Comparison" scenarios as parameter
overrides with the original guide's figures; `compare_seed_scenario()` prices one and explains, in
words, why our figure differs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal

from explorer.domain.content.schema import ParameterValue, PatternSpec, TopologyNode
from explorer.domain.pricing.catalog import load_catalog
from explorer.domain.pricing.engine import (
    Estimate,
    Usage,
    format_money,
    format_quantity,
    price_usages,
    round_money,
)
from explorer.domain.pricing.services import (
    KB_PER_GB,
    PricingInputError,
    api_gateway_http_cost,
    api_gateway_rest_cost,
    api_gateway_websocket_cost,
    cloudfront_cost,
    cloudfront_functions_cost,
    cloudwatch_logs_cost,
    dynamodb_cost,
    elasticache_cost,
    eventbridge_cost,
    firehose_cost,
    kinesis_data_streams_cost,
    lambda_at_edge_cost,
    lambda_cost,
    s3_cost,
    sns_cost,
    sqs_cost,
    step_functions_express_cost,
    step_functions_standard_cost,
    waf_cost,
    xray_cost,
)
from explorer.domain.schedules import MONTHS, RATE_SECONDS, WEEKDAYS, Schedule, parse_schedule

# --- assumptions the parameters leave open -------------------------------------------------------

# Every Lambda invocation writes about 1 KB to CloudWatch Logs (the START, END and REPORT lines
# are about 300 bytes; the rest is the function's own logging).
LOG_KB_PER_INVOCATION = Decimal(1)
# Small helper functions (authorizers, orchestrators, $connect handlers) run 100 ms at 128 MB.
HELPER_DURATION_MS = 100
HELPER_MEMORY_MB = 128
# X-Ray's default sampling rule records the first request each second and 5% of the rest
# (https://docs.aws.amazon.com/xray/latest/devguide/xray-console-sampling.html).
XRAY_RESERVOIR_PER_SECOND = Decimal(1)
XRAY_FIXED_RATE = Decimal("0.05")
# A web ACL with AWS's core rule set and a few custom rules: 5 rules.
WAF_RULES = 5
# API responses served through CloudFront average 10 KB.
CDN_RESPONSE_KB = Decimal(10)
# CloudFront serves 80% of requests from cache; 20% reach the origin (and origin-side
# Lambda@Edge triggers).
CACHE_MISS_RATIO = Decimal("0.2")
# A processing result (output object) is 100 KB; a result or state item in DynamoDB is 1 KB.
RESULT_OBJECT_KB = Decimal(100)
ITEM_KB = Decimal(1)
# Tables, buckets and sites whose size no parameter gives hold 1 GB.
SMALL_STORE_GB = Decimal(1)
# Lambda's SQS event source keeps 5 pollers long-polling (20 s) while the queue is idle.
SQS_IDLE_POLLERS = 5
SQS_LONG_POLL_S = 20
# Firehose writes an S3 object per 5 MB or per 300 s, whichever comes first (the defaults).
FIREHOSE_BUFFER_MB = Decimal(5)
FIREHOSE_BUFFER_S = Decimal(300)


def estimate_pattern(
    spec: PatternSpec, values: Mapping[str, ParameterValue], *, free_tier: bool = True
) -> Estimate:
    """The monthly estimate of `spec` with `values` (defaults fill what it leaves out).

    Raises PricingInputError("pattern", ...) for a pattern without a cost model.
    """
    model = PATTERN_MODELS.get(spec.slug)
    if model is None:
        raise PricingInputError("pattern", f"no cost model for the pattern {spec.slug!r}")
    costing = _Costing(spec, values)
    model(costing)
    costing.finish()
    return price_usages(costing.usages, free_tier=free_tier, notes=costing.notes)


def has_cost_model(spec: PatternSpec) -> bool:
    """Whether the pattern can be priced; a team's own pattern may have no model yet."""
    return spec.slug in PATTERN_MODELS


def traffic_parameters(spec: PatternSpec) -> tuple[str, ...]:
    """The parameters that scale with traffic, for the 1x/10x/100x chart."""
    return TRAFFIC_PARAMETERS.get(spec.slug, ())


class _Costing:
    """The usages and notes of one pattern estimate, built node by node."""

    def __init__(self, spec: PatternSpec, values: Mapping[str, ParameterValue]) -> None:
        self.spec = spec
        self.values: dict[str, ParameterValue] = {**spec.defaults, **values}
        self.usages: list[Usage] = []
        self.notes: list[str] = []
        self.invocations = Decimal(0)  # Lambda invocations, for CloudWatch Logs
        self.month_seconds = load_catalog().hours_per_month * 3600

    # values
    def number(self, name: str) -> Decimal:
        value = self.values[name]
        if isinstance(value, bool):
            raise TypeError(f"{name} is not a number")
        return Decimal(value)

    def flag(self, name: str) -> bool:
        return bool(self.values[name])

    def choice(self, name: str) -> str:
        return str(self.values[name])

    # nodes
    def node(self, node_id: str) -> TopologyNode:
        return self.spec.topology.node(node_id)

    def on(self, node_id: str) -> bool:
        return self.node(node_id).when.holds(self.values)

    def add(self, node_id: str, usages: Iterable[Usage]) -> None:
        """Adds the usages of a node that is present, labelled with the node."""
        if self.on(node_id):
            self.extra(self.node(node_id).label, usages, node_id=node_id)

    def extra(self, label: str, usages: Iterable[Usage], *, node_id: str = "") -> None:
        catalog = load_catalog()
        for usage in usages:
            item = usage.item or catalog.rate(usage.rate).description
            self.usages.append(replace(usage, item=f"{label}: {item}", node=node_id))

    def attach(self, label_or_node: str, usages: Iterable[Usage]) -> None:
        """Adds usages to the node with that id, or under that label when no node has it."""
        if any(node.id == label_or_node for node in self.spec.topology.nodes):
            self.add(label_or_node, usages)
        else:
            self.extra(label_or_node, usages)

    def note(self, node_id: str, text: str) -> None:
        if self.on(node_id):
            self.notes.append(f"{self.node(node_id).label}: {text}")

    def assume(self, text: str) -> None:
        self.notes.append(f"Assumed: {text}")

    def function(
        self,
        node_id: str,
        invocations: Decimal,
        duration_ms: Decimal | int | None = None,
        memory_mb: Decimal | int | None = None,
    ) -> None:
        """A Lambda function node: `invocations` a month at the pattern's duration and memory."""
        if not self.on(node_id):
            return
        invocations = _ceil(invocations)
        duration = _ceil(Decimal(self.values["avg_duration_ms"] if duration_ms is None else duration_ms))
        memory = Decimal(self.values["memory_mb"] if memory_mb is None else memory_mb)
        architecture = str(self.values.get("architecture", "x86_64"))
        self.invocations += invocations
        self.add(
            node_id,
            lambda_cost(
                requests=invocations,
                duration_ms=max(duration, Decimal(1)),
                memory_mb=memory,
                architecture=architecture,
            ),
        )

    def helper(self, node_id: str, invocations: Decimal, role: str) -> None:
        if self.on(node_id):
            self.function(node_id, invocations, HELPER_DURATION_MS, HELPER_MEMORY_MB)
            self.assume(
                f"{self.node(node_id).label} ({role}) runs {HELPER_DURATION_MS} ms at {HELPER_MEMORY_MB} MB"
                " per invocation."
            )

    def logs(self, label_or_node: str) -> None:
        """CloudWatch Logs for every Lambda invocation priced so far."""
        if not self.invocations:
            return
        retention = self.number("log_retention_days") if "log_retention_days" in self.values else Decimal(30)
        ingested = self.invocations * LOG_KB_PER_INVOCATION / KB_PER_GB
        stored = ingested * retention / 30
        self.attach(label_or_node, cloudwatch_logs_cost(ingested_gb=ingested, stored_gb=stored))
        self.assume(
            f"each Lambda invocation logs {format_quantity(LOG_KB_PER_INVOCATION)} KB; log storage is the"
            f" steady state for {format_quantity(retention)} days of retention (uncompressed)."
        )

    def traces(self, label_or_node: str, requests: Decimal) -> None:
        """X-Ray traces for `requests` entry points under the default sampling rule."""
        rate = requests / self.month_seconds
        per_second = (
            min(rate, XRAY_RESERVOIR_PER_SECOND) + max(rate - XRAY_RESERVOIR_PER_SECOND, 0) * XRAY_FIXED_RATE
        )
        traces = _ceil(per_second * self.month_seconds)
        self.attach(label_or_node, xray_cost(traces_recorded=traces, traces_scanned=0))
        self.assume(
            f"X-Ray's default sampling (1 request a second and 5% of the rest) records {format_quantity(traces)}"
            f" of {format_quantity(requests)} traced requests; no traces are scanned."
        )

    def finish(self) -> None:
        # The same note may come from two nodes using one helper; say it once.
        self.notes = list(dict.fromkeys(self.notes))


def _ceil(value: Decimal) -> Decimal:
    return Decimal(value).to_integral_value(rounding=ROUND_CEILING)


def _gb(count: Decimal, kb_each: Decimal) -> Decimal:
    return count * kb_each / KB_PER_GB


# --- the patterns ---------------------------------------------------------------------------------


def _api_backend(c: _Costing) -> None:
    requests = c.number("requests_per_month")
    if c.choice("api_type") == "rest":
        c.add("api", api_gateway_rest_cost(requests=requests, cache_size_gb="0"))
        c.add("api_cache", api_gateway_rest_cost(requests=0, cache_size_gb=c.choice("cache_size_gb")))
    else:
        c.add("api", api_gateway_http_cost(requests=requests, request_size_kb=1))
        c.assume("HTTP API requests are under 512 KB, so each is metered once.")
    if c.on("api_cache"):
        c.assume("cache hits still reach Lambda and the database (no hit rate is given).")
    c.helper("authorizer", requests, "one call per request, an upper bound: its result cache cuts this")
    c.function("fn", requests)
    c.add("redis", elasticache_cost(node_type="cache.t4g.micro", nodes=1, hours=730))
    c.note("redis", "one cache.t4g.micro node all month, no replica.")
    reads = requests * c.number("db_reads_per_request")
    writes = requests * c.number("db_writes_per_request")
    c.add(
        "ddb",
        dynamodb_cost(
            write_request_units=_ceil(writes), read_request_units=_ceil(reads), storage_gb=SMALL_STORE_GB
        ),
    )
    c.note(
        "ddb",
        "each read is 1 RRU (strongly consistent, up to 4 KB), each write 1 WRU (up to 1 KB);"
        f" the table holds {format_quantity(SMALL_STORE_GB)} GB.",
    )
    if c.choice("billing_mode") == "provisioned":
        c.note("ddb", "priced at on-demand rates; provisioned capacity (per WCU/RCU-hour) is not modelled.")
    c.note(
        "rds_proxy",
        "not priced: RDS Proxy is billed per vCPU-hour of the database, which no parameter gives.",
    )
    c.note("rds", "not priced: the instance class and storage are not parameters of this pattern.")
    c.add("cdn", cloudfront_cost(requests=requests, data_transfer_gb=_gb(requests, CDN_RESPONSE_KB)))
    c.note(
        "cdn",
        f"every request passes through CloudFront with a {format_quantity(CDN_RESPONSE_KB)} KB response.",
    )
    for waf in ("waf_edge", "waf_regional"):
        c.add(waf, waf_cost(web_acls=1, rules=WAF_RULES, requests=requests))
        c.note(waf, f"one web ACL with {WAF_RULES} rules inspecting every request.")
    c.logs("logs")
    if c.on("xray"):
        c.traces("xray", requests)


def _event_driven_processing(c: _Costing) -> None:
    uploads = c.number("uploads_per_month")
    variant = c.choice("variant")
    subscribers = c.number("fanout_subscribers")
    chunks = c.number("chunks_per_file")
    duration = c.number("avg_duration_ms")
    per_chunk = _ceil(duration / chunks)
    readers = {"single": Decimal(1), "fan-out": subscribers, "fan-in": chunks}[variant]
    results = uploads * subscribers if variant == "fan-out" else uploads

    c.add(
        "bucket",
        s3_cost(storage_gb=c.number("storage_gb"), put_requests=uploads, get_requests=uploads * readers),
    )
    c.note("bucket", "one PUT per upload and one GET per reading function (ranged GETs per chunk in fan-in).")
    c.function("processor", uploads)

    c.add("topic", sns_cost(publishes=uploads, message_size_kb=1))
    c.note("topic", "deliveries to Lambda subscribers carry no SNS charge.")
    for node_id in ("thumbnail", "metadata", "virus_scan"):
        c.function(node_id, uploads)
    c.function("more_subscribers", uploads * max(subscribers - 3, Decimal(0)))
    if variant == "fan-out":
        c.assume("every subscriber runs as long as avg_duration_ms and writes one result.")

    c.helper("orchestrator", uploads, "starts one workflow per upload")
    if c.choice("workflow_type") == "standard":
        c.add("state_machine", step_functions_standard_cost(state_transitions=uploads * (chunks + 2)))
        c.note(
            "state_machine",
            "one Map state, one transition per chunk and one for the aggregate step per file.",
        )
    else:
        c.add(
            "state_machine",
            step_functions_express_cost(
                requests=uploads, duration_ms=per_chunk + HELPER_DURATION_MS, memory_mb=64
            ),
        )
        c.note(
            "state_machine", "chunks run in parallel, so a workflow lasts one chunk plus the aggregate step."
        )
    c.function("chunk_1", uploads, per_chunk)
    c.function("chunk_n", uploads * (chunks - 1), per_chunk)
    if variant == "fan-in":
        c.assume("a file's processing time splits evenly across its chunks.")
    c.helper("aggregate", uploads, "combines the chunk results")

    c.add(
        "out_bucket", s3_cost(storage_gb=_gb(results, RESULT_OBJECT_KB), put_requests=results, get_requests=0)
    )
    c.note(
        "out_bucket",
        f"one {format_quantity(RESULT_OBJECT_KB)} KB output object per result, kept for the month.",
    )
    c.add(
        "out_table",
        dynamodb_cost(write_request_units=results, read_request_units=0, storage_gb=_gb(results, ITEM_KB)),
    )
    c.note("out_table", f"one {format_quantity(ITEM_KB)} KB item (1 WRU) per result.")
    c.note("dlq", "costs nothing until events fail; each failed event then adds a few SQS requests.")
    c.note(
        "alarms", "alarms not priced ($0.10 per alarm-month after 10 free); the functions' logs are below."
    )
    c.logs("CloudWatch Logs")
    if c.on("tracing"):
        c.traces("tracing", uploads)


def _scheduled_tasks(c: _Costing) -> None:
    runs = _ceil(runs_per_month(parse_schedule(c.choice("schedule"))))
    c.assume(f"{c.choice('schedule')} runs {format_quantity(runs)} times in a 730-hour month.")
    c.note("rule", "scheduled rules on the default event bus cost nothing.")
    c.add("schedule", eventbridge_cost(custom_events=0, scheduler_invocations=runs))
    c.add("workflow", step_functions_standard_cost(state_transitions=runs * 4))
    c.note("workflow", "4 state transitions per run (start task, run, notify, end).")
    c.function("task_fn", runs)
    c.note("database", "not priced: snapshot storage depends on the database size, which is not a parameter.")
    c.add(
        "table", dynamodb_cost(write_request_units=runs, read_request_units=0, storage_gb=_gb(runs, ITEM_KB))
    )
    c.note("table", "one 1 KB metrics item written per run.")
    c.add("reports", s3_cost(storage_gb=_gb(runs, RESULT_OBJECT_KB), put_requests=runs, get_requests=0))
    c.note("reports", f"one {format_quantity(RESULT_OBJECT_KB)} KB report per run, kept for the month.")
    c.add("topic", sns_cost(publishes=runs, message_size_kb=1, email_deliveries=runs))
    c.note("topic", "one notification per run to one email subscription.")
    c.note("email", "not priced: Amazon SES ($0.10 per 1,000 emails) is outside the catalog.")
    c.note("alarm", "alarms not priced ($0.10 per alarm-month after 10 free).")
    c.note("dlq", "costs nothing until a run fails; each failed event then adds a few SQS requests.")
    c.logs("logs")
    if c.on("tracing"):
        c.traces("tracing", runs)


def _stream_processing(c: _Costing) -> None:
    rate = c.number("records_per_second")
    size_kb = c.number("record_size_kb")
    records = rate * c.month_seconds
    c.add(
        "stream",
        kinesis_data_streams_cost(
            mode=c.choice("stream_mode"),
            shards=c.number("shards"),
            records_per_second=rate,
            record_size_kb=size_kb,
            enhanced_fan_out_consumers=1 if c.flag("enhanced_fan_out") else 0,
        ),
    )
    if c.number("retention_hours") > 24:
        c.note("stream", "retention beyond 24 hours is not priced (extended and long-term retention).")
    invocations = _ceil(records / c.number("batch_size"))
    c.function("consumer", invocations)
    if c.on("consumer"):
        c.assume("the consumer's batches are full; at low traffic they are smaller and more frequent.")
    firehose_gb = records * _ceil(size_kb / 5) * 5 / KB_PER_GB
    c.add("firehose", firehose_cost(ingested_gb=firehose_gb))
    c.note("firehose", "each record is rounded up to 5 KB.")
    c.add(
        "state",
        dynamodb_cost(
            write_request_units=invocations, read_request_units=invocations, storage_gb=SMALL_STORE_GB
        ),
    )
    c.note("state", "one read and one write of state per batch.")
    c.note("failed", "costs nothing until batches fail; each failure then adds a few SQS requests.")
    data_gb = records * size_kb / KB_PER_GB
    if c.choice("consumer") == "firehose":
        objects = _ceil(max(data_gb * 1024 / FIREHOSE_BUFFER_MB, c.month_seconds / FIREHOSE_BUFFER_S))
    else:
        objects = invocations
    c.add("bucket", s3_cost(storage_gb=data_gb, put_requests=objects, get_requests=0))
    c.note(
        "bucket", "one month of records is stored; one object per batch (Lambda) or per buffer (Firehose)."
    )
    c.note("search", "not priced: OpenSearch domain instances are outside the catalog.")
    c.logs("CloudWatch Logs")
    if c.flag("tracing_enabled") and c.on("consumer"):
        c.traces("X-Ray", invocations)


def _async_messaging(c: _Costing) -> None:
    messages = c.number("messages_per_month")
    receive_batch = min(c.number("batch_size"), Decimal(10))
    batches = _ceil(messages / receive_batch)
    idle_polls = Decimal(SQS_IDLE_POLLERS) * c.month_seconds / SQS_LONG_POLL_S
    c.add("api", api_gateway_rest_cost(requests=messages, cache_size_gb="0"))
    c.assume(
        "a REST API receives one request per message (an HTTP API costs $1.00 instead of $3.50 per million)."
    )
    c.helper("producer", messages, "sends one message per request")
    queue_type = c.choice("queue_type")
    size = c.number("message_size_kb")
    c.add(
        "queue",
        [
            replace(u, item="SendMessage and ReceiveMessage requests")
            for u in sqs_cost(requests=messages + batches, message_size_kb=size, queue_type=queue_type)
        ],
    )
    c.add(
        "queue",
        [
            replace(u, item="DeleteMessage and idle ReceiveMessage requests")
            for u in sqs_cost(requests=batches + idle_polls, message_size_kb=1, queue_type=queue_type)
        ],
    )
    c.note(
        "queue",
        f"Lambda receives and deletes in batches of {format_quantity(receive_batch)}, and its"
        f" {SQS_IDLE_POLLERS} pollers long-poll every {SQS_LONG_POLL_S} s all month (an upper bound on"
        " empty receives).",
    )
    c.note("dlq", "costs nothing until messages fail; each failure then adds a few SQS requests.")
    c.function("consumer", _ceil(messages / c.number("batch_size")))
    c.assume("the consumer's batches are full; each invocation runs avg_duration_ms.")
    c.logs("CloudWatch Logs")
    if c.flag("tracing_enabled"):
        c.traces("X-Ray", messages)


def _saga(c: _Costing) -> None:
    executions = c.number("executions_per_month")
    failures = executions * c.number("failure_rate_percent") / 100
    successes = executions - failures
    retries = c.number("retry_max_attempts")
    c.assume(
        "a failed saga fails at Process payment after all retries and releases the inventory;"
        " shipping never fails, so Cancel shipment and Refund payment do not run."
    )
    invocations = {
        "reserve": executions,
        "payment": executions + failures * retries,
        "ship": successes,
        "release": failures,
    }
    steps = sum(invocations.values(), Decimal(0))
    if c.choice("workflow_type") == "standard":
        transitions = successes * 4 + failures * (4 + retries)
        c.add("state_machine", step_functions_standard_cost(state_transitions=_ceil(transitions)))
        c.note("state_machine", "one transition per state entered, retries included.")
    else:
        interval = c.number("retry_interval_s") * 1000
        backoff = c.number("retry_backoff_rate")
        waiting = sum((interval * backoff**attempt for attempt in range(int(retries))), Decimal(0))
        lambda_ms = steps * c.number("avg_duration_ms")
        mean_ms = _ceil((lambda_ms + failures * waiting) / executions) if executions else Decimal(1)
        c.add(
            "state_machine",
            step_functions_express_cost(
                requests=executions, duration_ms=max(mean_ms, Decimal(1)), memory_mb=64
            ),
        )
        c.note(
            "state_machine", "an execution lasts its Lambda calls plus the retry waits of failures; 64 MB."
        )
    for node_id, count in invocations.items():
        c.function(node_id, count)
    for node_id in ("cancel", "refund"):
        c.note(node_id, "runs only when shipping fails, assumed never; no cost.")
    for node_id in ("complete", "failed"):
        c.note(node_id, "counted in the state machine's transitions.")
    c.add(
        "state_table",
        dynamodb_cost(
            write_request_units=_ceil(steps),
            read_request_units=executions,
            storage_gb=_gb(executions, ITEM_KB),
        ),
    )
    c.note("state_table", "one 1 KB state write per step and one read per saga.")
    c.logs("monitoring")
    if c.on("tracing"):
        c.traces("tracing", executions)


def _edge_functions(c: _Costing) -> None:
    requests = c.number("requests_per_month")
    viewer = c.choice("event_type").startswith("viewer")
    misses = requests * CACHE_MISS_RATIO
    invocations = requests if viewer else misses
    c.add("cloudfront", cloudfront_cost(requests=requests, data_transfer_gb=c.number("data_transfer_gb")))
    c.assume(
        f"{format_quantity(CACHE_MISS_RATIO * 100)}% of requests miss the cache and reach the origin"
        + ("." if viewer else ", and only those run the origin-side function.")
    )
    c.add("cf_function", cloudfront_functions_cost(invocations=invocations))
    c.add(
        "edge_lambda",
        lambda_at_edge_cost(
            requests=invocations, duration_ms=c.number("avg_duration_ms"), memory_mb=c.number("memory_mb")
        ),
    )
    c.add("origin_s3", s3_cost(storage_gb=SMALL_STORE_GB, put_requests=0, get_requests=misses))
    c.note("origin_s3", f"the site holds {format_quantity(SMALL_STORE_GB)} GB; one GET per cache miss.")
    c.add("origin_api", api_gateway_rest_cost(requests=misses, cache_size_gb="0"))
    c.note("origin_api", "a REST API answers each cache miss.")
    c.add("waf", waf_cost(web_acls=1, rules=WAF_RULES, requests=requests))
    c.note("waf", f"one web ACL with {WAF_RULES} rules inspecting every request.")


def _websocket_api(c: _Costing) -> None:
    minutes = c.number("connection_minutes_per_month")
    messages = c.number("messages_per_month")
    sessions = _ceil(minutes / (c.number("connection_ttl_hours") * 60))
    inbound = _ceil(messages / 2)
    c.add(
        "wsapi",
        api_gateway_websocket_cost(
            messages=messages, message_size_kb=c.number("message_size_kb"), connection_minutes=minutes
        ),
    )
    c.assume(
        f"each connection lasts connection_ttl_hours, giving {format_quantity(sessions)} connections;"
        " half the messages come from clients (each invokes $default), half are sent back through the"
        " management API."
    )
    c.helper("authorizer", sessions, "runs on $connect")
    c.function("connect", sessions)
    c.function("disconnect", sessions)
    c.function("default", inbound)
    c.add(
        "table",
        dynamodb_cost(
            write_request_units=2 * sessions,
            read_request_units=inbound,
            storage_gb=_gb(c.number("peak_connections"), ITEM_KB),
        ),
    )
    c.note("table", "a put on connect, a delete on disconnect and one 1 KB read per client message.")
    c.add(
        "queue",
        sqs_cost(requests=inbound + 2 * _ceil(inbound / 10), message_size_kb=c.number("message_size_kb")),
    )
    c.note("queue", "one SendMessage per client message; receives and deletes in batches of 10.")
    c.function("worker", _ceil(inbound / 10))
    c.note("dlq", "costs nothing until broadcasts fail.")
    c.note("mgmt", "PostToConnection calls are the WebSocket API's outbound messages, counted there.")
    c.logs("logs")
    if c.on("xray"):
        c.traces("xray", inbound + sessions)


PATTERN_MODELS: dict[str, Callable[[_Costing], None]] = {
    "api-backend": _api_backend,
    "event-driven-processing": _event_driven_processing,
    "scheduled-tasks": _scheduled_tasks,
    "stream-processing": _stream_processing,
    "async-messaging": _async_messaging,
    "saga": _saga,
    "edge-functions": _edge_functions,
    "websocket-api": _websocket_api,
}

TRAFFIC_PARAMETERS: dict[str, tuple[str, ...]] = {
    "api-backend": ("requests_per_month",),
    "event-driven-processing": ("uploads_per_month",),
    "scheduled-tasks": (),
    "stream-processing": ("records_per_second",),
    "async-messaging": ("messages_per_month",),
    "saga": ("executions_per_month",),
    "edge-functions": ("requests_per_month", "data_transfer_gb"),
    "websocket-api": ("connection_minutes_per_month", "messages_per_month"),
}


# --- schedules ------------------------------------------------------------------------------------

DAYS_PER_MONTH = Decimal(730) / 24
NAMES = {name: index for names in (MONTHS, WEEKDAYS) for index, name in enumerate(names, start=1)}
STEP_RE = re.compile(r"^(\*|[A-Z0-9]+(?:-[A-Z0-9]+)?)(?:/(\d+))?$")


def runs_per_month(schedule: Schedule) -> Decimal:
    """How often a valid EventBridge schedule fires in a 730-hour month (on average).

    Rates divide the month; cron expressions multiply the minutes, hours and days they match,
    with days from day-of-month or day-of-week and the share of months matched. The year field
    is ignored.
    """
    if schedule.kind == "rate":
        seconds = RATE_SECONDS[schedule.rate_unit.removesuffix("s")]
        return Decimal(730 * 3600) / (seconds * schedule.rate_value)
    minutes, hours, day_of_month, month, day_of_week, _year = schedule.cron_fields
    if day_of_month not in ("?", "*"):
        days = Decimal(_count(day_of_month.split(","), 1, 31))
    elif day_of_week not in ("?", "*"):
        items = day_of_week.upper().split(",")
        nth = sum(1 for item in items if "#" in item or item.endswith("L"))
        weekly = _count([item for item in items if "#" not in item and not item.endswith("L")], 1, 7)
        days = Decimal(nth) + Decimal(weekly) * DAYS_PER_MONTH / 7
    else:
        days = DAYS_PER_MONTH
    month_share = Decimal(_count(month.upper().split(","), 1, 12)) / 12
    return _count(minutes.split(","), 0, 59) * _count(hours.split(","), 0, 23) * days * month_share


def _count(items: list[str], low: int, high: int) -> int:
    """How many values a list of cron items matches (already validated by parse_schedule).

    Items like L, W, 15W or 3#2 match one day a month and count once.
    """
    matched: set[int] = set()
    special = 0
    for item in items:
        if item in ("*", "?"):
            return high - low + 1
        match = STEP_RE.match(item)
        try:
            if not match:
                raise ValueError(item)
            span, step = match.group(1), int(match.group(2) or 1)
            if span == "*":
                first, last = low, high
            elif "-" in span:
                first, last = (_cron_value(part) for part in span.split("-"))
            else:
                first = _cron_value(span)
                last = high if match.group(2) else first
        except (KeyError, ValueError):
            special += 1
            continue
        matched.update(range(first, last + 1, step))
    return len(matched) + special


def _cron_value(text: str) -> int:
    return NAMES[text] if text in NAMES else int(text)


# --- the original guide's cost comparison -------------------------------------------------------------------


@dataclass(frozen=True)
class SeedItem:
    label: str  # as the seed writes it
    figure: str  # the original guide's monthly dollars, as written
    services: tuple[str, ...]  # our services it corresponds to
    why: str  # why our figure differs, in words


@dataclass(frozen=True)
class SeedScenario:
    pattern: str
    title: str
    overrides: Mapping[str, ParameterValue]
    items: tuple[SeedItem, ...]
    total: str  # as the seed writes it: "~42"


@dataclass(frozen=True)
class SeedRow:
    label: str
    seed: str
    ours: Decimal  # exact; round for display
    explanation: str


@dataclass(frozen=True)
class SeedComparison:
    scenario: SeedScenario
    estimate: Estimate
    rows: tuple[SeedRow, ...]
    not_in_seed: tuple[tuple[str, Decimal], ...]  # (service title, our cost) the seed left out
    free_tier_saving: Decimal

    def explain(self) -> tuple[str, ...]:
        """Each difference from the seed in words, one sentence per line."""
        lines = [
            f"{row.label}: the original guide says ${row.seed}, we estimate {format_money(row.ours)}. {row.explanation}"
            for row in self.rows
        ]
        if self.not_in_seed:
            left_out = ", ".join(f"{title} {format_money(cost)}" for title, cost in self.not_in_seed)
            lines.append(f"Not in the original guide's figures: {left_out}.")
        if self.estimate.free_tier:
            lines.append(
                f"The always-free tier takes {format_money(self.free_tier_saving)} off our total; the original guide does"
                " not say whether its figures include it."
            )
        lines.append(
            f"Total: the original guide says {self.scenario.total.replace('~', '~$').replace('<', '<$')}, we estimate"
            f" {format_money(self.estimate.total)} with prices as of {self.estimate.prices_as_of:%Y-%m-%d}."
        )
        return tuple(lines)


SEED_SCENARIOS: dict[str, SeedScenario] = {
    "api-backend": SeedScenario(
        pattern="api-backend",
        title="API backend: 10M requests a month, 200 ms average",
        overrides={"requests_per_month": 10_000_000, "avg_duration_ms": 200},
        items=(
            SeedItem(
                "Lambda",
                "2.40",
                ("lambda",),
                "The original guide does not state the memory. We assume the pattern's 512 MB: 10M x 0.2 s x 0.5 GB ="
                " 1,000,000 GB-s, of which 600,000 are billed after the free tier, plus 9M billed requests."
                " $2.40 only fits a small memory size with most compute inside the free tier.",
            ),
            SeedItem(
                "API Gateway",
                "35",
                ("api_gateway_rest", "api_gateway_http"),
                "Both use the REST API price, 10M x $3.50 per million; an HTTP API would cost $10.",
            ),
            SeedItem(
                "DynamoDB (on-demand)",
                "5",
                ("dynamodb",),
                "We assume 1 read and 0.2 writes per request (10M RRU and 2M WRU). The original guide's $5 matches the"
                " prices before AWS halved on-demand rates in November 2024 ($0.25 and $1.25 per million).",
            ),
        ),
        total="~42",
    ),
    "event-driven-processing": SeedScenario(
        pattern="event-driven-processing",
        title="Event processing: 1M S3 uploads a month, 5 s of processing each",
        overrides={"uploads_per_month": 1_000_000, "avg_duration_ms": 5000, "storage_gb": 1000},
        items=(
            SeedItem(
                "Lambda",
                "30",
                ("lambda",),
                "The original guide does not state the memory; $30 buys about 1.8M GB-s, i.e. about 360 MB for 5M"
                " seconds. We assume the pattern's 1,024 MB: 5,000,000 GB-s, 4,600,000 after the free tier.",
            ),
            SeedItem(
                "S3 (storage)",
                "23",
                ("s3",),
                "Both store 1,000 GB at $0.023 per GB-month ($23); we also count a PUT per upload, a GET per"
                " read and one output object per file.",
            ),
        ),
        total="~53",
    ),
    "scheduled-tasks": SeedScenario(
        pattern="scheduled-tasks",
        title="Cron jobs: 24 hourly tasks a day, 1 s each",
        overrides={"schedule": "rate(1 hour)", "avg_duration_ms": 1000},
        items=(
            SeedItem(
                "Lambda",
                "0.01",
                ("lambda",),
                "One hourly job runs 730 times in our 730-hour month (the original guide's 24 x 30 = 720). At the"
                " pattern's 128 MB that is 91.25 GB-s and 730 requests, all inside Lambda's free tier;"
                " without it, about $0.0014 on arm64 or $0.0017 on x86_64. The original guide's $0.01 rounds that up.",
            ),
            SeedItem(
                "EventBridge",
                "0",
                ("eventbridge",),
                "Scheduled rules cost nothing, and 730 Scheduler invocations are inside its 14 million free.",
            ),
        ),
        total="<0.01",
    ),
}


def compare_seed_scenario(
    scenario: SeedScenario, spec: PatternSpec, *, free_tier: bool = True
) -> SeedComparison:
    """Prices the original guide's scenario with this pattern and sets our figures beside the original guide's."""
    if spec.slug != scenario.pattern:
        raise ValueError(f"scenario {scenario.title!r} is for {scenario.pattern}, not {spec.slug}")
    estimate = estimate_pattern(spec, scenario.overrides, free_tier=free_tier)
    without_free_tier = estimate_pattern(spec, scenario.overrides, free_tier=False) if free_tier else estimate
    by_service = estimate.by_service()
    titles = load_catalog().titles
    rows = []
    covered: set[str] = set()
    for item in scenario.items:
        ours = sum((by_service.get(service, Decimal(0)) for service in item.services), Decimal(0))
        covered.update(item.services)
        rows.append(SeedRow(label=item.label, seed=item.figure, ours=ours, explanation=item.why))
    not_in_seed = tuple(
        (titles[service], cost)
        for service, cost in by_service.items()
        if service not in covered and round_money(cost)
    )
    return SeedComparison(
        scenario=scenario,
        estimate=estimate,
        rows=tuple(rows),
        not_in_seed=not_in_seed,
        free_tier_saving=without_free_tier.exact_total - estimate.exact_total,
    )
