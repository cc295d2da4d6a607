"""Deployment -> Terraform configuration (HCL) for the hashicorp/aws provider ~> 5.0.

Where SAM wires event sources for us, Terraform states each piece: the IAM role and its
policy, the event source mapping, the S3 notification and the Lambda permission. Names
start with `var.name` so two deployments can share an account.
"""

from __future__ import annotations

import re
from typing import Any

from explorer.domain.deployment import (
    Alarm,
    Api,
    Bucket,
    BucketEvent,
    Cache,
    CloudFrontFunction,
    Database,
    Deployment,
    Distribution,
    Firehose,
    Function,
    InputRef,
    Queue,
    QueueEvent,
    Ref,
    Schedule,
    SearchDomain,
    StateMachine,
    Statement,
    Stream,
    StreamConsumer,
    StreamEvent,
    Table,
    Topic,
    TopicEvent,
    WebAcl,
    WebSocketApi,
)
from explorer.domain.snippets import fixed
from explorer.domain.snippets.fixed import kebab, snake
from explorer.domain.snippets.hcl_out import Attr, Block, Call, Expr, Heredoc, dump
from explorer.domain.snippets.practices import alarm_practice, key_filter, practice

REGION = "${data.aws_region.current.name}"
ACCOUNT = "${data.aws_caller_identity.current.account_id}"
PARTITION = "${data.aws_partition.current.partition}"
LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
LAMBDA_VPC = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
LAMBDA_XRAY = "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess"
SQS_POLL = (
    "sqs:ReceiveMessage",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:ChangeMessageVisibility",
)
KINESIS_READ = (
    "kinesis:DescribeStream",
    "kinesis:DescribeStreamSummary",
    "kinesis:GetRecords",
    "kinesis:GetShardIterator",
    "kinesis:ListShards",
    "kinesis:SubscribeToShard",
)

# The account-wide API Gateway CloudWatch Logs role, created behind a variable.
API_ACCOUNT_VARIABLE = "create_api_gateway_account_role"
API_ACCOUNT_NAME = "api_gateway_cloudwatch"

# A Ref as HCL, per resource type and attribute; {n} is the resource's Terraform name.
REFERENCES: dict[tuple[type, str], str] = {
    (Function, "arn"): "aws_lambda_function.{n}.arn",
    (Function, "name"): "aws_lambda_function.{n}.function_name",
    (Function, "version"): "aws_lambda_function.{n}.qualified_arn",
    (Queue, "arn"): "aws_sqs_queue.{n}.arn",
    (Queue, "url"): "aws_sqs_queue.{n}.url",
    (Queue, "name"): "aws_sqs_queue.{n}.name",
    (Table, "arn"): "aws_dynamodb_table.{n}.arn",
    (Table, "name"): "aws_dynamodb_table.{n}.name",
    (Bucket, "arn"): "aws_s3_bucket.{n}.arn",
    (Bucket, "name"): "aws_s3_bucket.{n}.bucket",
    (Bucket, "domain"): "aws_s3_bucket.{n}.bucket_regional_domain_name",
    (Topic, "arn"): "aws_sns_topic.{n}.arn",
    (Stream, "arn"): "aws_kinesis_stream.{n}.arn",
    (StreamConsumer, "arn"): "aws_kinesis_stream_consumer.{n}.arn",
    (StateMachine, "arn"): "aws_sfn_state_machine.{n}.arn",
    (Api, "domain"): '"${{api}.{n}.id}.execute-api.' + REGION + '.amazonaws.com"',
    (WebSocketApi, "url"): '"https://${aws_apigatewayv2_api.{n}.id}.execute-api.'
    + REGION
    + ".amazonaws.com/"
    + fixed.STAGE
    + '"',
    (WebSocketApi, "arn"): "aws_apigatewayv2_api.{n}.execution_arn",
    (SearchDomain, "arn"): "aws_opensearch_domain.{n}.arn",
    (SearchDomain, "domain"): "aws_opensearch_domain.{n}.endpoint",
    (Database, "domain"): "aws_db_proxy.{n}_proxy.endpoint",
    # The proxy's database user: its resource id (prx-...) is the last field of the proxy's ARN.
    (Database, "dbuser"): '"arn:'
    + PARTITION
    + ":rds-db:"
    + REGION
    + ":"
    + ACCOUNT
    + ':dbuser:${element(split(":", aws_db_proxy.{n}_proxy.arn), 6)}/'
    + fixed.DB_USER
    + '"',
    (Cache, "domain"): "aws_elasticache_serverless_cache.{n}.endpoint[0].address",
    (Distribution, "arn"): "aws_cloudfront_distribution.{n}.arn",
    (WebAcl, "arn"): "aws_wafv2_web_acl.{n}.arn",
    (CloudFrontFunction, "arn"): "aws_cloudfront_function.{n}.arn",
}


def aws_name(logical_id: str, suffix: str = "", prefix: str = "") -> Expr:
    """A resource name in AWS: the deployment's name (`var.name`), then the resource."""
    return Expr(f'"{prefix}{fixed.resource_name("${var.name}", logical_id, suffix)}"')


def attr(name: str, value: Any, comment: str = "") -> Attr:
    return Attr(name, value, comment)


def block(type_: str, *labels: str, body: list[Attr | Block] | None = None, comment: str = "") -> Block:
    return Block(type_, tuple(labels), body or [], comment)


def resource(type_: str, name: str, *body: Attr | Block, comment: str = "") -> Block:
    return Block("resource", (type_, name), list(body), comment)


def protected(retain: bool) -> list[Block]:
    """The lifecycle block that keeps a stateful resource: Terraform refuses to destroy or replace
    it until the line is removed. CloudFormation's Retain instead leaves the resource behind when
    the stack goes; Terraform has no such option in provider ~> 5.0, and refusing is the
    equivalent that loses no data (to tear down a trial, delete the line or `terraform state rm`
    the resource first)."""
    if not retain:
        return []
    return [block("lifecycle", body=[attr("prevent_destroy", True)], comment=practice("retain"))]


def policy_document(statements: list[dict[str, Any]]) -> Call:
    return Call("jsonencode", {"Version": "2012-10-17", "Statement": statements})


class Terraform:
    """Renders one deployment; keeps it at hand to resolve references."""

    def __init__(self, deployment: Deployment) -> None:
        self.bp = deployment

    # References -----------------------------------------------------------------------
    def expr(self, ref: Ref) -> Expr:
        target = self.bp.get(ref.target)
        api_type = (
            "aws_api_gateway_rest_api" if isinstance(target, Api) and target.rest else "aws_apigatewayv2_api"
        )
        text = (
            REFERENCES[(type(target), ref.attr)].replace("{n}", snake(ref.target)).replace("{api}", api_type)
        )
        if not ref.suffix:
            return Expr(text)
        if text.startswith('"'):
            return Expr(text[:-1] + ref.suffix + '"')
        return Expr(f'"${{{text}}}{ref.suffix}"')

    def value(self, value: Any) -> Any:
        """Model values as HCL values: Refs and inputs become references, recursively."""
        if isinstance(value, Ref):
            return self.expr(value)
        if isinstance(value, InputRef):
            return Expr(f"var.{snake(value.name)}")
        if isinstance(value, dict):
            return {key: self.value(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        return value

    def statements(self, statements: list[Statement] | tuple[Statement, ...]) -> list[dict[str, Any]]:
        return [
            {
                "Effect": "Allow",
                "Action": list(statement.actions),
                "Resource": self.value(list(statement.resources)),
            }
            for statement in statements
        ]

    def role(
        self,
        name: str,
        services: tuple[str, ...],
        statements: list[Statement],
        extra: list[dict[str, Any]] | None = None,
    ) -> list[Block]:
        """An IAM role for `services` with an inline least-privilege policy."""
        blocks = [
            resource(
                "aws_iam_role",
                name,
                attr("name", aws_name(name.replace("_", "-"))),
                attr("assume_role_policy", Call("jsonencode", fixed.trust_policy(services))),
            )
        ]
        policy = self.statements(statements) + (extra or [])
        if policy:
            blocks.append(
                resource(
                    "aws_iam_role_policy",
                    name,
                    attr("role", Expr(f"aws_iam_role.{name}.id")),
                    attr("policy", policy_document(policy), practice("least_privilege")),
                )
            )
        return blocks

    def log_group(self, name: str, log_name: Expr, days: int) -> Block:
        return resource(
            "aws_cloudwatch_log_group",
            name,
            attr("name", log_name),
            attr("retention_in_days", days, practice("log_retention")),
        )

    # Document ---------------------------------------------------------------------------
    def render(self) -> str:
        region = (
            attr("region", "us-east-1", "Lambda@Edge and CloudFront-scoped WAF are created in us-east-1")
            if self.bp.us_east_1_only
            else attr("region", Expr("var.region"))
        )
        blocks = [
            block(
                "terraform",
                body=[
                    attr("required_version", ">= 1.5"),
                    block(
                        "required_providers",
                        body=[attr("aws", {"source": "hashicorp/aws", "version": "~> 5.0"})],
                    ),
                ],
            ),
            block("provider", "aws", body=[region]),
            block(
                "variable",
                "name",
                body=[
                    attr("description", "Prefix of every resource name"),
                    attr("type", Expr("string")),
                    attr("default", self.bp.slug),
                ],
            ),
        ]
        if not self.bp.us_east_1_only:
            blocks.append(
                block("variable", "region", body=[attr("type", Expr("string")), attr("default", "us-east-1")])
            )
        for item in self.bp.inputs:
            kind = "string" if item.kind == "string" else "list(string)"
            blocks.append(
                block(
                    "variable",
                    snake(item.name),
                    body=[attr("description", item.description), attr("type", Expr(kind))],
                )
            )
        if self.bp.logs_api_stages:
            blocks.append(
                block(
                    "variable",
                    API_ACCOUNT_VARIABLE,
                    body=[
                        attr("description", fixed.API_GATEWAY_ACCOUNT_HELP),
                        attr("type", Expr("bool")),
                        attr("default", True),
                    ],
                )
            )
        blocks += [
            block("data", "aws_region", "current"),
            block("data", "aws_caller_identity", "current"),
            block("data", "aws_partition", "current"),
        ]
        if self.bp.logs_api_stages:
            blocks += self.api_gateway_account()
        for resource in self.bp.resources:
            blocks += getattr(self, f"r_{type(resource).__name__.lower()}")(resource)
        header = f"{self.bp.description}\nGenerated by Serverless Pattern Explorer. Deploy: terraform init && terraform apply"
        return dump(blocks, header)

    def api_gateway_account(self) -> list[Block]:
        """The account's API Gateway CloudWatch Logs role, behind a variable. On destroy the provider
        only forgets aws_api_gateway_account, so the account keeps pointing at the role: other
        stacks' stage logging keeps working as long as the role stays, hence prevent_destroy."""
        count = attr("count", Expr(f"var.{API_ACCOUNT_VARIABLE} ? 1 : 0"))
        return [
            resource(
                "aws_iam_role",
                API_ACCOUNT_NAME,
                count,
                attr("name", aws_name("ApiGatewayCloudWatch")),
                attr(
                    "assume_role_policy",
                    Call("jsonencode", fixed.trust_policy(("apigateway.amazonaws.com",))),
                ),
                block("lifecycle", body=[attr("prevent_destroy", True)]),
            ),
            resource(
                "aws_iam_role_policy_attachment",
                API_ACCOUNT_NAME,
                count,
                attr("role", Expr(f"aws_iam_role.{API_ACCOUNT_NAME}[0].name")),
                attr("policy_arn", fixed.API_GATEWAY_LOGS_POLICY),
            ),
            resource(
                "aws_api_gateway_account",
                API_ACCOUNT_NAME,
                count,
                attr("cloudwatch_role_arn", Expr(f"aws_iam_role.{API_ACCOUNT_NAME}[0].arn")),
                attr("depends_on", [Expr(f"aws_iam_role_policy_attachment.{API_ACCOUNT_NAME}")]),
                comment=practice("api_logging_role")
                + f"\n(one per account and Region; set {API_ACCOUNT_VARIABLE} = false if the account has one)",
            ),
        ]

    # Functions -----------------------------------------------------------------------------
    def r_function(self, fn: Function) -> list[Block]:
        n = snake(fn.id)
        statements = list(fn.statements)
        for event in fn.events:
            if isinstance(event, QueueEvent):
                statements.append(Statement(SQS_POLL, (Ref(event.queue),)))
            elif isinstance(event, StreamEvent):
                sources = [Ref(event.stream)] + ([Ref(event.consumer)] if event.consumer else [])
                statements.append(Statement(KINESIS_READ, tuple(sources)))
        if fn.async_config and fn.async_config.on_failure:
            statements.append(Statement(("sqs:SendMessage",), (Ref(fn.async_config.on_failure),)))
        blocks = self.role(n, fixed.EDGE_TRUST if fn.edge else fixed.LAMBDA_TRUST, statements)
        managed = [LAMBDA_VPC if fn.vpc else LAMBDA_BASIC] + ([LAMBDA_XRAY] if fn.tracing else [])
        blocks += [
            resource(
                "aws_iam_role_policy_attachment",
                f"{n}_{arn.rsplit('/', 1)[1].lower()}",
                attr("role", Expr(f"aws_iam_role.{n}.name")),
                attr("policy_arn", arn),
            )
            for arn in managed
        ]
        body: list[Attr | Block] = [
            attr("function_name", aws_name(fn.id)),
            attr("description", fn.description),
            attr("role", Expr(f"aws_iam_role.{n}.arn")),
            attr("filename", Expr('"${path.module}/build/app.zip"')),
            attr("handler", fixed.handler_path(fn.runtime, fn.handler)),
            attr("runtime", fn.runtime),
            attr("architectures", [fn.architecture]),
            attr("memory_size", fn.memory_mb),
            attr("timeout", fn.timeout_s, practice("api_timeout") if "api_timeout" in fn.practices else ""),
        ]
        if fn.reserved_concurrency is not None:
            name = "no_overlap" if "no_overlap" in fn.practices else "reserved"
            body.append(attr("reserved_concurrent_executions", fn.reserved_concurrency, practice(name)))
        if fn.edge:
            body.append(attr("publish", True, practice("edge_version") + "\n" + fixed.EDGE_NO_TRACING))
        else:
            body.append(
                block(
                    "tracing_config",
                    body=[attr("mode", "Active" if fn.tracing else "PassThrough")],
                    comment=practice("tracing") if fn.tracing else "",
                )
            )
            body.append(
                block(
                    "logging_config",
                    body=[
                        attr("log_format", "JSON"),
                        attr("log_group", Expr(f"aws_cloudwatch_log_group.{n}.name")),
                    ],
                    comment=practice("json_logs"),
                )
            )
            blocks.append(self.log_group(n, aws_name(fn.id, prefix="/aws/lambda/"), fn.log_retention_days))
        if fn.environment:
            variables = {key: self.value(value) for key, value in fn.environment}
            body.append(block("environment", body=[attr("variables", variables)]))
        if fn.vpc:
            body.append(
                block(
                    "vpc_config",
                    body=[
                        attr("subnet_ids", Expr("var.subnet_ids")),
                        attr("security_group_ids", Expr("var.security_group_ids")),
                    ],
                )
            )
        blocks.append(resource("aws_lambda_function", n, *body))
        if fn.async_config:
            config: list[Attr | Block] = [
                attr("function_name", Expr(f"aws_lambda_function.{n}.function_name")),
                attr("maximum_retry_attempts", fn.async_config.max_retries),
                attr("maximum_event_age_in_seconds", fn.async_config.max_event_age_s),
            ]
            if fn.async_config.on_failure:
                destination = self.expr(Ref(fn.async_config.on_failure))
                config.append(
                    block(
                        "destination_config",
                        body=[block("on_failure", body=[attr("destination", destination)])],
                    )
                )
            blocks.append(
                resource(
                    "aws_lambda_function_event_invoke_config", n, *config, comment=practice("async_failure")
                )
            )
        for event in fn.events:
            blocks += self.event(fn, event)
        return blocks

    def event(self, fn: Function, event: Any) -> list[Block]:
        n = snake(fn.id)
        function_arn = Expr(f"aws_lambda_function.{n}.arn")
        if isinstance(event, QueueEvent):
            queue = self.bp.get(event.queue)
            body: list[Attr | Block] = [
                attr("event_source_arn", self.expr(Ref(event.queue))),
                attr("function_name", function_arn),
                attr("batch_size", event.batch_size),
            ]
            if not (isinstance(queue, Queue) and queue.fifo):
                body.append(attr("maximum_batching_window_in_seconds", event.window_s))
            body.append(
                attr("function_response_types", ["ReportBatchItemFailures"], practice("partial_batch"))
            )
            if event.max_concurrency:
                body.append(
                    block(
                        "scaling_config",
                        body=[attr("maximum_concurrency", event.max_concurrency)],
                        comment=practice("max_concurrency"),
                    )
                )
            return [resource("aws_lambda_event_source_mapping", f"{n}_queue", *body)]
        if isinstance(event, StreamEvent):
            stream = Ref(event.consumer) if event.consumer else Ref(event.stream)
            body = [
                attr("event_source_arn", self.expr(stream)),
                attr("function_name", function_arn),
                attr("starting_position", "LATEST"),
                attr("batch_size", event.batch_size),
                attr("maximum_batching_window_in_seconds", event.window_s),
                attr("parallelization_factor", event.parallelization),
                attr("bisect_batch_on_function_error", event.bisect, practice("bisect")),
                attr("maximum_retry_attempts", event.max_retries, practice("bounded_retries")),
                attr("maximum_record_age_in_seconds", event.max_record_age_s),
                attr("function_response_types", ["ReportBatchItemFailures"], practice("partial_batch")),
            ]
            if event.on_failure:
                destination = self.expr(Ref(event.on_failure))
                body.append(
                    block(
                        "destination_config",
                        body=[block("on_failure", body=[attr("destination_arn", destination)])],
                    )
                )
            return [resource("aws_lambda_event_source_mapping", f"{n}_stream", *body)]
        if isinstance(event, BucketEvent):
            source = self.expr(Ref(event.bucket))
            return [self.permission(f"{n}_s3", n, "s3.amazonaws.com", source, account=True)]
        if isinstance(event, TopicEvent):
            topic = self.expr(Ref(event.topic))
            return [
                resource(
                    "aws_sns_topic_subscription",
                    n,
                    attr("topic_arn", topic),
                    attr("protocol", "lambda"),
                    attr("endpoint", function_arn),
                ),
                self.permission(f"{n}_sns", n, "sns.amazonaws.com", topic),
            ]
        raise TypeError(event)

    def permission(
        self, name: str, function: str, principal: str, source: Expr, *, account: bool = False
    ) -> Block:
        body = [
            attr("action", "lambda:InvokeFunction"),
            attr("function_name", Expr(f"aws_lambda_function.{function}.function_name")),
            attr("principal", principal),
            attr("source_arn", source),
        ]
        if account:
            body.append(attr("source_account", Expr("data.aws_caller_identity.current.account_id")))
        return resource("aws_lambda_permission", name, *body)

    # Storage and messaging ---------------------------------------------------------------------
    def r_queue(self, queue: Queue) -> list[Block]:
        body: list[Attr | Block] = [attr("name", aws_name(queue.id, fixed.FIFO_SUFFIX if queue.fifo else ""))]
        if queue.fifo:
            body += [
                attr("fifo_queue", True),
                attr("content_based_deduplication", True, practice("fifo_dedup")),
            ]
        if queue.is_dlq:
            body.append(attr("message_retention_seconds", queue.retention_s, practice("dlq_retention")))
        else:
            body.append(
                attr("visibility_timeout_seconds", queue.visibility_timeout_s, practice("visibility"))
            )
            body.append(attr("message_retention_seconds", queue.retention_s))
        if queue.dlq:
            policy = {
                "deadLetterTargetArn": self.expr(Ref(queue.dlq)),
                "maxReceiveCount": queue.max_receive_count,
            }
            body.append(attr("redrive_policy", Call("jsonencode", policy), practice("dlq")))
        body.append(attr("sqs_managed_sse_enabled", True))
        return [resource("aws_sqs_queue", snake(queue.id), *body, *protected(queue.retain))]

    def r_table(self, table: Table) -> list[Block]:
        provisioned = table.billing_mode == "provisioned"
        capacity = (
            [
                attr("read_capacity", table.read_capacity),
                attr("write_capacity", table.write_capacity),
            ]
            if provisioned
            else []
        )
        body: list[Attr | Block] = [
            attr("name", aws_name(table.id)),
            attr("billing_mode", "PROVISIONED" if provisioned else "PAY_PER_REQUEST"),
            *capacity,
            attr("hash_key", table.key),
        ]
        for name in [table.key, *([table.index_key] if table.index_key else [])]:
            body.append(block("attribute", body=[attr("name", name), attr("type", "S")]))
        if table.index_key:
            body.append(
                block(
                    "global_secondary_index",
                    body=[
                        attr("name", f"by-{table.index_key}"),
                        attr("hash_key", table.index_key),
                        attr("projection_type", "KEYS_ONLY"),
                        *capacity,
                    ],
                )
            )
        if table.ttl_attribute:
            body.append(
                block(
                    "ttl",
                    body=[attr("attribute_name", table.ttl_attribute), attr("enabled", True)],
                    comment=practice("ttl"),
                )
            )
        body.append(block("point_in_time_recovery", body=[attr("enabled", True)]))
        body.append(block("server_side_encryption", body=[attr("enabled", True)]))
        blocks = [resource("aws_dynamodb_table", snake(table.id), *body, *protected(table.retain))]
        if table.autoscaled:
            blocks += self.table_autoscaling(table)
        return blocks

    def table_autoscaling(self, table: Table) -> list[Block]:
        """Target tracking of read and write capacity at 70% utilisation, from the provisioned
        capacity (the minimum) to the table's maxima, through Application Auto Scaling's
        service-linked role for DynamoDB (created on first use, so no role_arn)."""
        n = snake(table.id)
        blocks: list[Block] = []
        dimensions = (
            ("read", table.read_capacity, table.max_read_capacity),
            ("write", table.write_capacity, table.max_write_capacity),
        )
        for kind, minimum, maximum in dimensions:
            if not maximum:
                continue
            name = f"{n}_{kind}"
            target = f"aws_appautoscaling_target.{name}"
            blocks += [
                resource(
                    "aws_appautoscaling_target",
                    name,
                    attr("service_namespace", "dynamodb"),
                    attr("resource_id", Expr(f'"table/${{aws_dynamodb_table.{n}.name}}"')),
                    attr("scalable_dimension", f"dynamodb:table:{kind.title()}CapacityUnits"),
                    attr("min_capacity", minimum),
                    attr("max_capacity", maximum),
                    comment=practice("autoscaling"),
                ),
                resource(
                    "aws_appautoscaling_policy",
                    name,
                    attr("name", aws_name(table.id, f"-{kind}")),
                    attr("policy_type", "TargetTrackingScaling"),
                    attr("service_namespace", Expr(f"{target}.service_namespace")),
                    attr("resource_id", Expr(f"{target}.resource_id")),
                    attr("scalable_dimension", Expr(f"{target}.scalable_dimension")),
                    block(
                        "target_tracking_scaling_policy_configuration",
                        body=[
                            attr("target_value", fixed.AUTOSCALING_TARGET_PERCENT),
                            block(
                                "predefined_metric_specification",
                                body=[
                                    attr(
                                        "predefined_metric_type",
                                        f"DynamoDB{kind.title()}CapacityUtilization",
                                    )
                                ],
                            ),
                        ],
                    ),
                ),
            ]
        return blocks

    def r_bucket(self, bucket: Bucket) -> list[Block]:
        n = snake(bucket.id)
        name = (
            attr("bucket", Expr(f"var.{snake(bucket.name_input)}"))
            if bucket.name_input
            else attr("bucket_prefix", aws_name(bucket.id, "-"))
        )
        bucket_id = Expr(f"aws_s3_bucket.{n}.id")
        blocks = [
            resource("aws_s3_bucket", n, name, *protected(bucket.retain)),
            resource(
                "aws_s3_bucket_public_access_block",
                n,
                attr("bucket", bucket_id),
                attr("block_public_acls", True),
                attr("block_public_policy", True),
                attr("ignore_public_acls", True),
                attr("restrict_public_buckets", True),
                comment=practice("public_access"),
            ),
            resource(
                "aws_s3_bucket_server_side_encryption_configuration",
                n,
                attr("bucket", bucket_id),
                block(
                    "rule",
                    body=[
                        block(
                            "apply_server_side_encryption_by_default", body=[attr("sse_algorithm", "AES256")]
                        )
                    ],
                ),
            ),
        ]
        if bucket.versioning:
            blocks.append(
                resource(
                    "aws_s3_bucket_versioning",
                    n,
                    attr("bucket", bucket_id),
                    block("versioning_configuration", body=[attr("status", "Enabled")]),
                    comment=practice("versioning"),
                )
            )
            if bucket.noncurrent_expiry_days:
                blocks.append(
                    resource(
                        "aws_s3_bucket_lifecycle_configuration",
                        n,
                        attr("bucket", bucket_id),
                        block(
                            "rule",
                            body=[
                                attr("id", "expire-noncurrent-versions"),
                                attr("status", "Enabled"),
                                block("filter"),
                                block(
                                    "noncurrent_version_expiration",
                                    body=[attr("noncurrent_days", bucket.noncurrent_expiry_days)],
                                ),
                            ],
                        ),
                        attr("depends_on", [Expr(f"aws_s3_bucket_versioning.{n}")]),
                    )
                )
        notifications: list[Block] = []
        depends: list[Expr] = []
        for fn in self.bp.of_type(Function):
            for event in fn.events:
                if isinstance(event, BucketEvent) and event.bucket == bucket.id:
                    arn = Expr(f"aws_lambda_function.{snake(fn.id)}.arn")
                    notifications.append(
                        self.notification("lambda_function", arn, event.prefix, event.suffix)
                    )
                    depends.append(Expr(f"aws_lambda_permission.{snake(fn.id)}_s3"))
        if bucket.notify_topic:
            topic = snake(bucket.notify_topic)
            arn = Expr(f"aws_sns_topic.{topic}.arn")
            notifications.append(self.notification("topic", arn, bucket.prefix, bucket.suffix))
            depends.append(Expr(f"aws_sns_topic_policy.{topic}"))
        if notifications:
            blocks.append(
                resource(
                    "aws_s3_bucket_notification",
                    n,
                    attr("bucket", bucket_id),
                    *notifications,
                    attr("depends_on", depends),
                )
            )
        if bucket.cloudfront_origin:
            statement = {
                "Effect": "Allow",
                "Principal": {"Service": "cloudfront.amazonaws.com"},
                "Action": "s3:GetObject",
                "Resource": self.expr(Ref(bucket.id, suffix="/*")),
                "Condition": {"StringEquals": {"AWS:SourceArn": self.expr(Ref(bucket.cloudfront_origin))}},
            }
            blocks.append(
                resource(
                    "aws_s3_bucket_policy",
                    n,
                    attr("bucket", bucket_id),
                    attr("policy", policy_document([statement]), practice("oac")),
                )
            )
        return blocks

    def notification(self, kind: str, target: Expr, prefix: str, suffix: str) -> Block:
        """One S3 ObjectCreated notification to a function or topic, filtered by key."""
        rules = key_filter(prefix, suffix)
        filters = [
            attr(f"filter_{name}", value, practice("s3_filter") if index == 0 else "")
            for index, (name, value) in enumerate(rules)
        ]
        arn_name = "lambda_function_arn" if kind == "lambda_function" else "topic_arn"
        return block(kind, body=[attr(arn_name, target), attr("events", ["s3:ObjectCreated:*"]), *filters])

    def r_topic(self, topic: Topic) -> list[Block]:
        n = snake(topic.id)
        blocks: list[Block] = []
        if topic.key_id:
            key = snake(topic.key_id)
            policy = fixed.topic_key_policy(
                topic.publishers,
                account_root=Expr(f'"arn:{PARTITION}:iam::{ACCOUNT}:root"'),
                account_id=Expr("data.aws_caller_identity.current.account_id"),
                sns_service=Expr(f'"sns.{REGION}.amazonaws.com"'),
            )
            blocks.append(
                resource(
                    "aws_kms_key",
                    key,
                    attr("description", f"Encrypts {topic.id}"),
                    attr("enable_key_rotation", True, practice("key_rotation")),
                    attr("policy", Call("jsonencode", policy)),
                )
            )
            encryption = attr(
                "kms_master_key_id",
                Expr(f"aws_kms_key.{key}.arn"),
                practice("encrypt") + "\n" + fixed.topic_key_note(topic.publishers),
            )
        else:
            encryption = attr("kms_master_key_id", fixed.SNS_MANAGED_KEY, practice("encrypt"))
        blocks.append(resource("aws_sns_topic", n, attr("name", aws_name(topic.id)), encryption))
        if "s3" in topic.publishers:
            buckets = [
                self.expr(Ref(bucket.id))
                for bucket in self.bp.of_type(Bucket)
                if bucket.notify_topic == topic.id
            ]
            statement = {
                "Effect": "Allow",
                "Principal": {"Service": "s3.amazonaws.com"},
                "Action": "sns:Publish",
                "Resource": Expr(f"aws_sns_topic.{n}.arn"),
                "Condition": {
                    "ArnLike": {"aws:SourceArn": buckets},
                    "StringEquals": {
                        "aws:SourceAccount": Expr("data.aws_caller_identity.current.account_id")
                    },
                },
            }
            blocks.append(
                resource(
                    "aws_sns_topic_policy",
                    n,
                    attr("arn", Expr(f"aws_sns_topic.{n}.arn")),
                    attr("policy", policy_document([statement])),
                )
            )
        return blocks

    def r_stream(self, stream: Stream) -> list[Block]:
        body: list[Attr | Block] = [attr("name", aws_name(stream.id))]
        if not stream.on_demand:
            body.append(attr("shard_count", stream.shards))
        body += [
            attr("retention_period", stream.retention_hours),
            attr("encryption_type", "KMS", practice("encrypt")),
            attr("kms_key_id", "alias/aws/kinesis"),
            block(
                "stream_mode_details",
                body=[attr("stream_mode", "ON_DEMAND" if stream.on_demand else "PROVISIONED")],
            ),
        ]
        return [resource("aws_kinesis_stream", snake(stream.id), *body, *protected(stream.retain))]

    def r_streamconsumer(self, consumer: StreamConsumer) -> list[Block]:
        return [
            resource(
                "aws_kinesis_stream_consumer",
                snake(consumer.id),
                attr("name", aws_name(consumer.id)),
                attr("stream_arn", self.expr(Ref(consumer.stream))),
                comment=practice("enhanced_fan_out"),
            )
        ]

    def r_statemachine(self, machine: StateMachine) -> list[Block]:
        n = snake(machine.id)
        extra = [{"Effect": "Allow", "Action": list(fixed.STATE_MACHINE_LOG_ACTIONS), "Resource": "*"}]
        if machine.tracing:
            extra.append({"Effect": "Allow", "Action": list(fixed.XRAY_ACTIONS), "Resource": "*"})
        blocks = self.role(n, ("states.amazonaws.com",), list(machine.statements), extra)
        blocks.append(
            self.log_group(
                n, aws_name(machine.id, prefix="/aws/vendedlogs/states/"), machine.log_retention_days
            )
        )
        blocks.append(
            resource(
                "aws_sfn_state_machine",
                n,
                attr("name", aws_name(machine.id)),
                attr("role_arn", Expr(f"aws_iam_role.{n}.arn")),
                attr("type", "EXPRESS" if machine.express else "STANDARD"),
                attr("definition", Call("jsonencode", self.value(machine.definition))),
                block(
                    "logging_configuration",
                    body=[
                        attr("log_destination", Expr(f'"${{aws_cloudwatch_log_group.{n}.arn}}:*"')),
                        attr("include_execution_data", machine.express),
                        attr("level", "ALL" if machine.express else "ERROR"),
                    ],
                    comment=practice("sfn_logging"),
                ),
                block(
                    "tracing_configuration",
                    body=[attr("enabled", machine.tracing)],
                    comment=practice("tracing") if machine.tracing else "",
                ),
            )
        )
        return blocks

    def r_alarm(self, alarm: Alarm) -> list[Block]:
        dimension, value = alarm.dimension
        body: list[Attr | Block] = [
            attr("alarm_name", aws_name(alarm.id)),
            attr("alarm_description", alarm.description),
            attr("namespace", alarm.namespace),
            attr("metric_name", alarm.metric),
            attr("dimensions", {dimension: self.value(value)}),
            attr("statistic", alarm.statistic),
            attr("period", alarm.period_s),
            attr("evaluation_periods", alarm.evaluation_periods),
            attr("threshold", alarm.threshold),
            attr("comparison_operator", alarm.comparison),
            attr("treat_missing_data", "notBreaching"),
        ]
        if alarm.notify:
            body.append(attr("alarm_actions", [self.expr(Ref(alarm.notify))]))
        return [
            resource(
                "aws_cloudwatch_metric_alarm", snake(alarm.id), *body, comment=alarm_practice(alarm.metric)
            )
        ]

    # Schedules ----------------------------------------------------------------------------------
    def r_schedule(self, schedule: Schedule) -> list[Block]:
        n = snake(schedule.id)
        target = self.expr(Ref(schedule.target))
        action = "lambda:InvokeFunction" if schedule.target_kind == "function" else "states:StartExecution"
        statements = [Statement((action,), (Ref(schedule.target),))]
        retry = block(
            "retry_policy",
            body=[
                attr("maximum_retry_attempts", schedule.max_retries),
                attr("maximum_event_age_in_seconds", schedule.max_event_age_s),
            ],
            comment=practice("schedule_retry"),
        )
        dead_letter = (
            [block("dead_letter_config", body=[attr("arn", self.expr(Ref(schedule.dlq)))])]
            if schedule.dlq
            else []
        )
        if schedule.use_scheduler:
            if schedule.dlq:
                statements.append(Statement(("sqs:SendMessage",), (Ref(schedule.dlq),)))
            blocks = self.role(f"{n}_role", ("scheduler.amazonaws.com",), statements)
            blocks.append(
                resource(
                    "aws_scheduler_schedule",
                    n,
                    attr("name", aws_name(schedule.id)),
                    attr("schedule_expression", schedule.expression),
                    attr("schedule_expression_timezone", schedule.timezone, practice("scheduler_tz")),
                    block("flexible_time_window", body=[attr("mode", "OFF")]),
                    block(
                        "target",
                        body=[
                            attr("arn", target),
                            attr("role_arn", Expr(f"aws_iam_role.{n}_role.arn")),
                            attr("input", fixed.SCHEDULER_INPUT),
                            retry,
                            *dead_letter,
                        ],
                    ),
                )
            )
            return blocks
        blocks = [
            resource(
                "aws_cloudwatch_event_rule",
                n,
                attr("name", aws_name(schedule.id)),
                attr("description", "Runs in UTC: EventBridge rules have no time zone"),
                attr("schedule_expression", schedule.expression),
            )
        ]
        target_body: list[Attr | Block] = [
            attr("rule", Expr(f"aws_cloudwatch_event_rule.{n}.name")),
            attr("arn", target),
        ]
        if schedule.target_kind == "function":
            blocks.append(
                self.permission(
                    n,
                    snake(schedule.target),
                    "events.amazonaws.com",
                    Expr(f"aws_cloudwatch_event_rule.{n}.arn"),
                )
            )
        else:
            blocks += self.role(f"{n}_role", ("events.amazonaws.com",), statements)
            target_body.append(attr("role_arn", Expr(f"aws_iam_role.{n}_role.arn")))
        blocks.append(resource("aws_cloudwatch_event_target", n, *target_body, retry, *dead_letter))
        if schedule.dlq:
            statement = {
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": self.expr(Ref(schedule.dlq)),
                "Condition": {"ArnEquals": {"aws:SourceArn": Expr(f"aws_cloudwatch_event_rule.{n}.arn")}},
            }
            blocks.append(
                resource(
                    "aws_sqs_queue_policy",
                    snake(schedule.dlq),
                    attr("queue_url", self.expr(Ref(schedule.dlq, "url"))),
                    attr("policy", policy_document([statement])),
                )
            )
        return blocks

    # APIs --------------------------------------------------------------------------------------
    def r_api(self, api: Api) -> list[Block]:
        return self.rest_api(api) if api.rest else self.http_api(api)

    def api_permissions(self, api_id: str, functions: list[str], execution_arn: str) -> list[Block]:
        return [
            self.permission(
                f"{api_id}_{snake(fn)}",
                snake(fn),
                "apigateway.amazonaws.com",
                Expr(f'"${{{execution_arn}}}/*"'),
            )
            for fn in dict.fromkeys(functions)
        ]

    def rest_api(self, api: Api) -> list[Block]:
        n = snake(api.id)
        security: list[dict[str, list[str]]] | None = [{"LambdaAuthorizer": []}] if api.authorizer else None
        paths: dict[str, Any] = {}
        for route in api.routes:
            operation: dict[str, Any] = {
                "x-amazon-apigateway-integration": {
                    "type": "aws_proxy",
                    "httpMethod": "POST",
                    "uri": Expr(f"aws_lambda_function.{snake(route.function)}.invoke_arn"),
                }
            }
            if security:
                operation["security"] = security
            paths.setdefault(route.path, {})[route.method.lower()] = operation
        spec: dict[str, Any] = {
            "openapi": "3.0.1",
            "info": {"title": aws_name(api.id), "version": "1.0"},
            "paths": paths,
        }
        if api.authorizer:
            spec["components"] = {
                "securitySchemes": {
                    "LambdaAuthorizer": {
                        "type": "apiKey",
                        "name": "Authorization",
                        "in": "header",
                        "x-amazon-apigateway-authtype": "custom",
                        "x-amazon-apigateway-authorizer": {
                            "type": "request",
                            "identitySource": "method.request.header.Authorization",
                            "authorizerUri": Expr(f"aws_lambda_function.{snake(api.authorizer)}.invoke_arn"),
                            "authorizerResultTtlInSeconds": fixed.AUTHORIZER_CACHE_S,
                        },
                    }
                }
            }
        rest = f"aws_api_gateway_rest_api.{n}"
        stage: list[Attr | Block] = [
            attr("rest_api_id", Expr(f"{rest}.id")),
            attr("deployment_id", Expr(f"aws_api_gateway_deployment.{n}.id")),
            attr("stage_name", fixed.STAGE),
            attr("xray_tracing_enabled", api.tracing, practice("tracing") if api.tracing else ""),
        ]
        settings: list[Attr | Block] = [
            attr("throttling_rate_limit", api.throttle_rate, practice("throttling")),
            attr("throttling_burst_limit", api.throttle_burst),
        ]
        if api.cache_ttl_s is not None:
            stage += [attr("cache_cluster_enabled", True), attr("cache_cluster_size", api.cache_size_gb)]
            settings += [
                attr("caching_enabled", True),
                attr("cache_ttl_in_seconds", api.cache_ttl_s, practice("cache")),
            ]
            if api.cache_encrypted:
                settings.append(attr("cache_data_encrypted", True, practice("cache_encryption")))
        stage.append(self.access_logs(n))
        stage.append(attr("depends_on", [Expr(f"aws_api_gateway_account.{API_ACCOUNT_NAME}")]))
        functions = [route.function for route in api.routes] + ([api.authorizer] if api.authorizer else [])
        return [
            resource(
                "aws_api_gateway_rest_api",
                n,
                attr("name", aws_name(api.id)),
                attr("body", Call("jsonencode", spec)),
            ),
            resource(
                "aws_api_gateway_deployment",
                n,
                attr("rest_api_id", Expr(f"{rest}.id")),
                attr("triggers", {"redeployment": Expr(f"sha1({rest}.body)")}),
                block("lifecycle", body=[attr("create_before_destroy", True)]),
            ),
            resource("aws_api_gateway_stage", n, *stage),
            resource(
                "aws_api_gateway_method_settings",
                n,
                attr("rest_api_id", Expr(f"{rest}.id")),
                attr("stage_name", Expr(f"aws_api_gateway_stage.{n}.stage_name")),
                attr("method_path", "*/*"),
                block("settings", body=settings),
            ),
            self.log_group(
                f"{n}_access", aws_name(api.id, prefix="/aws/apigateway/"), api.log_retention_days
            ),
            *self.api_permissions(n, functions, f"{rest}.execution_arn"),
        ]

    def access_logs(self, n: str) -> Block:
        return block(
            "access_log_settings",
            body=[
                attr("destination_arn", Expr(f"aws_cloudwatch_log_group.{n}_access.arn")),
                attr("format", fixed.ACCESS_LOG_FORMAT),
            ],
        )

    def lambda_routes(
        self, n: str, routes: list[tuple[str, str]], authorizer: str | None, auth_route: str | None
    ) -> list[Block]:
        """Integrations and routes of an API Gateway v2 API (HTTP or WebSocket)."""
        api_id = Expr(f"aws_apigatewayv2_api.{n}.id")
        blocks: list[Block] = []
        integrations: set[str] = set()
        for route_key, function in routes:
            fn = snake(function)
            if fn not in integrations:
                integrations.add(fn)
                integration = [
                    attr("api_id", api_id),
                    attr("integration_type", "AWS_PROXY"),
                    attr("integration_uri", Expr(f"aws_lambda_function.{fn}.invoke_arn")),
                ]
                if auth_route is None:  # HTTP API
                    integration.append(attr("payload_format_version", "2.0"))
                blocks.append(resource("aws_apigatewayv2_integration", f"{n}_{fn}", *integration))
            route = [
                attr("api_id", api_id),
                attr("route_key", route_key),
                attr("target", Expr(f'"integrations/${{aws_apigatewayv2_integration.{n}_{fn}.id}}"')),
            ]
            if authorizer and (auth_route is None or route_key == auth_route):
                route += [
                    attr("authorization_type", "CUSTOM"),
                    attr("authorizer_id", Expr(f"aws_apigatewayv2_authorizer.{n}.id")),
                ]
            blocks.append(
                resource(
                    "aws_apigatewayv2_route",
                    f"{n}_{re.sub(r'[^a-z0-9]+', '_', route_key.lower()).strip('_')}",
                    *route,
                )
            )
        functions = [function for _, function in routes] + ([authorizer] if authorizer else [])
        return blocks + self.api_permissions(n, functions, f"aws_apigatewayv2_api.{n}.execution_arn")

    def authorizer(self, n: str, function: str, identity: str, *, http: bool) -> Block:
        body = [
            attr("api_id", Expr(f"aws_apigatewayv2_api.{n}.id")),
            attr("name", "token"),
            attr("authorizer_type", "REQUEST"),
            attr("authorizer_uri", Expr(f"aws_lambda_function.{snake(function)}.invoke_arn")),
            attr("identity_sources", [identity]),
        ]
        if http:
            body += [
                attr("authorizer_payload_format_version", "2.0"),
                attr("authorizer_result_ttl_in_seconds", fixed.AUTHORIZER_CACHE_S),
            ]
        return resource(
            "aws_apigatewayv2_authorizer",
            n,
            *body,
            comment=practice("authorizer" if http else "websocket_auth"),
        )

    def v2_stage(self, n: str, name: str, rate: int, burst: int, *, websocket: bool = False) -> Block:
        body: list[Attr | Block] = [
            attr("api_id", Expr(f"aws_apigatewayv2_api.{n}.id")),
            attr("name", name),
            attr("auto_deploy", True),
            block(
                "default_route_settings",
                body=[attr("throttling_rate_limit", rate), attr("throttling_burst_limit", burst)],
                comment=practice("throttling"),
            ),
            self.access_logs(n),
        ]
        if websocket:  # a WebSocket stage logs through the account's CloudWatch Logs role
            body.append(attr("depends_on", [Expr(f"aws_api_gateway_account.{API_ACCOUNT_NAME}")]))
        return resource("aws_apigatewayv2_stage", n, *body)

    def http_api(self, api: Api) -> list[Block]:
        n = snake(api.id)
        blocks = [
            resource("aws_apigatewayv2_api", n, attr("name", aws_name(api.id)), attr("protocol_type", "HTTP"))
        ]
        if api.authorizer:
            blocks.append(self.authorizer(n, api.authorizer, "$request.header.Authorization", http=True))
        routes = [(f"{route.method} {route.path}", route.function) for route in api.routes]
        blocks += self.lambda_routes(n, routes, api.authorizer, None)
        blocks.append(self.v2_stage(n, "$default", api.throttle_rate, api.throttle_burst))
        blocks.append(
            self.log_group(f"{n}_access", aws_name(api.id, prefix="/aws/apigateway/"), api.log_retention_days)
        )
        return blocks

    def r_websocketapi(self, api: WebSocketApi) -> list[Block]:
        n = snake(api.id)
        blocks = [
            resource(
                "aws_apigatewayv2_api",
                n,
                attr("name", aws_name(api.id)),
                attr("protocol_type", "WEBSOCKET"),
                attr("route_selection_expression", fixed.WEBSOCKET_ROUTE_SELECTION),
            )
        ]
        if api.authorizer:
            blocks.append(self.authorizer(n, api.authorizer, fixed.WEBSOCKET_IDENTITY_SOURCE, http=False))
        blocks += self.lambda_routes(n, list(api.routes), api.authorizer, "$connect")
        rate, burst = fixed.WEBSOCKET_THROTTLE
        blocks.append(self.v2_stage(n, fixed.STAGE, rate, burst, websocket=True))
        blocks.append(
            self.log_group(f"{n}_access", aws_name(api.id, prefix="/aws/apigateway/"), api.log_retention_days)
        )
        return blocks

    # Edge ---------------------------------------------------------------------------------------
    def r_distribution(self, dist: Distribution) -> list[Block]:
        n = snake(dist.id)
        blocks: list[Block] = []
        origin: list[Attr | Block] = [
            attr("origin_id", "origin"),
            attr("domain_name", self.value(dist.origin_ref)),
        ]
        behavior: list[Attr | Block] = [
            attr("target_origin_id", "origin"),
            attr("viewer_protocol_policy", "redirect-to-https", practice("tls_only")),
            attr("cached_methods", ["GET", "HEAD"]),
        ]
        if dist.origin == "s3":
            blocks.append(
                resource(
                    "aws_cloudfront_origin_access_control",
                    n,
                    attr("name", aws_name(dist.id)),
                    attr("origin_access_control_origin_type", "s3"),
                    attr("signing_behavior", "always"),
                    attr("signing_protocol", "sigv4"),
                )
            )
            origin.append(
                attr(
                    "origin_access_control_id",
                    Expr(f"aws_cloudfront_origin_access_control.{n}.id"),
                    practice("oac"),
                )
            )
            behavior += [
                attr("allowed_methods", ["GET", "HEAD"]),
                attr("cache_policy_id", fixed.CACHING_OPTIMIZED),
            ]
        else:
            api = self.bp.get(dist.origin_ref.target) if isinstance(dist.origin_ref, Ref) else None
            if isinstance(api, Api) and api.rest:
                origin.append(attr("origin_path", f"/{fixed.STAGE}"))
            origin.append(
                block(
                    "custom_origin_config",
                    body=[
                        attr("http_port", 80),
                        attr("https_port", 443),
                        attr("origin_protocol_policy", "https-only"),
                        attr("origin_ssl_protocols", ["TLSv1.2"]),
                    ],
                )
            )
            behavior += [
                attr("allowed_methods", list(fixed.API_METHODS)),
                attr("cache_policy_id", fixed.CACHING_DISABLED),
                attr("origin_request_policy_id", fixed.ALL_VIEWER_EXCEPT_HOST),
            ]
        if dist.response_headers_policy:
            behavior.append(
                attr(
                    "response_headers_policy_id",
                    dist.response_headers_policy,
                    practice("security_headers") + "\n(the managed SecurityHeadersPolicy)",
                )
            )
        for event, fn in dist.function_associations:
            arn = self.expr(Ref(fn))
            behavior.append(
                block("function_association", body=[attr("event_type", event), attr("function_arn", arn)])
            )
        for event, fn in dist.lambda_associations:
            arn = self.expr(Ref(fn, "version"))
            behavior.append(
                block(
                    "lambda_function_association", body=[attr("event_type", event), attr("lambda_arn", arn)]
                )
            )
        body: list[Attr | Block] = [
            attr("enabled", True),
            attr("http_version", "http2and3"),
        ]
        if dist.origin == "s3":
            body.append(attr("default_root_object", "index.html"))
        if dist.web_acl:
            body.append(attr("web_acl_id", self.expr(Ref(dist.web_acl)), practice("waf")))
        body += [
            block("origin", body=origin),
            block("default_cache_behavior", body=behavior),
            block("restrictions", body=[block("geo_restriction", body=[attr("restriction_type", "none")])]),
            block("viewer_certificate", body=[attr("cloudfront_default_certificate", True)]),
        ]
        blocks.append(resource("aws_cloudfront_distribution", n, *body))
        return blocks

    def r_cloudfrontfunction(self, fn: CloudFrontFunction) -> list[Block]:
        return [
            resource(
                "aws_cloudfront_function",
                snake(fn.id),
                attr("name", aws_name(fn.id)),
                attr("runtime", fixed.CLOUDFRONT_FUNCTION_RUNTIME),
                attr("comment", fn.comment),
                attr("publish", True),
                attr("code", Heredoc(fn.code)),
            )
        ]

    def r_webacl(self, acl: WebAcl) -> list[Block]:
        n = snake(acl.id)

        def visibility(name: str) -> Block:
            return block(
                "visibility_config",
                body=[
                    attr("cloudwatch_metrics_enabled", True),
                    attr("metric_name", name),
                    attr("sampled_requests_enabled", True),
                ],
            )

        rules = [
            block(
                "rule",
                body=[
                    attr("name", name),
                    attr("priority", priority),
                    block("override_action", body=[block("none")]),
                    block(
                        "statement",
                        body=[
                            block(
                                "managed_rule_group_statement",
                                body=[attr("name", name), attr("vendor_name", "AWS")],
                            )
                        ],
                    ),
                    visibility(name),
                ],
            )
            for priority, name in enumerate(acl.managed_rules)
        ]
        rules.append(
            block(
                "rule",
                body=[
                    attr("name", "RateLimitPerIp"),
                    attr("priority", len(rules)),
                    block("action", body=[block("block")]),
                    block(
                        "statement",
                        body=[
                            block(
                                "rate_based_statement",
                                body=[attr("limit", acl.rate_limit), attr("aggregate_key_type", "IP")],
                            )
                        ],
                    ),
                    visibility("RateLimitPerIp"),
                ],
            )
        )
        blocks = [
            resource(
                "aws_wafv2_web_acl",
                n,
                attr("name", aws_name(acl.id)),
                attr("scope", "CLOUDFRONT" if acl.cloudfront else "REGIONAL"),
                block("default_action", body=[block("allow")]),
                *rules,
                visibility(acl.id),
                comment=practice("waf"),
            )
        ]
        if acl.associate_api:
            blocks.append(
                resource(
                    "aws_wafv2_web_acl_association",
                    n,
                    attr("resource_arn", Expr(f"aws_api_gateway_stage.{snake(acl.associate_api)}.arn")),
                    attr("web_acl_arn", Expr(f"aws_wafv2_web_acl.{n}.arn")),
                )
            )
        return blocks

    # Data services --------------------------------------------------------------------------------
    def r_firehose(self, hose: Firehose) -> list[Block]:
        n = snake(hose.id)
        role = Expr(f"aws_iam_role.{n}.arn")
        statements = [
            Statement(
                (
                    "kinesis:DescribeStream",
                    "kinesis:GetShardIterator",
                    "kinesis:GetRecords",
                    "kinesis:ListShards",
                ),
                (Ref(hose.stream),),
            )
        ]
        s3: list[Attr | Block] = []
        if hose.bucket:
            statements.append(
                Statement(
                    ("s3:PutObject", "s3:GetBucketLocation", "s3:ListBucket"),
                    (Ref(hose.bucket), Ref(hose.bucket, suffix="/*")),
                )
            )
            s3 = [attr("role_arn", role), attr("bucket_arn", self.expr(Ref(hose.bucket)))]
        body: list[Attr | Block] = [
            attr("name", aws_name(hose.id)),
            attr("destination", "opensearch" if hose.domain else "extended_s3"),
            block(
                "kinesis_source_configuration",
                body=[attr("kinesis_stream_arn", self.expr(Ref(hose.stream))), attr("role_arn", role)],
            ),
        ]
        if hose.domain:
            statements.append(
                Statement(
                    ("es:ESHttpPost", "es:ESHttpPut", "es:DescribeDomain"),
                    (Ref(hose.domain), Ref(hose.domain, suffix="/*")),
                )
            )
            body.append(
                block(
                    "opensearch_configuration",
                    body=[
                        attr("domain_arn", self.expr(Ref(hose.domain))),
                        attr("role_arn", role),
                        attr("index_name", "records"),
                        attr("s3_backup_mode", "FailedDocumentsOnly"),
                        block("s3_configuration", body=[*s3, attr("compression_format", "GZIP")]),
                    ],
                )
            )
        else:
            body.append(
                block(
                    "extended_s3_configuration",
                    body=[
                        *s3,
                        attr("buffering_interval", hose.buffer_interval_s),
                        attr("buffering_size", hose.buffer_size_mb),
                        attr("compression_format", "GZIP"),
                    ],
                )
            )
        return [
            *self.role(n, ("firehose.amazonaws.com",), statements),
            resource("aws_kinesis_firehose_delivery_stream", n, *body),
        ]

    def r_searchdomain(self, domain: SearchDomain) -> list[Block]:
        security: list[Attr | Block] = []
        if domain.master:  # the Firehose stream's role or the function's, both named after it
            security = [
                block(
                    "advanced_security_options",
                    body=[
                        attr("enabled", True),
                        attr("internal_user_database_enabled", False),
                        block(
                            "master_user_options",
                            body=[attr("master_user_arn", Expr(f"aws_iam_role.{snake(domain.master)}.arn"))],
                        ),
                    ],
                    comment=practice("fine_grained_access") + "\n" + fixed.FGAC_NOTE,
                ),
                attr(
                    "access_policies",
                    policy_document(
                        [
                            {
                                "Effect": "Allow",
                                "Principal": {"AWS": Expr(f'"arn:{PARTITION}:iam::{ACCOUNT}:root"')},
                                "Action": "es:ESHttp*",
                                "Resource": Expr(
                                    f'"arn:{PARTITION}:es:{REGION}:{ACCOUNT}:domain/${{var.name}}-{kebab(domain.id)}/*"'
                                ),
                            }
                        ]
                    ),
                ),
            ]
        return [
            resource(
                "aws_opensearch_domain",
                snake(domain.id),
                # OpenSearch domain names are 3 to 28 characters
                # (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/createupdatedomains.html).
                attr("domain_name", Expr('substr("${var.name}-search", 0, 28)')),
                attr("engine_version", fixed.OPENSEARCH_VERSION),
                block(
                    "cluster_config",
                    body=[
                        attr("instance_type", domain.instance_type),
                        attr("instance_count", domain.instances),
                    ],
                ),
                block(
                    "ebs_options",
                    body=[
                        attr("ebs_enabled", True),
                        attr("volume_size", domain.storage_gb),
                        attr("volume_type", "gp3"),
                    ],
                ),
                block("encrypt_at_rest", body=[attr("enabled", True)], comment=practice("encrypt")),
                block("node_to_node_encryption", body=[attr("enabled", True)]),
                block(
                    "domain_endpoint_options",
                    body=[
                        attr("enforce_https", True),
                        attr("tls_security_policy", "Policy-Min-TLS-1-2-2019-07"),
                    ],
                    comment=practice("tls_only"),
                ),
                *security,
                *protected(domain.retain),
            )
        ]

    def r_database(self, db: Database) -> list[Block]:
        n, proxy = snake(db.id), f"{snake(db.id)}_proxy"
        secret = Expr(f"aws_db_instance.{n}.master_user_secret[0].secret_arn")
        statement = {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": secret}
        return [
            resource(
                "aws_db_subnet_group",
                n,
                attr("name", aws_name(db.id)),
                attr("subnet_ids", Expr("var.subnet_ids")),
            ),
            resource(
                "aws_db_instance",
                n,
                attr("identifier", aws_name(db.id)),
                attr("engine", fixed.DB_ENGINE),
                attr("instance_class", db.instance_class),
                attr("allocated_storage", db.storage_gb),
                attr("storage_type", "gp3"),
                attr("multi_az", db.multi_az, practice("multi_az") if db.multi_az else ""),
                attr(
                    "deletion_protection",
                    db.deletion_protection,
                    practice("deletion_protection") if db.deletion_protection else "",
                ),
                attr("username", fixed.DB_USER),
                attr("manage_master_user_password", True),
                attr("db_subnet_group_name", Expr(f"aws_db_subnet_group.{n}.name")),
                attr("vpc_security_group_ids", Expr("var.security_group_ids")),
                attr("storage_encrypted", True),
                attr("publicly_accessible", False),
                attr("final_snapshot_identifier", aws_name(db.id, "-final")),
            ),
            *self.role(proxy, ("rds.amazonaws.com",), [], [statement]),
            resource(
                "aws_db_proxy",
                proxy,
                attr("name", aws_name(db.proxy)),
                attr("engine_family", "POSTGRESQL"),
                attr("role_arn", Expr(f"aws_iam_role.{proxy}.arn")),
                attr("vpc_subnet_ids", Expr("var.subnet_ids")),
                attr("vpc_security_group_ids", Expr("var.security_group_ids")),
                attr("require_tls", True),
                block(
                    "auth",
                    body=[
                        attr("auth_scheme", "SECRETS"),
                        attr("secret_arn", secret),
                        attr("iam_auth", "REQUIRED"),
                    ],
                ),
                comment=practice("rds_proxy"),
            ),
            resource(
                "aws_db_proxy_default_target_group",
                proxy,
                attr("db_proxy_name", Expr(f"aws_db_proxy.{proxy}.name")),
            ),
            resource(
                "aws_db_proxy_target",
                proxy,
                attr("db_proxy_name", Expr(f"aws_db_proxy.{proxy}.name")),
                attr("target_group_name", Expr(f"aws_db_proxy_default_target_group.{proxy}.name")),
                attr("db_instance_identifier", Expr(f"aws_db_instance.{n}.identifier")),
            ),
        ]

    def r_cache(self, cache: Cache) -> list[Block]:
        return [
            resource(
                "aws_elasticache_serverless_cache",
                snake(cache.id),
                attr("name", aws_name(cache.id)),
                attr("engine", "valkey"),
                attr("subnet_ids", Expr("var.subnet_ids")),
                attr("security_group_ids", Expr("var.security_group_ids")),
                *protected(cache.retain),
            )
        ]


def render(deployment: Deployment) -> str:
    """The deployment as a Terraform configuration (one main.tf)."""
    return Terraform(deployment).render()
