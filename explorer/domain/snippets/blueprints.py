"""Pattern + parameter values -> `Blueprint`: which resources exist, with which settings.

One builder per pattern. Optional resources follow the same conditions as the pattern's
topology (a WAF only when `waf_enabled`, a DLQ only when `dlq_enabled`, ...), and every
parameter is read here once, so the SAM and Terraform snippets cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from explorer.domain.content.schema import ParameterValue
from explorer.domain.snippets import asl
from explorer.domain.snippets.code import cloudfront_function
from explorer.domain.snippets.model import (
    Alarm,
    Api,
    AsyncConfig,
    Blueprint,
    Bucket,
    BucketEvent,
    Cache,
    CloudFrontFunction,
    Database,
    Distribution,
    Firehose,
    Function,
    HttpRoute,
    Input,
    InputRef,
    Queue,
    QueueEvent,
    Ref,
    Resource,
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

type Values = Mapping[str, ParameterValue]

DLQ_RETENTION_S = 1_209_600  # 14 days, the SQS maximum
DEFAULT_LOG_RETENTION_DAYS = 30
WAF_RATE_LIMIT = 2000  # requests per 5 minutes per IP, the content's example
FANOUT_TASKS = ("Thumbnail", "Metadata", "VirusScan")
EDGE_RUNTIME = "python3.13"
ORDER_API_THROTTLE = (1000, 2000)  # rate and burst for the order intake API


def function(v: Values, id: str, description: str, handler: str, **settings: object) -> Function:
    """A function with the pattern's common Lambda parameters; `settings` override them."""
    base: dict[str, object] = {
        "memory_mb": int(v["memory_mb"]),
        "timeout_s": int(v["timeout_s"]),
        "runtime": str(v.get("runtime", EDGE_RUNTIME)),
        "architecture": str(v.get("architecture", "x86_64")),
        "tracing": bool(v.get("tracing_enabled", False)),
        "log_retention_days": int(v.get("log_retention_days", DEFAULT_LOG_RETENTION_DAYS)),
    }
    base.update(settings)
    return Function(id=id, description=description, handler=handler, **base)  # type: ignore[arg-type]


def dead_letter_queue(id: str, *, fifo: bool = False) -> Queue:
    return Queue(id=id, fifo=fifo, visibility_timeout_s=30, retention_s=DLQ_RETENTION_S, is_dlq=True)


def dlq_alarm(queue: str, notify: str | None = None) -> Alarm:
    """Fires as soon as one message waits in the dead-letter queue."""
    return Alarm(
        id=f"{queue}Alarm",
        description="A message reached the dead-letter queue",
        namespace="AWS/SQS",
        metric="ApproximateNumberOfMessagesVisible",
        dimension=("QueueName", Ref(queue, "name")),
        threshold=1,
        statistic="Maximum",
        notify=notify,
    )


def errors_alarm(function_id: str, notify: str | None = None) -> Alarm:
    return Alarm(
        id=f"{function_id}ErrorsAlarm",
        description=f"{function_id} failed",
        namespace="AWS/Lambda",
        metric="Errors",
        dimension=("FunctionName", Ref(function_id, "name")),
        threshold=1,
        notify=notify,
    )


def table_access(table: str, *actions: str) -> Statement:
    return Statement(
        tuple(f"dynamodb:{action}" for action in actions), (Ref(table), Ref(table, suffix="/index/*"))
    )


def output_target(v: Values) -> tuple[list[Resource], tuple[tuple[str, Ref], ...], Statement]:
    """The event pipeline's output store, the variable naming it and the right to write it."""
    if v["output_store"] == "s3":
        return (
            [Bucket("OutputBucket")],
            (("OUTPUT_BUCKET", Ref("OutputBucket", "name")),),
            Statement(("s3:PutObject",), (Ref("OutputBucket", suffix="/*"),)),
        )
    return (
        [Table("ResultsTable", key="pk")],
        (("RESULTS_TABLE", Ref("ResultsTable", "name")),),
        table_access("ResultsTable", "PutItem"),
    )


def api_backend(v: Values) -> Blueprint:
    resources: list[Resource] = []
    inputs: list[Input] = []
    environment: list[tuple[str, Ref]] = []
    statements: list[Statement] = []
    vpc = v["database"] == "rds" or bool(v["elasticache_enabled"])
    if vpc:
        inputs += [
            Input("SubnetIds", "Private subnets for the function, database and cache", "subnets"),
            Input(
                "SecurityGroupIds", "Security groups for the function, database and cache", "security_groups"
            ),
        ]
    if v["database"] == "dynamodb":
        resources.append(Table("ItemsTable", key="pk", billing_mode=str(v["billing_mode"])))  # type: ignore[arg-type]
        environment.append(("TABLE_NAME", Ref("ItemsTable", "name")))
        statements.append(table_access("ItemsTable", "GetItem", "PutItem", "Query"))
    else:
        resources.append(Database("Database", proxy="DatabaseProxy"))
        environment.append(("DB_PROXY_ENDPOINT", Ref("Database", "domain")))
        statements.append(Statement(("rds-db:connect",), (Ref("Database", "id"),)))
    if v["elasticache_enabled"]:
        resources.append(Cache("Cache"))
        environment.append(("CACHE_ENDPOINT", Ref("Cache", "domain")))
    authorizer = None
    if v["authorizer_enabled"]:
        authorizer = "AuthorizerFunction"
        resources.append(
            function(v, authorizer, "Checks the caller's token", "authorize", memory_mb=256, timeout_s=5)
        )
    resources.append(
        function(
            v,
            "ApiFunction",
            "Answers the API's requests",
            "handle",
            environment=tuple(environment),
            statements=tuple(statements),
            vpc=vpc,
            practices=("api_timeout",),
        )
    )
    rest = v["api_type"] == "rest"
    resources.append(
        Api(
            "Api",
            rest=rest,
            routes=(
                HttpRoute("GET", "/items/{id}", "ApiFunction"),
                HttpRoute("POST", "/items", "ApiFunction"),
            ),
            throttle_rate=int(v["throttle_rate_rps"]),
            throttle_burst=int(v["throttle_burst"]),
            tracing=bool(v["tracing_enabled"]),
            log_retention_days=int(v["log_retention_days"]),
            authorizer=authorizer,
            cache_ttl_s=int(v["cache_ttl_s"]) if rest and v["cache_enabled"] else None,
            cache_size_gb=str(v["cache_size_gb"]),
        )
    )
    waf_on_cdn = bool(v["waf_enabled"] and v["cdn_enabled"])
    if waf_on_cdn:
        resources.append(WebAcl("WebAcl", cloudfront=True, rate_limit=WAF_RATE_LIMIT))
    elif v["waf_enabled"] and rest:
        resources.append(WebAcl("WebAcl", cloudfront=False, rate_limit=WAF_RATE_LIMIT, associate_api="Api"))
    if v["cdn_enabled"]:
        resources.append(
            Distribution(
                "Distribution",
                origin="api",
                origin_ref=Ref("Api", "domain"),
                web_acl="WebAcl" if waf_on_cdn else None,
            )
        )
    return Blueprint(
        "api-backend",
        "API backend: API Gateway, Lambda and the database",
        tuple(resources),
        tuple(inputs),
        us_east_1_only=waf_on_cdn,
    )


def event_driven_processing(v: Values) -> Blueprint:
    dlq = "DeadLetterQueue" if v["dlq_enabled"] else None
    resources, output_env, write_output = output_target(v)
    if dlq:
        resources += [dead_letter_queue(dlq), dlq_alarm(dlq)]
    prefix, suffix = str(v["key_prefix"]), str(v["key_suffix"])
    read_uploads = Statement(("s3:GetObject",), (Ref("UploadBucket", suffix=f"/{prefix}*"),))
    retries = AsyncConfig(int(v["max_retry_attempts"]), int(v["max_event_age_s"]), dlq)
    upload_event = BucketEvent("UploadBucket", prefix, suffix)
    variant = v["variant"]
    fanout = variant == "fan-out"
    resources.append(
        Bucket(
            "UploadBucket",
            name_input="UploadBucketName",
            notify_topic="UploadTopic" if fanout else None,
            prefix=prefix,
            suffix=suffix,
        )
    )
    reserved = int(v["reserved_concurrency"]) or None
    shared = {
        "reserved_concurrency": reserved,
        "async_config": retries,
        "practices": ("reserved",) if reserved else (),
    }
    if variant == "single":
        resources.append(
            function(
                v,
                "ProcessorFunction",
                "Processes each uploaded file",
                "process",
                environment=output_env,
                statements=(read_uploads, write_output),
                events=(upload_event,),
                **shared,
            )
        )
    elif fanout:
        resources.append(Topic("UploadTopic", publishers=("s3",)))
        count = int(v["fanout_subscribers"])
        names = [*FANOUT_TASKS, *(f"Subscriber{index}" for index in range(len(FANOUT_TASKS) + 1, count + 1))]
        resources += [
            function(
                v,
                f"{name}Function",
                f"Fan-out subscriber: {name}",
                "subscribe",
                environment=(("TASK", name.lower()), *output_env),
                statements=(read_uploads, write_output),
                events=(TopicEvent("UploadTopic"),),
                **shared,
            )
            for name in names[:count]
        ]
    else:
        resources += [
            function(
                v,
                "ChunkFunction",
                "Processes one byte range",
                "process_chunk",
                statements=(read_uploads,),
                reserved_concurrency=reserved,
            ),
            function(
                v,
                "AggregateFunction",
                "Merges the chunks' results",
                "aggregate",
                environment=output_env,
                statements=(write_output,),
            ),
            StateMachine(
                "Workflow",
                asl.fan_in(v, dlq),
                express=v["workflow_type"] == "express",
                tracing=bool(v["tracing_enabled"]),
                log_retention_days=int(v["log_retention_days"]),
                statements=invoke_rights("ChunkFunction", "AggregateFunction")
                + ((Statement(("sqs:SendMessage",), (Ref(dlq),)),) if dlq else ()),
            ),
            function(
                v,
                "OrchestratorFunction",
                "Splits each upload into chunks and starts the workflow",
                "orchestrate",
                environment=(("STATE_MACHINE_ARN", Ref("Workflow")),),
                statements=(
                    Statement(("s3:GetObject",), (Ref("UploadBucket", suffix=f"/{prefix}*"),)),
                    Statement(("states:StartExecution",), (Ref("Workflow"),)),
                ),
                events=(upload_event,),
                async_config=retries,
            ),
        ]
    return Blueprint(
        "event-driven-processing",
        f"Event-driven processing ({variant}): S3 uploads processed by Lambda",
        tuple(resources),
        (Input("UploadBucketName", "A globally unique name for the upload bucket"),),
    )


def invoke_rights(*functions: str) -> tuple[Statement, ...]:
    return (Statement(("lambda:InvokeFunction",), tuple(Ref(name) for name in functions)),)


def scheduled_tasks(v: Values) -> Blueprint:
    topic = "NotificationTopic" if v["notification"] == "sns" else None
    dlq = "DeadLetterQueue" if v["dlq_enabled"] else None
    resources: list[Resource] = [Table("RunsTable", key="pk"), Bucket("ReportsBucket")]
    inputs: list[Input] = []
    environment: list[tuple[str, Ref | InputRef]] = [
        ("RUNS_TABLE", Ref("RunsTable", "name")),
        ("REPORTS_BUCKET", Ref("ReportsBucket", "name")),
    ]
    statements = [
        table_access("RunsTable", "PutItem"),
        Statement(("s3:PutObject",), (Ref("ReportsBucket", suffix="/reports/*"),)),
    ]
    if topic:
        resources.append(Topic(topic, publishers=("cloudwatch",)))
        environment.append(("TOPIC_ARN", Ref(topic)))
        statements.append(Statement(("sns:Publish",), (Ref(topic),)))
    elif v["notification"] == "ses":
        inputs.append(Input("SenderEmail", "A verified SES identity that sends and receives the reports"))
        environment.append(("SENDER_EMAIL", InputRef("SenderEmail")))
        statements.append(Statement(("ses:SendEmail",), ("*",)))
    if dlq:
        resources += [dead_letter_queue(dlq), dlq_alarm(dlq, topic)]
    workflow = bool(v["use_step_functions"])
    resources.append(
        function(
            v,
            "TaskFunction",
            "Runs the scheduled job once per period",
            "run",
            reserved_concurrency=1,
            environment=tuple(environment),
            statements=tuple(statements),
            # Lambda keeps an asynchronous event at most 6 hours (21,600 s).
            async_config=None if workflow else AsyncConfig(2, min(int(v["max_event_age_s"]), 21600), dlq),
            practices=("no_overlap",),
        )
    )
    resources.append(errors_alarm("TaskFunction", topic))
    if workflow:
        resources.append(
            StateMachine(
                "TaskWorkflow",
                asl.scheduled_task(topic),
                express=False,
                tracing=bool(v["tracing_enabled"]),
                log_retention_days=int(v["log_retention_days"]),
                statements=invoke_rights("TaskFunction")
                + ((Statement(("sns:Publish",), (Ref(topic),)),) if topic else ()),
            )
        )
    resources.append(
        Schedule(
            "TaskSchedule",
            expression=str(v["schedule"]),
            target="TaskWorkflow" if workflow else "TaskFunction",
            target_kind="state_machine" if workflow else "function",
            use_scheduler=v["scheduler"] == "scheduler",
            timezone=str(v["timezone"]),
            max_retries=int(v["retry_attempts"]),
            max_event_age_s=int(v["max_event_age_s"]),
            dlq=dlq,
        )
    )
    return Blueprint(
        "scheduled-tasks",
        "Scheduled task: an EventBridge schedule runs a job",
        tuple(resources),
        tuple(inputs),
    )


def stream_processing(v: Values) -> Blueprint:
    resources: list[Resource] = [
        Stream(
            "Stream",
            on_demand=v["stream_mode"] == "on_demand",
            shards=int(v["shards"]),
            retention_hours=int(v["retention_hours"]),
        )
    ]
    lambda_consumer = v["consumer"] == "lambda"
    search = v["destination"] == "opensearch"
    if not search or not lambda_consumer:
        resources.append(Bucket("DataBucket"))  # also Firehose's backup for failed OpenSearch documents
    if search:
        resources.append(SearchDomain("SearchDomain"))
    if not lambda_consumer:
        resources.append(Firehose("Firehose", "Stream", "DataBucket", "SearchDomain" if search else None))
        return Blueprint("stream-processing", "Stream processing: Kinesis into Firehose", tuple(resources))
    consumer = None
    if v["enhanced_fan_out"]:
        consumer = "StreamConsumer"
        resources.append(StreamConsumer(consumer, "Stream"))
    failure = "FailureQueue" if v["failure_destination"] else None
    environment: list[tuple[str, Ref]] = []
    statements: list[Statement] = []
    if failure:
        resources += [dead_letter_queue(failure), dlq_alarm(failure)]
        statements.append(Statement(("sqs:SendMessage",), (Ref(failure),)))
    if v["state_table"]:
        resources.append(Table("StateTable", key="pk"))
        environment.append(("STATE_TABLE", Ref("StateTable", "name")))
        statements.append(table_access("StateTable", "GetItem", "PutItem", "UpdateItem"))
    if search:
        environment.append(("SEARCH_ENDPOINT", Ref("SearchDomain", "domain")))
        statements.append(Statement(("es:ESHttpPost", "es:ESHttpPut"), (Ref("SearchDomain", suffix="/*"),)))
    else:
        environment.append(("DATA_BUCKET", Ref("DataBucket", "name")))
        statements.append(Statement(("s3:PutObject",), (Ref("DataBucket", suffix="/*"),)))
    event = StreamEvent(
        "Stream",
        batch_size=int(v["batch_size"]),
        window_s=int(v["batching_window_s"]),
        parallelization=int(v["parallelization_factor"]),
        bisect=bool(v["bisect_on_error"]),
        max_retries=int(v["max_retries"]),
        max_record_age_s=int(v["max_record_age_s"]),
        on_failure=failure,
        consumer=consumer,
    )
    resources.append(
        function(
            v,
            "ConsumerFunction",
            "Processes batches of stream records",
            "consume",
            environment=tuple(environment),
            statements=tuple(statements),
            events=(event,),
        )
    )
    resources.append(
        Alarm(
            "IteratorAgeAlarm",
            "The consumer is falling behind the stream",
            "AWS/Lambda",
            "IteratorAge",
            ("FunctionName", Ref("ConsumerFunction", "name")),
            threshold=60_000,
            statistic="Maximum",
            evaluation_periods=5,
            period_s=60,
        )
    )
    return Blueprint("stream-processing", "Stream processing: Kinesis into Lambda", tuple(resources))


def async_messaging(v: Values) -> Blueprint:
    fifo = v["queue_type"] == "fifo"
    dlq = "DeadLetterQueue" if v["dlq_enabled"] else None
    resources: list[Resource] = []
    if dlq:
        resources += [dead_letter_queue(dlq, fifo=fifo), dlq_alarm(dlq)]
    resources.append(
        Queue(
            "OrdersQueue",
            fifo=fifo,
            visibility_timeout_s=int(v["visibility_timeout_s"]),
            retention_s=int(v["message_retention_s"]),
            dlq=dlq,
            max_receive_count=int(v["max_receive_count"]),
        )
    )
    resources.append(
        function(
            v,
            "ProducerFunction",
            "Accepts orders and queues them",
            "produce",
            memory_mb=256,
            timeout_s=10,
            environment=(("QUEUE_URL", Ref("OrdersQueue", "url")), ("FIFO", "true" if fifo else "false")),
            statements=(Statement(("sqs:SendMessage",), (Ref("OrdersQueue"),)),),
        )
    )
    reserved = int(v["reserved_concurrency"]) or None
    resources.append(
        function(
            v,
            "ConsumerFunction",
            "Processes queued orders",
            "consume",
            reserved_concurrency=reserved,
            events=(
                QueueEvent(
                    "OrdersQueue",
                    int(v["batch_size"]),
                    int(v["batching_window_s"]),
                    int(v["max_concurrency"]),
                ),
            ),
            practices=("reserved",) if reserved else (),
        )
    )
    rate, burst = ORDER_API_THROTTLE
    resources.append(
        Api(
            "OrdersApi",
            rest=False,
            routes=(HttpRoute("POST", "/orders", "ProducerFunction"),),
            throttle_rate=rate,
            throttle_burst=burst,
            tracing=bool(v["tracing_enabled"]),
            log_retention_days=int(v["log_retention_days"]),
        )
    )
    resources.append(
        Alarm(
            "OldestMessageAlarm",
            "Orders wait longer than the 5-minute processing promise",
            "AWS/SQS",
            "ApproximateAgeOfOldestMessage",
            ("QueueName", Ref("OrdersQueue", "name")),
            threshold=300,
            statistic="Maximum",
        )
    )
    return Blueprint(
        "async-messaging",
        f"Async messaging with a {'FIFO' if fifo else 'standard'} SQS queue",
        tuple(resources),
    )


SAGA_STEPS = (
    ("ReserveFunction", "Reserves inventory", "reserve"),
    ("PaymentFunction", "Processes the payment", "payment"),
    ("ShipFunction", "Ships the order", "ship"),
    ("CancelShipmentFunction", "Compensation: cancels the shipment", "cancel_shipment"),
    ("RefundFunction", "Compensation: refunds the payment", "refund"),
    ("ReleaseFunction", "Compensation: releases the inventory", "release"),
)


def saga(v: Values) -> Blueprint:
    table = "SagaStateTable" if v["state_store"] == "dynamodb" else None
    resources: list[Resource] = [Table(table, key="orderId")] if table else []
    step_env = (("STATE_TABLE", Ref(table, "name")),) if table else ()
    step_rights = (table_access(table, "PutItem"),) if table else ()
    resources += [
        function(v, id, description, handler, environment=step_env, statements=step_rights)
        for id, description, handler in SAGA_STEPS
    ]
    machine_rights = invoke_rights(*(id for id, _, _ in SAGA_STEPS))
    if table:
        machine_rights += (table_access(table, "UpdateItem"),)
    resources.append(
        StateMachine(
            "SagaStateMachine",
            asl.saga(v, table),
            express=v["workflow_type"] == "express",
            tracing=bool(v["tracing_enabled"]),
            log_retention_days=int(v["log_retention_days"]),
            statements=machine_rights,
        )
    )
    resources.append(
        Alarm(
            "SagaFailedAlarm",
            "An order saga failed",
            "AWS/States",
            "ExecutionsFailed",
            ("StateMachineArn", Ref("SagaStateMachine")),
            threshold=1,
        )
    )
    return Blueprint("saga", "Order saga orchestrated by Step Functions", tuple(resources))


def edge_functions(v: Values) -> Blueprint:
    resources: list[Resource] = []
    inputs: list[Input] = []
    if v["origin_type"] == "s3":
        resources.append(Bucket("OriginBucket", cloudfront_origin="Distribution"))
        origin_ref: Ref | InputRef = Ref("OriginBucket", "domain")
    else:
        inputs.append(
            Input("ApiDomainName", "The API origin's domain, e.g. abc123.execute-api.us-east-1.amazonaws.com")
        )
        origin_ref = InputRef("ApiDomainName")
    cloudfront_fn = edge_fn = None
    if v["edge_runtime"] == "cloudfront-functions":
        cloudfront_fn = "AbTestFunction"
        resources.append(CloudFrontFunction(cloudfront_fn, cloudfront_function(v), "A/B test"))
    else:
        edge_fn = "EdgeFunction"
        resources.append(
            function(
                v,
                edge_fn,
                "A/B test at the edge",
                "handler",
                architecture="x86_64",
                edge=True,
                practices=("edge_version",),
            )
        )
    if v["waf_enabled"]:
        resources.append(WebAcl("WebAcl", cloudfront=True, rate_limit=WAF_RATE_LIMIT))
    resources.append(
        Distribution(
            "Distribution",
            origin=str(v["origin_type"]),  # type: ignore[arg-type]
            origin_ref=origin_ref,
            edge_event=str(v["event_type"]),
            cloudfront_function=cloudfront_fn,
            edge_function=edge_fn,
            web_acl="WebAcl" if v["waf_enabled"] else None,
        )
    )
    return Blueprint(
        "edge-functions",
        f"CloudFront with {v['edge_runtime']} on {v['event_type']}",
        tuple(resources),
        tuple(inputs),
        us_east_1_only=bool(edge_fn or v["waf_enabled"]),
    )


def websocket_api(v: Values) -> Blueprint:
    table_env = (("CONNECTIONS_TABLE", Ref("ConnectionsTable", "name")),)
    push = Statement(("execute-api:ManageConnections",), (Ref("WebSocketApi", "arn", "/*"),))
    push_env = (("MANAGEMENT_ENDPOINT", Ref("WebSocketApi", "url")),)
    resources: list[Resource] = [
        Table("ConnectionsTable", key="connectionId", ttl_attribute="ttl", index_key="userId")
    ]
    authorizer = None
    if v["authorizer_enabled"]:
        authorizer = "AuthorizerFunction"
        resources.append(function(v, authorizer, "Checks the token on $connect", "authorize", timeout_s=5))
    resources += [
        function(
            v,
            "ConnectFunction",
            "$connect: stores the connection",
            "connect",
            environment=table_env,
            statements=(table_access("ConnectionsTable", "PutItem"),),
        ),
        function(
            v,
            "DisconnectFunction",
            "$disconnect: removes the connection",
            "disconnect",
            environment=table_env,
            statements=(table_access("ConnectionsTable", "DeleteItem"),),
        ),
    ]
    default_env = table_env + push_env
    default_rights = [table_access("ConnectionsTable", "Scan", "DeleteItem"), push]
    if v["broadcast_via_sqs"]:
        timeout = int(v["timeout_s"])
        resources += [
            dead_letter_queue("BroadcastDlq"),
            dlq_alarm("BroadcastDlq"),
            Queue(
                "BroadcastQueue",
                fifo=False,
                visibility_timeout_s=6 * timeout,
                retention_s=345_600,
                dlq="BroadcastDlq",
                max_receive_count=5,
            ),
            function(
                v,
                "BroadcastWorkerFunction",
                "Posts queued broadcasts to connections",
                "broadcast",
                environment=default_env,
                statements=tuple(default_rights),
                events=(QueueEvent("BroadcastQueue", batch_size=10, window_s=0),),
            ),
        ]
        default_env += (("BROADCAST_QUEUE_URL", Ref("BroadcastQueue", "url")),)
        default_rights.append(Statement(("sqs:SendMessage",), (Ref("BroadcastQueue"),)))
    resources.append(
        function(
            v,
            "DefaultFunction",
            "$default: broadcasts a message",
            "default",
            environment=default_env,
            statements=tuple(default_rights),
        )
    )
    resources.append(
        WebSocketApi(
            "WebSocketApi",
            routes=(
                ("$connect", "ConnectFunction"),
                ("$disconnect", "DisconnectFunction"),
                ("$default", "DefaultFunction"),
            ),
            authorizer=authorizer,
            log_retention_days=int(v["log_retention_days"]),
        )
    )
    return Blueprint("websocket-api", "WebSocket API with a DynamoDB connection table", tuple(resources))


BUILDERS: dict[str, Callable[[Values], Blueprint]] = {
    "api-backend": api_backend,
    "event-driven-processing": event_driven_processing,
    "scheduled-tasks": scheduled_tasks,
    "stream-processing": stream_processing,
    "async-messaging": async_messaging,
    "saga": saga,
    "edge-functions": edge_functions,
    "websocket-api": websocket_api,
}


def build(slug: str, values: Values) -> Blueprint:
    """The blueprint of a pattern configured with `values` (complete, validated values)."""
    return BUILDERS[slug](values)
