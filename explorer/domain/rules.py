"""Hard limits and practice warnings for one configured pattern.

`check(spec, params)` reads the rule table below and returns a `CheckResult`: `errors`
are combinations AWS refuses (a deployment would fail, or the setting cannot exist), so no
snippet is generated for them; `warnings` are combinations AWS accepts but the practice
advises against. Every violation names the parameter(s), the limit and the AWS page the
number comes from.

The general rules are the tables below; a pattern module adds its own (`PatternModule.rules`).
A rule applies to a pattern that has every parameter the rule reads and, where the rule has
a `when`, whose values match it. The rules are data: add a row, not an `if`.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise

from explorer.domain.content.schema import ParameterValue, PatternSpec
from explorer.domain.params import Params
from explorer.domain.patterns.registry import pattern_module
from explorer.domain.schedules import next_runs

LAMBDA_QUOTAS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
LAMBDA_SQS = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"
LAMBDA_SQS_PARAMETERS = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html"
LAMBDA_KINESIS_PARAMETERS = "https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html"
LAMBDA_KINESIS_ERRORS = "https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html"
LAMBDA_XRAY = "https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html"
LAMBDA_TIMEOUT = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"
LAMBDA_CONCURRENCY = "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html"
API_GATEWAY_QUOTAS = "https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"
HTTP_API_QUOTAS = "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html"
WEBSOCKET_QUOTAS = "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html"
API_CACHING = "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html"
WAF_RESOURCES = "https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html"
WEBSOCKET_AUTH = (
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-lambda-auth.html"
)
SQS_DLQ = (
    "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html"
)
KINESIS_QUOTAS = "https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html"
CLOUDFRONT_QUOTAS = "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge"
CLOUDFRONT_FUNCTIONS = (
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-choosing.html"
)
STEP_FUNCTIONS_QUOTAS = "https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html"
STEP_FUNCTIONS_TYPES = "https://docs.aws.amazon.com/step-functions/latest/dg/choosing-workflow-type.html"
STEP_FUNCTIONS_RETRY = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html"
LAMBDA_ASYNC = "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"
SCHEDULER_TIMEZONES = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html"
EVENTBRIDGE_RULES = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html"

# A day of hourly schedule runs is enough to see the shortest gap between two runs.
GAP_SAMPLE_START = datetime(2026, 1, 5, tzinfo=UTC)
GAP_SAMPLE_RUNS = 30


@dataclass(frozen=True)
class Violation:
    """One rule a configuration breaks: the first parameter to change, why, and the source."""

    field: str
    message: str
    limit_name: str
    source_url: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckResult:
    errors: tuple[Violation, ...] = ()
    warnings: tuple[Violation, ...] = ()

    @property
    def ok(self) -> bool:
        """True when AWS would accept the configuration (warnings allowed)."""
        return not self.errors


class Values:
    """Parameter values read as attributes, so a rule reads `v.timeout_s`."""

    def __init__(self, values: Mapping[str, ParameterValue]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> ParameterValue:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Rule:
    """A limit or practice: which parameters it reads, when it is broken and what to say.

    `when` names parameters the pattern must have, with the values that make the rule
    apply; `if_present` narrows the rule only in patterns that have those parameters.
    """

    limit_name: str
    fields: tuple[str, ...]
    broken: Callable[[Values], bool]
    message: Callable[[Values], str]
    source_url: str
    when: dict[str, tuple[ParameterValue, ...]] = field(default_factory=dict)
    if_present: dict[str, tuple[ParameterValue, ...]] = field(default_factory=dict)
    patterns: tuple[str, ...] = ()
    warning: bool = False  # a practice AWS accepts but advises against (pattern modules' rules)

    def applies(self, spec: PatternSpec, values: Mapping[str, ParameterValue]) -> bool:
        names = {parameter.name for parameter in spec.parameters}
        if self.patterns and spec.slug not in self.patterns:
            return False
        if not set(self.fields) <= names or not set(self.when) <= names:
            return False
        if not all(values[name] in allowed for name, allowed in self.when.items()):
            return False
        return all(values[name] in allowed for name, allowed in self.if_present.items() if name in values)

    def violation(self, values: Values) -> Violation:
        return Violation(
            field=self.fields[0],
            message=self.message(values),
            limit_name=self.limit_name,
            source_url=self.source_url,
            fields=self.fields,
        )


def _visibility_needed(v: Values) -> int:
    """AWS: at least six times the function timeout, plus the batching window."""
    return 6 * int(v.timeout_s) + int(v.batching_window_s)


def _schedule_gap_s(v: Values) -> int:
    return _shortest_gap_s(str(v.schedule))


@functools.lru_cache(maxsize=256)
def _shortest_gap_s(schedule: str) -> int:
    """The shortest time between two runs of the schedule, in seconds; cached because the
    rule asks once to decide and once more for its message."""
    runs = next_runs(schedule, count=GAP_SAMPLE_RUNS, start=GAP_SAMPLE_START)
    gaps = [int((later - earlier).total_seconds()) for earlier, later in pairwise(runs)]
    return min(gaps, default=365 * 86400)


@functools.cache
def _timezones() -> frozenset[str]:
    # available_timezones() walks the tz database on disk (about 10 ms): once per process.
    return frozenset(zoneinfo.available_timezones())


def _valid_timezone(name: str) -> bool:
    return name in _timezones()


def _shard_capacity(v: Values) -> int:
    """Records per second the provisioned shards accept (1,000 each), and 1 MB/s each."""
    by_count = int(v.shards) * 1000
    by_size = int(int(v.shards) * 1024 / float(v.record_size_kb))
    return min(by_count, by_size)


# Combinations AWS refuses: no snippet is generated for them.
ERROR_RULES: tuple[Rule, ...] = (
    Rule(
        "Lambda maximum timeout 900 s",
        ("timeout_s",),
        lambda v: int(v.timeout_s) > 900,
        lambda v: f"timeout_s is {v.timeout_s} s; a Lambda function runs at most 900 s (15 minutes)",
        LAMBDA_QUOTAS,
    ),
    Rule(
        "Lambda memory 128-10,240 MB",
        ("memory_mb",),
        lambda v: not 128 <= int(v.memory_mb) <= 10240,
        lambda v: f"memory_mb is {v.memory_mb} MB; Lambda allows 128 to 10,240 MB",
        LAMBDA_QUOTAS,
    ),
    Rule(
        "API Gateway integration timeout 29 s",
        ("timeout_s",),
        lambda v: int(v.timeout_s) > 29,
        lambda v: (
            f"timeout_s is {v.timeout_s} s; API Gateway stops waiting for a REST or WebSocket "
            "integration after 29 s (API Gateway integration timeout 29 s), so keep the function below it"
        ),
        API_GATEWAY_QUOTAS,
        patterns=("api-backend", "websocket-api"),
        if_present={"api_type": ("rest",)},
    ),
    Rule(
        "HTTP API integration timeout 30 s",
        ("timeout_s",),
        lambda v: int(v.timeout_s) > 30,
        lambda v: (
            f"timeout_s is {v.timeout_s} s; an HTTP API stops waiting after 30 s "
            "(HTTP API integration timeout 30 s), so keep the function below it"
        ),
        HTTP_API_QUOTAS,
        when={"api_type": ("http",)},
    ),
    Rule(
        "SQS FIFO batch size 10",
        ("batch_size",),
        lambda v: int(v.batch_size) > 10,
        lambda v: (
            f"batch_size is {v.batch_size}; Lambda reads at most 10 messages at a time from a FIFO queue"
        ),
        LAMBDA_SQS_PARAMETERS,
        when={"queue_type": ("fifo",)},
    ),
    Rule(
        "SQS standard batch size 10,000",
        ("batch_size",),
        lambda v: int(v.batch_size) > 10000,
        lambda v: f"batch_size is {v.batch_size}; Lambda reads at most 10,000 messages from a standard queue",
        LAMBDA_SQS_PARAMETERS,
        when={"queue_type": ("standard",)},
    ),
    Rule(
        "SQS batching window of at least 1 s above 10 messages",
        ("batching_window_s", "batch_size"),
        lambda v: int(v.batch_size) > 10 and int(v.batching_window_s) < 1,
        lambda v: (
            f"batch_size is {v.batch_size} with batching_window_s {v.batching_window_s}; "
            "AWS requires a batching window of at least 1 s for batches above 10 messages"
        ),
        LAMBDA_SQS_PARAMETERS,
        when={"queue_type": ("standard",)},
    ),
    Rule(
        "No batching window on FIFO queues",
        ("batching_window_s",),
        lambda v: int(v.batching_window_s) > 0,
        lambda v: (
            f"batching_window_s is {v.batching_window_s} s; a FIFO queue's event source mapping "
            "takes no batching window, so set it to 0"
        ),
        LAMBDA_SQS_PARAMETERS,
        when={"queue_type": ("fifo",)},
    ),
    Rule(
        "SQS visibility timeout at least the function timeout",
        ("visibility_timeout_s", "timeout_s"),
        lambda v: int(v.visibility_timeout_s) < int(v.timeout_s),
        lambda v: (
            f"visibility_timeout_s ({v.visibility_timeout_s} s) is below timeout_s ({v.timeout_s} s); "
            "Lambda refuses an SQS event source whose visibility timeout is shorter than the function timeout"
        ),
        LAMBDA_SQS,
    ),
    Rule(
        "Kinesis batch size 10,000",
        ("batch_size",),
        lambda v: int(v.batch_size) > 10000,
        lambda v: f"batch_size is {v.batch_size}; Lambda reads at most 10,000 records from a Kinesis stream",
        LAMBDA_KINESIS_PARAMETERS,
        when={"consumer": ("lambda",)},
    ),
    Rule(
        "Kinesis maximum record age -1 or 60-604,800 s",
        ("max_record_age_s",),
        lambda v: 0 <= int(v.max_record_age_s) < 60,
        lambda v: (
            f"max_record_age_s is {v.max_record_age_s}; MaximumRecordAgeInSeconds is -1 (no limit) "
            "or between 60 and 604,800 s"
        ),
        LAMBDA_KINESIS_PARAMETERS,
        when={"consumer": ("lambda",)},
    ),
    # CloudFront's quotas page gives Lambda@Edge a 30 s timeout and Lambda's memory range on
    # every event type; its "choosing between edge functions" page still lists 5 s and 128 MB
    # for viewer events. The quotas page is the current one and is followed here.
    Rule(
        "Lambda@Edge maximum timeout 30 s",
        ("timeout_s",),
        lambda v: int(v.timeout_s) > 30,
        lambda v: f"timeout_s is {v.timeout_s} s; Lambda@Edge runs at most 30 s on {v.event_type}",
        CLOUDFRONT_QUOTAS,
        when={"edge_runtime": ("lambda-at-edge",)},
    ),
    Rule(
        "Step Functions Express maximum duration 5 minutes",
        ("timeout_s", "workflow_type"),
        lambda v: int(v.timeout_s) > 300,
        lambda v: (
            f"timeout_s is {v.timeout_s} s; an Express workflow stops after 5 minutes (300 s), "
            "so a step that may run longer needs workflow_type standard"
        ),
        STEP_FUNCTIONS_QUOTAS,
        when={"workflow_type": ("express",)},
        if_present={"variant": ("fan-in",)},
    ),
    Rule(
        "EventBridge Scheduler time zone",
        ("timezone",),
        lambda v: not _valid_timezone(str(v.timezone)),
        lambda v: f"timezone {v.timezone!r} is not an IANA time zone name such as UTC or Europe/Berlin",
        SCHEDULER_TIMEZONES,
    ),
)

# Combinations AWS accepts but the practice warns against: shown beside the snippet.
WARNING_RULES: tuple[Rule, ...] = (
    Rule(
        "SQS visibility timeout 6x the function timeout",
        ("visibility_timeout_s", "timeout_s", "batching_window_s"),
        lambda v: int(v.timeout_s) <= int(v.visibility_timeout_s) < _visibility_needed(v),
        lambda v: (
            f"visibility_timeout_s is {v.visibility_timeout_s} s; AWS advises at least 6 x timeout_s "
            f"+ batching_window_s = {_visibility_needed(v)} s, or a message may be processed twice"
        ),
        LAMBDA_SQS,
    ),
    Rule(
        "Dead-letter queue after 3-5 receives",
        ("max_receive_count",),
        lambda v: not 3 <= int(v.max_receive_count) <= 5,
        lambda v: (
            f"max_receive_count is {v.max_receive_count}; the original guide advises 3 to 5 receives "
            "before a message moves to the dead-letter queue"
        ),
        SQS_DLQ,
        when={"dlq_enabled": (True,)},
    ),
    Rule(
        "Dead-letter queue",
        ("dlq_enabled",),
        lambda v: not v.dlq_enabled,
        lambda v: (
            "dlq_enabled is off; a message or event that keeps failing is lost instead of kept for inspection"
        ),
        SQS_DLQ,
    ),
    Rule(
        "On-failure destination",
        ("failure_destination",),
        lambda v: not v.failure_destination,
        lambda v: (
            "failure_destination is off; a batch that exhausts its retries or record age is "
            "dropped without a record of which records were skipped"
        ),
        LAMBDA_KINESIS_ERRORS,
        when={"consumer": ("lambda",)},
    ),
    Rule(
        "API cache TTL 60-3,600 s",
        ("cache_ttl_s",),
        lambda v: not 60 <= int(v.cache_ttl_s) <= 3600,
        lambda v: (
            f"cache_ttl_s is {v.cache_ttl_s} s; a TTL between 60 s and 3,600 s keeps answers fresh "
            "while still sparing the backend (0 turns caching off)"
        ),
        API_CACHING,
        when={"cache_enabled": (True,), "api_type": ("rest",)},
    ),
    Rule(
        "Stage cache on REST APIs only",
        ("cache_enabled", "api_type"),
        lambda v: bool(v.cache_enabled),
        lambda v: "cache_enabled is on but HTTP APIs have no stage cache; no cache is configured",
        API_CACHING,
        when={"api_type": ("http",)},
    ),
    Rule(
        "WAF attaches to REST APIs and CloudFront only",
        ("waf_enabled", "api_type", "cdn_enabled"),
        lambda v: bool(v.waf_enabled) and not v.cdn_enabled,
        lambda v: (
            "waf_enabled is on but WAF cannot attach to an HTTP API; turn on cdn_enabled to put WAF on CloudFront"
        ),
        WAF_RESOURCES,
        when={"api_type": ("http",)},
    ),
    Rule(
        "X-Ray tracing",
        ("tracing_enabled",),
        lambda v: not v.tracing_enabled,
        lambda v: (
            "tracing_enabled is off; without X-Ray a slow or failing call cannot be followed across services"
        ),
        LAMBDA_XRAY,
    ),
    Rule(
        "Timeout above the average duration",
        ("timeout_s", "avg_duration_ms"),
        lambda v: int(v.avg_duration_ms) > int(v.timeout_s) * 1000,
        lambda v: (
            f"avg_duration_ms ({v.avg_duration_ms} ms) is longer than timeout_s ({v.timeout_s} s); "
            "most invocations would time out"
        ),
        LAMBDA_TIMEOUT,
        if_present={"edge_runtime": ("lambda-at-edge",)},
    ),
    Rule(
        "Bisect batch on error",
        ("bisect_on_error",),
        lambda v: not v.bisect_on_error,
        lambda v: "bisect_on_error is off; one bad record blocks its whole batch until retries run out",
        LAMBDA_KINESIS_ERRORS,
        when={"consumer": ("lambda",)},
    ),
    Rule(
        "Bounded retries on a stream",
        ("max_retries", "max_record_age_s"),
        lambda v: int(v.max_retries) == -1 and int(v.max_record_age_s) == -1,
        lambda v: (
            "max_retries and max_record_age_s are both -1 (no limit); a record that always fails "
            "blocks its shard until it expires from the stream"
        ),
        LAMBDA_KINESIS_ERRORS,
        when={"consumer": ("lambda",)},
    ),
    Rule(
        "Kinesis shard write limit 1,000 records/s or 1 MB/s",
        ("records_per_second", "shards", "record_size_kb"),
        lambda v: int(v.records_per_second) > _shard_capacity(v),
        lambda v: (
            f"records_per_second ({v.records_per_second:,}) is above what {v.shards} shard(s) accept "
            f"({_shard_capacity(v):,} records/s at {v.record_size_kb} KB); writes will be throttled"
        ),
        KINESIS_QUOTAS,
        when={"stream_mode": ("provisioned",)},
    ),
    Rule(
        "Reserved concurrency above maximum concurrency",
        ("reserved_concurrency", "max_concurrency"),
        lambda v: 0 < int(v.reserved_concurrency) < int(v.max_concurrency),
        lambda v: (
            f"reserved_concurrency ({v.reserved_concurrency}) is below max_concurrency ({v.max_concurrency}); "
            "the mapping would be throttled and messages would bounce back to the queue"
        ),
        LAMBDA_CONCURRENCY,
    ),
    Rule(
        "EventBridge rules run in UTC",
        ("timezone", "scheduler"),
        lambda v: v.timezone != "UTC",
        lambda v: (
            f"timezone is {v.timezone} but an EventBridge rule always runs in UTC; "
            "use scheduler = scheduler for a schedule in a time zone"
        ),
        EVENTBRIDGE_RULES,
        when={"scheduler": ("rule",)},
    ),
    Rule(
        "Timeout below the schedule interval",
        ("timeout_s", "schedule"),
        lambda v: int(v.timeout_s) > _schedule_gap_s(v),
        lambda v: (
            f"timeout_s ({v.timeout_s} s) is longer than the time between two runs of {v.schedule} "
            f"({_schedule_gap_s(v)} s); runs may overlap"
        ),
        LAMBDA_TIMEOUT,
    ),
    Rule(
        "Lambda asynchronous retries",
        ("max_retry_attempts",),
        lambda v: int(v.max_retry_attempts) == 0 and not v.dlq_enabled,
        lambda v: "max_retry_attempts is 0 and dlq_enabled is off; one transient error loses the event",
        LAMBDA_ASYNC,
    ),
)


def check(spec: PatternSpec, params: Params) -> CheckResult:
    """Every error and warning of the rule tables that applies to this configuration.

    Errors come first in the order of the table; a result with errors must not produce a
    snippet. An invalid schedule expression cannot reach here: `resolve_params` refuses it.
    """
    values = dict(params.values)
    view = Values(values)

    def violations(rules: tuple[Rule, ...]) -> tuple[Violation, ...]:
        return tuple(
            rule.violation(view) for rule in rules if rule.applies(spec, values) and rule.broken(view)
        )

    module = pattern_module(spec.slug)
    own = module.rules if module else ()
    return CheckResult(
        errors=violations(ERROR_RULES + tuple(rule for rule in own if not rule.warning)),
        warnings=violations(WARNING_RULES + tuple(rule for rule in own if rule.warning)),
    )
