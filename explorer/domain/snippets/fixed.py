"""Settings that no parameter changes, shared by the SAM and Terraform renderers."""

from __future__ import annotations

import re
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

# DynamoDB auto scaling keeps consumed capacity at 70% of provisioned, AWS's default target.
# https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html
AUTOSCALING_TARGET_PERCENT = 70
# The role API Gateway writes stage logs with, once per account and Region.
# https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html#set-up-access-logging-permissions
API_GATEWAY_LOGS_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
API_GATEWAY_ACCOUNT_HELP = (
    "Create the account's API Gateway CloudWatch Logs role (one per account and Region). Without it"
    " API Gateway refuses a stage with logging ('CloudWatch Logs role ARN must be set in account"
    " settings'). Choose false when the account already has one: another stack's would be replaced."
)
# Lambda@Edge cannot be traced: X-Ray is among the Lambda features that Lambda@Edge does not support
# (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html).
EDGE_NO_TRACING = (
    "Lambda@Edge does not support X-Ray tracing (CloudFront's Lambda@Edge restrictions),"
    " so this function has no Tracing setting; its logs go to /aws/lambda/us-east-1.<name> in each"
    " Region it runs in."
)

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

# A topic S3 or CloudWatch publishes to is encrypted with a customer managed key of its own: the
# AWS managed key alias/aws/sns cannot grant their service principals the key
# (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
SNS_MANAGED_KEY = "alias/aws/sns"
TOPIC_KEY_NOTE = (
    "A customer managed key, so that {services} can publish to this topic: only a key whose policy"
    " lets an AWS service's principal use it can encrypt a topic that service publishes to (the AWS"
    " managed key's policy cannot be changed). The Explorer's estimate prices the key."
)
KEY_USE_ACTIONS = ["kms:GenerateDataKey*", "kms:Decrypt"]
# A publishing AWS service: its name, its service principal, and its statement's Sid.
PUBLISHER_SERVICES = {
    "s3": ("Amazon S3", "s3.amazonaws.com", "S3Publishes"),
    "cloudwatch": ("CloudWatch alarms", "cloudwatch.amazonaws.com", "CloudWatchAlarmsPublish"),
}


def topic_key_policy(
    publishers: tuple[str, ...], *, account_root: Any, account_id: Any, sns_service: Any
) -> dict[str, Any]:
    """The key policy of a topic's customer managed key, each renderer passing its own
    expressions for the account's root ARN, the account id and sns.<region>.amazonaws.com.

    The account administers the key through IAM; principals in the account may use it through
    SNS only, as with the AWS managed key alias/aws/sns, so the functions and state machines
    that publish need no KMS permission of their own; and each AWS service that publishes may use
    it on this account's behalf (aws:SourceAccount, against the confused deputy)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministersTheKey",
                "Effect": "Allow",
                "Principal": {"AWS": account_root},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "AccountPublishesThroughSns",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": KEY_USE_ACTIONS,
                "Resource": "*",
                "Condition": {
                    "StringEquals": {"kms:CallerAccount": account_id, "kms:ViaService": sns_service}
                },
            },
            *(
                {
                    "Sid": PUBLISHER_SERVICES[publisher][2],
                    "Effect": "Allow",
                    "Principal": {"Service": PUBLISHER_SERVICES[publisher][1]},
                    "Action": KEY_USE_ACTIONS,
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
                }
                for publisher in publishers
            ),
        ],
    }


def topic_key_note(publishers: tuple[str, ...]) -> str:
    return TOPIC_KEY_NOTE.format(services=" and ".join(PUBLISHER_SERVICES[p][0] for p in publishers))


FGAC_NOTE = (
    "IAM only, no internal user database: the role that writes (the Firehose stream's or the"
    " consumer function's) is the master user, so it alone can use the domain at first. To let people"
    " in, make your admin role the master user (UpdateDomainConfig, an IAM call), then from it map the"
    " writer's role to a role that may write (meanwhile failed writes are retried or set aside) and"
    " your readers' roles to theirs. The"
    " access policy admits this account's signed requests; fine-grained access"
    " control decides what each may do"
    " (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/fgac.html)."
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


def snake(logical_id: str) -> str:
    """OrdersQueue -> orders_queue."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", logical_id).lower()


def kebab(logical_id: str) -> str:
    """OrdersQueue -> orders-queue."""
    return snake(logical_id).replace("_", "-")


def resource_name(deployment_name: str, logical_id: str, suffix: str = "") -> str:
    """A name in AWS: the deployment's (the stack's, or Terraform's `var.name`), then the resource's."""
    return deployment_name + name_after_deployment(logical_id, suffix)


def name_after_deployment(logical_id: str, suffix: str = "") -> str:
    return f"-{kebab(logical_id)}{suffix}"


# A FIFO queue's name must end in ".fifo". Every format names its FIFO queues, as the SQS guide's
# CloudFormation example does, rather than count on a generated name to carry the suffix.
# https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/create-queue-cloudformation.html
FIFO_SUFFIX = ".fifo"
