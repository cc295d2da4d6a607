"""Hard limits and practice warnings (explorer.domain.rules): every rule, its boundary and its source."""

from __future__ import annotations

import pytest
from django.conf import settings

from explorer.domain.content.parse import load_library
from explorer.domain.content.schema import ParameterValue
from explorer.domain.params import Params, resolve_params
from explorer.domain.patterns.registry import all_patterns
from explorer.domain.rules import ERROR_RULES, WARNING_RULES, CheckResult, check

LIBRARY = load_library(settings.PATTERNS_CONTENT_DIR)


def result_for(slug: str, **values: ParameterValue) -> CheckResult:
    """Checks a configuration given as typed values, bypassing the parameters' own bounds.

    Some limits (Lambda's 900 s) are also the parameter's maximum, so the form can never
    send them; building Params directly shows the rule still holds.
    """
    spec = LIBRARY.patterns[slug]
    return check(spec, Params(spec=spec, values={**spec.defaults, **values}))


def checked(slug: str, **raw: str) -> CheckResult:
    """Checks a configuration exactly as a user would send it."""
    spec = LIBRARY.patterns[slug]
    return check(spec, resolve_params(spec, raw))


ERRORS = [
    ("Lambda maximum timeout 900 s", "saga", {"timeout_s": 901}, "timeout_s"),
    ("Lambda memory 128-10,240 MB", "saga", {"memory_mb": 10241}, "memory_mb"),
    ("API Gateway integration timeout 29 s", "api-backend", {"timeout_s": 30}, "timeout_s"),
    ("API Gateway integration timeout 29 s", "websocket-api", {"timeout_s": 30}, "timeout_s"),
    ("HTTP API integration timeout 30 s", "api-backend", {"timeout_s": 31, "api_type": "http"}, "timeout_s"),
    ("SQS FIFO batch size 10", "async-messaging", {"queue_type": "fifo", "batch_size": 11}, "batch_size"),
    (
        "SQS standard batch size 10,000",
        "async-messaging",
        {"batch_size": 10001, "batching_window_s": 1},
        "batch_size",
    ),
    (
        "SQS batching window of at least 1 s above 10 messages",
        "async-messaging",
        {"batch_size": 11, "batching_window_s": 0},
        "batching_window_s",
    ),
    (
        "No batching window on FIFO queues",
        "async-messaging",
        {"queue_type": "fifo", "batching_window_s": 1},
        "batching_window_s",
    ),
    (
        "SQS visibility timeout at least the function timeout",
        "async-messaging",
        {"visibility_timeout_s": 29, "timeout_s": 30},
        "visibility_timeout_s",
    ),
    ("Kinesis batch size 10,000", "stream-processing", {"batch_size": 10001}, "batch_size"),
    (
        "Kinesis maximum record age -1 or 60-604,800 s",
        "stream-processing",
        {"max_record_age_s": 59},
        "max_record_age_s",
    ),
    (
        "Lambda@Edge maximum timeout 30 s",
        "edge-functions",
        {"edge_runtime": "lambda-at-edge", "event_type": "viewer-request", "timeout_s": 31},
        "timeout_s",
    ),
    (
        "Lambda@Edge maximum timeout 30 s",
        "edge-functions",
        {"edge_runtime": "lambda-at-edge", "event_type": "origin-request", "timeout_s": 31},
        "timeout_s",
    ),
    (
        "CloudFront Functions run on viewer events only",
        "edge-functions",
        {"edge_runtime": "cloudfront-functions", "event_type": "origin-request"},
        "event_type",
    ),
    (
        "Step Functions Express maximum duration 5 minutes",
        "saga",
        {"workflow_type": "express", "timeout_s": 301},
        "timeout_s",
    ),
    (
        "Step Functions Express maximum duration 5 minutes",
        "event-driven-processing",
        {"variant": "fan-in", "workflow_type": "express", "timeout_s": 301},
        "timeout_s",
    ),
    ("EventBridge Scheduler time zone", "scheduled-tasks", {"timezone": "Mars/Olympus_Mons"}, "timezone"),
]

WARNINGS = [
    (
        "SQS visibility timeout 6x the function timeout",
        "async-messaging",
        {"visibility_timeout_s": 100, "timeout_s": 30},
        "visibility_timeout_s",
    ),
    (
        "Dead-letter queue after 3-5 receives",
        "async-messaging",
        {"max_receive_count": 10},
        "max_receive_count",
    ),
    (
        "Dead-letter queue after 3-5 receives",
        "async-messaging",
        {"max_receive_count": 2},
        "max_receive_count",
    ),
    ("Dead-letter queue", "async-messaging", {"dlq_enabled": False}, "dlq_enabled"),
    ("Dead-letter queue", "event-driven-processing", {"dlq_enabled": False}, "dlq_enabled"),
    ("Dead-letter queue", "scheduled-tasks", {"dlq_enabled": False}, "dlq_enabled"),
    ("On-failure destination", "stream-processing", {"failure_destination": False}, "failure_destination"),
    ("API cache TTL 60-3,600 s", "api-backend", {"cache_enabled": True, "cache_ttl_s": 30}, "cache_ttl_s"),
    (
        "Stage cache on REST APIs only",
        "api-backend",
        {"cache_enabled": True, "api_type": "http"},
        "cache_enabled",
    ),
    (
        "WAF attaches to REST APIs and CloudFront only",
        "api-backend",
        {"waf_enabled": True, "api_type": "http"},
        "waf_enabled",
    ),
    ("X-Ray tracing", "async-messaging", {"tracing_enabled": False}, "tracing_enabled"),
    (
        "Timeout above the average duration",
        "api-backend",
        {"avg_duration_ms": 20000, "timeout_s": 10},
        "timeout_s",
    ),
    (
        "Timeout above the average duration",
        "edge-functions",
        {"edge_runtime": "lambda-at-edge", "avg_duration_ms": 6000, "timeout_s": 5},
        "timeout_s",
    ),
    ("Bisect batch on error", "stream-processing", {"bisect_on_error": False}, "bisect_on_error"),
    (
        "Bounded retries on a stream",
        "stream-processing",
        {"max_retries": -1, "max_record_age_s": -1},
        "max_retries",
    ),
    (
        "Kinesis shard write limit 1,000 records/s or 1 MB/s",
        "stream-processing",
        {"records_per_second": 5000, "shards": 2},
        "records_per_second",
    ),
    (
        "Reserved concurrency above maximum concurrency",
        "async-messaging",
        {"reserved_concurrency": 5, "max_concurrency": 10},
        "reserved_concurrency",
    ),
    ("Standard workflows for sagas that touch money", "saga", {"workflow_type": "express"}, "workflow_type"),
    ("Retry policy on every step", "saga", {"retry_max_attempts": 0}, "retry_max_attempts"),
    (
        "WebSocket connections last at most 2 hours",
        "websocket-api",
        {"connection_ttl_hours": 3},
        "connection_ttl_hours",
    ),
    ("Authorize on $connect", "websocket-api", {"authorizer_enabled": False}, "authorizer_enabled"),
    (
        "EventBridge rules run in UTC",
        "scheduled-tasks",
        {"scheduler": "rule", "timezone": "Europe/Berlin"},
        "timezone",
    ),
    (
        "Timeout below the schedule interval",
        "scheduled-tasks",
        {"schedule": "rate(1 minute)", "timeout_s": 120},
        "timeout_s",
    ),
    (
        "Lambda asynchronous retries",
        "event-driven-processing",
        {"max_retry_attempts": 0, "dlq_enabled": False},
        "max_retry_attempts",
    ),
]


@pytest.mark.parametrize(
    ("limit", "slug", "values", "field"), ERRORS, ids=[f"{row[1]}: {row[0]}" for row in ERRORS]
)
def test_each_hard_limit_is_an_error_naming_the_parameter_and_source(
    limit: str, slug: str, values: dict, field: str
) -> None:
    result = result_for(slug, **values)

    (violation,) = [error for error in result.errors if error.limit_name == limit]
    assert violation.field == field
    assert violation.source_url.startswith("https://docs.aws.amazon.com/")
    assert field in violation.message
    assert not result.ok


@pytest.mark.parametrize(
    ("limit", "slug", "values", "field"), WARNINGS, ids=[f"{row[1]}: {row[0]}" for row in WARNINGS]
)
def test_each_practice_is_a_warning_naming_the_parameter_and_source(
    limit: str, slug: str, values: dict, field: str
) -> None:
    result = result_for(slug, **values)

    (violation,) = [warning for warning in result.warnings if warning.limit_name == limit]
    assert field in violation.fields
    assert violation.source_url.startswith("https://docs.aws.amazon.com/")
    assert limit not in {error.limit_name for error in result.errors}


def test_every_rule_in_the_tables_and_the_pattern_modules_is_tested() -> None:
    own = [rule for module in all_patterns().values() for rule in module.rules]
    errors = [*ERROR_RULES, *(rule for rule in own if not rule.warning)]
    warnings = [*WARNING_RULES, *(rule for rule in own if rule.warning)]
    assert {rule.limit_name for rule in errors} == {row[0] for row in ERRORS}
    assert {rule.limit_name for rule in warnings} == {row[0] for row in WARNINGS}


@pytest.mark.parametrize("slug", sorted(LIBRARY.patterns))
def test_every_pattern_s_defaults_break_no_limit(slug: str) -> None:
    assert checked(slug).errors == ()


@pytest.mark.parametrize(
    ("slug", "values"),
    [
        ("api-backend", {"timeout_s": 29}),
        ("api-backend", {"timeout_s": 30, "api_type": "http"}),
        ("async-messaging", {"queue_type": "fifo", "batch_size": 10, "batching_window_s": 0}),
        ("async-messaging", {"batch_size": 10, "batching_window_s": 0}),
        ("async-messaging", {"batch_size": 10000, "batching_window_s": 1, "visibility_timeout_s": 180}),
        ("async-messaging", {"visibility_timeout_s": 30, "timeout_s": 30}),
        ("stream-processing", {"max_record_age_s": 60}),
        ("stream-processing", {"max_record_age_s": -1}),
        ("stream-processing", {"batch_size": 10000, "consumer": "lambda"}),
        (
            "edge-functions",
            {
                "edge_runtime": "lambda-at-edge",
                "event_type": "viewer-request",
                "timeout_s": 5,
                "memory_mb": 128,
            },
        ),
        (
            "edge-functions",
            {
                "edge_runtime": "lambda-at-edge",
                "event_type": "origin-request",
                "timeout_s": 30,
                "memory_mb": 10240,
            },
        ),
        (
            "edge-functions",
            {"edge_runtime": "cloudfront-functions", "event_type": "viewer-request", "timeout_s": 30},
        ),
        ("saga", {"workflow_type": "express", "timeout_s": 300}),
        ("saga", {"workflow_type": "standard", "timeout_s": 900}),
        ("event-driven-processing", {"variant": "single", "workflow_type": "express", "timeout_s": 900}),
        ("scheduled-tasks", {"timezone": "America/New_York"}),
    ],
)
def test_values_at_the_limit_are_accepted(slug: str, values: dict) -> None:
    assert result_for(slug, **values).errors == ()


@pytest.mark.parametrize(
    ("slug", "values", "limit"),
    [
        (
            "async-messaging",
            {"visibility_timeout_s": 180, "timeout_s": 30, "batching_window_s": 0},
            "SQS visibility timeout 6x the function timeout",
        ),
        ("async-messaging", {"max_receive_count": 3}, "Dead-letter queue after 3-5 receives"),
        (
            "async-messaging",
            {"max_receive_count": 50, "dlq_enabled": False},
            "Dead-letter queue after 3-5 receives",
        ),
        ("api-backend", {"cache_enabled": True, "cache_ttl_s": 60}, "API cache TTL 60-3,600 s"),
        ("api-backend", {"cache_enabled": False, "cache_ttl_s": 0}, "API cache TTL 60-3,600 s"),
        (
            "api-backend",
            {"waf_enabled": True, "api_type": "http", "cdn_enabled": True},
            "WAF attaches to REST APIs and CloudFront only",
        ),
        ("edge-functions", {"avg_duration_ms": 6000, "timeout_s": 5}, "Timeout above the average duration"),
        (
            "scheduled-tasks",
            {"scheduler": "scheduler", "timezone": "Europe/Berlin"},
            "EventBridge rules run in UTC",
        ),
        (
            "scheduled-tasks",
            {"schedule": "rate(5 minutes)", "timeout_s": 300},
            "Timeout below the schedule interval",
        ),
        (
            "stream-processing",
            {"records_per_second": 2000, "shards": 2},
            "Kinesis shard write limit 1,000 records/s or 1 MB/s",
        ),
        (
            "stream-processing",
            {"records_per_second": 5000, "stream_mode": "on_demand"},
            "Kinesis shard write limit 1,000 records/s or 1 MB/s",
        ),
    ],
)
def test_a_practice_is_not_warned_about_when_followed(slug: str, values: dict, limit: str) -> None:
    assert limit not in {warning.limit_name for warning in result_for(slug, **values).warnings}


def test_the_visibility_warning_counts_the_batching_window() -> None:
    (warning,) = [
        item
        for item in result_for(
            "async-messaging", visibility_timeout_s=180, timeout_s=30, batching_window_s=5, batch_size=10
        ).warnings
        if item.field == "visibility_timeout_s"
    ]

    assert "185 s" in warning.message


def test_errors_come_with_the_warnings_of_the_same_configuration() -> None:
    result = checked("async-messaging", queue_type="fifo", batch_size="20", dlq_enabled="false")

    assert [error.limit_name for error in result.errors] == ["SQS FIFO batch size 10"]
    assert "Dead-letter queue" in {warning.limit_name for warning in result.warnings}


def test_lambda_at_edge_follows_the_cloudfront_quotas_page_on_viewer_events() -> None:
    # https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html:
    # 30 s and Lambda's memory range on every event type (no longer 5 s / 128 MB on viewer events).
    spec = LIBRARY.patterns["edge-functions"]
    params = resolve_params(
        spec,
        {
            "edge_runtime": "lambda-at-edge",
            "event_type": "viewer-request",
            "timeout_s": "30",
            "memory_mb": "1024",
        },
    )

    assert check(spec, params).errors == ()
