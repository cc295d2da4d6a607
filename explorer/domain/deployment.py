"""The resource model: what one configured pattern deploys, independent of any output format.

A pattern's module (`explorer.domain.patterns.<name>`) decides once, from the parameters,
which resources exist, with which settings, which diagram node draws each one, and the
monthly usage each one sees. Everything else is a rendering of that `Deployment`: the SAM
and Terraform files, the ASL document, the handlers' wiring, the visible diagram nodes and
the cost estimate (`explorer.domain.pricing.resources` prices each resource by its type).
So an optional component appears in all of them or in none, and the estimate prices what
the template deploys.

Resources name each other by logical id (CamelCase, e.g. "OrdersQueue") through `Ref`;
each renderer turns a `Ref` into its own expression (`!GetAtt OrdersQueue.Arn`,
`aws_sqs_queue.orders_queue.arn`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

ZERO = Decimal(0)

# What a Ref can point at on its target: the ARN, the name (a table or queue name), the
# URL of a queue, the published version of a Lambda@Edge function, a domain name, and a
# database's user as rds-db:connect names it through the database's proxy.
RefAttr = Literal["arn", "name", "url", "version", "domain", "dbuser"]


@dataclass(frozen=True)
class Ref:
    """An attribute of another resource in the same blueprint."""

    target: str
    attr: RefAttr = "arn"
    suffix: str = ""  # appended text, e.g. "/*" for the objects of a bucket

    @property
    def placeholder(self) -> str:
        """The `${Name}` placeholder used where a definition is kept apart from its stack."""
        return f"{self.target}{self.attr.capitalize()}"


@dataclass(frozen=True)
class Input:
    """A value the deployer supplies: a SAM parameter or a Terraform variable."""

    name: str
    description: str
    kind: Literal["string", "subnets", "security_groups"] = "string"
    default: str | None = None


@dataclass(frozen=True)
class InputRef:
    """The value of an `Input`."""

    name: str


type Value = str | int | bool | Ref | InputRef


@dataclass(frozen=True)
class Statement:
    """One IAM allow statement in a function's or state machine's own policy."""

    actions: tuple[str, ...]
    resources: tuple[Value, ...]


@dataclass(frozen=True)
class QueueEvent:
    """An SQS event source mapping; partial batch responses are always on."""

    queue: str
    batch_size: int
    window_s: int
    max_concurrency: int | None = None


@dataclass(frozen=True)
class StreamEvent:
    """A Kinesis event source mapping; partial batch responses are always on."""

    stream: str
    batch_size: int
    window_s: int
    parallelization: int
    bisect: bool
    max_retries: int
    max_record_age_s: int
    on_failure: str | None
    consumer: str | None = None  # an enhanced fan-out consumer's logical id


@dataclass(frozen=True)
class BucketEvent:
    """S3 ObjectCreated notifications to the function, filtered by key prefix and suffix."""

    bucket: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class TopicEvent:
    """An SNS subscription of the function."""

    topic: str


@dataclass(frozen=True)
class AsyncConfig:
    """How Lambda retries an asynchronous invocation and where a failed event goes."""

    max_retries: int
    max_event_age_s: int
    on_failure: str | None  # a queue's logical id


type Event = QueueEvent | StreamEvent | BucketEvent | TopicEvent


# --- monthly usage ------------------------------------------------------------------------------
# Each resource carries the usage it sees in a month under the configured traffic. Quantities
# are exact Decimals; the pricer rounds nothing but money.


@dataclass(frozen=True)
class Invocations:
    """A function's month: how often it runs and for how long each time."""

    count: Decimal = ZERO
    duration_ms: Decimal = Decimal(1)


@dataclass(frozen=True)
class SqsRequests:
    """One kind of SQS API call in a month; each call is billed per 64 KB of its payload."""

    what: str  # "SendMessage", "ReceiveMessage (batches of 10)", ...
    calls: Decimal
    payload_kb: Decimal  # the payload of one call (a received batch carries all its messages)


@dataclass(frozen=True)
class TableTraffic:
    reads: Decimal = ZERO  # read request units (strongly consistent, up to 4 KB each)
    writes: Decimal = ZERO  # write request units (up to 1 KB each)
    storage_gb: Decimal = ZERO


@dataclass(frozen=True)
class BucketTraffic:
    puts: Decimal = ZERO
    gets: Decimal = ZERO
    storage_gb: Decimal = ZERO


@dataclass(frozen=True)
class Publishes:
    count: Decimal = ZERO
    message_kb: Decimal = Decimal(1)
    email_deliveries: Decimal = ZERO


@dataclass(frozen=True)
class StreamTraffic:
    records_per_second: Decimal = ZERO
    record_kb: Decimal = Decimal(1)
    standard_consumers: int = 0  # consumers reading with GetRecords (shared throughput)


@dataclass(frozen=True)
class Path:
    """A share of a state machine's executions and how they run: every task succeeds
    (`failing_state` empty), or the task `failing_state` fails with `error` on every attempt.
    `explorer.domain.workflows.walk` follows the definition along it."""

    share: Decimal
    failing_state: str = ""
    error: str = "States.TaskFailed"
    description: str = "every step succeeds"


@dataclass(frozen=True)
class Executions:
    """A state machine's month: executions, the paths they take through the definition
    (`explorer.domain.workflows.Path`: success, or a task failing after its retries, with the
    share of executions on each), and for Express, an execution's mean duration."""

    count: Decimal = ZERO
    paths: tuple[Path, ...] = ()
    map_items: int = 1  # iterations of the definition's Map state, if it has one
    duration_ms: Decimal = Decimal(1)


@dataclass(frozen=True)
class ApiTraffic:
    requests: Decimal = ZERO
    request_kb: Decimal = Decimal(1)
    response_kb: Decimal = Decimal(1)  # what goes back to the caller, for data transfer out


@dataclass(frozen=True)
class WebSocketTraffic:
    messages: Decimal = ZERO  # both directions, each metered per 32 KB
    message_kb: Decimal = Decimal(1)
    connection_minutes: Decimal = ZERO
    connections: Decimal = ZERO  # $connect calls in the month
    sent: Decimal = ZERO  # the messages API Gateway sends to clients (data transfer out)


@dataclass(frozen=True)
class EdgeTraffic:
    requests: Decimal = ZERO
    data_transfer_gb: Decimal = ZERO
    origin_requests: Decimal = ZERO  # cache misses that reach the origin


@dataclass(frozen=True)
class CacheTraffic:
    data_stored_gb: Decimal = ZERO
    ecpus: Decimal = ZERO


@dataclass(frozen=True)
class Delivered:
    """Firehose: what it ingests."""

    records: Decimal = ZERO
    record_kb: Decimal = Decimal(1)


@dataclass(frozen=True)
class Function:
    id: str
    description: str
    handler: str  # the Python function's name in the generated src/app.py
    memory_mb: int
    timeout_s: int
    runtime: str
    architecture: str
    tracing: bool
    log_retention_days: int
    reserved_concurrency: int | None = None
    environment: tuple[tuple[str, Value], ...] = ()
    statements: tuple[Statement, ...] = ()
    events: tuple[Event, ...] = ()
    async_config: AsyncConfig | None = None
    vpc: bool = False
    edge: bool = False  # Lambda@Edge: us-east-1, published version, edgelambda trust
    practices: tuple[str, ...] = ()  # best practices this function's settings follow
    node: str = ""  # the diagram node that draws it
    usage: Invocations = Invocations()


@dataclass(frozen=True)
class Queue:
    id: str
    fifo: bool
    visibility_timeout_s: int
    retention_s: int
    dlq: str | None = None
    max_receive_count: int = 0
    is_dlq: bool = False
    retain: bool = True  # kept when the stack or configuration is deleted: it holds messages
    node: str = ""  # the diagram node that draws it
    usage: tuple[SqsRequests, ...] = ()


@dataclass(frozen=True)
class Table:
    id: str
    key: str
    billing_mode: Literal["on_demand", "provisioned"] = "on_demand"
    ttl_attribute: str = ""
    index_key: str = ""  # a global secondary index on this attribute, when set
    read_capacity: int = 5  # provisioned mode only: read and write capacity units
    write_capacity: int = 5
    # Provisioned mode only: target-tracking auto scaling from the capacity above (the minimum)
    # up to these maxima; 0 leaves the capacity fixed.
    max_read_capacity: int = 0
    max_write_capacity: int = 0
    retain: bool = True  # kept when the stack or configuration is deleted
    node: str = ""  # the diagram node that draws it
    usage: TableTraffic = TableTraffic()

    @property
    def autoscaled(self) -> bool:
        return self.billing_mode == "provisioned" and bool(self.max_read_capacity or self.max_write_capacity)


@dataclass(frozen=True)
class Bucket:
    id: str
    name_input: str | None = None  # named by the deployer: an S3 event source needs a fixed name
    notify_topic: str | None = None  # S3 -> SNS, filtered like a BucketEvent
    prefix: str = ""
    suffix: str = ""
    cloudfront_origin: str | None = None  # a distribution read through Origin Access Control
    versioning: bool = True  # an overwritten or deleted object can be restored
    noncurrent_expiry_days: int = 30  # a lifecycle rule deletes older versions after this (0: never)
    retain: bool = True  # kept when the stack or configuration is deleted
    node: str = ""  # the diagram node that draws it
    usage: BucketTraffic = BucketTraffic()


@dataclass(frozen=True)
class Topic:
    id: str
    publishers: tuple[Literal["s3", "cloudwatch"], ...] = ()
    node: str = ""  # the diagram node that draws it
    usage: Publishes = Publishes()

    @property
    def key_id(self) -> str:
        """The customer managed KMS key created with the topic, or "" when the AWS managed key
        alias/aws/sns encrypts it. S3 notifications and CloudWatch alarms can only publish to a
        topic whose key policy grants their service principal kms:GenerateDataKey* and
        kms:Decrypt, which the AWS managed key's policy cannot be changed to do; with it their
        messages would be dropped
        (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services)."""
        return f"{self.id}Key" if self.publishers else ""


@dataclass(frozen=True)
class Stream:
    id: str
    on_demand: bool
    shards: int
    retention_hours: int
    retain: bool = True  # kept when the stack or configuration is deleted
    node: str = ""  # the diagram node that draws it
    usage: StreamTraffic = StreamTraffic()


@dataclass(frozen=True)
class StreamConsumer:
    id: str
    stream: str
    node: str = ""  # the diagram node that draws it


@dataclass(frozen=True)
class StateMachine:
    id: str
    definition: dict[str, Any]  # Amazon States Language with Ref values in it
    express: bool
    tracing: bool
    log_retention_days: int
    statements: tuple[Statement, ...]
    node: str = ""  # the diagram node that draws it
    usage: Executions = Executions()


@dataclass(frozen=True)
class Alarm:
    id: str
    description: str
    namespace: str
    metric: str
    dimension: tuple[str, Value]
    threshold: int
    statistic: str = "Sum"
    comparison: str = "GreaterThanOrEqualToThreshold"
    period_s: int = 300
    evaluation_periods: int = 1
    notify: str | None = None  # a topic's logical id
    node: str = ""  # the diagram node that draws it


@dataclass(frozen=True)
class Schedule:
    """EventBridge Scheduler schedule or EventBridge rule invoking a function or workflow."""

    id: str
    expression: str
    target: str
    target_kind: Literal["function", "state_machine"]
    use_scheduler: bool
    timezone: str
    max_retries: int
    max_event_age_s: int
    dlq: str | None
    node: str = ""  # the diagram node that draws it
    runs: Decimal = ZERO  # invocations of the target a month


@dataclass(frozen=True)
class HttpRoute:
    method: str
    path: str
    function: str


@dataclass(frozen=True)
class Api:
    """An API Gateway REST or HTTP API in front of Lambda proxy integrations."""

    id: str
    rest: bool
    routes: tuple[HttpRoute, ...]
    throttle_rate: int
    throttle_burst: int
    tracing: bool
    log_retention_days: int
    authorizer: str | None = None
    cache_ttl_s: int | None = None  # REST stage cache, when enabled
    cache_size_gb: str = "0.5"
    cache_encrypted: bool = True  # the REST stage cache encrypts what it holds
    node: str = ""  # the diagram node that draws it
    usage: ApiTraffic = ApiTraffic()


@dataclass(frozen=True)
class WebSocketApi:
    id: str
    routes: tuple[tuple[str, str], ...]  # route key -> function id
    authorizer: str | None
    log_retention_days: int
    node: str = ""  # the diagram node that draws it
    usage: WebSocketTraffic = WebSocketTraffic()


@dataclass(frozen=True)
class Distribution:
    """A CloudFront distribution with one origin and, optionally, edge functions on its events.

    Each association is (event, logical id): the event is viewer-request, viewer-response,
    origin-request or origin-response; a cache behavior takes at most one function per event.
    """

    id: str
    origin: Literal["s3", "api"]
    origin_ref: Value  # the S3 bucket's logical id or the API's domain name
    function_associations: tuple[tuple[str, str], ...] = ()  # CloudFront Functions
    lambda_associations: tuple[tuple[str, str], ...] = ()  # Lambda@Edge functions (their version)
    web_acl: str | None = None
    # The CloudFront managed response headers policy SecurityHeadersPolicy (HSTS, X-Content-Type-
    # Options, X-Frame-Options, Referrer-Policy, X-XSS-Protection): 67f7725c-6f97-4210-82d7-5512b31e9d03
    # https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-response-headers-policies.html
    response_headers_policy: str = "67f7725c-6f97-4210-82d7-5512b31e9d03"
    node: str = ""  # the diagram node that draws it
    usage: EdgeTraffic = EdgeTraffic()


@dataclass(frozen=True)
class CloudFrontFunction:
    id: str
    code: str
    comment: str
    node: str = ""  # the diagram node that draws it
    usage: Invocations = Invocations()


@dataclass(frozen=True)
class WebAcl:
    """A WAF web ACL with AWS managed rules and a rate-based rule."""

    id: str
    cloudfront: bool  # scope CLOUDFRONT (created in us-east-1) or REGIONAL
    rate_limit: int
    associate_api: str | None = None  # a REST API whose stage it protects
    # AWS managed rule groups, in priority order; the rate-based rule comes after them.
    # https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
    managed_rules: tuple[str, ...] = (
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesSQLiRuleSet",
    )
    node: str = ""  # the diagram node that draws it
    inspected_requests: Decimal = ZERO


@dataclass(frozen=True)
class Firehose:
    id: str
    stream: str
    bucket: str | None
    domain: str | None
    # Firehose writes an S3 object when either buffer fills first.
    buffer_interval_s: int = 60
    buffer_size_mb: int = 64
    node: str = ""  # the diagram node that draws it
    usage: Delivered = Delivered()


@dataclass(frozen=True)
class SearchDomain:
    """An OpenSearch Service domain."""

    id: str
    instance_type: str = "t3.small.search"
    instances: int = 1
    storage_gb: int = 10  # gp3 EBS volume on each data node
    # Fine-grained access control with IAM only (no internal user database): every request is
    # signed, and the master user is the role of what writes to the domain, this resource (the
    # Firehose stream or the consumer function); no fine-grained access control when empty.
    master: str = ""
    retain: bool = True  # kept when the stack or configuration is deleted
    node: str = ""  # the diagram node that draws it


@dataclass(frozen=True)
class Database:
    """An RDS PostgreSQL instance reached through RDS Proxy."""

    id: str
    proxy: str
    instance_class: str = "db.t4g.micro"
    multi_az: bool = False  # a standby in a second Availability Zone: twice the instance price
    deletion_protection: bool = True  # RDS refuses to delete the instance until this is turned off
    storage_gb: int = 20  # gp3
    node: str = ""  # the diagram node that draws it


@dataclass(frozen=True)
class Cache:
    """An ElastiCache Serverless (Valkey) cache."""

    id: str
    retain: bool = True  # kept when the stack or configuration is deleted
    node: str = ""  # the diagram node that draws it
    usage: CacheTraffic = CacheTraffic()


type Resource = (
    Function
    | Queue
    | Table
    | Bucket
    | Topic
    | Stream
    | StreamConsumer
    | StateMachine
    | Alarm
    | Schedule
    | Api
    | WebSocketApi
    | Distribution
    | CloudFrontFunction
    | WebAcl
    | Firehose
    | SearchDomain
    | Database
    | Cache
)


@dataclass(frozen=True)
class Part:
    """A diagram node that draws part of a resource: an API's cache, a proxy, a final state."""

    node: str
    of: str  # the resource's logical id
    meters: str = ""  # the catalog rates (by key prefix) of the resource that this part bills


@dataclass(frozen=True)
class External:
    """Something the pattern uses but its template does not create (an existing database, a
    verified SES identity): drawn, and explained in the estimate's notes."""

    node: str
    note: str
    used_by: str = ""  # the resource that calls it, which its usage is billed with
    emails: Decimal = ZERO  # Amazon SES: emails sent a month


@dataclass(frozen=True)
class Deployment:
    """Everything one configured pattern deploys, in the order it is rendered.

    `monitoring_node` draws the CloudWatch log groups and alarms the resources imply,
    `tracing_node` X-Ray when any resource traces. `parts` and `externals` are the other
    nodes the diagram shows; together with the resources' own nodes they are exactly the
    diagram's AWS nodes (`drawn_nodes`).
    """

    slug: str
    description: str
    resources: tuple[Resource, ...]
    inputs: tuple[Input, ...] = ()
    us_east_1_only: bool = False  # Lambda@Edge and CloudFront-scoped WAF live in us-east-1
    parts: tuple[Part, ...] = ()
    externals: tuple[External, ...] = ()
    monitoring_node: str = ""
    tracing_node: str = ""
    notes: tuple[str, ...] = ()  # assumptions behind the usage, shown with the estimate
    # What the deployer does once the stack exists (Markdown), written into the bundle's README.
    after_deploy: tuple[str, ...] = ()
    _index: dict[str, Resource] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = [resource.id for resource in self.resources]
        duplicated = {name for name in ids if ids.count(name) > 1}
        if duplicated:
            raise ValueError(f"logical ids used twice: {', '.join(sorted(duplicated))}")
        self._index.update({resource.id: resource for resource in self.resources})
        for part in self.parts:
            self.get(part.of)

    def get(self, resource_id: str) -> Resource:
        """The resource with that logical id; KeyError names a dangling reference."""
        return self._index[resource_id]

    def of_type[R](self, kind: type[R]) -> list[R]:
        return [resource for resource in self.resources if isinstance(resource, kind)]

    def log_groups(self) -> Iterator[LogGroup]:
        """The log groups the resources imply: one per function and state machine
        (`<owner id>LogGroup`) and one per API stage (`<owner id>AccessLogs`); the renderers
        create them beside their owner. Lambda@Edge creates its own, in each Region it runs in."""
        for resource in self.resources:
            if isinstance(resource, Function | StateMachine) and not getattr(resource, "edge", False):
                yield LogGroup(f"{resource.id}LogGroup", resource.id, resource.log_retention_days)
            elif isinstance(resource, Api | WebSocketApi):
                yield LogGroup(f"{resource.id}AccessLogs", resource.id, resource.log_retention_days)

    @property
    def logs_api_stages(self) -> bool:
        """Whether a REST or WebSocket API stage writes access logs, which API Gateway refuses
        until the account has a CloudWatch Logs role (HTTP APIs need none)
        (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html)."""
        return bool(self.of_type(WebSocketApi)) or any(api.rest for api in self.of_type(Api))

    @property
    def traced(self) -> bool:
        return any(getattr(resource, "tracing", False) for resource in self.resources)

    def drawn_nodes(self) -> set[str]:
        """The diagram nodes of what this configuration deploys or uses (actors aside)."""
        nodes = {resource.node for resource in self.resources}
        nodes.update(part.node for part in self.parts)
        nodes.update(external.node for external in self.externals)
        if self.monitoring_node and (any(self.log_groups()) or self.of_type(Alarm)):
            nodes.add(self.monitoring_node)
        if self.tracing_node and self.traced:
            nodes.add(self.tracing_node)
        nodes.discard("")
        return nodes


@dataclass(frozen=True)
class LogGroup:
    """A CloudWatch Logs group that a resource writes to, derived from the resource."""

    id: str
    owner: str
    retention_days: int
