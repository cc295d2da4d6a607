"""The generated Lambda handlers do what their pattern's page says, run for real.

Each configuration's src/app.py is generated and imported, then run on AWS's sample event for
its trigger (SAM CLI's, vendored in tests/fixtures/aws_events/) with its AWS calls going to
moto's in-process `mock_aws`. The resources are the ones the pattern's `Deployment` declares,
created in moto, and each function runs with the environment its `Function` sets, every `Ref`
resolved to the moto resource's name, URL or ARN; so the test follows the model. What is
asserted is the effect: the item written, the message sent, the object stored, the answer's
shape as AWS documents it. Lambda@Edge is left to tests/test_snippets_handlers.py.
"""

from __future__ import annotations

import fnmatch
import io
import json
import sys
import types
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from django.conf import settings
from moto import mock_aws
from moto.apigatewaymanagementapi.models import apigatewaymanagementapi_backends
from pyflakes.api import check
from pyflakes.reporter import Reporter

from explorer.domain import deployment as model
from explorer.domain.content.parse import load_library
from explorer.domain.params import resolve_params
from explorer.domain.patterns.registry import all_patterns, build_deployment
from explorer.domain.snippets import fixed, generate
from tests.sample_events import sample_event

LIBRARY = load_library(settings.PATTERNS_CONTENT_DIR)
REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account, also the sample events'
# What the deployer types in for each template input (a SAM parameter, a Terraform variable).
INPUTS = {"SenderEmail": "ops@example.com", "UploadBucketName": "uploads-example"}


# --- AWS's sample events ------------------------------------------------------------------------


def rest_request(method: str, path: str, body: str = "") -> dict[str, Any]:
    """API Gateway REST proxy event (SAM's AwsProxy: base64 body, isBase64Encoded true)."""
    event = sample_event("apigateway", "aws-proxy", method=method, path=path.lstrip("/"), body=body)
    if not body:
        event.update(body=None, isBase64Encoded=False)
    return event


def http_request(method: str, path: str, body: str = "") -> dict[str, Any]:
    """API Gateway HTTP API payload 2.0 event (SAM's HttpApi: base64 body)."""
    event = sample_event("apigateway", "http-api-proxy", method=method, path=path.lstrip("/"), body=body)
    if not body:
        event.pop("body")
        event["isBase64Encoded"] = False
    return event


def sqs_batch(*bodies: str) -> dict[str, Any]:
    """SAM's SQS event with one record per body, each with its own messageId."""
    records = []
    for index, body in enumerate(bodies, 1):
        (record,) = sample_event("sqs", "receive-message", body=body)["Records"]
        records.append({**record, "messageId": f"message-{index}"})
    return {"Records": records}


def websocket_event(route: str, connection_id: str, body: str | None = None, **context: Any) -> dict:
    """An API Gateway WebSocket event (SAM has no sample): the fields AWS documents in
    https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
    """
    event: dict[str, Any] = {
        "requestContext": {
            "routeKey": route,
            "eventType": {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}.get(route, "MESSAGE"),
            "connectionId": connection_id,
            "messageId": "msg-1" if body is not None else None,
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "stage": "production",
            "apiId": "abc123",
            **context,
        },
        "isBase64Encoded": False,
    }
    if body is not None:
        event["body"] = body
    return event


# --- the deployment, in moto --------------------------------------------------------------------


class Deployed:
    """A configuration's resources created in moto, with the value of each `Ref` to them."""

    def __init__(self, slug: str, **raw: str) -> None:
        spec = LIBRARY.patterns[slug]
        params = resolve_params(spec, raw)
        self.deployment = build_deployment(slug, params.values)
        # Any: the generated module's functions are known only once it runs; tests replace some.
        self.app: Any = types.ModuleType("app")
        exec(compile(generate(spec, params, "handler"), "app.py", "exec"), self.app.__dict__)
        self.attrs: dict[str, dict[str, str]] = {}
        later = []
        for resource in self.deployment.resources:
            if isinstance(resource, model.StateMachine):
                later.append(resource)  # its definition names the functions
            else:
                self.attrs[resource.id] = self._create(resource)
        for machine in later:
            self.attrs[machine.id] = self._create(machine)

    def _create(self, resource: model.Resource) -> dict[str, str]:
        rid = resource.id
        host = f"{rid.lower()}.{REGION}.example.internal"  # services moto does not run: a name
        match resource:
            case model.Table():
                keys = [resource.key, *([resource.index_key] if resource.index_key else [])]
                indexes = (
                    {
                        "GlobalSecondaryIndexes": [
                            {
                                "IndexName": resource.index_key,
                                "KeySchema": [{"AttributeName": resource.index_key, "KeyType": "HASH"}],
                                "Projection": {"ProjectionType": "ALL"},
                            }
                        ]
                    }
                    if resource.index_key
                    else {}
                )
                table = boto3.client("dynamodb").create_table(
                    TableName=rid,
                    KeySchema=[{"AttributeName": resource.key, "KeyType": "HASH"}],
                    AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"} for key in keys],
                    BillingMode="PAY_PER_REQUEST",
                    **indexes,
                )
                return {"name": rid, "arn": table["TableDescription"]["TableArn"]}
            case model.Queue():
                name = f"{rid}.fifo" if resource.fifo else rid
                fifo = {"FifoQueue": "true", "ContentBasedDeduplication": "true"} if resource.fifo else {}
                sqs = boto3.client("sqs")
                url = sqs.create_queue(QueueName=name, Attributes=fifo)["QueueUrl"]
                arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
                return {"name": name, "url": url, "arn": arn["QueueArn"]}
            case model.Bucket():
                name = INPUTS[resource.name_input] if resource.name_input else rid.lower()
                boto3.client("s3").create_bucket(Bucket=name)
                return {"name": name, "arn": f"arn:aws:s3:::{name}", "domain": f"{name}.s3.amazonaws.com"}
            case model.Topic():
                arn = boto3.client("sns").create_topic(Name=rid)["TopicArn"]
                return {"name": rid, "arn": arn}
            case model.Stream():
                kinesis = boto3.client("kinesis")
                kinesis.create_stream(StreamName=rid, ShardCount=1)
                arn = kinesis.describe_stream_summary(StreamName=rid)["StreamDescriptionSummary"]["StreamARN"]
                return {"name": rid, "arn": arn}
            case model.StateMachine():
                arn = boto3.client("stepfunctions").create_state_machine(
                    name=rid,
                    definition=json.dumps(self.resolve(resource.definition), default=float),
                    roleArn=f"arn:aws:iam::{ACCOUNT}:role/{rid}Role",
                    type="EXPRESS" if resource.express else "STANDARD",
                )["stateMachineArn"]
                return {"name": rid, "arn": arn}
            case model.Function():
                return {"name": rid, "arn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{rid}"}
            case model.WebSocketApi():
                # The management API's endpoint, as the template gives it to the function.
                return {
                    "id": "abc123",
                    "url": "https://abc123.execute-api.us-east-1.amazonaws.com/production",
                }
            case _:
                return {"name": rid, "id": rid.lower(), "domain": host, "arn": f"arn:aws:test:::{rid}"}

    def resolve(self, value: Any) -> Any:
        """A model value with its `Ref`s and `InputRef`s replaced by what they point at in moto."""
        if isinstance(value, model.Ref):
            return self.attrs[value.target][value.attr] + value.suffix
        if isinstance(value, model.InputRef):
            return INPUTS[value.name]
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, dict):
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [self.resolve(item) for item in value]
        return value

    def function(self, handler: str) -> model.Function:
        (found,) = [fn for fn in self.deployment.of_type(model.Function) if fn.handler == handler]
        return found

    def invoke(
        self, monkeypatch: pytest.MonkeyPatch, handler: str, event: dict, function_id: str = ""
    ) -> Any:
        """Run app.<handler> with the environment its Function sets (the one with that id, or
        the only one with that handler)."""
        fn = self.deployment.get(function_id) if function_id else self.function(handler)
        assert isinstance(fn, model.Function) and fn.handler == handler
        for name in {
            name for other in self.deployment.of_type(model.Function) for name, _ in other.environment
        }:
            monkeypatch.delenv(name, raising=False)
        for name, value in fn.environment:
            monkeypatch.setenv(name, str(self.resolve(value)))
        if any("ses:SendEmail" in statement.actions for statement in fn.statements):
            boto3.client("ses").verify_email_identity(EmailAddress=INPUTS["SenderEmail"])
        return getattr(self.app, handler)(event, None)

    def name(self, resource_id: str, attr: str = "name") -> str:
        return self.attrs[resource_id][attr]


@pytest.fixture(autouse=True)
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        yield


def items(table: str) -> list[dict]:
    return boto3.client("dynamodb").scan(TableName=table)["Items"]


def objects(bucket: str) -> dict[str, bytes]:
    s3 = boto3.client("s3")
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {entry["Key"]: s3.get_object(Bucket=bucket, Key=entry["Key"])["Body"].read() for entry in listed}


def received(queue_url: str, **attributes: Any) -> list[dict]:
    messages = boto3.client("sqs").receive_message(
        QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0, **attributes
    )
    return messages.get("Messages", [])


def subscribed_queue(topic_arn: str) -> str:
    """A test queue subscribed to the topic (raw delivery), to count what is published."""
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName="published")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    boto3.client("sns").subscribe(
        TopicArn=topic_arn, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"}
    )
    return url


def assert_proxy_response(answer: dict, status: int) -> dict:
    """A Lambda proxy integration's answer: statusCode, headers of strings, a string body.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
    """
    assert answer["statusCode"] == status, answer
    assert all(isinstance(value, str) for value in answer.get("headers", {}).values())
    assert isinstance(answer["body"], str)
    return json.loads(answer["body"])


# --- what is run --------------------------------------------------------------------------------

# The handlers each pattern's tests below run, by slug: a new handler, or a new pattern with
# Python handlers, fails test_every_handler_is_run until a test here runs it.
RUN = {
    "api-backend": {"handle", "authorize"},
    "async-messaging": {"produce", "consume"},
    "event-driven-processing": {"process", "subscribe", "orchestrate", "process_chunk", "aggregate"},
    "stream-processing": {"consume"},
    "websocket-api": {"connect", "disconnect", "default", "broadcast", "authorize"},
    "scheduled-tasks": {"run"},
    "saga": {"reserve", "payment", "ship", "cancel_shipment", "refund", "release"},
}
# The configurations whose functions differ (every choice and switch that adds or swaps one).
CONFIGURATIONS = [
    ("api-backend", {}),
    ("api-backend", {"api_type": "http", "authorizer_enabled": "true"}),
    ("api-backend", {"database": "rds", "elasticache_enabled": "true", "authorizer_enabled": "true"}),
    ("async-messaging", {"queue_type": "fifo"}),
    ("event-driven-processing", {}),
    ("event-driven-processing", {"variant": "fan-out", "output_store": "dynamodb"}),
    ("event-driven-processing", {"variant": "fan-in"}),
    ("stream-processing", {}),
    ("stream-processing", {"destination": "opensearch", "state_table": "false"}),
    ("websocket-api", {}),
    ("websocket-api", {"broadcast_via_sqs": "true"}),
    ("scheduled-tasks", {"use_step_functions": "true"}),
    ("scheduled-tasks", {"notification": "ses"}),
    ("saga", {"state_store": "context"}),
]


def test_every_pattern_with_python_handlers_is_run() -> None:
    ours = {
        slug
        for slug, module in all_patterns().items()
        if module.build.__module__.startswith("explorer.domain.patterns.") and not module.standalone_handler
    }
    # edge-functions' Lambda@Edge handler is standalone (no SDK): tests/test_snippets_handlers.py.
    assert ours - {"edge-functions"} == set(RUN)


@pytest.mark.parametrize(("slug", "raw"), CONFIGURATIONS, ids=lambda value: str(value))
def test_every_handler_is_run(slug: str, raw: dict[str, str]) -> None:
    aws = Deployed(slug, **raw)

    handlers = {fn.handler for fn in aws.deployment.of_type(model.Function)}

    assert handlers <= RUN[slug]
    assert all(callable(getattr(aws.app, handler)) for handler in handlers)


@pytest.mark.parametrize(("slug", "raw"), CONFIGURATIONS, ids=lambda value: str(value))
def test_the_generated_module_has_no_undefined_or_unused_names(slug: str, raw: dict[str, str]) -> None:
    spec = LIBRARY.patterns[slug]
    source = generate(spec, resolve_params(spec, raw), "handler")
    messages = io.StringIO()

    check(source, "app.py", Reporter(messages, messages))

    # The shared header imports what most patterns use; a pattern may leave some unused.
    header = ("'json' imported but unused", "'time' imported but unused")
    assert [line for line in messages.getvalue().splitlines() if not line.endswith(header)] == []


# --- api-backend ----------------------------------------------------------------------------------

REQUESTS = {"rest": rest_request, "http": http_request}


@pytest.mark.parametrize("api_type", ["rest", "http"])
def test_the_api_stores_a_posted_item_and_serves_it(monkeypatch: pytest.MonkeyPatch, api_type: str) -> None:
    aws = Deployed("api-backend", api_type=api_type)
    request = REQUESTS[api_type]

    created = assert_proxy_response(
        aws.invoke(monkeypatch, "handle", request("POST", "/items", json.dumps({"name": "widget"}))), 201
    )

    (stored,) = items(aws.name("ItemsTable"))
    assert stored["pk"] == {"S": f"/items/{created['id']}"}
    assert json.loads(stored["item"]["S"]) == {"name": "widget", "id": created["id"]}
    fetched = assert_proxy_response(
        aws.invoke(monkeypatch, "handle", request("GET", f"/items/{created['id']}")), 200
    )
    assert fetched == created


def test_the_api_answers_404_for_an_unknown_item(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("api-backend")

    assert "error" in assert_proxy_response(
        aws.invoke(monkeypatch, "handle", rest_request("GET", "/items/nope")), 404
    )


def test_the_api_rejects_a_body_that_is_not_a_json_object(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("api-backend", api_type="http")

    assert_proxy_response(aws.invoke(monkeypatch, "handle", http_request("POST", "/items", "[1, 2]")), 400)
    assert_proxy_response(aws.invoke(monkeypatch, "handle", http_request("POST", "/items", "not json")), 400)
    assert items(aws.name("ItemsTable")) == []


class FakeDatabase:
    """Stands in for query(): PostgreSQL through RDS Proxy, which moto does not run."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, tuple]] = []
        self.rows: dict[str, str] = {}

    def __call__(self, endpoint: str, sql: str, params: tuple) -> list[tuple]:
        self.calls.append((endpoint, sql, params))
        if sql.startswith("INSERT"):
            self.rows[params[0]] = params[1]
            return []
        return [(self.rows[params[0]],)] if params[0] in self.rows else []


def test_the_rds_api_queries_the_proxy_endpoint_from_its_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("api-backend", database="rds")
    database = FakeDatabase()
    aws.app.query = database

    created = assert_proxy_response(
        aws.invoke(monkeypatch, "handle", rest_request("POST", "/items", '{"name": "widget"}')), 201
    )
    fetched = assert_proxy_response(
        aws.invoke(monkeypatch, "handle", rest_request("GET", f"/items/{created['id']}")), 200
    )
    missing = aws.invoke(monkeypatch, "handle", rest_request("GET", "/items/nope"))

    assert fetched == created == {"name": "widget", "id": created["id"]}
    assert missing["statusCode"] == 404
    endpoint = aws.name("Database", "domain")
    assert [call[0] for call in database.calls] == [endpoint] * 3
    assert database.calls[0][1].startswith("INSERT INTO items")
    assert database.calls[1][1].startswith("SELECT item FROM items WHERE path = %s")


def test_the_rds_query_signs_in_to_the_proxy_with_an_iam_token(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("api-backend", database="rds")
    connected: list[dict] = []

    class Cursor:
        description = [("item",)]

        def fetchall(self) -> list[tuple]:
            return [('{"id": "1"}',)]

    class Connection:
        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def execute(self, sql: str, params: tuple) -> Cursor:
            return Cursor()

    def connect(**kwargs: Any) -> Connection:
        connected.append(kwargs)
        return Connection()

    monkeypatch.setitem(sys.modules, "psycopg", types.SimpleNamespace(connect=connect))

    answer = aws.invoke(monkeypatch, "handle", rest_request("GET", "/items/1"))

    assert assert_proxy_response(answer, 200) == {"id": "1"}
    (kwargs,) = connected
    assert kwargs["host"] == aws.name("Database", "domain")
    assert kwargs["user"] == fixed.DB_USER
    assert kwargs["sslmode"] == "require"
    assert kwargs["password"]  # the IAM authentication token, signed by the SDK
    assert kwargs["host"] in kwargs["password"]


class FakeValkey:
    """Stands in for the ElastiCache client: what it was created with, and the commands sent."""

    made: list[dict] = []

    def __init__(self, **kwargs: Any) -> None:
        FakeValkey.made.append(kwargs)
        self.data: dict[str, str] = {}
        self.commands: list[tuple] = []

    def get(self, key: str) -> str | None:
        self.commands.append(("GET", key))
        return self.data.get(key)

    def set(self, key: str, value: str, ex: int | None = None) -> None:
        self.commands.append(("SET", key, ex))
        self.data[key] = value

    def delete(self, key: str) -> None:
        self.commands.append(("DEL", key))
        self.data.pop(key, None)


def test_the_cached_api_reads_aside_the_cache_at_the_endpoint_it_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    aws = Deployed("api-backend", elasticache_enabled="true")
    FakeValkey.made = []
    monkeypatch.setitem(sys.modules, "redis", types.SimpleNamespace(Redis=FakeValkey))

    created = assert_proxy_response(
        aws.invoke(monkeypatch, "handle", rest_request("POST", "/items", '{"name": "widget"}')), 201
    )
    path = f"/items/{created['id']}"
    first = assert_proxy_response(aws.invoke(monkeypatch, "handle", rest_request("GET", path)), 200)
    boto3.client("dynamodb").delete_item(TableName=aws.name("ItemsTable"), Key={"pk": {"S": path}})
    second = assert_proxy_response(aws.invoke(monkeypatch, "handle", rest_request("GET", path)), 200)

    (made,) = FakeValkey.made
    assert made["host"] == aws.name("Cache", "domain")
    assert made["ssl"] is True  # ElastiCache Serverless accepts TLS only
    cache = aws.app.cache_client()
    assert cache.commands == [("DEL", path), ("GET", path), ("SET", path, aws.app.CACHE_TTL_S), ("GET", path)]
    assert first == second == created  # the second read was a hit: the table no longer has it


def test_a_write_drops_the_cached_item(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("api-backend", elasticache_enabled="true", database="rds")
    monkeypatch.setitem(sys.modules, "redis", types.SimpleNamespace(Redis=FakeValkey))
    aws.app.query = FakeDatabase()
    body = '{"id": "7", "name": "old"}'
    aws.invoke(monkeypatch, "handle", rest_request("POST", "/items", body))
    aws.invoke(monkeypatch, "handle", rest_request("GET", "/items/7"))

    aws.invoke(monkeypatch, "handle", rest_request("POST", "/items", '{"id": "7", "name": "new"}'))

    fetched = assert_proxy_response(aws.invoke(monkeypatch, "handle", rest_request("GET", "/items/7")), 200)
    assert fetched == {"id": "7", "name": "new"}


def authorizer_event(token: str) -> dict[str, Any]:
    event = sample_event("apigateway", "request-authorizer", method="GET", resource="items/1")
    event["headers"]["Authorization"] = token
    return event


def http_authorizer_event(token: str) -> dict[str, Any]:
    """An HTTP API's REQUEST authorizer event, payload 2.0: SAM ships no sample of it, so it is SAM's
    HttpApi request with the fields the authorizer guide's 2.0 example adds (type, routeArn,
    identitySource); headers arrive in lower case.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html"""
    event = http_request("GET", "/items/1")
    for name in ("body", "isBase64Encoded", "pathParameters", "stageVariables"):
        event.pop(name, None)
    event["headers"]["authorization"] = token
    context = event["requestContext"]
    event |= {
        "type": "REQUEST",
        "routeArn": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{context['apiId']}/{context['stage']}/GET/items/1",
        "identitySource": [token] if token else [],
    }
    return event


@pytest.mark.parametrize("api_type", ["rest", "http"])
def test_the_authorizer_allows_the_callers_next_requests_on_any_route(
    monkeypatch: pytest.MonkeyPatch, api_type: str
) -> None:
    aws = Deployed("api-backend", authorizer_enabled="true", api_type=api_type)
    event = (authorizer_event if api_type == "rest" else http_authorizer_event)("user-1.signature")

    answer = aws.invoke(monkeypatch, "authorize", event)

    (statement,) = answer["policyDocument"]["Statement"]
    assert (answer["principalId"], statement["Effect"]) == ("user-1", "Allow")
    assert answer["context"] == {"userId": "user-1"}
    # API Gateway caches this policy for the identity and checks later requests against it.
    called = event.get("methodArn") or event["routeArn"]
    stage = "/".join(called.split("/")[:2])
    for later in ("GET/items/1", "POST/items", "GET/items/2"):
        assert fnmatch.fnmatchcase(f"{stage}/{later}", statement["Resource"]), later
    other_stage = stage.rsplit("/", 1)[0] + "/other-stage/GET/items/1"
    assert not fnmatch.fnmatchcase(other_stage, statement["Resource"])


@pytest.mark.parametrize("api_type", ["rest", "http"])
def test_the_authorizer_denies_a_missing_token(monkeypatch: pytest.MonkeyPatch, api_type: str) -> None:
    aws = Deployed("api-backend", authorizer_enabled="true", api_type=api_type)
    event = (authorizer_event if api_type == "rest" else http_authorizer_event)("")

    answer = aws.invoke(monkeypatch, "authorize", event)

    assert answer["policyDocument"]["Statement"][0]["Effect"] == "Deny"


# --- async-messaging ------------------------------------------------------------------------------


@pytest.mark.parametrize("queue_type", ["standard", "fifo"])
def test_the_producer_queues_a_base64_encoded_order(monkeypatch: pytest.MonkeyPatch, queue_type: str) -> None:
    aws = Deployed("async-messaging", queue_type=queue_type)
    event = http_request("POST", "/orders", json.dumps({"orderId": "order-1", "total": 12}))
    assert event["isBase64Encoded"] is True  # as SAM's sample (and API Gateway for binary bodies)

    answer = aws.invoke(monkeypatch, "produce", event)

    assert answer["statusCode"] == 202
    (message,) = received(aws.name("OrdersQueue", "url"), MessageSystemAttributeNames=["MessageGroupId"])
    assert json.loads(answer["body"]) == {"messageId": message["MessageId"]}
    assert json.loads(message["Body"]) == {"orderId": "order-1", "total": 12}
    assert message.get("Attributes", {}).get("MessageGroupId") == (
        "order-1" if queue_type == "fifo" else None
    )


def test_the_producer_refuses_an_order_without_an_id(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("async-messaging")

    answer = aws.invoke(monkeypatch, "produce", http_request("POST", "/orders", '{"total": 12}'))

    assert answer["statusCode"] == 400
    assert received(aws.name("OrdersQueue", "url")) == []


def test_the_consumer_reports_the_message_that_is_not_an_order(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("async-messaging")
    # SAM's default body, "Hello from SQS!", is not JSON: that message fails, the others do not.
    event = sqs_batch('{"orderId": "order-1"}', "Hello from SQS!", '{"orderId": "order-3"}')

    assert aws.invoke(monkeypatch, "consume", event) == {
        "batchItemFailures": [{"itemIdentifier": "message-2"}]
    }


# --- event-driven-processing ----------------------------------------------------------------------


def upload(aws: Deployed, key: str, body: bytes = b"a,b\n1,2\n") -> dict[str, Any]:
    """Store an object in the upload bucket and return S3's notification of it (SAM's S3 put)."""
    bucket = aws.name("UploadBucket")
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=body)
    return sample_event("s3", "put", bucket=bucket, key=key)


def test_the_processor_writes_each_upload_once_to_the_output_bucket(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("event-driven-processing")
    event = upload(aws, "uploads/monthly report.csv")
    assert event["Records"][0]["s3"]["object"]["key"] == "uploads/monthly%20report.csv"  # URL-encoded

    aws.invoke(monkeypatch, "process", event)
    aws.invoke(monkeypatch, "process", event)  # S3 delivered it twice

    output = objects(aws.name("OutputBucket"))
    assert output["processed/uploads/monthly report.csv"] == b"a,b\n1,2\n"
    assert [key for key in output if key.startswith("processed/")] == ["processed/uploads/monthly report.csv"]


def test_the_processor_records_each_upload_in_the_results_table(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("event-driven-processing", output_store="dynamodb")

    aws.invoke(monkeypatch, "process", upload(aws, "uploads/a.csv"))

    stored = {item["pk"]["S"]: item for item in items(aws.name("ResultsTable"))}
    assert stored["file#uploads/a.csv"]["size"] == {"N": "8"}
    assert len(stored) == 2  # the result and the claim


def test_each_fan_out_subscriber_claims_the_upload_it_is_sent_through_sns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    aws = Deployed("event-driven-processing", variant="fan-out", output_store="dynamodb")
    s3_event = upload(aws, "uploads/a.csv")
    event = sample_event("sns", "notification", topic="UploadTopic", message=json.dumps(s3_event))
    subscribers = [fn for fn in aws.deployment.of_type(model.Function) if fn.handler == "subscribe"]

    for subscriber in subscribers:
        aws.invoke(monkeypatch, "subscribe", event, subscriber.id)
        aws.invoke(monkeypatch, "subscribe", event, subscriber.id)  # a repeat claims nothing new

    tasks = sorted(task for fn in subscribers if isinstance(task := dict(fn.environment)["TASK"], str))
    assert len(tasks) == len(subscribers)
    claims = sorted(item["pk"]["S"] for item in items(aws.name("ResultsTable")))
    assert claims == [f"claim#{task}/{aws.name('UploadBucket')}/uploads/a.csv/" for task in tasks]


def test_the_fan_in_orchestrator_starts_one_execution_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("event-driven-processing", variant="fan-in")
    event = upload(aws, "uploads/big.csv", b"x\n" * 50)

    aws.invoke(monkeypatch, "orchestrate", event)
    aws.invoke(monkeypatch, "orchestrate", event)  # the same S3 event again

    sfn = boto3.client("stepfunctions")
    (execution,) = sfn.list_executions(stateMachineArn=aws.name("Workflow", "arn"))["executions"]
    chunks = json.loads(sfn.describe_execution(executionArn=execution["executionArn"])["input"])["chunks"]
    assert chunks[0]["start"] == 0 and chunks[-1]["end"] == 99
    assert sum(chunk["end"] - chunk["start"] + 1 for chunk in chunks) == 100


def test_the_fan_in_chunks_are_counted_and_aggregated(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("event-driven-processing", variant="fan-in")
    upload(aws, "uploads/big.csv", b"x\n" * 50)
    chunks = [
        {"bucket": aws.name("UploadBucket"), "key": "uploads/big.csv", "start": start, "end": start + 49}
        for start in (0, 50)
    ]

    # The Map state passes each chunk as the task's input, then the results to the aggregator.
    results = [aws.invoke(monkeypatch, "process_chunk", chunk) for chunk in chunks]
    total = aws.invoke(monkeypatch, "aggregate", {"chunks": chunks, "results": results})

    assert results == [{"start": 0, "lines": 25}, {"start": 50, "lines": 25}]
    assert total == {"lines": 50}
    output = objects(aws.name("OutputBucket"))
    assert json.loads(output["aggregated/uploads/big.csv.json"]) == {"key": "uploads/big.csv", "lines": 50}


# --- stream-processing ----------------------------------------------------------------------------


def kinesis_batch(*payloads: str) -> dict[str, Any]:
    """SAM's Kinesis event with one record per payload, in sequence order."""
    records = []
    for index, payload in enumerate(payloads, 1):
        sequence = f"4954511524349098501828006771497314458218006259324420{index:04d}"
        (record,) = sample_event("kinesis", "get-records", data=payload, sequence=sequence)["Records"]
        records.append(record)
    return {"Records": records}


def test_the_stream_consumer_stores_the_batch_and_counts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("stream-processing")
    event = kinesis_batch("Hello, this is a test 123.", '{"reading": 7}')
    first, last = (record["kinesis"]["sequenceNumber"] for record in event["Records"])

    assert aws.invoke(monkeypatch, "consume", event) == {"batchItemFailures": []}
    aws.invoke(monkeypatch, "consume", event)  # Lambda retried the batch

    (key, body), *others = objects(aws.name("DataBucket")).items()
    assert (key, others) == (f"records/shardId-000000000000/{first}-{last}.jsonl", [])
    assert [json.loads(line) for line in body.splitlines()] == [
        {"sequenceNumber": first, "data": "Hello, this is a test 123."},
        {"sequenceNumber": last, "data": {"reading": 7}},
    ]
    (state,) = items(aws.name("StateTable"))
    assert state == {
        "pk": {"S": "shard#shardId-000000000000"},
        "lastSequence": {"S": last},
        "records": {"N": "2"},
    }


def test_the_stream_consumer_stores_what_came_before_the_first_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    aws = Deployed("stream-processing", state_table="false")
    event = kinesis_batch('{"n": 1}', '{"n": 2}', '{"n": 3}')
    sequences = [record["kinesis"]["sequenceNumber"] for record in event["Records"]]
    transform = aws.app.process_record

    def process(payload: bytes, sequence: str) -> dict:
        if json.loads(payload)["n"] == 2:
            raise ValueError("cannot transform record 2")
        return transform(payload, sequence)

    aws.app.process_record = process

    answer = aws.invoke(monkeypatch, "consume", event)

    assert answer == {"batchItemFailures": [{"itemIdentifier": sequences[1]}]}
    (body,) = objects(aws.name("DataBucket")).values()
    assert [json.loads(line)["data"] for line in body.splitlines()] == [{"n": 1}]


def test_the_stream_consumer_indexes_the_batch_in_opensearch(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("stream-processing", destination="opensearch")
    sent: list[Any] = []

    def urlopen(request: Any, timeout: float) -> io.BytesIO:
        sent.append(request)
        return io.BytesIO(b'{"errors": false, "items": []}')

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    event = kinesis_batch('{"reading": 7}')

    assert aws.invoke(monkeypatch, "consume", event) == {"batchItemFailures": []}

    (request,) = sent
    assert request.full_url == f"https://{aws.name('SearchDomain', 'domain')}/_bulk"
    assert request.headers["Authorization"].startswith("AWS4-HMAC-SHA256")
    action, document = (json.loads(line) for line in request.data.decode().splitlines())
    sequence = event["Records"][0]["kinesis"]["sequenceNumber"]
    assert action == {"index": {"_index": "records", "_id": sequence}}
    assert document == {"sequenceNumber": sequence, "data": {"reading": 7}}


# --- websocket-api --------------------------------------------------------------------------------


def pushed() -> dict[str, bytes]:
    """What each connection was sent through moto's API Gateway management API."""
    connections = apigatewaymanagementapi_backends[ACCOUNT][REGION].connections
    return {connection_id: connection.data for connection_id, connection in connections.items()}


def connect(aws: Deployed, monkeypatch: pytest.MonkeyPatch, *connection_ids: str) -> None:
    for connection_id in connection_ids:
        event = websocket_event("$connect", connection_id, authorizer={"userId": f"user-{connection_id}"})
        assert aws.invoke(monkeypatch, "connect", event) == {"statusCode": 200}


def test_connect_stores_the_connection_and_disconnect_forgets_it(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("websocket-api", connection_ttl_hours="2")
    before = int(aws.app.time.time())

    connect(aws, monkeypatch, "c1", "c2")
    aws.invoke(monkeypatch, "disconnect", websocket_event("$disconnect", "c2"))

    (stored,) = items(aws.name("ConnectionsTable"))
    assert stored["connectionId"] == {"S": "c1"}
    assert stored["userId"] == {"S": "user-c1"}
    assert before + 7200 <= int(stored["ttl"]["N"]) <= before + 7200 + 5


def test_a_message_is_posted_to_every_live_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("websocket-api")
    connect(aws, monkeypatch, "c1", "c2")

    answer = aws.invoke(monkeypatch, "default", websocket_event("$default", "c1", body='{"text": "hi"}'))

    assert answer == {"statusCode": 200}
    assert pushed() == {"c1": b'{"text": "hi"}', "c2": b'{"text": "hi"}'}


def test_a_queued_broadcast_reaches_every_live_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("websocket-api", broadcast_via_sqs="true")
    connect(aws, monkeypatch, "c1", "c2")

    aws.invoke(monkeypatch, "default", websocket_event("$default", "c1", body="hi"))
    (job,) = received(aws.name("BroadcastQueue", "url"))
    answer = aws.invoke(monkeypatch, "broadcast", sqs_batch(job["Body"]))

    assert answer == {"batchItemFailures": []}
    sent = {"messageId": "msg-1", "body": "hi"}
    assert {key: json.loads(data) for key, data in pushed().items()} == {"c1": sent, "c2": sent}


def test_the_websocket_authorizer_allows_the_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("websocket-api", authorizer_enabled="true")
    event = {
        "type": "REQUEST",
        "methodArn": "arn:aws:execute-api:us-east-1:123456789012:abc123/production/$connect",
        "headers": {},
        "queryStringParameters": {"token": "user-1.signature"},
        "requestContext": {"routeKey": "$connect", "eventType": "CONNECT", "connectionId": "c1"},
    }

    answer = aws.invoke(monkeypatch, "authorize", event)

    (statement,) = answer["policyDocument"]["Statement"]
    assert statement == {
        "Action": "execute-api:Invoke",
        "Effect": "Allow",
        "Resource": "arn:aws:execute-api:us-east-1:123456789012:abc123/production/*",
    }


# --- scheduled-tasks ------------------------------------------------------------------------------


def scheduled(time: str) -> dict[str, Any]:
    """EventBridge's scheduled event (SAM's sample) for a rule that fired at `time`."""
    return {**sample_event("cloudwatch", "scheduled-event"), "time": time}


def scheduler_input(time: str) -> dict[str, Any]:
    """What EventBridge Scheduler sends: the template's Input with its scheduled time filled in
    (https://docs.aws.amazon.com/scheduler/latest/UserGuide/managing-schedule-context-attributes.html)."""
    return json.loads(fixed.SCHEDULER_INPUT.replace("<aws.scheduler.scheduled-time>", time))


@pytest.mark.parametrize(("scheduler", "event"), [("rule", scheduled), ("scheduler", scheduler_input)])
def test_every_run_of_a_five_minute_schedule_does_its_job(
    monkeypatch: pytest.MonkeyPatch, scheduler: str, event: Any
) -> None:
    aws = Deployed("scheduled-tasks", schedule="rate(5 minutes)", scheduler=scheduler)

    runs = [aws.invoke(monkeypatch, "run", event(f"2026-01-15T13:{minute:02d}:00Z")) for minute in (0, 5, 10)]

    assert [run.get("skipped", False) for run in runs] == [False, False, False]
    assert len(items(aws.name("RunsTable"))) == 3
    assert len(objects(aws.name("ReportsBucket"))) == 3


def test_a_repeated_run_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("scheduled-tasks", schedule="rate(5 minutes)")
    published = subscribed_queue(aws.name("NotificationTopic", "arn"))

    first = aws.invoke(monkeypatch, "run", scheduler_input("2026-01-15T13:05:00Z"))
    again = aws.invoke(monkeypatch, "run", scheduler_input("2026-01-15T13:05:00Z"))  # a retry

    assert again == {"runId": first["runId"], "skipped": True}
    assert list(objects(aws.name("ReportsBucket"))) == [first["report"]]
    assert len(received(published)) == 1


def test_the_function_notifies_when_nothing_else_does(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("scheduled-tasks")
    published = subscribed_queue(aws.name("NotificationTopic", "arn"))

    run = aws.invoke(monkeypatch, "run", scheduler_input("2026-01-15T13:00:00Z"))

    (message,) = received(published)
    assert run["report"] in message["Body"]


def success_path_publishes(definition: dict[str, Any]) -> int:
    """How many SNS publishes an execution makes when every task succeeds."""
    count, state = 0, definition["StartAt"]
    while state:
        body = definition["States"][state]
        count += body.get("Resource") == "arn:aws:states:::sns:publish"
        state = body.get("Next")
    return count


def test_a_workflow_run_notifies_once(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("scheduled-tasks", use_step_functions="true")
    published = subscribed_queue(aws.name("NotificationTopic", "arn"))
    (workflow,) = aws.deployment.of_type(model.StateMachine)

    # The state machine runs the function with its own input, the Scheduler's.
    run = aws.invoke(monkeypatch, "run", scheduler_input("2026-01-15T13:00:00Z"))

    assert "report" in run
    assert received(published) == []  # the function publishes nothing itself...
    assert success_path_publishes(workflow.definition) == 1  # ...the workflow's NotifySuccess does


def test_the_ses_notification_sends_one_email(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("scheduled-tasks", notification="ses")

    aws.invoke(monkeypatch, "run", scheduler_input("2026-01-15T13:00:00Z"))

    assert boto3.client("ses").get_send_quota()["SentLast24Hours"] == 1


# --- saga -----------------------------------------------------------------------------------------

SAGA_STEPS = ("reserve", "payment", "ship", "cancel_shipment", "refund", "release")


def test_the_saga_steps_answer_and_record_each_step_once(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("saga", state_store="dynamodb")
    order = {"orderId": "order-1"}  # the execution's input, passed to each task

    answers = {step: aws.invoke(monkeypatch, step, order) for step in SAGA_STEPS}
    aws.invoke(monkeypatch, "payment", order)  # a retried task

    assert answers["reserve"] == {"reservationId": "res-order-1"}
    assert answers["payment"] == {"paymentId": "pay-order-1"}
    assert answers["ship"] == {"shipmentId": "ship-order-1"}
    recorded = sorted(item["orderId"]["S"] for item in items(aws.name("SagaStateTable")))
    steps = ("reserve", "payment", "ship", "cancel-shipment", "refund", "release")
    assert recorded == sorted(f"order-1#{step}" for step in steps)


def test_a_compensation_undoes_what_its_step_did(monkeypatch: pytest.MonkeyPatch) -> None:
    aws = Deployed("saga", state_store="context")
    # After a failure, the input carries each earlier step's result under its ResultPath.
    state = {
        "orderId": "order-1",
        "reservation": {"result": {"reservationId": "res-order-1"}},
        "payment": {"result": {"paymentId": "pay-order-1"}},
    }

    with pytest.raises(aws.app.PaymentFailed):
        aws.invoke(monkeypatch, "payment", {**state, "declined": True})
    assert aws.invoke(monkeypatch, "refund", state) == {"refunded": "pay-order-1"}
    assert aws.invoke(monkeypatch, "release", state) == {"released": "res-order-1"}
