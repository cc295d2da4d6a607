"""The best practices that snippets turn into configuration, each with the comment naming it.

Every format writes the same comment above the setting that follows the practice, so a
reader of the SAM template and a reader of the Terraform file see the same reasons.
"""

from __future__ import annotations

PRACTICES: dict[str, str] = {
    "visibility": "visibility timeout >= 6x function timeout (AWS guidance for Lambda event sources)",
    "dlq": "dead-letter queue after 3-5 receives (maxReceiveCount)",
    "dlq_retention": "keep failed messages for 14 days, the SQS maximum, to inspect and redrive them",
    "partial_batch": "partial batch responses (ReportBatchItemFailures) retry only the failed records",
    "bisect": "bisect batch on error isolates a poison record",
    "bounded_retries": "bounded retries and record age, then an on-failure destination",
    "max_concurrency": "maximum concurrency caps what the consumer sends downstream",
    "s3_filter": "S3 event filters (prefix and suffix) so outputs never trigger the function again",
    "async_failure": "bounded asynchronous retries and an on-failure destination keep failed events",
    "ttl": "TTL on the WebSocket connection table removes connections that were never closed",
    "sfn_retry": "retries with backoff and jitter on Step Functions tasks",
    "catch": "ResultPath on every Catch keeps the original input next to the error",
    "fail_state": "every compensation path ends in a Fail state",
    "sfn_logging": "log executions (ERROR for Standard, ALL for Express, which keeps no history)",
    "log_retention": "log retention set, not kept forever",
    "json_logs": "structured JSON logs",
    "tracing": "X-Ray active tracing",
    "throttling": "stage throttling (rate and burst) sized from the backend",
    "cache": "API cache TTL between 60 and 3,600 s",
    "least_privilege": "least privilege: only the actions this resource needs",
    "reserved": "reserved concurrency protects downstream systems",
    "no_overlap": "reserved concurrency 1 prevents overlapping runs",
    "scheduler_tz": "EventBridge Scheduler with an explicit time zone and no flexible window",
    "schedule_retry": "retry policy and dead-letter queue on the schedule target",
    "idempotent_id": "idempotent task ID from the scheduled time, not the clock",
    "alarm_dlq": "alarm when the dead-letter queue is not empty",
    "alarm_errors": "alarm on failures",
    "alarm_iterator_age": "alarm on iterator age, the lag indicator",
    "alarm_oldest": "alarm on ApproximateAgeOfOldestMessage",
    "encrypt": "encryption at rest with a KMS key",
    "key_rotation": "automatic yearly rotation of the key material",
    "enhanced_fan_out": "enhanced fan-out gives this consumer dedicated read throughput",
    "waf": "WAF managed rules and a rate-based rule",
    "oac": "Origin Access Control: only CloudFront reads the bucket",
    "edge_version": "Lambda@Edge from us-east-1 as a numbered version",
    "rds_proxy": "RDS Proxy pools database connections",
    "authorizer": "Lambda authorizer checks the token before the function runs",
    "websocket_auth": "authorize on the $connect route",
    "api_timeout": "function timeout below the API Gateway integration timeout (29 s)",
    "fifo_dedup": "content-based deduplication on the FIFO queue",
    "tls_only": "HTTPS only",
    "public_access": "block all public access to the bucket",
    "retain": "keep the data when the stack is deleted or the resource replaced",
    "versioning": "bucket versioning, with a lifecycle rule that expires noncurrent versions",
    "cache_encryption": "encrypt the API cache",
    "security_headers": "security response headers (HSTS, nosniff, frame options, referrer policy)",
    "fine_grained_access": "OpenSearch fine-grained access control with IAM: every request signed",
    "deletion_protection": "deletion protection on the database",
    "multi_az": "Multi-AZ: a standby in a second Availability Zone takes over on failure",
    "autoscaling": "target-tracking auto scaling of provisioned capacity (70% utilisation)",
    "api_logging_role": "the account's API Gateway CloudWatch Logs role, so stage logging works",
}


# AWS's Serverless Rules (cfn-lint-serverless) that the SAM templates deliberately do not follow,
# each with its reason. The per-resource ones are written into that resource's cfn-lint metadata
# (`lint_exceptions`); the one that holds everywhere is passed as --ignore-checks by
# tests/test_serverless_rules.py.
SERVERLESS_RULES_NOT_FOLLOWED: dict[str, str] = {
    "WS1004": (
        "every function names its own log group (LoggingConfig.LogGroup), which has a retention;"
        " the rule only recognises a group named /aws/lambda/<function name>, which a template"
        " cannot name without a circular reference"
    ),
    "ES6000": "a dead-letter queue needs no dead-letter queue of its own",
    "WS1000": "Lambda@Edge does not support X-Ray tracing",
    "ES1007": (
        "followed, not recognised: SAM's EventInvokeConfig on the function sets the on-failure"
        " destination, and the rule only looks for an AWS::Lambda::EventInvokeConfig resource"
    ),
}
SERVERLESS_RULES_IGNORED_EVERYWHERE = ("WS1004",)


def lint_exceptions(*rules: str) -> dict[str, object]:
    """A resource's `Metadata` telling cfn-lint which Serverless Rules it deliberately breaks."""
    return {"cfn-lint": {"config": {"ignore_checks": list(rules)}}}


def lint_exceptions_comment(*rules: str) -> str:
    return "\n".join(f"Not followed: {rule}, {SERVERLESS_RULES_NOT_FOLLOWED[rule]}" for rule in rules)


def practice(name: str) -> str:
    """The comment line for a practice, e.g. "Best practice: structured JSON logs"."""
    return f"Best practice: {PRACTICES[name]}"


def alarm_practice(metric: str) -> str:
    """The practice an alarm on this metric follows."""
    names = {
        "ApproximateNumberOfMessagesVisible": "alarm_dlq",
        "IteratorAge": "alarm_iterator_age",
        "ApproximateAgeOfOldestMessage": "alarm_oldest",
    }
    return practice(names.get(metric, "alarm_errors"))


def key_filter(prefix: str, suffix: str) -> list[tuple[str, str]]:
    """S3 key filter rules; an empty prefix or suffix is left out (S3 refuses empty values)."""
    return [(name, value) for name, value in (("prefix", prefix), ("suffix", suffix)) if value]
