"""Settings that no parameter changes, shared by the SAM and Terraform renderers."""

from __future__ import annotations

from typing import Any

STAGE = "prod"
CODE_DIR = "src/"
WEBSOCKET_ROUTE_SELECTION = "$request.body.action"
WEBSOCKET_IDENTITY_SOURCE = "route.request.querystring.token"
AUTHORIZER_CACHE_S = 300
# WebSocket stage defaults: API Gateway's account limit is 10,000 requests/s.
WEBSOCKET_THROTTLE = (1000, 500)

# CloudFront managed policies.
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
API_METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]
CLOUDFRONT_FUNCTION_RUNTIME = "cloudfront-js-2.0"

OPENSEARCH_VERSION = "OpenSearch_2.19"

DB_ENGINE = "postgres"
DB_USER = "app"

SCHEDULER_INPUT = '{"scheduledTime": "<aws.scheduler.scheduled-time>"}'
ACCESS_LOG_FORMAT = (
    '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp",'
    '"status":"$context.status","latency":"$context.responseLatency"}'
)
LAMBDA_TRUST = ("lambda.amazonaws.com",)
EDGE_TRUST = ("lambda.amazonaws.com", "edgelambda.amazonaws.com")
STATE_MACHINE_LOG_ACTIONS = (
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
)
XRAY_ACTIONS = (
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
)


def handler_path(runtime: str, handler: str) -> str:
    """The Handler setting: app.<name> for the generated Python module, index.<name> for Node.js."""
    return f"{'index' if runtime.startswith('nodejs') else 'app'}.{handler}"


def trust_policy(services: tuple[str, ...]) -> dict[str, Any]:
    """The assume-role policy document letting `services` take on a role."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": list(services)}, "Action": "sts:AssumeRole"}
        ],
    }
