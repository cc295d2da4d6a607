"""A deployable shape of one configured pattern, independent of any output format.

A pattern's blueprint (`explorer.domain.snippets.blueprints`) decides once which resources exist
for the given parameters and with which settings; the SAM and Terraform renderers only
translate these objects. So a parameter reaches both formats alike, and an optional
component appears in both or in neither.

Resources name each other by logical id (CamelCase, e.g. "OrdersQueue") through `Ref`;
each renderer turns a `Ref` into its own expression (`!GetAtt OrdersQueue.Arn`,
`aws_sqs_queue.orders_queue.arn`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# What a Ref can point at on its target: the ARN, the name (a table or queue name), the
# URL of a queue, the published version of a Lambda@Edge function, a domain name.
RefAttr = Literal["arn", "name", "url", "version", "domain", "id"]


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


@dataclass(frozen=True)
class Queue:
    id: str
    fifo: bool
    visibility_timeout_s: int
    retention_s: int
    dlq: str | None = None
    max_receive_count: int = 0
    is_dlq: bool = False


@dataclass(frozen=True)
class Table:
    id: str
    key: str
    billing_mode: Literal["on_demand", "provisioned"] = "on_demand"
    ttl_attribute: str = ""
    index_key: str = ""  # a global secondary index on this attribute, when set


@dataclass(frozen=True)
class Bucket:
    id: str
    name_input: str | None = None  # named by the deployer: an S3 event source needs a fixed name
    notify_topic: str | None = None  # S3 -> SNS, filtered like a BucketEvent
    prefix: str = ""
    suffix: str = ""
    cloudfront_origin: str | None = None  # a distribution read through Origin Access Control


@dataclass(frozen=True)
class Topic:
    id: str
    publishers: tuple[Literal["s3", "cloudwatch"], ...] = ()


@dataclass(frozen=True)
class Stream:
    id: str
    on_demand: bool
    shards: int
    retention_hours: int


@dataclass(frozen=True)
class StreamConsumer:
    id: str
    stream: str


@dataclass(frozen=True)
class StateMachine:
    id: str
    definition: dict[str, Any]  # Amazon States Language with Ref values in it
    express: bool
    tracing: bool
    log_retention_days: int
    statements: tuple[Statement, ...]


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


@dataclass(frozen=True)
class WebSocketApi:
    id: str
    routes: tuple[tuple[str, str], ...]  # route key -> function id
    authorizer: str | None
    log_retention_days: int


@dataclass(frozen=True)
class Distribution:
    """A CloudFront distribution with one origin and, optionally, an edge function."""

    id: str
    origin: Literal["s3", "api"]
    origin_ref: Value  # the S3 bucket's logical id or the API's domain name
    edge_event: str = ""  # viewer-request, viewer-response, origin-request, origin-response
    cloudfront_function: str | None = None
    edge_function: str | None = None
    web_acl: str | None = None


@dataclass(frozen=True)
class CloudFrontFunction:
    id: str
    code: str
    comment: str


@dataclass(frozen=True)
class WebAcl:
    """A WAF web ACL with AWS managed rules and a rate-based rule."""

    id: str
    cloudfront: bool  # scope CLOUDFRONT (created in us-east-1) or REGIONAL
    rate_limit: int
    associate_api: str | None = None  # a REST API whose stage it protects


@dataclass(frozen=True)
class Firehose:
    id: str
    stream: str
    bucket: str | None
    domain: str | None


@dataclass(frozen=True)
class SearchDomain:
    id: str


@dataclass(frozen=True)
class Database:
    """An RDS PostgreSQL instance reached through RDS Proxy."""

    id: str
    proxy: str


@dataclass(frozen=True)
class Cache:
    """An ElastiCache Serverless (Valkey) cache."""

    id: str


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
class Blueprint:
    """Everything one configured pattern deploys, in the order it is rendered."""

    slug: str
    description: str
    resources: tuple[Resource, ...]
    inputs: tuple[Input, ...] = ()
    us_east_1_only: bool = False  # Lambda@Edge and CloudFront-scoped WAF live in us-east-1
    _index: dict[str, Resource] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ids = [resource.id for resource in self.resources]
        duplicated = {name for name in ids if ids.count(name) > 1}
        if duplicated:
            raise ValueError(f"logical ids used twice: {', '.join(sorted(duplicated))}")
        self._index.update({resource.id: resource for resource in self.resources})

    def get(self, resource_id: str) -> Resource:
        """The resource with that logical id; KeyError names a dangling reference."""
        return self._index[resource_id]

    def of_type[R](self, kind: type[R]) -> list[R]:
        return [resource for resource in self.resources if isinstance(resource, kind)]
