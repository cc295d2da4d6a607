"""Which lines of a SAM template or Terraform file configure which component.

`component_lines(fmt, text)` maps 1-based line numbers to component slugs, by the type
of the resource block each line belongs to, so the page can highlight a component's
configuration when its diagram node is clicked. Other formats map nothing.
"""

from __future__ import annotations

import re

# Resource type prefixes, most specific first, and the component each belongs to.
SAM_TYPES = (
    ("AWS::Serverless::Function", "lambda"),
    ("AWS::Lambda::", "lambda"),
    ("AWS::Serverless::Api", "api-gateway"),
    ("AWS::Serverless::HttpApi", "api-gateway"),
    ("AWS::ApiGateway", "api-gateway"),
    ("AWS::Serverless::SimpleTable", "dynamodb"),
    ("AWS::DynamoDB::", "dynamodb"),
    ("AWS::SQS::", "sqs"),
    ("AWS::SNS::", "sns"),
    ("AWS::S3::", "s3"),
    ("AWS::Events::", "eventbridge"),
    ("AWS::Scheduler::", "eventbridge"),
    ("AWS::Serverless::StateMachine", "step-functions"),
    ("AWS::StepFunctions::", "step-functions"),
    ("AWS::KinesisFirehose::", "kinesis-data-firehose"),
    ("AWS::Kinesis::", "kinesis-data-streams"),
    ("AWS::CloudFront::Function", "cloudfront-functions"),
    ("AWS::CloudFront::", "cloudfront"),
    ("AWS::WAFv2::", "waf"),
    ("AWS::Logs::", "cloudwatch"),
    ("AWS::CloudWatch::", "cloudwatch"),
    ("AWS::RDS::", "rds"),
    ("AWS::ElastiCache::", "elasticache"),
    ("AWS::SES::", "ses"),
    ("AWS::OpenSearchService::", "opensearch"),
)
TERRAFORM_TYPES = (
    ("aws_lambda_", "lambda"),
    ("aws_api_gateway_", "api-gateway"),
    ("aws_apigatewayv2_", "api-gateway"),
    ("aws_dynamodb_", "dynamodb"),
    ("aws_sqs_", "sqs"),
    ("aws_sns_", "sns"),
    ("aws_s3_", "s3"),
    ("aws_cloudwatch_event_", "eventbridge"),
    ("aws_scheduler_", "eventbridge"),
    ("aws_sfn_", "step-functions"),
    ("aws_kinesis_firehose_", "kinesis-data-firehose"),
    ("aws_kinesis_stream", "kinesis-data-streams"),
    ("aws_cloudfront_function", "cloudfront-functions"),
    ("aws_cloudfront_", "cloudfront"),
    ("aws_wafv2_", "waf"),
    ("aws_cloudwatch_", "cloudwatch"),
    ("aws_db_", "rds"),
    ("aws_rds_", "rds"),
    ("aws_elasticache_", "elasticache"),
    ("aws_ses", "ses"),
    ("aws_opensearch_", "opensearch"),
)

SAM_RESOURCE_RE = re.compile(r"^  [A-Za-z0-9]+:\s*$")
SAM_TYPE_RE = re.compile(r"^    Type:\s*(\S+)")
TERRAFORM_RESOURCE_RE = re.compile(r'^resource\s+"([a-z0-9_]+)"')


def _component(resource_type: str, table: tuple[tuple[str, str], ...]) -> str:
    return next((slug for prefix, slug in table if resource_type.startswith(prefix)), "")


def component_lines(fmt: str, text: str) -> dict[int, str]:
    if fmt == "sam":
        return _sam_lines(text.splitlines())
    if fmt == "terraform":
        return _terraform_lines(text.splitlines())
    return {}


def _sam_lines(lines: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    in_resources = False
    block: list[int] = []
    component = ""

    def close() -> None:
        if component:
            found.update(dict.fromkeys(block, component))

    for number, line in enumerate(lines, start=1):
        if line and not line[0].isspace():
            close()
            block, component = [], ""
            in_resources = line.startswith("Resources:")
            continue
        if not in_resources:
            continue
        if SAM_RESOURCE_RE.match(line):
            close()
            block, component = [], ""
        block.append(number)
        if match := SAM_TYPE_RE.match(line):
            component = _component(match.group(1), SAM_TYPES)
    close()
    return found


def _terraform_lines(lines: list[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    component = ""
    for number, line in enumerate(lines, start=1):
        if match := TERRAFORM_RESOURCE_RE.match(line):
            component = _component(match.group(1), TERRAFORM_TYPES)
        if component:
            found[number] = component
        if line.startswith("}"):
            component = ""
    return found
