"""Deployment -> a small construct model, shared by the CDK Python and TypeScript renderers.

One walk over the `Deployment` (`build_stack`) yields `Stmt`s: constructs of aws-cdk-lib's L2
classes (`aws_lambda.Function`, `aws_sqs.Queue`, ...) with their props, and the method calls
that wire them (`add_event_source`, `add_to_role_policy`). The expressions are language
neutral (`Sym`, `Attr`, `Call`, `Struct`); `cdk_python` and `cdk_typescript` only spell them.
So the two apps cannot disagree with each other, and both read the model SAM and Terraform
read. Comments naming a best practice stand above the setting that follows it.

Resource types without a renderer here (`SUPPORTED`) leave the CDK formats out of
`formats_for` for that configuration rather than producing a partial app.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
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
from explorer.domain.snippets import fixed, sam
from explorer.domain.snippets.asl import refs_in, to_json
from explorer.domain.snippets.practices import alarm_practice, practice

# Pinned together: aws-cdk-lib 2.x needs constructs 10.x.
AWS_CDK_LIB = "2.275.0"
CONSTRUCTS = "10.8.1"
TYPESCRIPT = "5.9.3"

SUPPORTED = (
    Function,
    Queue,
    Table,
    Bucket,
    Topic,
    Stream,
    StreamConsumer,
    StateMachine,
    Alarm,
    Schedule,
    Api,
    WebSocketApi,
    CloudFrontFunction,
    Distribution,
    WebAcl,
    Database,
    Cache,
    SearchDomain,
    Firehose,
)


# The construct model ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Sym:
    """A name exported by an aws-cdk-lib module: `Sym("sqs", "Queue")`, `Sym("cdk", "Duration.seconds")`."""

    module: str
    path: str


@dataclass(frozen=True)
class Var:
    """A local variable of the stack (snake_case; TypeScript spells it camelCase)."""

    name: str


@dataclass(frozen=True)
class Attr:
    """An attribute or method of a value: `Attr(Var("queue"), "queue_arn")`."""

    of: Any
    name: str


@dataclass(frozen=True)
class Kw:
    name: str  # snake_case, as Python spells it
    value: Any
    comment: str = ""


@dataclass(frozen=True)
class Call:
    """A call; `new` for a class (TypeScript writes `new`), keyword args become a props object."""

    fn: Any
    args: tuple[Any, ...] = ()
    kwargs: tuple[Kw, ...] = ()
    new: bool = False


@dataclass(frozen=True)
class Struct:
    """A props struct: `cls(k=v)` in Python, an object literal `{ k: v }` in TypeScript."""

    cls: Sym
    kwargs: tuple[Kw, ...]


@dataclass(frozen=True)
class Cast:
    """An L2 construct's L1 resource (`node.default_child`), typed as `cls` in TypeScript."""

    of: Any
    cls: Sym


@dataclass(frozen=True)
class NonNull:
    """A value TypeScript types as optional that is set here (a function's own role)."""

    of: Any


@dataclass(frozen=True)
class Concat:
    """String concatenation of a token and text (`bucket.bucket_arn + "/*"`)."""

    left: Any
    right: str


@dataclass(frozen=True)
class Scope:
    """The construct scope of the stack's children (`self`, `this`)."""


@dataclass(frozen=True)
class Const:
    """A module-level constant (the ASL definitions), UPPER_SNAKE in both languages."""

    name: str


@dataclass(frozen=True)
class Stmt:
    expr: Any
    var: str = ""  # assigned to a local variable when set
    comments: tuple[str, ...] = ()


@dataclass
class StackModel:
    """What the renderers spell: the stack's statements, its modules and text constants."""

    class_name: str
    description: str
    statements: list[Stmt] = field(default_factory=list)
    modules: set[str] = field(default_factory=set)
    constants: dict[str, str] = field(default_factory=dict)  # ASL JSON, by constant name
    uses_code: bool = False  # a function's code asset (../src)


# Modules: the model's short name -> (Python import, TypeScript module path).
MODULES: dict[str, tuple[str, str]] = {
    "lambda": ("aws_lambda", "aws-cdk-lib/aws-lambda"),
    "sources": ("aws_lambda_event_sources", "aws-cdk-lib/aws-lambda-event-sources"),
    "logs": ("aws_logs", "aws-cdk-lib/aws-logs"),
    "iam": ("aws_iam", "aws-cdk-lib/aws-iam"),
    "sqs": ("aws_sqs", "aws-cdk-lib/aws-sqs"),
    "dynamodb": ("aws_dynamodb", "aws-cdk-lib/aws-dynamodb"),
    "s3": ("aws_s3", "aws-cdk-lib/aws-s3"),
    "s3n": ("aws_s3_notifications", "aws-cdk-lib/aws-s3-notifications"),
    "sns": ("aws_sns", "aws-cdk-lib/aws-sns"),
    "kinesis": ("aws_kinesis", "aws-cdk-lib/aws-kinesis"),
    "kms": ("aws_kms", "aws-cdk-lib/aws-kms"),
    "sfn": ("aws_stepfunctions", "aws-cdk-lib/aws-stepfunctions"),
    "cloudwatch": ("aws_cloudwatch", "aws-cdk-lib/aws-cloudwatch"),
    "cw_actions": ("aws_cloudwatch_actions", "aws-cdk-lib/aws-cloudwatch-actions"),
    "events": ("aws_events", "aws-cdk-lib/aws-events"),
    "targets": ("aws_events_targets", "aws-cdk-lib/aws-events-targets"),
    "scheduler": ("aws_scheduler", "aws-cdk-lib/aws-scheduler"),
    "scheduler_targets": ("aws_scheduler_targets", "aws-cdk-lib/aws-scheduler-targets"),
    "lambda_destinations": ("aws_lambda_destinations", "aws-cdk-lib/aws-lambda-destinations"),
    "apigw": ("aws_apigateway", "aws-cdk-lib/aws-apigateway"),
    "apigwv2": ("aws_apigatewayv2", "aws-cdk-lib/aws-apigatewayv2"),
    "apigwv2_integrations": ("aws_apigatewayv2_integrations", "aws-cdk-lib/aws-apigatewayv2-integrations"),
    "apigwv2_authorizers": ("aws_apigatewayv2_authorizers", "aws-cdk-lib/aws-apigatewayv2-authorizers"),
    "cloudfront": ("aws_cloudfront", "aws-cdk-lib/aws-cloudfront"),
    "origins": ("aws_cloudfront_origins", "aws-cdk-lib/aws-cloudfront-origins"),
    "wafv2": ("aws_wafv2", "aws-cdk-lib/aws-wafv2"),
    "rds": ("aws_rds", "aws-cdk-lib/aws-rds"),
    "elasticache": ("aws_elasticache", "aws-cdk-lib/aws-elasticache"),
    "opensearch": ("aws_opensearchservice", "aws-cdk-lib/aws-opensearchservice"),
    "kinesisfirehose": ("aws_kinesisfirehose", "aws-cdk-lib/aws-kinesisfirehose"),
}

# logs.RetentionDays members by number of days.
# https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_logs.RetentionDays.html
RETENTION_DAYS = {
    1: "ONE_DAY",
    3: "THREE_DAYS",
    5: "FIVE_DAYS",
    7: "ONE_WEEK",
    14: "TWO_WEEKS",
    30: "ONE_MONTH",
    60: "TWO_MONTHS",
    90: "THREE_MONTHS",
    120: "FOUR_MONTHS",
    150: "FIVE_MONTHS",
    180: "SIX_MONTHS",
    365: "ONE_YEAR",
    400: "THIRTEEN_MONTHS",
    545: "EIGHTEEN_MONTHS",
    731: "TWO_YEARS",
    1096: "THREE_YEARS",
    1827: "FIVE_YEARS",
    2192: "SIX_YEARS",
    2557: "SEVEN_YEARS",
    2922: "EIGHT_YEARS",
    3288: "NINE_YEARS",
    3653: "TEN_YEARS",
}

# What a Ref reads on each construct, per resource type and attribute (Python spelling).
ATTRIBUTES: dict[tuple[type, str], str] = {
    (Function, "arn"): "function_arn",
    (Function, "name"): "function_name",
    (Queue, "arn"): "queue_arn",
    (Queue, "url"): "queue_url",
    (Queue, "name"): "queue_name",
    (Table, "arn"): "table_arn",
    (Table, "name"): "table_name",
    (Bucket, "arn"): "bucket_arn",
    (Bucket, "name"): "bucket_name",
    (Bucket, "domain"): "bucket_regional_domain_name",
    (Topic, "arn"): "topic_arn",
    (Stream, "arn"): "stream_arn",
    (StreamConsumer, "arn"): "stream_consumer_arn",
    (StateMachine, "arn"): "state_machine_arn",
    (WebAcl, "arn"): "attr_arn",
    (Cache, "domain"): "attr_endpoint_address",
    (SearchDomain, "arn"): "attr_arn",
    (SearchDomain, "domain"): "attr_domain_endpoint",
}
# Refs CloudFormation spells with Fn::Sub, where the construct has no attribute for them.
SUBS: dict[tuple[type, str], tuple[str, str]] = {
    (WebSocketApi, "url"): (
        "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/" + fixed.STAGE,
        "api_id",
    ),
    (WebSocketApi, "arn"): (
        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}",
        "api_id",
    ),
    (Api, "domain"): ("${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}", ""),
}


def supported(deployment: Deployment) -> bool:
    """Whether every resource of the deployment has a CDK renderer here."""
    return all(isinstance(resource, SUPPORTED) for resource in deployment.resources)


def snake(name: str) -> str:
    """CamelCase logical id -> snake_case variable name."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def upper_snake(name: str) -> str:
    return snake(name).upper()


def seconds(value: int) -> Call:
    return Call(Sym("cdk", "Duration.seconds"), (value,))


class Builder:
    """Walks one deployment into a `StackModel`."""

    def __init__(self, deployment: Deployment, class_name: str) -> None:
        self.bp = deployment
        self.model = StackModel(class_name, deployment.description)
        self.defined: set[str] = set()
        self.later: list[Stmt] = []  # wiring that needs every construct to exist

    # Helpers --------------------------------------------------------------------------------
    def sym(self, module: str, path: str) -> Sym:
        self.model.modules.add(module)
        return Sym(module, path)

    def sub(self, text: str) -> Call:
        """`Fn.sub` of a string naming only pseudo parameters such as `${AWS::StackName}`."""
        return Call(self.sym("cdk", "Fn.sub"), (text,))

    def new(self, module: str, cls: str, logical_id: str, *kwargs: Kw) -> Call:
        return Call(
            self.sym(module, cls),
            (Scope(), logical_id),
            tuple(k for k in kwargs if k.value is not None),
            new=True,
        )

    def struct(self, module: str, cls: str, *kwargs: Kw) -> Struct:
        return Struct(self.sym(module, cls), tuple(k for k in kwargs if k.value is not None))

    def call(
        self, module: str, path: str, *args: Any, kwargs: tuple[Kw, ...] = (), new: bool = False
    ) -> Call:
        return Call(self.sym(module, path), args, tuple(k for k in kwargs if k.value is not None), new=new)

    def enum(self, module: str, path: str) -> Sym:
        return self.sym(module, path)

    def emit(self, expr: Any, var: str = "", comments: tuple[str, ...] = ()) -> None:
        self.model.statements.append(Stmt(expr, var, comments))
        if var:
            self.defined.add(var)

    def var(self, logical_id: str) -> Var:
        return Var(snake(logical_id))

    def ready(self, value: Any) -> bool:
        """Whether every construct the value refers to is defined already."""
        if isinstance(value, Ref):
            return snake(value.target) in self.defined
        if isinstance(value, dict | list | tuple):
            items = value.values() if isinstance(value, dict) else value
            return all(self.ready(item) for item in items)
        return True

    def value(self, value: Any) -> Any:
        """A model value as a construct expression: Refs become construct attributes."""
        if isinstance(value, InputRef):
            item = next(i for i in self.bp.inputs if i.name == value.name)
            attr = "value_as_string" if item.kind == "string" else "value_as_list"
            return Attr(Var(snake(value.name)), attr)
        if not isinstance(value, Ref):
            return value
        resource = self.bp.get(value.target)
        if isinstance(resource, Database):
            if value.attr == "domain":
                return Attr(self.var(resource.proxy), "attr_endpoint")
            # The proxy's resource id (prx-...) is the last field of its ARN.
            proxy_arn = Attr(self.var(resource.proxy), "attr_db_proxy_arn")
            proxy_id = Call(
                self.sym("cdk", "Fn.select"), (6, Call(self.sym("cdk", "Fn.split"), (":", proxy_arn)))
            )
            return Call(self.sym("cdk", "Fn.sub"), (sam.DB_USER_ARN, {"ProxyId": proxy_id}))
        if (type(resource), value.attr) in SUBS:
            template, attr = SUBS[(type(resource), value.attr)]
            if isinstance(resource, Api):
                attr = "rest_api_id" if resource.rest else "api_id"
            expr: Call | Attr = Call(
                self.sym("cdk", "Fn.sub"), (template, {"Api": Attr(self.var(value.target), attr)})
            )
        else:
            expr = Attr(self.var(value.target), ATTRIBUTES[(type(resource), value.attr)])
        return Concat(expr, value.suffix) if value.suffix else expr

    def statement(self, statement: Statement) -> Call:
        return self.call(
            "iam",
            "PolicyStatement",
            kwargs=(
                Kw("actions", list(statement.actions)),
                Kw("resources", [self.value(item) for item in statement.resources]),
            ),
            new=True,
        )

    def removal(self, retain: bool) -> Kw:
        """Kept when the stack is deleted or the resource replaced, when the model says so."""
        if retain:
            return Kw("removal_policy", self.enum("cdk", "RemovalPolicy.RETAIN"), practice("retain"))
        return Kw("removal_policy", self.enum("cdk", "RemovalPolicy.DESTROY"))

    def apply_removal(self, var: str, retain: bool) -> None:
        policy = self.removal(retain)
        self.emit(
            Call(Attr(Var(var), "apply_removal_policy"), (policy.value,)),
            comments=(policy.comment,) if policy.comment else (),
        )

    def log_group(self, logical_id: str, name: str, days: int) -> Var:
        self.emit(
            self.new(
                "logs",
                "LogGroup",
                logical_id,
                Kw("log_group_name", self.sub(name)),
                Kw(
                    "retention",
                    self.enum("logs", f"RetentionDays.{RETENTION_DAYS[days]}"),
                    practice("log_retention"),
                ),
                Kw("removal_policy", self.enum("cdk", "RemovalPolicy.RETAIN")),
            ),
            snake(logical_id),
        )
        return Var(snake(logical_id))

    # The walk ---------------------------------------------------------------------------------
    def build(self) -> StackModel:
        for item in self.bp.inputs:
            kind = {
                "string": "String",
                "subnets": "List<AWS::EC2::Subnet::Id>",
                "security_groups": "List<AWS::EC2::SecurityGroup::Id>",
            }[item.kind]
            self.emit(
                self.new(
                    "cdk", "CfnParameter", item.name, Kw("type", kind), Kw("description", item.description)
                ),
                snake(item.name),
            )
        if self.bp.logs_api_stages:
            self.api_gateway_account()
        for resource in sorted(self.bp.resources, key=_order):
            getattr(self, f"r_{type(resource).__name__.lower()}")(resource)
        self.model.statements.extend(self.later)
        # Only constructs something refers to get a variable (no unused locals in either language).
        used = {name for stmt in self.model.statements for name in _vars_in(stmt.expr)}
        self.model.statements = [
            stmt if stmt.var in used else Stmt(stmt.expr, "", stmt.comments) for stmt in self.model.statements
        ]
        return self.model

    def api_gateway_account(self) -> None:
        """The account's API Gateway CloudWatch Logs role, behind a parameter, as SAM writes it:
        both retained, since the setting is account-wide."""
        parameter = snake(sam.API_ACCOUNT_PARAMETER)
        self.emit(
            self.new(
                "cdk",
                "CfnParameter",
                sam.API_ACCOUNT_PARAMETER,
                Kw("type", "String"),
                Kw("allowed_values", ["true", "false"]),
                Kw("default", "true"),
                Kw("description", fixed.API_GATEWAY_ACCOUNT_HELP),
            ),
            parameter,
        )
        self.emit(
            self.new(
                "cdk",
                "CfnCondition",
                sam.API_ACCOUNT_CONDITION,
                Kw(
                    "expression",
                    Call(
                        self.sym("cdk", "Fn.condition_equals"),
                        (Attr(Var(parameter), "value_as_string"), "true"),
                    ),
                ),
            )
        )
        role, account = snake(sam.API_ACCOUNT_ROLE), snake(sam.API_ACCOUNT)
        self.emit(
            self.new(
                "iam",
                "CfnRole",
                sam.API_ACCOUNT_ROLE,
                Kw("assume_role_policy_document", fixed.trust_policy(("apigateway.amazonaws.com",))),
                Kw("managed_policy_arns", [fixed.API_GATEWAY_LOGS_POLICY]),
            ),
            role,
        )
        self.emit(
            self.new(
                "apigw",
                "CfnAccount",
                sam.API_ACCOUNT,
                Kw("cloud_watch_role_arn", Attr(Var(role), "attr_arn")),
            ),
            account,
            (
                practice("api_logging_role")
                + f" (set {sam.API_ACCOUNT_PARAMETER}=false if the account has one)",
            ),
        )
        for name in (role, account):
            self.emit(Call(Attr(Var(name), "add_override"), ("Condition", sam.API_ACCOUNT_CONDITION)))
            self.emit(
                Call(Attr(Var(name), "apply_removal_policy"), (self.enum("cdk", "RemovalPolicy.RETAIN"),))
            )
        self.emit(
            self.new("cdk", "CfnWaitConditionHandle", sam.API_ACCOUNT_READY),
            snake(sam.API_ACCOUNT_READY),
        )
        self.emit(
            Call(
                Attr(Var(snake(sam.API_ACCOUNT_READY)), "add_override"),
                (
                    "Metadata.Account",
                    Call(
                        self.sym("cdk", "Fn.condition_if"),
                        (sam.API_ACCOUNT_CONDITION, Attr(Var(account), "ref"), ""),
                    ),
                ),
            )
        )

    def after_account(self, node: Attr) -> None:
        """A logging stage waits for the account's CloudWatch Logs role, as in the SAM template."""
        self.emit(Call(Attr(node, "add_dependency"), (Var(snake(sam.API_ACCOUNT_READY)),)))

    def r_function(self, fn: Function) -> None:
        if fn.edge:
            self.edge_function(fn)
            return
        logs = self.log_group(
            f"{fn.id}LogGroup", f"/aws/lambda/${{AWS::StackName}}-{fn.id}", fn.log_retention_days
        )
        self.model.uses_code = True
        ready_env = all(self.ready(value) for _, value in fn.environment)
        async_kwargs: tuple[Kw, ...] = ()
        if fn.async_config:
            on_failure = None
            if fn.async_config.on_failure:
                on_failure = Call(
                    self.sym("lambda_destinations", "SqsDestination"),
                    (self.var(fn.async_config.on_failure),),
                    new=True,
                )
                self.model.modules.add("lambda_destinations")
            async_kwargs = (
                Kw("retry_attempts", fn.async_config.max_retries, practice("async_failure")),
                Kw("max_event_age", seconds(fn.async_config.max_event_age_s)),
                Kw("on_failure", on_failure),
            )
        reserved = None
        if fn.reserved_concurrency is not None:
            reserved = Kw(
                "reserved_concurrent_executions",
                fn.reserved_concurrency,
                practice("no_overlap" if "no_overlap" in fn.practices else "reserved"),
            )
        kwargs = [
            Kw("description", fn.description),
            Kw(
                "runtime",
                Call(
                    self.sym("lambda", "Runtime"),
                    (
                        fn.runtime,
                        self.enum(
                            "lambda",
                            "RuntimeFamily.NODEJS"
                            if fn.runtime.startswith("nodejs")
                            else "RuntimeFamily.PYTHON",
                        ),
                    ),
                    new=True,
                ),
            ),
            Kw(
                "architecture",
                self.enum(
                    "lambda", "Architecture.ARM_64" if fn.architecture == "arm64" else "Architecture.X86_64"
                ),
            ),
            Kw("code", Call(self.sym("lambda", "Code.from_asset"), (Const("CODE_DIR"),))),
            Kw("handler", fixed.handler_path(fn.runtime, fn.handler)),
            Kw("memory_size", fn.memory_mb),
            Kw(
                "timeout",
                seconds(fn.timeout_s),
                practice("api_timeout") if "api_timeout" in fn.practices else "",
            ),
            Kw(
                "tracing",
                self.enum("lambda", "Tracing.ACTIVE" if fn.tracing else "Tracing.PASS_THROUGH"),
                practice("tracing") if fn.tracing else "",
            ),
            Kw("logging_format", self.enum("lambda", "LoggingFormat.JSON"), practice("json_logs")),
            Kw("log_group", logs),
            *([reserved] if reserved else []),
            *async_kwargs,
        ]
        if fn.environment and ready_env:
            kwargs.append(Kw("environment", {key: self.value(value) for key, value in fn.environment}))
        var = snake(fn.id)
        self.emit(self.new("lambda", "Function", fn.id, *kwargs), var)
        if fn.vpc:
            # The subnets and security groups are stack parameters, not an ec2.Vpc the L2
            # construct could take, so the VPC settings go on its L1 resource.
            vpc = {
                "SubnetIds": self.value(InputRef("SubnetIds")),
                "SecurityGroupIds": self.value(InputRef("SecurityGroupIds")),
            }
            child = Cast(Attr(Attr(Var(var), "node"), "default_child"), self.sym("lambda", "CfnFunction"))
            self.emit(Call(Attr(child, "add_property_override"), ("VpcConfig", vpc)))
            policy = Call(
                self.sym("iam", "ManagedPolicy.from_aws_managed_policy_name"),
                ("service-role/AWSLambdaVPCAccessExecutionRole",),
            )
            self.emit(Call(Attr(NonNull(Attr(Var(var), "role")), "add_managed_policy"), (policy,)))
        if fn.environment and not ready_env:
            for key, value in fn.environment:
                self.later.append(Stmt(Call(Attr(Var(var), "add_environment"), (key, self.value(value)))))
        for event in fn.events:
            self.emit(Call(Attr(Var(var), "add_event_source"), (self.event_source(event),)))
        for index, statement in enumerate(fn.statements):
            comments = (practice("least_privilege"),) if index == 0 else ()
            self.later.append(
                Stmt(
                    Call(Attr(Var(var), "add_to_role_policy"), (self.statement(statement),)),
                    comments=comments,
                )
            )

    def edge_function(self, fn: Function) -> None:
        """Lambda@Edge: a numbered version behind the alias `live`, a role CloudFront's edge
        can assume; no log group (it writes to one in each Region it runs in) and no tracing."""
        self.model.uses_code = True
        var = snake(fn.id)
        principals = [self.call("iam", "ServicePrincipal", service, new=True) for service in fixed.EDGE_TRUST]
        self.emit(
            self.new(
                "iam",
                "Role",
                f"{fn.id}Role",
                Kw("assumed_by", self.call("iam", "CompositePrincipal", *principals, new=True)),
                Kw(
                    "managed_policies",
                    [
                        Call(
                            self.sym("iam", "ManagedPolicy.from_aws_managed_policy_name"),
                            ("service-role/AWSLambdaBasicExecutionRole",),
                        )
                    ],
                ),
            ),
            f"{var}_role",
        )
        self.emit(
            self.new(
                "lambda",
                "Function",
                fn.id,
                Kw("description", fn.description),
                Kw(
                    "runtime",
                    Call(self.sym("lambda", "Runtime"), (fn.runtime, self.runtime_family(fn)), new=True),
                ),
                Kw("architecture", self.architecture(fn)),
                Kw("code", Call(self.sym("lambda", "Code.from_asset"), (Const("CODE_DIR"),))),
                Kw("handler", fixed.handler_path(fn.runtime, fn.handler)),
                Kw("memory_size", fn.memory_mb),
                Kw("timeout", seconds(fn.timeout_s)),
                Kw("role", Var(f"{var}_role")),
            ),
            var,
        )
        self.emit(
            self.new(
                "lambda",
                "Alias",
                f"{fn.id}Aliaslive",
                Kw("alias_name", "live"),
                Kw("version", Attr(Var(var), "current_version")),
            ),
            f"{var}_live",
            (practice("edge_version"),),
        )
        for index, statement in enumerate(fn.statements):
            comments = (practice("least_privilege"),) if index == 0 else ()
            self.later.append(
                Stmt(
                    Call(Attr(Var(var), "add_to_role_policy"), (self.statement(statement),)),
                    comments=comments,
                )
            )

    def runtime_family(self, fn: Function) -> Sym:
        return self.enum(
            "lambda", "RuntimeFamily.NODEJS" if fn.runtime.startswith("nodejs") else "RuntimeFamily.PYTHON"
        )

    def architecture(self, fn: Function) -> Sym:
        return self.enum(
            "lambda", "Architecture.ARM_64" if fn.architecture == "arm64" else "Architecture.X86_64"
        )

    def event_source(self, event: Any) -> Call:
        if isinstance(event, QueueEvent):
            queue = self.bp.get(event.queue)
            fifo = isinstance(queue, Queue) and queue.fifo
            return self.call(
                "sources",
                "SqsEventSource",
                self.var(event.queue),
                kwargs=(
                    Kw("batch_size", event.batch_size),
                    Kw("max_batching_window", None if fifo else seconds(event.window_s)),
                    Kw("report_batch_item_failures", True, practice("partial_batch")),
                    Kw("max_concurrency", event.max_concurrency or None, practice("max_concurrency")),
                ),
                new=True,
            )
        if isinstance(event, StreamEvent):
            on_failure = (
                self.call("sources", "SqsDlq", self.var(event.on_failure), new=True)
                if event.on_failure
                else None
            )
            return self.call(
                "sources",
                "KinesisConsumerEventSource" if event.consumer else "KinesisEventSource",
                self.var(event.consumer or event.stream),
                kwargs=(
                    Kw("starting_position", self.enum("lambda", "StartingPosition.LATEST")),
                    Kw("batch_size", event.batch_size),
                    Kw("max_batching_window", seconds(event.window_s)),
                    Kw("parallelization_factor", event.parallelization),
                    Kw("bisect_batch_on_error", event.bisect, practice("bisect")),
                    Kw("retry_attempts", event.max_retries, practice("bounded_retries")),
                    # -1 (keep records until they expire) is Lambda's default; CDK's Duration
                    # cannot be negative, so it is left unset.
                    Kw(
                        "max_record_age",
                        seconds(event.max_record_age_s) if event.max_record_age_s >= 0 else None,
                    ),
                    Kw("report_batch_item_failures", True, practice("partial_batch")),
                    Kw("on_failure", on_failure),
                ),
                new=True,
            )
        if isinstance(event, BucketEvent):
            return self.call(
                "sources",
                "S3EventSource",
                self.var(event.bucket),
                kwargs=(
                    Kw("events", [self.enum("s3", "EventType.OBJECT_CREATED")]),
                    Kw("filters", self.key_filters(event.prefix, event.suffix), practice("s3_filter")),
                ),
                new=True,
            )
        assert isinstance(event, TopicEvent)
        return self.call("sources", "SnsEventSource", self.var(event.topic), new=True)

    def key_filters(self, prefix: str, suffix: str) -> list[Struct] | None:
        kwargs = tuple(Kw(name, value) for name, value in (("prefix", prefix), ("suffix", suffix)) if value)
        return [self.struct("s3", "NotificationKeyFilter", *kwargs)] if kwargs else None

    def r_queue(self, queue: Queue) -> None:
        dlq = None
        if queue.dlq:
            dlq = Kw(
                "dead_letter_queue",
                self.struct(
                    "sqs",
                    "DeadLetterQueue",
                    Kw("queue", self.var(queue.dlq)),
                    Kw("max_receive_count", queue.max_receive_count),
                ),
                practice("dlq"),
            )
        kwargs = [
            Kw(
                "queue_name",
                Concat(
                    self.sym("cdk", "Aws.STACK_NAME"),
                    fixed.name_after_deployment(queue.id, fixed.FIFO_SUFFIX),
                )
                if queue.fifo
                else None,
            ),
            Kw("fifo", True if queue.fifo else None),
            Kw("content_based_deduplication", True if queue.fifo else None, practice("fifo_dedup")),
        ]
        if queue.is_dlq:
            kwargs.append(Kw("retention_period", seconds(queue.retention_s), practice("dlq_retention")))
        else:
            kwargs.append(
                Kw("visibility_timeout", seconds(queue.visibility_timeout_s), practice("visibility"))
            )
            kwargs.append(Kw("retention_period", seconds(queue.retention_s)))
        if dlq:
            kwargs.append(dlq)
        kwargs.append(Kw("encryption", self.enum("sqs", "QueueEncryption.SQS_MANAGED")))
        self.emit(self.new("sqs", "Queue", queue.id, *kwargs, self.removal(queue.retain)), snake(queue.id))

    def r_table(self, table: Table) -> None:
        provisioned = table.billing_mode == "provisioned"
        key = self.struct(
            "dynamodb",
            "Attribute",
            Kw("name", table.key),
            Kw("type", self.enum("dynamodb", "AttributeType.STRING")),
        )
        self.emit(
            self.new(
                "dynamodb",
                "Table",
                table.id,
                Kw("partition_key", key),
                Kw(
                    "billing_mode",
                    self.enum(
                        "dynamodb",
                        "BillingMode.PROVISIONED" if provisioned else "BillingMode.PAY_PER_REQUEST",
                    ),
                ),
                Kw("read_capacity", table.read_capacity if provisioned else None),
                Kw("write_capacity", table.write_capacity if provisioned else None),
                Kw("time_to_live_attribute", table.ttl_attribute or None, practice("ttl")),
                Kw(
                    "point_in_time_recovery_specification",
                    self.struct(
                        "dynamodb",
                        "PointInTimeRecoverySpecification",
                        Kw("point_in_time_recovery_enabled", True),
                    ),
                ),
                Kw("encryption", self.enum("dynamodb", "TableEncryption.AWS_MANAGED")),
                self.removal(table.retain),
            ),
            snake(table.id),
        )
        if table.autoscaled:
            dimensions = (
                ("read", table.read_capacity, table.max_read_capacity),
                ("write", table.write_capacity, table.max_write_capacity),
            )
            for kind, minimum, maximum in dimensions:
                if not maximum:
                    continue
                scaling = Call(
                    Attr(self.var(table.id), f"auto_scale_{kind}_capacity"),
                    (),
                    (Kw("min_capacity", minimum), Kw("max_capacity", maximum)),
                )
                self.emit(
                    Call(
                        Attr(scaling, "scale_on_utilization"),
                        (),
                        (Kw("target_utilization_percent", fixed.AUTOSCALING_TARGET_PERCENT),),
                    ),
                    comments=(practice("autoscaling"),) if kind == "read" else (),
                )
        if table.index_key:
            index_key = self.struct(
                "dynamodb",
                "Attribute",
                Kw("name", table.index_key),
                Kw("type", self.enum("dynamodb", "AttributeType.STRING")),
            )
            self.emit(
                Call(
                    Attr(self.var(table.id), "add_global_secondary_index"),
                    (),
                    (
                        Kw("index_name", f"by-{table.index_key}"),
                        Kw("partition_key", index_key),
                        Kw("projection_type", self.enum("dynamodb", "ProjectionType.KEYS_ONLY")),
                        *(
                            (
                                Kw("read_capacity", table.read_capacity),
                                Kw("write_capacity", table.write_capacity),
                            )
                            if provisioned
                            else ()
                        ),
                    ),
                )
            )

    def r_bucket(self, bucket: Bucket) -> None:
        name = self.value(InputRef(bucket.name_input)) if bucket.name_input else None
        self.emit(
            self.new(
                "s3",
                "Bucket",
                bucket.id,
                Kw("bucket_name", name),
                Kw(
                    "block_public_access",
                    self.enum("s3", "BlockPublicAccess.BLOCK_ALL"),
                    practice("public_access"),
                ),
                Kw("encryption", self.enum("s3", "BucketEncryption.S3_MANAGED")),
                Kw("versioned", True if bucket.versioning else None, practice("versioning")),
                Kw(
                    "lifecycle_rules",
                    [
                        self.struct(
                            "s3",
                            "LifecycleRule",
                            Kw("id", "expire-noncurrent-versions"),
                            Kw(
                                "noncurrent_version_expiration",
                                Call(self.sym("cdk", "Duration.days"), (bucket.noncurrent_expiry_days,)),
                            ),
                        )
                    ]
                    if bucket.versioning and bucket.noncurrent_expiry_days
                    else None,
                ),
                self.removal(bucket.retain),
            ),
            snake(bucket.id),
        )
        if bucket.notify_topic:
            filters = self.key_filters(bucket.prefix, bucket.suffix) or []
            self.emit(
                Call(
                    Attr(self.var(bucket.id), "add_event_notification"),
                    (
                        self.enum("s3", "EventType.OBJECT_CREATED"),
                        self.call("s3n", "SnsDestination", self.var(bucket.notify_topic), new=True),
                        *filters,
                    ),
                ),
                comments=(practice("s3_filter"),) if filters else (),
            )

    def r_topic(self, topic: Topic) -> None:
        if topic.key_id:
            policy = fixed.topic_key_policy(
                topic.publishers,
                account_root=self.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"),
                account_id=Call(self.sym("cdk", "Fn.ref"), ("AWS::AccountId",)),
                sns_service=self.sub("sns.${AWS::Region}.amazonaws.com"),
            )
            self.emit(
                self.new(
                    "kms",
                    "Key",
                    topic.key_id,
                    Kw("description", f"Encrypts {topic.id}"),
                    Kw("enable_key_rotation", True, practice("key_rotation")),
                    Kw("policy", self.call("iam", "PolicyDocument.from_json", policy)),
                    self.removal(False),
                ),
                snake(topic.key_id),
            )
            key: Any = self.var(topic.key_id)
            comment = practice("encrypt") + "\n" + fixed.topic_key_note(topic.publishers)
        else:
            key = self.call("kms", "Alias.from_alias_name", Scope(), f"{topic.id}Key", fixed.SNS_MANAGED_KEY)
            comment = practice("encrypt")
        self.emit(
            self.new("sns", "Topic", topic.id, Kw("display_name", topic.id), Kw("master_key", key, comment)),
            snake(topic.id),
        )

    def r_stream(self, stream: Stream) -> None:
        self.emit(
            self.new(
                "kinesis",
                "Stream",
                stream.id,
                Kw(
                    "stream_mode",
                    self.enum(
                        "kinesis", "StreamMode.ON_DEMAND" if stream.on_demand else "StreamMode.PROVISIONED"
                    ),
                ),
                Kw("shard_count", None if stream.on_demand else stream.shards),
                Kw("retention_period", Call(self.sym("cdk", "Duration.hours"), (stream.retention_hours,))),
                Kw("encryption", self.enum("kinesis", "StreamEncryption.MANAGED"), practice("encrypt")),
                self.removal(stream.retain),
            ),
            snake(stream.id),
        )

    def r_streamconsumer(self, consumer: StreamConsumer) -> None:
        self.emit(
            self.new(
                "kinesis",
                "StreamConsumer",
                consumer.id,
                Kw("stream", self.var(consumer.stream)),
                Kw(
                    "stream_consumer_name",
                    self.sub(f"${{AWS::StackName}}-{consumer.id}"),
                ),
            ),
            snake(consumer.id),
            (practice("enhanced_fan_out"),),
        )

    def r_searchdomain(self, domain: SearchDomain) -> None:
        def prop(name: str, *kwargs: Kw) -> Struct:
            return self.struct("opensearch", f"CfnDomain.{name}", *kwargs)

        self.emit(
            self.new(
                "opensearch",
                "CfnDomain",
                domain.id,
                Kw("engine_version", fixed.OPENSEARCH_VERSION),
                Kw(
                    "cluster_config",
                    prop(
                        "ClusterConfigProperty",
                        Kw("instance_type", domain.instance_type),
                        Kw("instance_count", domain.instances),
                    ),
                ),
                Kw(
                    "ebs_options",
                    prop(
                        "EBSOptionsProperty",
                        Kw("ebs_enabled", True),
                        Kw("volume_size", domain.storage_gb),
                        Kw("volume_type", "gp3"),
                    ),
                ),
                Kw(
                    "encryption_at_rest_options",
                    prop("EncryptionAtRestOptionsProperty", Kw("enabled", True)),
                    practice("encrypt"),
                ),
                Kw(
                    "node_to_node_encryption_options",
                    prop("NodeToNodeEncryptionOptionsProperty", Kw("enabled", True)),
                ),
                Kw(
                    "domain_endpoint_options",
                    prop("DomainEndpointOptionsProperty", Kw("enforce_https", True)),
                    practice("tls_only"),
                ),
            ),
            snake(domain.id),
        )
        self.apply_removal(snake(domain.id), domain.retain)
        if domain.master:
            master = self.bp.get(domain.master)
            role_arn = (
                Attr(NonNull(Attr(Var(snake(master.id)), "role")), "role_arn")
                if isinstance(master, Function)
                else Attr(Var(f"{snake(master.id)}_role"), "role_arn")
            )
            self.fine_grained_access(snake(domain.id), role_arn)

    def fine_grained_access(self, domain: str, master_role_arn: Any) -> None:
        """IAM-only fine-grained access control with the writer's role as master user, as the SAM
        template writes it; set once the role exists (it is made with the stream or function)."""
        child = Var(domain)
        self.later.append(
            Stmt(
                Call(
                    Attr(child, "add_property_override"),
                    (
                        "AdvancedSecurityOptions",
                        {
                            "Enabled": True,
                            "InternalUserDatabaseEnabled": False,
                            "MasterUserOptions": {"MasterUserARN": master_role_arn},
                        },
                    ),
                ),
                comments=(practice("fine_grained_access"), fixed.FGAC_NOTE),
            )
        )
        resource = "arn:${AWS::Partition}:es:${AWS::Region}:${AWS::AccountId}:domain/*/*"
        account = "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"
        self.later.append(
            Stmt(
                Call(
                    Attr(child, "add_property_override"),
                    (
                        "AccessPolicies",
                        {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Principal": {"AWS": self.sub(account)},
                                    "Action": "es:ESHttp*",
                                    "Resource": self.sub(resource),
                                }
                            ],
                        },
                    ),
                ),
                comments=("A domain cannot name itself here (a circular reference) and has no fixed name.",),
            )
        )

    def r_firehose(self, hose: Firehose) -> None:
        def prop(name: str, *kwargs: Kw) -> Struct:
            return self.struct("kinesisfirehose", f"CfnDeliveryStream.{name}", *kwargs)

        role = f"{snake(hose.id)}_role"
        role_arn = Attr(Var(role), "role_arn")
        self.emit(
            self.new(
                "iam",
                "Role",
                f"{hose.id}Role",
                Kw("assumed_by", self.call("iam", "ServicePrincipal", "firehose.amazonaws.com", new=True)),
            ),
            role,
        )
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
        if hose.bucket:
            statements.append(
                Statement(
                    ("s3:PutObject", "s3:GetBucketLocation", "s3:ListBucket"),
                    (Ref(hose.bucket), Ref(hose.bucket, suffix="/*")),
                )
            )
        if hose.domain:
            statements.append(
                Statement(
                    ("es:ESHttpPost", "es:ESHttpPut", "es:DescribeDomain"),
                    (Ref(hose.domain), Ref(hose.domain, suffix="/*")),
                )
            )
        for index, statement in enumerate(statements):
            self.emit(
                Call(Attr(Var(role), "add_to_policy"), (self.statement(statement),)),
                comments=(practice("least_privilege"),) if index == 0 else (),
            )
        bucket_arn = self.value(Ref(hose.bucket)) if hose.bucket else None
        destination: Kw
        if hose.domain:
            s3 = prop(
                "S3DestinationConfigurationProperty",
                Kw("bucket_arn", bucket_arn),
                Kw("role_arn", role_arn),
                Kw("compression_format", "GZIP"),
            )
            destination = Kw(
                "amazonopensearchservice_destination_configuration",
                prop(
                    "AmazonopensearchserviceDestinationConfigurationProperty",
                    Kw("domain_arn", self.value(Ref(hose.domain))),
                    Kw("index_name", "records"),
                    Kw("role_arn", role_arn),
                    Kw("s3_backup_mode", "FailedDocumentsOnly"),
                    Kw("s3_configuration", s3),
                ),
            )
        else:
            destination = Kw(
                "extended_s3_destination_configuration",
                prop(
                    "ExtendedS3DestinationConfigurationProperty",
                    Kw("bucket_arn", bucket_arn),
                    Kw("role_arn", role_arn),
                    Kw(
                        "buffering_hints",
                        prop(
                            "BufferingHintsProperty",
                            Kw("interval_in_seconds", hose.buffer_interval_s),
                            Kw("size_in_m_bs", hose.buffer_size_mb),
                        ),
                    ),
                    Kw("compression_format", "GZIP"),
                ),
            )
        var = snake(hose.id)
        self.emit(
            self.new(
                "kinesisfirehose",
                "CfnDeliveryStream",
                hose.id,
                Kw("delivery_stream_type", "KinesisStreamAsSource"),
                Kw(
                    "kinesis_stream_source_configuration",
                    prop(
                        "KinesisStreamSourceConfigurationProperty",
                        Kw("kinesis_stream_arn", self.value(Ref(hose.stream))),
                        Kw("role_arn", role_arn),
                    ),
                ),
                destination,
            ),
            var,
        )
        # Firehose checks its permissions when it is created: wait for the role's policy too.
        self.emit(Call(Attr(Attr(Var(var), "node"), "add_dependency"), (Var(role),)))

    def r_cache(self, cache: Cache) -> None:
        self.emit(
            self.new(
                "elasticache",
                "CfnServerlessCache",
                cache.id,
                Kw("serverless_cache_name", self.sub("${AWS::StackName}-cache")),
                Kw("engine", "valkey"),
                Kw("subnet_ids", self.value(InputRef("SubnetIds"))),
                Kw("security_group_ids", self.value(InputRef("SecurityGroupIds"))),
            ),
            snake(cache.id),
        )
        self.apply_removal(snake(cache.id), cache.retain)

    def r_database(self, db: Database) -> None:
        """RDS for PostgreSQL behind RDS Proxy, as L1 resources: the L2 constructs want an
        ec2.Vpc, and the subnets and security groups here are stack parameters."""
        subnets, groups = self.value(InputRef("SubnetIds")), self.value(InputRef("SecurityGroupIds"))
        var, group = snake(db.id), f"{snake(db.id)}_subnet_group"
        self.emit(
            self.new(
                "rds",
                "CfnDBSubnetGroup",
                f"{db.id}SubnetGroup",
                Kw("db_subnet_group_description", "Private subnets of the database"),
                Kw("subnet_ids", subnets),
            ),
            group,
        )
        self.emit(
            self.new(
                "rds",
                "CfnDBInstance",
                db.id,
                Kw("engine", fixed.DB_ENGINE),
                Kw("db_instance_class", db.instance_class),
                Kw("allocated_storage", str(db.storage_gb)),
                Kw("storage_type", "gp3"),
                Kw("multi_az", db.multi_az, practice("multi_az") if db.multi_az else ""),
                Kw(
                    "deletion_protection",
                    db.deletion_protection,
                    practice("deletion_protection") if db.deletion_protection else "",
                ),
                Kw("master_username", fixed.DB_USER),
                Kw("manage_master_user_password", True),
                Kw("db_subnet_group_name", Attr(Var(group), "ref")),
                Kw("vpc_security_groups", groups),
                Kw("storage_encrypted", True),
                Kw("publicly_accessible", False),
            ),
            var,
        )
        self.emit(Call(Attr(Var(var), "apply_removal_policy"), (self.enum("cdk", "RemovalPolicy.SNAPSHOT"),)))
        role = f"{snake(db.proxy)}_role"
        secret = Attr(Var(var), "attr_master_user_secret_secret_arn")
        self.emit(
            self.new(
                "iam",
                "Role",
                f"{db.proxy}Role",
                Kw("assumed_by", self.call("iam", "ServicePrincipal", "rds.amazonaws.com", new=True)),
            ),
            role,
        )
        self.emit(
            Call(
                Attr(Var(role), "add_to_policy"),
                (
                    self.call(
                        "iam",
                        "PolicyStatement",
                        kwargs=(Kw("actions", ["secretsmanager:GetSecretValue"]), Kw("resources", [secret])),
                        new=True,
                    ),
                ),
            )
        )
        auth = self.struct(
            "rds",
            "CfnDBProxy.AuthFormatProperty",
            Kw("auth_scheme", "SECRETS"),
            Kw("secret_arn", secret),
            Kw("iam_auth", "REQUIRED"),
        )
        self.emit(
            self.new(
                "rds",
                "CfnDBProxy",
                db.proxy,
                Kw("db_proxy_name", self.sub("${AWS::StackName}-proxy")),
                Kw("engine_family", "POSTGRESQL"),
                Kw("role_arn", Attr(Var(role), "role_arn")),
                Kw("auth", [auth]),
                Kw("vpc_subnet_ids", subnets),
                Kw("vpc_security_group_ids", groups),
                Kw("require_tls", True),
            ),
            snake(db.proxy),
            (practice("rds_proxy"),),
        )
        self.emit(
            self.new(
                "rds",
                "CfnDBProxyTargetGroup",
                f"{db.proxy}Targets",
                Kw("db_proxy_name", Attr(Var(snake(db.proxy)), "ref")),
                Kw("target_group_name", "default"),
                Kw("db_instance_identifiers", [Attr(Var(var), "ref")]),
            )
        )

    def r_statemachine(self, machine: StateMachine) -> None:
        logs = self.log_group(
            f"{machine.id}LogGroup",
            f"/aws/vendedlogs/states/${{AWS::StackName}}-{machine.id}",
            machine.log_retention_days,
        )
        constant = f"{upper_snake(machine.id)}_DEFINITION"
        self.model.constants[constant] = to_json(machine.definition)
        refs = refs_in(machine.definition)
        var = snake(machine.id)
        self.emit(
            self.new(
                "sfn",
                "StateMachine",
                machine.id,
                Kw(
                    "state_machine_type",
                    self.enum(
                        "sfn", "StateMachineType.EXPRESS" if machine.express else "StateMachineType.STANDARD"
                    ),
                ),
                Kw(
                    "definition_body", Call(self.sym("sfn", "DefinitionBody.from_string"), (Const(constant),))
                ),
                Kw("definition_substitutions", {ref.placeholder: self.value(ref) for ref in refs} or None),
                Kw("tracing_enabled", machine.tracing, practice("tracing") if machine.tracing else ""),
                Kw(
                    "logs",
                    self.struct(
                        "sfn",
                        "LogOptions",
                        Kw("destination", logs),
                        Kw(
                            "level", self.enum("sfn", "LogLevel.ALL" if machine.express else "LogLevel.ERROR")
                        ),
                        Kw("include_execution_data", machine.express),
                    ),
                    practice("sfn_logging"),
                ),
            ),
            var,
        )
        for index, statement in enumerate(machine.statements):
            comments = (practice("least_privilege"),) if index == 0 else ()
            self.later.append(
                Stmt(
                    Call(Attr(Var(var), "add_to_role_policy"), (self.statement(statement),)),
                    comments=comments,
                )
            )

    def r_alarm(self, alarm: Alarm) -> None:
        name, value = alarm.dimension
        metric = self.call(
            "cloudwatch",
            "Metric",
            kwargs=(
                Kw("namespace", alarm.namespace),
                Kw("metric_name", alarm.metric),
                Kw("dimensions_map", {name: self.value(value)}),
                Kw("statistic", alarm.statistic),
                Kw("period", seconds(alarm.period_s)),
            ),
            new=True,
        )
        var = snake(alarm.id)
        self.emit(
            self.new(
                "cloudwatch",
                "Alarm",
                alarm.id,
                Kw("alarm_description", alarm.description),
                Kw("metric", metric),
                Kw("threshold", alarm.threshold),
                Kw("evaluation_periods", alarm.evaluation_periods),
                Kw(
                    "comparison_operator",
                    self.enum("cloudwatch", f"ComparisonOperator.{upper_snake(alarm.comparison)}"),
                ),
                Kw("treat_missing_data", self.enum("cloudwatch", "TreatMissingData.NOT_BREACHING")),
            ),
            var,
            (alarm_practice(alarm.metric),),
        )
        if alarm.notify:
            self.emit(
                Call(
                    Attr(Var(var), "add_alarm_action"),
                    (self.call("cw_actions", "SnsAction", self.var(alarm.notify), new=True),),
                )
            )

    def r_schedule(self, schedule: Schedule) -> None:
        dlq = self.var(schedule.dlq) if schedule.dlq else None
        if schedule.use_scheduler:
            target_cls = (
                "LambdaInvoke" if schedule.target_kind == "function" else "StepFunctionsStartExecution"
            )
            target = self.call(
                "scheduler_targets",
                target_cls,
                self.var(schedule.target),
                kwargs=(
                    Kw(
                        "input",
                        Call(
                            self.sym("scheduler", "ScheduleTargetInput.from_text"), (fixed.SCHEDULER_INPUT,)
                        ),
                    ),
                    Kw("retry_attempts", schedule.max_retries, practice("schedule_retry")),
                    Kw("max_event_age", seconds(schedule.max_event_age_s)),
                    Kw("dead_letter_queue", dlq),
                ),
                new=True,
            )
            expression = Call(
                self.sym("scheduler", "ScheduleExpression.expression"),
                (schedule.expression, Call(self.sym("cdk", "TimeZone.of"), (schedule.timezone,))),
            )
            self.emit(
                self.new(
                    "scheduler",
                    "Schedule",
                    schedule.id,
                    Kw("schedule", expression, practice("scheduler_tz")),
                    Kw("time_window", Call(self.sym("scheduler", "TimeWindow.off"))),
                    Kw("target", target),
                ),
                snake(schedule.id),
            )
            return
        target_cls = "LambdaFunction" if schedule.target_kind == "function" else "SfnStateMachine"
        target = self.call(
            "targets",
            target_cls,
            self.var(schedule.target),
            kwargs=(
                Kw("retry_attempts", schedule.max_retries, practice("schedule_retry")),
                Kw("max_event_age", seconds(schedule.max_event_age_s)),
                Kw("dead_letter_queue", dlq),
            ),
            new=True,
        )
        self.emit(
            self.new(
                "events",
                "Rule",
                schedule.id,
                Kw("description", "Runs in UTC: EventBridge rules have no time zone"),
                Kw("schedule", Call(self.sym("events", "Schedule.expression"), (schedule.expression,))),
                Kw("targets", [target]),
            ),
            snake(schedule.id),
        )

    def r_api(self, api: Api) -> None:
        logs = self.log_group(
            f"{api.id}AccessLogs", f"/aws/apigateway/${{AWS::StackName}}-{api.id}", api.log_retention_days
        )
        var = snake(api.id)
        if api.rest:
            self.rest_api(api, var, logs)
        else:
            self.http_api(api, var, logs)

    def rest_api(self, api: Api, var: str, logs: Var) -> None:
        stage = self.struct(
            "apigw",
            "StageOptions",
            Kw("stage_name", fixed.STAGE),
            Kw("tracing_enabled", api.tracing, practice("tracing") if api.tracing else ""),
            Kw("throttling_rate_limit", api.throttle_rate, practice("throttling")),
            Kw("throttling_burst_limit", api.throttle_burst),
            Kw("cache_cluster_enabled", True if api.cache_ttl_s is not None else None),
            Kw("cache_cluster_size", api.cache_size_gb if api.cache_ttl_s is not None else None),
            Kw("caching_enabled", True if api.cache_ttl_s is not None else None),
            Kw(
                "cache_ttl",
                seconds(api.cache_ttl_s) if api.cache_ttl_s is not None else None,
                practice("cache"),
            ),
            Kw(
                "cache_data_encrypted",
                True if api.cache_ttl_s is not None and api.cache_encrypted else None,
                practice("cache_encryption"),
            ),
            Kw("access_log_destination", self.call("apigw", "LogGroupLogDestination", logs, new=True)),
            Kw(
                "access_log_format",
                Call(self.sym("apigw", "AccessLogFormat.custom"), (fixed.ACCESS_LOG_FORMAT,)),
            ),
        )
        self.emit(
            self.new(
                "apigw",
                "RestApi",
                api.id,
                Kw("deploy_options", stage),
                Kw("cloud_watch_role", False),
            ),
            var,
        )
        self.after_account(Attr(Attr(Var(var), "deployment_stage"), "node"))
        authorizer = None
        if api.authorizer:
            authorizer = Var(f"{var}_authorizer")
            self.emit(
                self.new(
                    "apigw",
                    "RequestAuthorizer",
                    "LambdaAuthorizer",
                    Kw("handler", self.var(api.authorizer)),
                    Kw(
                        "identity_sources",
                        [Call(self.sym("apigw", "IdentitySource.header"), ("Authorization",))],
                    ),
                    Kw("results_cache_ttl", seconds(fixed.AUTHORIZER_CACHE_S)),
                ),
                authorizer.name,
                (practice("authorizer"),),
            )
        for route in api.routes:
            resource: Attr | Call = Attr(Var(var), "root")
            if route.path != "/":
                resource = Call(Attr(resource, "resource_for_path"), (route.path,))
            self.emit(
                Call(
                    Attr(resource, "add_method"),
                    (
                        route.method.upper(),
                        self.call("apigw", "LambdaIntegration", self.var(route.function), new=True),
                    ),
                    (Kw("authorizer", authorizer),) if authorizer else (),
                )
            )

    def http_api(self, api: Api, var: str, logs: Var) -> None:
        authorizer = None
        if api.authorizer:
            authorizer = Kw(
                "default_authorizer",
                self.call(
                    "apigwv2_authorizers",
                    "HttpLambdaAuthorizer",
                    "LambdaAuthorizer",
                    self.var(api.authorizer),
                    kwargs=(
                        Kw("identity_source", ["$request.header.Authorization"]),
                        Kw("results_cache_ttl", seconds(fixed.AUTHORIZER_CACHE_S)),
                    ),
                    new=True,
                ),
                practice("authorizer"),
            )
        self.emit(
            self.new(
                "apigwv2",
                "HttpApi",
                api.id,
                Kw("create_default_stage", False),
                *([authorizer] if authorizer else []),
            ),
            var,
        )
        # The L2 HttpStage takes access log settings only as an interface Python cannot build
        # inline, so the stage is the L1 CfnStage.
        self.emit(
            self.new(
                "apigwv2",
                "CfnStage",
                f"{api.id}Stage",
                Kw("api_id", Attr(Var(var), "api_id")),
                Kw("stage_name", "$default"),
                Kw("auto_deploy", True),
                Kw(
                    "default_route_settings",
                    self.struct(
                        "apigwv2",
                        "CfnStage.RouteSettingsProperty",
                        Kw("throttling_rate_limit", api.throttle_rate),
                        Kw("throttling_burst_limit", api.throttle_burst),
                    ),
                    practice("throttling"),
                ),
                Kw(
                    "access_log_settings",
                    self.struct(
                        "apigwv2",
                        "CfnStage.AccessLogSettingsProperty",
                        Kw("destination_arn", Attr(logs, "log_group_arn")),
                        Kw("format", fixed.ACCESS_LOG_FORMAT),
                    ),
                ),
            ),
            f"{var}_stage",
        )
        for route in api.routes:
            name = re.sub(r"[^A-Za-z0-9]", "", route.method.title() + route.path.title())
            self.emit(
                Call(
                    Attr(Var(var), "add_routes"),
                    (),
                    (
                        Kw("path", route.path),
                        Kw("methods", [self.enum("apigwv2", f"HttpMethod.{route.method.upper()}")]),
                        Kw(
                            "integration",
                            self.call(
                                "apigwv2_integrations",
                                "HttpLambdaIntegration",
                                f"{name}Integration",
                                self.var(route.function),
                                new=True,
                            ),
                        ),
                    ),
                )
            )

    def r_websocketapi(self, api: WebSocketApi) -> None:
        logs = self.log_group(
            f"{api.id}AccessLogs", f"/aws/apigateway/${{AWS::StackName}}-{api.id}", api.log_retention_days
        )
        var = snake(api.id)
        self.emit(
            self.new(
                "apigwv2",
                "WebSocketApi",
                api.id,
                Kw("api_name", self.sub("${AWS::StackName}-websocket")),
                Kw("route_selection_expression", fixed.WEBSOCKET_ROUTE_SELECTION),
            ),
            var,
        )
        authorizer = None
        if api.authorizer:
            authorizer = self.call(
                "apigwv2_authorizers",
                "WebSocketLambdaAuthorizer",
                "token",
                self.var(api.authorizer),
                kwargs=(Kw("identity_source", [fixed.WEBSOCKET_IDENTITY_SOURCE]),),
                new=True,
            )
        for route_key, function_id in api.routes:
            stem = f"{api.id}{re.sub(r'[^A-Za-z]', '', route_key).title()}"
            integration = self.call(
                "apigwv2_integrations",
                "WebSocketLambdaIntegration",
                f"{stem}Integration",
                self.var(function_id),
                new=True,
            )
            auth = route_key == "$connect" and authorizer is not None
            self.emit(
                Call(
                    Attr(Var(var), "add_route"),
                    (route_key,),
                    (Kw("integration", integration), *((Kw("authorizer", authorizer),) if auth else ())),
                ),
                comments=(practice("websocket_auth"),) if auth else (),
            )
        rate, burst = fixed.WEBSOCKET_THROTTLE
        # The L2 WebSocketStage takes access log settings only as an interface Python cannot
        # build inline, so the stage is the L1 CfnStage.
        self.emit(
            self.new(
                "apigwv2",
                "CfnStage",
                f"{api.id}Stage",
                Kw("api_id", Attr(Var(var), "api_id")),
                Kw("stage_name", fixed.STAGE),
                Kw("auto_deploy", True),
                Kw(
                    "default_route_settings",
                    self.struct(
                        "apigwv2",
                        "CfnStage.RouteSettingsProperty",
                        Kw("throttling_rate_limit", rate),
                        Kw("throttling_burst_limit", burst),
                    ),
                    practice("throttling"),
                ),
                Kw(
                    "access_log_settings",
                    self.struct(
                        "apigwv2",
                        "CfnStage.AccessLogSettingsProperty",
                        Kw("destination_arn", Attr(logs, "log_group_arn")),
                        Kw("format", fixed.ACCESS_LOG_FORMAT),
                    ),
                ),
            ),
            f"{var}_stage",
        )
        self.after_account(Attr(Var(f"{var}_stage"), "node"))

    def r_cloudfrontfunction(self, fn: CloudFrontFunction) -> None:
        constant = f"{upper_snake(fn.id)}_CODE"
        self.model.constants[constant] = fn.code
        self.emit(
            self.new(
                "cloudfront",
                "Function",
                fn.id,
                Kw("function_name", self.sub(f"${{AWS::StackName}}-{fn.id}")),
                Kw("comment", fn.comment),
                Kw("runtime", self.enum("cloudfront", "FunctionRuntime.JS_2_0")),
                Kw("code", Call(self.sym("cloudfront", "FunctionCode.from_inline"), (Const(constant),))),
                Kw("auto_publish", True),
            ),
            snake(fn.id),
        )

    def r_webacl(self, acl: WebAcl) -> None:
        def visibility(name: str) -> Struct:
            return self.struct(
                "wafv2",
                "CfnWebACL.VisibilityConfigProperty",
                Kw("sampled_requests_enabled", True),
                Kw("cloud_watch_metrics_enabled", True),
                Kw("metric_name", name),
            )

        rules = [
            self.struct(
                "wafv2",
                "CfnWebACL.RuleProperty",
                Kw("name", name),
                Kw("priority", priority),
                Kw(
                    "override_action",
                    self.struct("wafv2", "CfnWebACL.OverrideActionProperty", Kw("none", {})),
                ),
                Kw(
                    "statement",
                    self.struct(
                        "wafv2",
                        "CfnWebACL.StatementProperty",
                        Kw(
                            "managed_rule_group_statement",
                            self.struct(
                                "wafv2",
                                "CfnWebACL.ManagedRuleGroupStatementProperty",
                                Kw("vendor_name", "AWS"),
                                Kw("name", name),
                            ),
                        ),
                    ),
                ),
                Kw("visibility_config", visibility(name)),
            )
            for priority, name in enumerate(acl.managed_rules)
        ]
        rules.append(
            self.struct(
                "wafv2",
                "CfnWebACL.RuleProperty",
                Kw("name", "RateLimitPerIp"),
                Kw("priority", len(rules)),
                Kw("action", self.struct("wafv2", "CfnWebACL.RuleActionProperty", Kw("block", {}))),
                Kw(
                    "statement",
                    self.struct(
                        "wafv2",
                        "CfnWebACL.StatementProperty",
                        Kw(
                            "rate_based_statement",
                            self.struct(
                                "wafv2",
                                "CfnWebACL.RateBasedStatementProperty",
                                Kw("limit", acl.rate_limit),
                                Kw("aggregate_key_type", "IP"),
                            ),
                        ),
                    ),
                ),
                Kw("visibility_config", visibility("RateLimitPerIp")),
            )
        )
        var = snake(acl.id)
        comments = [practice("waf")]
        if acl.cloudfront:
            comments.append("A CLOUDFRONT-scoped web ACL is created in us-east-1: deploy this stack there.")
        self.emit(
            self.new(
                "wafv2",
                "CfnWebACL",
                acl.id,
                Kw("scope", "CLOUDFRONT" if acl.cloudfront else "REGIONAL"),
                Kw(
                    "default_action", self.struct("wafv2", "CfnWebACL.DefaultActionProperty", Kw("allow", {}))
                ),
                Kw("visibility_config", visibility(acl.id)),
                Kw("rules", rules),
            ),
            var,
            tuple(comments),
        )
        if acl.associate_api:
            api = self.var(acl.associate_api)
            self.emit(
                self.new(
                    "wafv2",
                    "CfnWebACLAssociation",
                    f"{acl.id}Association",
                    Kw("resource_arn", Attr(Attr(api, "deployment_stage"), "stage_arn")),
                    Kw("web_acl_arn", Attr(Var(var), "attr_arn")),
                )
            )

    def r_distribution(self, dist: Distribution) -> None:
        if dist.origin == "s3":
            assert isinstance(dist.origin_ref, Ref)
            origin = Call(
                self.sym("origins", "S3BucketOrigin.with_origin_access_control"),
                (self.var(dist.origin_ref.target),),
            )
            behavior = [
                Kw("origin", origin, practice("oac")),
                Kw("cache_policy", self.enum("cloudfront", "CachePolicy.CACHING_OPTIMIZED")),
            ]
        else:
            api = self.bp.get(dist.origin_ref.target) if isinstance(dist.origin_ref, Ref) else None
            origin = self.call(
                "origins",
                "HttpOrigin",
                self.value(dist.origin_ref),
                kwargs=(
                    Kw("origin_path", f"/{fixed.STAGE}" if isinstance(api, Api) and api.rest else None),
                    Kw("protocol_policy", self.enum("cloudfront", "OriginProtocolPolicy.HTTPS_ONLY")),
                    Kw("origin_ssl_protocols", [self.enum("cloudfront", "OriginSslPolicy.TLS_V1_2")]),
                ),
                new=True,
            )
            behavior = [
                Kw("origin", origin),
                Kw("cache_policy", self.enum("cloudfront", "CachePolicy.CACHING_DISABLED")),
                Kw(
                    "origin_request_policy",
                    self.enum("cloudfront", "OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER"),
                ),
                Kw("allowed_methods", self.enum("cloudfront", "AllowedMethods.ALLOW_ALL")),
            ]
        if dist.response_headers_policy:
            policy = self.call(
                "cloudfront",
                "ResponseHeadersPolicy.from_response_headers_policy_id",
                Scope(),
                f"{dist.id}SecurityHeaders",
                dist.response_headers_policy,
            )
            behavior.append(
                Kw(
                    "response_headers_policy",
                    policy,
                    practice("security_headers") + " (the managed SecurityHeadersPolicy)",
                )
            )
        behavior.append(
            Kw(
                "viewer_protocol_policy",
                self.enum("cloudfront", "ViewerProtocolPolicy.REDIRECT_TO_HTTPS"),
                practice("tls_only"),
            )
        )
        if dist.lambda_associations:
            behavior.append(
                Kw(
                    "edge_lambdas",
                    [
                        self.struct(
                            "cloudfront",
                            "EdgeLambda",
                            Kw("function_version", Attr(Var(snake(fn)), "current_version")),
                            Kw(
                                "event_type",
                                self.enum(
                                    "cloudfront",
                                    f"LambdaEdgeEventType.{upper_snake(event.replace('-', '_'))}",
                                ),
                            ),
                        )
                        for event, fn in dist.lambda_associations
                    ],
                    practice("edge_version"),
                )
            )
        if dist.function_associations:
            behavior.append(
                Kw(
                    "function_associations",
                    [
                        self.struct(
                            "cloudfront",
                            "FunctionAssociation",
                            Kw("function", self.var(fn)),
                            Kw(
                                "event_type",
                                self.enum(
                                    "cloudfront", f"FunctionEventType.{upper_snake(event.replace('-', '_'))}"
                                ),
                            ),
                        )
                        for event, fn in dist.function_associations
                    ],
                )
            )
        self.emit(
            self.new(
                "cloudfront",
                "Distribution",
                dist.id,
                Kw("default_behavior", self.struct("cloudfront", "BehaviorOptions", *behavior)),
                Kw("default_root_object", "index.html" if dist.origin == "s3" else None),
                Kw("http_version", self.enum("cloudfront", "HttpVersion.HTTP2_AND_3")),
                Kw(
                    "web_acl_id",
                    Attr(self.var(dist.web_acl), "attr_arn") if dist.web_acl else None,
                    practice("waf"),
                ),
            ),
            snake(dist.id),
        )


# Constructs are created before what refers to them: dead-letter queues, then data, then code.
_KIND_ORDER = (
    Queue,
    Table,
    Database,
    Cache,
    SearchDomain,
    Topic,
    Bucket,
    Stream,
    StreamConsumer,
    Function,
    StateMachine,
    Api,
    WebSocketApi,
    CloudFrontFunction,
    WebAcl,
    Distribution,
    Schedule,
    Firehose,
    Alarm,
)


def _order(resource: Any) -> tuple[int, int]:
    kind = next(index for index, cls in enumerate(_KIND_ORDER) if isinstance(resource, cls))
    return (kind, 0 if isinstance(resource, Queue) and resource.is_dlq else 1)


def _vars_in(value: Any) -> set[str]:
    if isinstance(value, Var):
        return {value.name}
    if isinstance(value, Attr | Cast | NonNull):
        return _vars_in(value.of)
    if isinstance(value, Concat):
        return _vars_in(value.left)
    if isinstance(value, Call | Struct):
        found = _vars_in(value.fn) if isinstance(value, Call) else set()
        for item in (*getattr(value, "args", ()), *(kw.value for kw in value.kwargs)):
            found |= _vars_in(item)
        return found
    if isinstance(value, dict | list | tuple):
        found = set()
        for item in value.values() if isinstance(value, dict) else value:
            found |= _vars_in(item)
        return found
    return set()


def class_name(slug: str) -> str:
    """`async-messaging` -> `AsyncMessagingStack`."""
    return "".join(part.title() for part in slug.split("-")) + "Stack"


def build_stack(deployment: Deployment) -> StackModel:
    """The construct model of one deployment; the caller checked `supported(deployment)`."""
    return Builder(deployment, class_name(deployment.slug)).build()


def cdk_json(app_command: str) -> str:
    return json.dumps({"app": app_command}, indent=2) + "\n"


# Spelling the model ------------------------------------------------------------------------------
WIDTH = 100


def camel(name: str) -> str:
    """snake_case -> camelCase; UPPER_SNAKE enum members and CamelCase classes stay."""
    if "_" not in name or name[0].isupper():
        return name
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class Printer:
    """Writes construct expressions in one language; the subclasses fill in its spelling."""

    indent_unit = "    "
    comment = "#"
    # How the language spells True, False and None; other literals are JSON in both.
    true, false, none = "True", "False", "None"

    def name(self, name: str) -> str:
        return name

    def alias(self, module: str) -> str:
        raise NotImplementedError

    def literal(self, value: Any) -> str:
        if isinstance(value, bool):
            return self.true if value else self.false
        if value is None:
            return self.none
        if isinstance(value, int):
            return str(value)
        return json.dumps(value, ensure_ascii=False)

    def scope(self) -> str:
        raise NotImplementedError

    def wrap(self, value: Cast | NonNull, text: str) -> str:
        """How the language spells a cast or a non-null assertion (Python needs neither)."""
        return text

    def sym(self, sym: Sym) -> str:
        return ".".join([self.alias(sym.module), *(self.name(part) for part in sym.path.split("."))])

    # One expression, inline when it fits and carries no comment, else one item a line.
    def expr(self, value: Any, depth: int) -> str:
        inline = self.inline(value)
        if inline is not None and len(inline) + len(self.indent_unit) * depth < WIDTH:
            return inline
        return self.block(value, depth)

    def inline(self, value: Any) -> str | None:
        if isinstance(value, Call | Struct):
            if any(kw.comment for kw in value.kwargs):
                return None
            return self.call_text(
                value,
                [self.inline(arg) for arg in getattr(value, "args", ())],
                self.kw_items(value.kwargs, None),
                None,
            )
        if isinstance(value, list):
            items = [self.inline(item) for item in value]
            return None if None in items else "[" + ", ".join(items) + "]"  # type: ignore[arg-type]
        if isinstance(value, dict):
            items = [self.inline(item) for item in value.values()]
            if None in items:
                return None
            return (
                "{"
                + ", ".join(f"{self.literal(key)}: {item}" for key, item in zip(value, items, strict=True))
                + "}"
            )
        return self.atom(value)

    def atom(self, value: Any) -> str | None:
        if isinstance(value, Sym):
            return self.sym(value)
        if isinstance(value, Var):
            return self.name(value.name)
        if isinstance(value, Scope):
            return self.scope()
        if isinstance(value, Const):
            return value.name
        if isinstance(value, Attr):
            of = self.inline(value.of)
            return None if of is None else f"{of}.{self.name(value.name)}"
        if isinstance(value, Cast | NonNull):
            of = self.inline(value.of)
            return None if of is None else self.wrap(value, of)
        if isinstance(value, Concat):
            left = self.inline(value.left)
            return None if left is None else f"{left} + {self.literal(value.right)}"
        return self.literal(value)

    def kw_items(self, kwargs: tuple[Kw, ...], depth: int | None) -> list[tuple[str, str | None, str]]:
        """(name, value text, comment) of each keyword argument."""
        return [
            (
                self.name(kw.name),
                self.inline(kw.value) if depth is None else self.expr(kw.value, depth),
                kw.comment,
            )
            for kw in kwargs
        ]

    def call_text(
        self, value: Any, args: list[Any], kwargs: list[tuple[str, str | None, str]], depth: int | None
    ) -> str | None:
        raise NotImplementedError

    def block(self, value: Any, depth: int) -> str:
        pad = self.indent_unit * (depth + 1)
        close = self.indent_unit * depth
        if isinstance(value, Call | Struct):
            args = [self.expr(arg, depth + 1) for arg in getattr(value, "args", ())]
            text = self.call_text(value, args, self.kw_items(value.kwargs, depth + 1), depth)
            assert text is not None
            return text
        if isinstance(value, list):
            return "[\n" + "".join(f"{pad}{self.expr(item, depth + 1)},\n" for item in value) + close + "]"
        if isinstance(value, dict):
            return (
                "{\n"
                + "".join(
                    f"{pad}{self.literal(key)}: {self.expr(item, depth + 1)},\n"
                    for key, item in value.items()
                )
                + close
                + "}"
            )
        if isinstance(value, Attr):
            return f"{self.expr(value.of, depth)}.{self.name(value.name)}"
        text = self.atom(value)
        assert text is not None
        return text

    def comment_lines(self, comments: tuple[str, ...] | list[str], pad: str) -> str:
        lines = [line for comment in comments for line in comment.splitlines()]
        return "".join(f"{pad}{self.comment} {line}\n" for line in lines if line)
