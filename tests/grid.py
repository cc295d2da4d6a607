"""The parameter grid every generator and every agreement test runs over.

Every pattern's defaults, each variant, every parameter moved on its own (each choice,
each boolean flipped, numbers at both bounds) and a few combinations that switch optional
parts on together; split into what AWS accepts and what a hard limit refuses.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from django.conf import settings

from explorer.domain.content.parse import load_library
from explorer.domain.content.schema import ParameterType, PatternSpec
from explorer.domain.params import Params, ParamsError, format_value, resolve_params
from explorer.domain.rules import check
from explorer.domain.snippets import formats_for, generate

LIBRARY = load_library(settings.PATTERNS_CONTENT_DIR)
CRON_SAMPLES = ("rate(5 minutes)", "rate(1 day)", "cron(0 8 ? * MON-FRI *)", "cron(0 0 L * ? *)")

# Optional parts switched on together, and other shapes one parameter at a time misses.
COMBINATIONS: list[tuple[str, dict[str, str]]] = [
    (
        "api-backend",
        {
            "authorizer_enabled": "true",
            "cache_enabled": "true",
            "elasticache_enabled": "true",
            "cdn_enabled": "true",
            "waf_enabled": "true",
        },
    ),
    (
        "api-backend",
        {"api_type": "http", "authorizer_enabled": "true", "cdn_enabled": "true", "waf_enabled": "true"},
    ),
    ("api-backend", {"database": "rds", "waf_enabled": "true", "billing_mode": "provisioned"}),
    ("stream-processing", {"consumer": "firehose", "destination": "opensearch"}),
    (
        "stream-processing",
        {"enhanced_fan_out": "true", "destination": "opensearch", "stream_mode": "on_demand"},
    ),
    ("scheduled-tasks", {"use_step_functions": "true", "scheduler": "rule"}),
    ("scheduled-tasks", {"scheduler": "rule", "notification": "ses", "dlq_enabled": "false"}),
    ("scheduled-tasks", {"use_step_functions": "true", "notification": "none", "dlq_enabled": "false"}),
    (
        "edge-functions",
        {
            "edge_runtime": "lambda-at-edge",
            "event_type": "origin-request",
            "origin_type": "api",
            "waf_enabled": "true",
        },
    ),
    (
        "edge-functions",
        {"edge_runtime": "lambda-at-edge", "event_type": "origin-request", "ab_split_percent": "0"},
    ),
    ("edge-functions", {"ab_split_percent": "100", "waf_enabled": "true"}),
    ("saga", {"state_store": "context", "workflow_type": "express", "retry_max_attempts": "0"}),
    ("websocket-api", {"authorizer_enabled": "false", "broadcast_via_sqs": "true"}),
    (
        "event-driven-processing",
        {
            "variant": "fan-out",
            "fanout_subscribers": "10",
            "output_store": "dynamodb",
            "reserved_concurrency": "5",
        },
    ),
    ("event-driven-processing", {"variant": "fan-in", "output_store": "dynamodb", "dlq_enabled": "false"}),
    ("event-driven-processing", {"variant": "fan-out", "key_prefix": "", "key_suffix": ""}),
    ("async-messaging", {"queue_type": "fifo", "dlq_enabled": "false", "reserved_concurrency": "20"}),
    ("async-messaging", {"batch_size": "1000", "batching_window_s": "5", "visibility_timeout_s": "200"}),
]


def single_changes(spec: PatternSpec) -> list[dict[str, str]]:
    """The defaults, each variant, and every parameter moved on its own."""
    changes: list[dict[str, str]] = [{}]
    changes += [{variant.parameter: format_value(variant.value)} for variant in spec.variants]
    for parameter in spec.parameters:
        if parameter.type is ParameterType.CHOICE:
            values = [choice.value for choice in parameter.choices if choice.value != parameter.default]
        elif parameter.type is ParameterType.BOOL:
            values = [format_value(not parameter.default)]
        elif parameter.type in (ParameterType.INT, ParameterType.DECIMAL):
            values = [str(parameter.minimum), str(parameter.maximum)]
        elif parameter.type is ParameterType.CRON:
            values = list(CRON_SAMPLES)
        else:
            values = ["reports/", "UTC"]
        changes += [{parameter.name: value} for value in values]
    return changes


@cache
def grid() -> tuple[list[tuple[str, Params]], list[tuple[str, Params]]]:
    """(accepted, refused) configurations, each with a readable id."""
    accepted: list[tuple[str, Params]] = []
    refused: list[tuple[str, Params]] = []
    raws = [
        (slug, raw) for slug, spec in LIBRARY.patterns.items() for raw in single_changes(spec)
    ] + COMBINATIONS
    for slug, raw in raws:
        spec = LIBRARY.patterns[slug]
        try:
            params = resolve_params(spec, raw)
        except ParamsError:
            continue  # e.g. a string that does not fit this parameter's pattern
        case_id = slug + "".join(f"-{name}={value}" for name, value in raw.items())
        (refused if check(spec, params).errors else accepted).append((case_id, params))
    return accepted, refused


def write_sam_templates(folder: Path) -> dict[str, dict[str, object]]:
    """Each distinct SAM template of the accepted grid written to `folder`, named after its
    pattern: {path: the configuration's parameter values}."""
    values: dict[str, dict[str, object]] = {}
    seen: set[str] = set()
    for index, (_, params) in enumerate(grid()[0]):
        if "sam" not in formats_for(params.spec, params):
            continue
        text = generate(params.spec, params, "sam")
        if text in seen:
            continue
        seen.add(text)
        path = folder / f"{params.spec.slug}-{index}.yaml"
        path.write_text(text, encoding="utf-8")
        values[str(path)] = dict(params.values)
    return values
