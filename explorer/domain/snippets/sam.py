"""Deployment -> AWS SAM template (YAML, Transform AWS::Serverless-2016-10-31).

Functions use SAM's own event sources (SQS, Kinesis, S3, SNS, Api, HttpApi), so SAM adds
the permissions and notification wiring; everything SAM has no resource for is plain
CloudFormation. Comments naming a best practice stand above the setting that follows it.
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
from explorer.domain.snippets.asl import refs_in, with_placeholders
from explorer.domain.snippets.practices import (
    alarm_practice,
    key_filter,
    lint_exceptions,
    lint_exceptions_comment,
    practice,
)
from explorer.domain.snippets.yaml_out import Commented, Literal, Tag, dump

type Doc = dict[str, Any]

# How a Ref reads inside !Sub, per resource type and attribute; {id} is the logical id.
SUB_PIECES: dict[tuple[type, str], str] = {
    (Function, "arn"): "${{{id}.Arn}}",
    (Function, "name"): "${{{id}}}",
    (Queue, "arn"): "${{{id}.Arn}}",
    (Queue, "url"): "${{{id}}}",
    (Queue, "name"): "${{{id}.QueueName}}",
    (Table, "arn"): "${{{id}.Arn}}",
    (Table, "name"): "${{{id}}}",
    (Bucket, "arn"): "${{{id}.Arn}}",
    (Bucket, "name"): "${{{id}}}",
    (Bucket, "domain"): "${{{id}.RegionalDomainName}}",
    (Topic, "arn"): "${{{id}}}",
    (Stream, "arn"): "${{{id}.Arn}}",
    (StreamConsumer, "arn"): "${{{id}.ConsumerARN}}",
    (StateMachine, "arn"): "${{{id}}}",
    (Api, "domain"): "${{{id}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}",
    (WebSocketApi, "url"): "https://${{{id}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/"
    + fixed.STAGE,
    (
        WebSocketApi,
        "arn",
    ): "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{id}}}",
    (SearchDomain, "arn"): "${{{id}.Arn}}",
    (SearchDomain, "domain"): "${{{id}.DomainEndpoint}}",
    (Database, "domain"): "${{{id}Proxy.Endpoint}}",
    (Cache, "domain"): "${{{id}.Endpoint.Address}}",
    (Distribution, "arn"): "arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{id}}}",
    (WebAcl, "arn"): "${{{id}.Arn}}",
    (CloudFrontFunction, "arn"): "${{{id}.FunctionARN}}",
}
DB_USER_ARN = (
    "arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:${ProxyId}/" + fixed.DB_USER
)
# The account-wide API Gateway CloudWatch Logs role, created behind a parameter.
API_ACCOUNT_PARAMETER = "CreateApiGatewayAccountRole"
API_ACCOUNT_CONDITION = "CreateApiGatewayAccount"
API_ACCOUNT_ROLE = "ApiGatewayCloudWatchRole"
API_ACCOUNT = "ApiGatewayAccount"
# What an API's stage depends on: a free, empty handle that depends on the account setting when it
# is created (a DependsOn cannot name a resource whose condition may be false).
API_ACCOUNT_READY = "ApiGatewayAccountReady"
RETAIN_POLICIES: dict[str, str] = {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}
REF_RE = re.compile(r"^\$\{([A-Za-z0-9]+)\}$")
GETATT_RE = re.compile(r"^\$\{([A-Za-z0-9]+)\.([A-Za-z.]+)\}$")


class Sam:
    """Renders one deployment; keeps it at hand to resolve references."""

    def __init__(self, deployment: Deployment) -> None:
        self.bp = deployment

    # References -----------------------------------------------------------------------
    def sub_piece(self, ref: Ref) -> str:
        resource = self.bp.get(ref.target)
        if isinstance(resource, Bucket) and resource.name_input and ref.attr in ("arn", "name"):
            name = "${" + resource.name_input + "}"
            return name if ref.attr == "name" else "arn:${AWS::Partition}:s3:::" + name
        return SUB_PIECES[(type(resource), ref.attr)].format(id=ref.target)

    def value(self, value: Any) -> Any:
        """A model value as template YAML: Refs become !Ref, !GetAtt or !Sub."""
        if isinstance(value, InputRef):
            return Tag("Ref", value.name)
        if not isinstance(value, Ref):
            return value
        if value.attr == "version":
            return Tag("Ref", f"{value.target}.Version")  # SAM's AutoPublishAlias version
        if value.attr == "dbuser":
            return self.proxy_db_user(value.target)
        piece = self.sub_piece(value) + value.suffix
        if match := REF_RE.match(piece):
            return Tag("Ref", match.group(1))
        if match := GETATT_RE.match(piece):
            return Tag("GetAtt", f"{match.group(1)}.{match.group(2)}")
        return Tag("Sub", piece)

    def proxy_db_user(self, database_id: str) -> Tag:
        """The rds-db:connect resource for the database user through the database's proxy. RDS
        Proxy names it by the proxy's resource id (prx-...), which CloudFormation only gives as
        the last field of DBProxyArn (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting.html)."""
        database = self.bp.get(database_id)
        assert isinstance(database, Database)
        proxy_arn = Tag("GetAtt", f"{database.proxy}.DBProxyArn")
        return Tag("Sub", [DB_USER_ARN, {"ProxyId": Tag("Select", [6, Tag("Split", [":", proxy_arn])])}])

    def statements(self, statements: tuple[Statement, ...]) -> list[Doc]:
        return [
            {
                "Effect": "Allow",
                "Action": list(statement.actions),
                "Resource": [self.value(resource) for resource in statement.resources],
            }
            for statement in statements
        ]

    # Document ---------------------------------------------------------------------------
    def render(self) -> str:
        doc: Doc = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Transform": "AWS::Serverless-2016-10-31",
            "Description": self.bp.description,
        }
        parameters: Doc = {
            item.name: {
                "Type": {
                    "string": "String",
                    "subnets": "List<AWS::EC2::Subnet::Id>",
                    "security_groups": "List<AWS::EC2::SecurityGroup::Id>",
                }[item.kind],
                "Description": item.description,
            }
            for item in self.bp.inputs
        }
        if self.bp.logs_api_stages:
            parameters[API_ACCOUNT_PARAMETER] = {
                "Type": "String",
                "AllowedValues": ["true", "false"],
                "Default": "true",
                "Description": fixed.API_GATEWAY_ACCOUNT_HELP,
            }
        if parameters:
            doc["Parameters"] = parameters
        if self.bp.logs_api_stages:
            doc["Conditions"] = {
                API_ACCOUNT_CONDITION: Tag("Equals", [Tag("Ref", API_ACCOUNT_PARAMETER), "true"])
            }
        if self.bp.us_east_1_only:
            doc["Rules"] = {
                "UsEast1Only": {
                    "Assertions": [
                        {
                            "Assert": Tag("Equals", [Tag("Ref", "AWS::Region"), "us-east-1"]),
                            "AssertDescription": "Lambda@Edge and CloudFront-scoped WAF are created in us-east-1",
                        }
                    ]
                }
            }
        resources: Doc = self.api_gateway_account() if self.bp.logs_api_stages else {}
        for resource in self.bp.resources:
            resources.update(getattr(self, f"r_{type(resource).__name__.lower()}")(resource))
        doc["Resources"] = resources
        header = f"{self.bp.description}\nGenerated by Serverless Pattern Explorer. Deploy: sam build && sam deploy --guided"
        return dump(doc, header)

    def api_gateway_account(self) -> Doc:
        """The account's API Gateway CloudWatch Logs role, behind a parameter. Both are retained:
        the setting is account-wide, so deleting this stack must not take logging away from the
        account's other APIs."""
        return {
            API_ACCOUNT_ROLE: {
                "Type": "AWS::IAM::Role",
                "Condition": API_ACCOUNT_CONDITION,
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": {
                    "AssumeRolePolicyDocument": fixed.trust_policy(("apigateway.amazonaws.com",)),
                    "ManagedPolicyArns": [fixed.API_GATEWAY_LOGS_POLICY],
                },
            },
            API_ACCOUNT: Commented(
                {
                    "Type": "AWS::ApiGateway::Account",
                    "Condition": API_ACCOUNT_CONDITION,
                    "DeletionPolicy": "Retain",
                    "UpdateReplacePolicy": "Retain",
                    "Properties": {"CloudWatchRoleArn": Tag("GetAtt", f"{API_ACCOUNT_ROLE}.Arn")},
                },
                practice("api_logging_role")
                + f"\n(one per account and Region; set {API_ACCOUNT_PARAMETER}=false if the account has one)",
            ),
            API_ACCOUNT_READY: {
                "Type": "AWS::CloudFormation::WaitConditionHandle",
                "Metadata": {
                    "Account": Tag("If", [API_ACCOUNT_CONDITION, Tag("Ref", API_ACCOUNT), ""]),
                },
            },
        }

    # Functions -----------------------------------------------------------------------------
    def r_function(self, fn: Function) -> Doc:
        props: Doc = {
            "Description": fn.description,
            "CodeUri": fixed.CODE_DIR,
            "Handler": fixed.handler_path(fn.runtime, fn.handler),
            "Runtime": fn.runtime,
            "Architectures": [fn.architecture],
            "MemorySize": fn.memory_mb,
            "Timeout": Commented(fn.timeout_s, practice("api_timeout"))
            if "api_timeout" in fn.practices
            else fn.timeout_s,
        }
        if not fn.edge:
            props["Tracing"] = Commented("Active", practice("tracing")) if fn.tracing else "PassThrough"
            props["LoggingConfig"] = Commented(
                {"LogFormat": "JSON", "LogGroup": Tag("Ref", f"{fn.id}LogGroup")}, practice("json_logs")
            )
        if fn.reserved_concurrency is not None:
            name = "no_overlap" if "no_overlap" in fn.practices else "reserved"
            props["ReservedConcurrentExecutions"] = Commented(fn.reserved_concurrency, practice(name))
        if fn.environment:
            props["Environment"] = {"Variables": {key: self.value(value) for key, value in fn.environment}}
        if fn.vpc:
            props["VpcConfig"] = {
                "SubnetIds": Tag("Ref", "SubnetIds"),
                "SecurityGroupIds": Tag("Ref", "SecurityGroupIds"),
            }
        # A domain whose master user is this function's role names that role, so the function's
        # statements on the domain go in a policy of their own: inline in the role they would
        # make a circular reference. The function waits for that policy before it starts.
        mastered = {d.id for d in self.bp.of_type(SearchDomain) if d.master == fn.id}
        on_domain = tuple(
            st for st in fn.statements if any(getattr(r, "target", None) in mastered for r in st.resources)
        )
        own = tuple(st for st in fn.statements if st not in on_domain)
        if own:
            props["Policies"] = Commented([{"Statement": self.statements(own)}], practice("least_privilege"))
        events = self.events(fn)
        if events:
            props["Events"] = events
        if fn.async_config:
            config: Doc = {
                "MaximumRetryAttempts": fn.async_config.max_retries,
                "MaximumEventAgeInSeconds": fn.async_config.max_event_age_s,
            }
            if fn.async_config.on_failure:
                config["DestinationConfig"] = {
                    "OnFailure": {"Type": "SQS", "Destination": self.value(Ref(fn.async_config.on_failure))}
                }
            props["EventInvokeConfig"] = Commented(config, practice("async_failure"))
        if fn.edge:
            props["AutoPublishAlias"] = Commented(
                "live", practice("edge_version") + "\n" + fixed.EDGE_NO_TRACING
            )
            props["AssumeRolePolicyDocument"] = fixed.trust_policy(fixed.EDGE_TRUST)
            return {
                fn.id: {
                    "Type": "AWS::Serverless::Function",
                    "Metadata": Commented(lint_exceptions("WS1000"), lint_exceptions_comment("WS1000")),
                    "Properties": props,
                }
            }
        function: Doc = {"Type": "AWS::Serverless::Function", "Properties": props}
        resources: Doc = {fn.id: function}
        if on_domain:
            function["DependsOn"] = [f"{fn.id}SearchPolicy"]
            resources[f"{fn.id}SearchPolicy"] = {
                "Type": "AWS::IAM::Policy",
                "Properties": {
                    "PolicyName": Tag("Sub", f"${{AWS::StackName}}-{fn.id}-search"),
                    "Roles": [Tag("Ref", f"{fn.id}Role")],
                    "PolicyDocument": Commented(
                        {"Version": "2012-10-17", "Statement": self.statements(on_domain)},
                        practice("least_privilege"),
                    ),
                },
            }
        resources[f"{fn.id}LogGroup"] = self.log_group(
            Tag("Sub", f"/aws/lambda/${{AWS::StackName}}-{fn.id}"), fn.log_retention_days
        )
        return resources

    def log_group(self, name: Any, days: int) -> Doc:
        return {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": {
                "LogGroupName": name,
                "RetentionInDays": Commented(days, practice("log_retention")),
            },
        }

    def events(self, fn: Function) -> Doc:
        events: Doc = {}
        for event in fn.events:
            if isinstance(event, QueueEvent):
                events["Queue"] = {"Type": "SQS", "Properties": self.queue_event(event)}
            elif isinstance(event, StreamEvent):
                events["Stream"] = {"Type": "Kinesis", "Properties": self.stream_event(event)}
            elif isinstance(event, BucketEvent):
                props: Doc = {"Bucket": Tag("Ref", event.bucket), "Events": "s3:ObjectCreated:*"}
                props.update(s3_filter(event.prefix, event.suffix))
                events["Upload"] = {"Type": "S3", "Properties": props}
            elif isinstance(event, TopicEvent):
                events["Topic"] = {"Type": "SNS", "Properties": {"Topic": Tag("Ref", event.topic)}}
        for api in self.bp.of_type(Api):
            for route in api.routes:
                if route.function != fn.id:
                    continue
                name = re.sub(r"[^A-Za-z0-9]", "", route.method.title() + route.path.title())
                key = "RestApiId" if api.rest else "ApiId"
                events[name] = {
                    "Type": "Api" if api.rest else "HttpApi",
                    "Properties": {
                        key: Tag("Ref", api.id),
                        "Path": route.path,
                        "Method": route.method.lower(),
                    },
                }
        return events

    def queue_event(self, event: QueueEvent) -> Doc:
        queue = self.bp.get(event.queue)
        props: Doc = {"Queue": self.value(Ref(event.queue)), "BatchSize": event.batch_size}
        if not (isinstance(queue, Queue) and queue.fifo):
            props["MaximumBatchingWindowInSeconds"] = event.window_s
        props["FunctionResponseTypes"] = Commented(["ReportBatchItemFailures"], practice("partial_batch"))
        if event.max_concurrency:
            props["ScalingConfig"] = Commented(
                {"MaximumConcurrency": event.max_concurrency}, practice("max_concurrency")
            )
        return props

    def stream_event(self, event: StreamEvent) -> Doc:
        source = Ref(event.consumer) if event.consumer else Ref(event.stream)
        props: Doc = {
            "Stream": self.value(source),
            "StartingPosition": "LATEST",
            "BatchSize": event.batch_size,
            "MaximumBatchingWindowInSeconds": event.window_s,
            "ParallelizationFactor": event.parallelization,
            "BisectBatchOnFunctionError": Commented(event.bisect, practice("bisect")),
            "MaximumRetryAttempts": Commented(event.max_retries, practice("bounded_retries")),
            "MaximumRecordAgeInSeconds": event.max_record_age_s,
            "FunctionResponseTypes": Commented(["ReportBatchItemFailures"], practice("partial_batch")),
        }
        if event.on_failure:
            props["DestinationConfig"] = {
                "OnFailure": {"Type": "SQS", "Destination": self.value(Ref(event.on_failure))}
            }
        return props

    # Storage and messaging ---------------------------------------------------------------------
    def r_queue(self, queue: Queue) -> Doc:
        props: Doc = {}
        if queue.fifo:
            props["QueueName"] = Tag(
                "Sub", fixed.resource_name("${AWS::StackName}", queue.id, fixed.FIFO_SUFFIX)
            )
            props["FifoQueue"] = True
            props["ContentBasedDeduplication"] = Commented(True, practice("fifo_dedup"))
        if queue.is_dlq:
            props["MessageRetentionPeriod"] = Commented(queue.retention_s, practice("dlq_retention"))
        else:
            props["VisibilityTimeout"] = Commented(queue.visibility_timeout_s, practice("visibility"))
            props["MessageRetentionPeriod"] = queue.retention_s
        if queue.dlq:
            props["RedrivePolicy"] = Commented(
                {
                    "deadLetterTargetArn": self.value(Ref(queue.dlq)),
                    "maxReceiveCount": queue.max_receive_count,
                },
                practice("dlq"),
            )
        props["SqsManagedSseEnabled"] = True
        definition: Doc = {"Type": "AWS::SQS::Queue", "Properties": props}
        if queue.is_dlq:
            definition["Metadata"] = Commented(lint_exceptions("ES6000"), lint_exceptions_comment("ES6000"))
        return {queue.id: retained(definition, queue.retain)}

    def r_table(self, table: Table) -> Doc:
        attributes = [table.key, *([table.index_key] if table.index_key else [])]
        props: Doc = {
            "AttributeDefinitions": [{"AttributeName": name, "AttributeType": "S"} for name in attributes],
            "KeySchema": [{"AttributeName": table.key, "KeyType": "HASH"}],
        }
        capacity = {
            "ReadCapacityUnits": table.read_capacity,
            "WriteCapacityUnits": table.write_capacity,
        }
        if table.billing_mode == "provisioned":
            props["BillingMode"] = "PROVISIONED"
            props["ProvisionedThroughput"] = capacity
        else:
            props["BillingMode"] = "PAY_PER_REQUEST"
        if table.index_key:
            index: Doc = {
                "IndexName": f"by-{table.index_key}",
                "KeySchema": [{"AttributeName": table.index_key, "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
            if table.billing_mode == "provisioned":
                index["ProvisionedThroughput"] = capacity
            props["GlobalSecondaryIndexes"] = [index]
        if table.ttl_attribute:
            props["TimeToLiveSpecification"] = Commented(
                {"AttributeName": table.ttl_attribute, "Enabled": True}, practice("ttl")
            )
        props["PointInTimeRecoverySpecification"] = {"PointInTimeRecoveryEnabled": True}
        props["SSESpecification"] = {"SSEEnabled": True}
        out: Doc = {table.id: retained({"Type": "AWS::DynamoDB::Table", "Properties": props}, table.retain)}
        if table.autoscaled:
            out.update(self.table_autoscaling(table))
        return out

    def table_autoscaling(self, table: Table) -> Doc:
        """Target tracking of the table's read and write capacity at 70% utilisation, from the
        provisioned capacity (the minimum) up to the table's maxima. Application Auto Scaling
        acts through its service-linked role for DynamoDB, which it creates on first use."""
        out: Doc = {}
        dimensions = (
            ("Read", table.read_capacity, table.max_read_capacity),
            ("Write", table.write_capacity, table.max_write_capacity),
        )
        for kind, minimum, maximum in dimensions:
            if not maximum:
                continue
            target = f"{table.id}{kind}ScalableTarget"
            out[target] = Commented(
                {
                    "Type": "AWS::ApplicationAutoScaling::ScalableTarget",
                    "Properties": {
                        "ServiceNamespace": "dynamodb",
                        "ResourceId": Tag("Sub", f"table/${{{table.id}}}"),
                        "ScalableDimension": f"dynamodb:table:{kind}CapacityUnits",
                        "MinCapacity": minimum,
                        "MaxCapacity": maximum,
                    },
                },
                practice("autoscaling"),
            )
            out[f"{table.id}{kind}ScalingPolicy"] = {
                "Type": "AWS::ApplicationAutoScaling::ScalingPolicy",
                "Properties": {
                    "PolicyName": Tag("Sub", f"${{AWS::StackName}}-{table.id}-{kind.lower()}"),
                    "PolicyType": "TargetTrackingScaling",
                    "ScalingTargetId": Tag("Ref", target),
                    "TargetTrackingScalingPolicyConfiguration": {
                        "TargetValue": fixed.AUTOSCALING_TARGET_PERCENT,
                        "PredefinedMetricSpecification": {
                            "PredefinedMetricType": f"DynamoDB{kind}CapacityUtilization"
                        },
                    },
                },
            }
        return out

    def r_bucket(self, bucket: Bucket) -> Doc:
        props: Doc = {}
        if bucket.name_input:
            props["BucketName"] = Tag("Ref", bucket.name_input)
        props["PublicAccessBlockConfiguration"] = Commented(
            {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            practice("public_access"),
        )
        props["BucketEncryption"] = {
            "ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
            ]
        }
        if bucket.versioning:
            props["VersioningConfiguration"] = Commented({"Status": "Enabled"}, practice("versioning"))
            if bucket.noncurrent_expiry_days:
                props["LifecycleConfiguration"] = {
                    "Rules": [
                        {
                            "Id": "expire-noncurrent-versions",
                            "Status": "Enabled",
                            "NoncurrentVersionExpiration": {"NoncurrentDays": bucket.noncurrent_expiry_days},
                        }
                    ]
                }
        definition: Doc = {"Type": "AWS::S3::Bucket", "Properties": props}
        if bucket.notify_topic:
            notification: Doc = {"Event": "s3:ObjectCreated:*", "Topic": Tag("Ref", bucket.notify_topic)}
            notification.update(s3_filter(bucket.prefix, bucket.suffix))
            props["NotificationConfiguration"] = {"TopicConfigurations": [notification]}
            definition["DependsOn"] = f"{bucket.notify_topic}Policy"
        out: Doc = {bucket.id: retained(definition, bucket.retain)}
        if bucket.cloudfront_origin:
            out[f"{bucket.id}Policy"] = {
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {
                    "Bucket": Tag("Ref", bucket.id),
                    "PolicyDocument": Commented(
                        {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Principal": {"Service": "cloudfront.amazonaws.com"},
                                    "Action": "s3:GetObject",
                                    "Resource": self.value(Ref(bucket.id, suffix="/*")),
                                    "Condition": {
                                        "StringEquals": {
                                            "AWS:SourceArn": self.value(Ref(bucket.cloudfront_origin))
                                        }
                                    },
                                }
                            ],
                        },
                        practice("oac"),
                    ),
                },
            }
        return out

    def r_topic(self, topic: Topic) -> Doc:
        out: Doc = {}
        props: Doc = {"DisplayName": topic.id}
        if topic.key_id:
            out[topic.key_id] = {
                "Type": "AWS::KMS::Key",
                "Properties": {
                    "Description": f"Encrypts {topic.id}",
                    "EnableKeyRotation": Commented(True, practice("key_rotation")),
                    "KeyPolicy": fixed.topic_key_policy(
                        topic.publishers,
                        account_root=Tag("Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"),
                        account_id=Tag("Ref", "AWS::AccountId"),
                        sns_service=Tag("Sub", "sns.${AWS::Region}.amazonaws.com"),
                    ),
                },
            }
            props["KmsMasterKeyId"] = Commented(
                Tag("Ref", topic.key_id), practice("encrypt") + "\n" + fixed.topic_key_note(topic.publishers)
            )
        else:
            props["KmsMasterKeyId"] = Commented(fixed.SNS_MANAGED_KEY, practice("encrypt"))
        out[topic.id] = {"Type": "AWS::SNS::Topic", "Properties": props}
        if "s3" in topic.publishers:
            buckets = [bucket.id for bucket in self.bp.of_type(Bucket) if bucket.notify_topic == topic.id]
            out[f"{topic.id}Policy"] = {
                "Type": "AWS::SNS::TopicPolicy",
                "Properties": {
                    "Topics": [Tag("Ref", topic.id)],
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "s3.amazonaws.com"},
                                "Action": "sns:Publish",
                                "Resource": Tag("Ref", topic.id),
                                "Condition": {
                                    "ArnLike": {
                                        "aws:SourceArn": [self.value(Ref(bucket)) for bucket in buckets]
                                    },
                                    "StringEquals": {"aws:SourceAccount": Tag("Ref", "AWS::AccountId")},
                                },
                            }
                        ],
                    },
                },
            }
        return out

    def r_stream(self, stream: Stream) -> Doc:
        props: Doc = {"StreamModeDetails": {"StreamMode": "ON_DEMAND" if stream.on_demand else "PROVISIONED"}}
        if not stream.on_demand:
            props["ShardCount"] = stream.shards
        props["RetentionPeriodHours"] = stream.retention_hours
        props["StreamEncryption"] = Commented(
            {"EncryptionType": "KMS", "KeyId": "alias/aws/kinesis"}, practice("encrypt")
        )
        return {stream.id: retained({"Type": "AWS::Kinesis::Stream", "Properties": props}, stream.retain)}

    def r_streamconsumer(self, consumer: StreamConsumer) -> Doc:
        props = {
            "ConsumerName": Tag("Sub", f"${{AWS::StackName}}-{consumer.id}"),
            "StreamARN": self.value(Ref(consumer.stream)),
        }
        return {
            consumer.id: Commented(
                {"Type": "AWS::Kinesis::StreamConsumer", "Properties": props}, practice("enhanced_fan_out")
            )
        }

    def r_statemachine(self, machine: StateMachine) -> Doc:
        refs = refs_in(machine.definition)
        log_group = f"{machine.id}LogGroup"
        props: Doc = {
            "Type": "EXPRESS" if machine.express else "STANDARD",
            "Definition": with_placeholders(machine.definition),
            "DefinitionSubstitutions": {ref.placeholder: self.value(ref) for ref in refs},
            "Tracing": Commented({"Enabled": True}, practice("tracing"))
            if machine.tracing
            else {"Enabled": False},
            "Logging": Commented(
                {
                    "Level": "ALL" if machine.express else "ERROR",
                    "IncludeExecutionData": machine.express,
                    "Destinations": [
                        {"CloudWatchLogsLogGroup": {"LogGroupArn": Tag("GetAtt", f"{log_group}.Arn")}}
                    ],
                },
                practice("sfn_logging"),
            ),
            "Policies": Commented(
                [
                    {
                        "Statement": [
                            *self.statements(machine.statements),
                            {
                                "Effect": "Allow",
                                "Action": list(fixed.STATE_MACHINE_LOG_ACTIONS),
                                "Resource": "*",
                            },
                        ]
                    }
                ],
                practice("least_privilege"),
            ),
        }
        name = Tag("Sub", f"/aws/vendedlogs/states/${{AWS::StackName}}-{machine.id}")
        return {
            machine.id: {"Type": "AWS::Serverless::StateMachine", "Properties": props},
            log_group: self.log_group(name, machine.log_retention_days),
        }

    def r_alarm(self, alarm: Alarm) -> Doc:
        name, value = alarm.dimension
        props: Doc = {
            "AlarmDescription": alarm.description,
            "Namespace": alarm.namespace,
            "MetricName": alarm.metric,
            "Dimensions": [{"Name": name, "Value": self.value(value)}],
            "Statistic": alarm.statistic,
            "Period": alarm.period_s,
            "EvaluationPeriods": alarm.evaluation_periods,
            "Threshold": alarm.threshold,
            "ComparisonOperator": alarm.comparison,
            "TreatMissingData": "notBreaching",
        }
        if alarm.notify:
            props["AlarmActions"] = [Tag("Ref", alarm.notify)]
        return {
            alarm.id: Commented(
                {"Type": "AWS::CloudWatch::Alarm", "Properties": props}, alarm_practice(alarm.metric)
            )
        }

    # Schedules ----------------------------------------------------------------------------------
    def r_schedule(self, schedule: Schedule) -> Doc:
        target = self.value(Ref(schedule.target))
        retry = Commented(
            {
                "MaximumRetryAttempts": schedule.max_retries,
                "MaximumEventAgeInSeconds": schedule.max_event_age_s,
            },
            practice("schedule_retry"),
        )
        action = "lambda:InvokeFunction" if schedule.target_kind == "function" else "states:StartExecution"
        role_statements = [Statement((action,), (Ref(schedule.target),))]
        if schedule.dlq:
            role_statements.append(Statement(("sqs:SendMessage",), (Ref(schedule.dlq),)))
        role_id = f"{schedule.id}Role"
        if schedule.use_scheduler:
            target_props: Doc = {
                "Arn": target,
                "RoleArn": Tag("GetAtt", f"{role_id}.Arn"),
                "Input": fixed.SCHEDULER_INPUT,
                "RetryPolicy": retry,
            }
            if schedule.dlq:
                target_props["DeadLetterConfig"] = {"Arn": self.value(Ref(schedule.dlq))}
            props: Doc = {
                "ScheduleExpression": schedule.expression,
                "ScheduleExpressionTimezone": Commented(schedule.timezone, practice("scheduler_tz")),
                "FlexibleTimeWindow": {"Mode": "OFF"},
                "State": "ENABLED",
                "Target": target_props,
            }
            return {
                schedule.id: {"Type": "AWS::Scheduler::Schedule", "Properties": props},
                role_id: self.role(("scheduler.amazonaws.com",), role_statements),
            }
        rule_target: Doc = {"Id": schedule.target, "Arn": target, "RetryPolicy": retry}
        if schedule.dlq:
            rule_target["DeadLetterConfig"] = {"Arn": self.value(Ref(schedule.dlq))}
        out: Doc = {
            schedule.id: {
                "Type": "AWS::Events::Rule",
                "Properties": {
                    "Description": "Runs in UTC: EventBridge rules have no time zone",
                    "ScheduleExpression": schedule.expression,
                    "State": "ENABLED",
                    "Targets": [rule_target],
                },
            }
        }
        if schedule.target_kind == "function":
            target_fn = self.bp.get(schedule.target)
            has_destination = (
                isinstance(target_fn, Function)
                and target_fn.async_config
                and target_fn.async_config.on_failure
            )
            out[f"{schedule.id}Permission"] = {
                "Type": "AWS::Lambda::Permission",
                **(
                    {"Metadata": Commented(lint_exceptions("ES1007"), lint_exceptions_comment("ES1007"))}
                    if has_destination
                    else {}
                ),
                "Properties": {
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": Tag("Ref", schedule.target),
                    "Principal": "events.amazonaws.com",
                    "SourceArn": Tag("GetAtt", f"{schedule.id}.Arn"),
                },
            }
        else:
            rule_target["RoleArn"] = Tag("GetAtt", f"{role_id}.Arn")
            out[role_id] = self.role(("events.amazonaws.com",), role_statements[:1])
        if schedule.dlq:
            out[f"{schedule.dlq}Policy"] = {
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [self.value(Ref(schedule.dlq, "url"))],
                    "PolicyDocument": {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "events.amazonaws.com"},
                                "Action": "sqs:SendMessage",
                                "Resource": self.value(Ref(schedule.dlq)),
                                "Condition": {
                                    "ArnEquals": {"aws:SourceArn": Tag("GetAtt", f"{schedule.id}.Arn")}
                                },
                            }
                        ],
                    },
                },
            }
        return out

    def role(self, services: tuple[str, ...], statements: list[Statement]) -> Doc:
        return {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": fixed.trust_policy(services),
                "Policies": Commented(
                    [
                        {
                            "PolicyName": "least-privilege",
                            "PolicyDocument": {
                                "Version": "2012-10-17",
                                "Statement": self.statements(tuple(statements)),
                            },
                        }
                    ],
                    practice("least_privilege"),
                ),
            },
        }

    # APIs --------------------------------------------------------------------------------------
    def r_api(self, api: Api) -> Doc:
        logs = f"{api.id}AccessLogs"
        props: Doc = {}
        authorizers = None
        if api.authorizer:
            identity = {"Headers": ["Authorization"], "ReauthorizeEvery": fixed.AUTHORIZER_CACHE_S}
            authorizer: Doc = {"FunctionArn": self.value(Ref(api.authorizer)), "Identity": identity}
            if api.rest:
                authorizer["FunctionPayloadType"] = "REQUEST"
            else:
                authorizer["AuthorizerPayloadFormatVersion"] = "2.0"
            authorizers = Commented(
                {"DefaultAuthorizer": "LambdaAuthorizer", "Authorizers": {"LambdaAuthorizer": authorizer}},
                practice("authorizer"),
            )
        throttle = {"ThrottlingRateLimit": api.throttle_rate, "ThrottlingBurstLimit": api.throttle_burst}
        access_log = access_log_settings(logs)
        if api.rest:
            props["StageName"] = fixed.STAGE
            props["TracingEnabled"] = Commented(True, practice("tracing")) if api.tracing else False
            method: Doc = {"ResourcePath": "/*", "HttpMethod": "*", **throttle}
            if api.cache_ttl_s is not None:
                props["CacheClusterEnabled"] = True
                props["CacheClusterSize"] = api.cache_size_gb
                method["CachingEnabled"] = True
                method["CacheTtlInSeconds"] = Commented(api.cache_ttl_s, practice("cache"))
                if api.cache_encrypted:
                    method["CacheDataEncrypted"] = Commented(True, practice("cache_encryption"))
            props["MethodSettings"] = Commented([method], practice("throttling"))
            props["AccessLogSetting"] = access_log  # Api (REST) spells it in the singular
        else:
            props["DefaultRouteSettings"] = Commented(throttle, practice("throttling"))
            props["AccessLogSettings"] = access_log
        if authorizers:
            props["Auth"] = authorizers
        kind = "AWS::Serverless::Api" if api.rest else "AWS::Serverless::HttpApi"
        name = Tag("Sub", f"/aws/apigateway/${{AWS::StackName}}-{api.id}")
        resource: Doc = {"Type": kind, "Properties": props}
        if api.rest:  # SAM passes DependsOn to the RestApi, so its stage comes after the account
            resource = {"Type": kind, "DependsOn": API_ACCOUNT_READY, "Properties": props}
        return {
            api.id: resource,
            logs: self.log_group(name, api.log_retention_days),
        }

    def r_websocketapi(self, api: WebSocketApi) -> Doc:
        api_ref = Tag("Ref", api.id)
        source = Tag(
            "Sub", f"arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api.id}}}/*"
        )
        out: Doc = {
            api.id: {
                "Type": "AWS::ApiGatewayV2::Api",
                "Properties": {
                    "Name": Tag("Sub", "${AWS::StackName}-websocket"),
                    "ProtocolType": "WEBSOCKET",
                    "RouteSelectionExpression": fixed.WEBSOCKET_ROUTE_SELECTION,
                },
            }
        }
        if api.authorizer:
            out[f"{api.id}Authorizer"] = Commented(
                {
                    "Type": "AWS::ApiGatewayV2::Authorizer",
                    "Properties": {
                        "ApiId": api_ref,
                        "Name": "token",
                        "AuthorizerType": "REQUEST",
                        "AuthorizerUri": lambda_uri(api.authorizer),
                        "IdentitySource": [fixed.WEBSOCKET_IDENTITY_SOURCE],
                    },
                },
                practice("websocket_auth"),
            )
            out[f"{api.authorizer}Permission"] = invoke_permission(api.authorizer, source)
        routes = []
        for route_key, function_id in api.routes:
            stem = f"{api.id}{re.sub(r'[^A-Za-z]', '', route_key).title()}"
            route: Doc = {
                "ApiId": api_ref,
                "RouteKey": route_key,
                "Target": Tag("Sub", f"integrations/${{{stem}Integration}}"),
            }
            if route_key == "$connect" and api.authorizer:
                route["AuthorizationType"] = "CUSTOM"
                route["AuthorizerId"] = Tag("Ref", f"{api.id}Authorizer")
            else:
                route["AuthorizationType"] = "NONE"
            out[f"{stem}Integration"] = {
                "Type": "AWS::ApiGatewayV2::Integration",
                "Properties": {
                    "ApiId": api_ref,
                    "IntegrationType": "AWS_PROXY",
                    "IntegrationUri": lambda_uri(function_id),
                },
            }
            out[f"{stem}Route"] = {"Type": "AWS::ApiGatewayV2::Route", "Properties": route}
            out[f"{function_id}Permission"] = invoke_permission(function_id, source)
            routes.append(f"{stem}Route")
        rate, burst = fixed.WEBSOCKET_THROTTLE
        logs = f"{api.id}AccessLogs"
        out[f"{api.id}Stage"] = {
            "Type": "AWS::ApiGatewayV2::Stage",
            "DependsOn": [*routes, API_ACCOUNT_READY],
            "Properties": {
                "ApiId": api_ref,
                "StageName": fixed.STAGE,
                "AutoDeploy": True,
                "DefaultRouteSettings": Commented(
                    {"ThrottlingRateLimit": rate, "ThrottlingBurstLimit": burst}, practice("throttling")
                ),
                "AccessLogSettings": access_log_settings(logs),
            },
        }
        name = Tag("Sub", f"/aws/apigateway/${{AWS::StackName}}-{api.id}")
        out[logs] = self.log_group(name, api.log_retention_days)
        return out

    # Edge ---------------------------------------------------------------------------------------
    def r_distribution(self, dist: Distribution) -> Doc:
        origin: Doc = {"Id": "origin", "DomainName": self.value(dist.origin_ref)}
        behavior: Doc = {
            "TargetOriginId": "origin",
            "ViewerProtocolPolicy": Commented("redirect-to-https", practice("tls_only")),
        }
        out: Doc = {}
        if dist.origin == "s3":
            oac = f"{dist.id}OriginAccessControl"
            origin["S3OriginConfig"] = {"OriginAccessIdentity": ""}
            origin["OriginAccessControlId"] = Commented(Tag("GetAtt", f"{oac}.Id"), practice("oac"))
            behavior["CachePolicyId"] = fixed.CACHING_OPTIMIZED
            out[oac] = {
                "Type": "AWS::CloudFront::OriginAccessControl",
                "Properties": {
                    "OriginAccessControlConfig": {
                        "Name": Tag("Sub", "${AWS::StackName}-origin"),
                        "OriginAccessControlOriginType": "s3",
                        "SigningBehavior": "always",
                        "SigningProtocol": "sigv4",
                    }
                },
            }
        else:
            origin["CustomOriginConfig"] = {
                "OriginProtocolPolicy": "https-only",
                "OriginSSLProtocols": ["TLSv1.2"],
            }
            api = self.bp.get(dist.origin_ref.target) if isinstance(dist.origin_ref, Ref) else None
            if isinstance(api, Api) and api.rest:
                origin["OriginPath"] = f"/{fixed.STAGE}"
            behavior["CachePolicyId"] = fixed.CACHING_DISABLED
            behavior["OriginRequestPolicyId"] = fixed.ALL_VIEWER_EXCEPT_HOST
            behavior["AllowedMethods"] = list(fixed.API_METHODS)
        if dist.response_headers_policy:
            behavior["ResponseHeadersPolicyId"] = Commented(
                dist.response_headers_policy,
                practice("security_headers") + "\n(the managed SecurityHeadersPolicy)",
            )
        if dist.function_associations:
            behavior["FunctionAssociations"] = [
                {"EventType": event, "FunctionARN": self.value(Ref(fn))}
                for event, fn in dist.function_associations
            ]
        if dist.lambda_associations:
            behavior["LambdaFunctionAssociations"] = [
                {"EventType": event, "LambdaFunctionARN": self.value(Ref(fn, "version"))}
                for event, fn in dist.lambda_associations
            ]
        config: Doc = {
            "Enabled": True,
            "HttpVersion": "http2and3",
            "Origins": [origin],
            "DefaultCacheBehavior": behavior,
        }
        if dist.origin == "s3":
            config["DefaultRootObject"] = "index.html"
        if dist.web_acl:
            config["WebACLId"] = Commented(self.value(Ref(dist.web_acl)), practice("waf"))
        out[dist.id] = {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": config}}
        return out

    def r_cloudfrontfunction(self, fn: CloudFrontFunction) -> Doc:
        return {
            fn.id: {
                "Type": "AWS::CloudFront::Function",
                "Properties": {
                    "Name": Tag("Sub", f"${{AWS::StackName}}-{fn.id}"),
                    "AutoPublish": True,
                    "FunctionConfig": {"Comment": fn.comment, "Runtime": fixed.CLOUDFRONT_FUNCTION_RUNTIME},
                    "FunctionCode": Literal(fn.code),
                },
            }
        }

    def r_webacl(self, acl: WebAcl) -> Doc:
        def visibility(name: str) -> Doc:
            return {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": name}

        rules: list[Doc] = [
            {
                "Name": name,
                "Priority": priority,
                "OverrideAction": {"None": {}},
                "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS", "Name": name}},
                "VisibilityConfig": visibility(name),
            }
            for priority, name in enumerate(acl.managed_rules)
        ]
        rules.append(
            {
                "Name": "RateLimitPerIp",
                "Priority": len(rules),
                "Action": {"Block": {}},
                "Statement": {"RateBasedStatement": {"Limit": acl.rate_limit, "AggregateKeyType": "IP"}},
                "VisibilityConfig": visibility("RateLimitPerIp"),
            }
        )
        props: Doc = {
            "Scope": "CLOUDFRONT" if acl.cloudfront else "REGIONAL",
            "DefaultAction": {"Allow": {}},
            "VisibilityConfig": visibility(acl.id),
            "Rules": rules,
        }
        out: Doc = {acl.id: Commented({"Type": "AWS::WAFv2::WebACL", "Properties": props}, practice("waf"))}
        if acl.associate_api:
            stage = f"{acl.associate_api}{fixed.STAGE}Stage"  # the stage SAM creates for the API
            out[f"{acl.id}Association"] = {
                "Type": "AWS::WAFv2::WebACLAssociation",
                "DependsOn": stage,
                "Properties": {
                    "ResourceArn": Tag(
                        "Sub",
                        f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/restapis/${{{acl.associate_api}}}/stages/{fixed.STAGE}",
                    ),
                    "WebACLArn": Tag("GetAtt", f"{acl.id}.Arn"),
                },
            }
        return out

    # Data services --------------------------------------------------------------------------------
    def r_firehose(self, hose: Firehose) -> Doc:
        role = f"{hose.id}Role"
        bucket_arn = self.value(Ref(hose.bucket)) if hose.bucket else None
        s3 = {
            "BucketARN": bucket_arn,
            "RoleARN": Tag("GetAtt", f"{role}.Arn"),
            "BufferingHints": {
                "IntervalInSeconds": hose.buffer_interval_s,
                "SizeInMBs": hose.buffer_size_mb,
            },
            "CompressionFormat": "GZIP",
        }
        props: Doc = {
            "DeliveryStreamType": "KinesisStreamAsSource",
            "KinesisStreamSourceConfiguration": {
                "KinesisStreamARN": self.value(Ref(hose.stream)),
                "RoleARN": Tag("GetAtt", f"{role}.Arn"),
            },
        }
        statements = [
            Statement(
                (
                    "kinesis:DescribeStream",
                    "kinesis:GetShardIterator",
                    "kinesis:GetRecords",
                    "kinesis:ListShards",
                ),
                (Ref(hose.stream),),
            ),
        ]
        if hose.bucket:
            statements.append(
                Statement(
                    ("s3:PutObject", "s3:GetBucketLocation", "s3:ListBucket"),
                    (Ref(hose.bucket), Ref(hose.bucket, suffix="/*")),
                )
            )
        if hose.domain:
            props["AmazonopensearchserviceDestinationConfiguration"] = {
                "DomainARN": self.value(Ref(hose.domain)),
                "IndexName": "records",
                "RoleARN": Tag("GetAtt", f"{role}.Arn"),
                "S3BackupMode": "FailedDocumentsOnly",
                "S3Configuration": {key: value for key, value in s3.items() if key != "BufferingHints"},
            }
            statements.append(
                Statement(
                    ("es:ESHttpPost", "es:ESHttpPut", "es:DescribeDomain"),
                    (Ref(hose.domain), Ref(hose.domain, suffix="/*")),
                )
            )
        else:
            props["ExtendedS3DestinationConfiguration"] = s3
        if hose.domain:
            # The domain names this role as its master user, so the role's policy (which names the
            # domain) is a resource of its own: inline, the two would depend on each other.
            policy = f"{hose.id}Policy"
            return {
                hose.id: {
                    "Type": "AWS::KinesisFirehose::DeliveryStream",
                    "DependsOn": policy,
                    "Properties": props,
                },
                role: {
                    "Type": "AWS::IAM::Role",
                    "Properties": {
                        "AssumeRolePolicyDocument": fixed.trust_policy(("firehose.amazonaws.com",))
                    },
                },
                policy: {
                    "Type": "AWS::IAM::Policy",
                    "Properties": {
                        "PolicyName": "least-privilege",
                        "Roles": [Tag("Ref", role)],
                        "PolicyDocument": Commented(
                            {"Version": "2012-10-17", "Statement": self.statements(tuple(statements))},
                            practice("least_privilege"),
                        ),
                    },
                },
            }
        return {
            hose.id: {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": props},
            role: self.role(("firehose.amazonaws.com",), statements),
        }

    def r_searchdomain(self, domain: SearchDomain) -> Doc:
        props: Doc = {
            "EngineVersion": fixed.OPENSEARCH_VERSION,
            "ClusterConfig": {"InstanceType": domain.instance_type, "InstanceCount": domain.instances},
            "EBSOptions": {"EBSEnabled": True, "VolumeSize": domain.storage_gb, "VolumeType": "gp3"},
            "EncryptionAtRestOptions": Commented({"Enabled": True}, practice("encrypt")),
            "NodeToNodeEncryptionOptions": {"Enabled": True},
            "DomainEndpointOptions": Commented(
                {"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07"},
                practice("tls_only"),
            ),
        }
        if domain.master:  # the Firehose stream's role or the function's, both named <id>Role
            props["AdvancedSecurityOptions"] = Commented(
                {
                    "Enabled": True,
                    "InternalUserDatabaseEnabled": False,
                    "MasterUserOptions": {"MasterUserARN": Tag("GetAtt", f"{domain.master}Role.Arn")},
                },
                practice("fine_grained_access") + "\n" + fixed.FGAC_NOTE,
            )
            props["AccessPolicies"] = {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": Tag("Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root")},
                        "Action": "es:ESHttp*",
                        # A domain cannot name itself here (a circular reference) and has no fixed name.
                        "Resource": Tag(
                            "Sub", "arn:${AWS::Partition}:es:${AWS::Region}:${AWS::AccountId}:domain/*/*"
                        ),
                    }
                ],
            }
        return {
            domain.id: retained(
                {"Type": "AWS::OpenSearchService::Domain", "Properties": props}, domain.retain
            )
        }

    def r_database(self, db: Database) -> Doc:
        subnets, groups = Tag("Ref", "SubnetIds"), Tag("Ref", "SecurityGroupIds")
        secret = Tag("GetAtt", f"{db.id}.MasterUserSecret.SecretArn")
        role = f"{db.proxy}Role"
        return {
            f"{db.id}SubnetGroup": {
                "Type": "AWS::RDS::DBSubnetGroup",
                "Properties": {
                    "DBSubnetGroupDescription": "Private subnets of the database",
                    "SubnetIds": subnets,
                },
            },
            db.id: {
                "Type": "AWS::RDS::DBInstance",
                "DeletionPolicy": "Snapshot",
                "UpdateReplacePolicy": "Snapshot",
                "Properties": {
                    "Engine": fixed.DB_ENGINE,
                    "DBInstanceClass": db.instance_class,
                    "AllocatedStorage": str(db.storage_gb),
                    "StorageType": "gp3",
                    "MultiAZ": Commented(db.multi_az, practice("multi_az")) if db.multi_az else False,
                    "DeletionProtection": Commented(db.deletion_protection, practice("deletion_protection"))
                    if db.deletion_protection
                    else False,
                    "MasterUsername": fixed.DB_USER,
                    "ManageMasterUserPassword": True,
                    "DBSubnetGroupName": Tag("Ref", f"{db.id}SubnetGroup"),
                    "VPCSecurityGroups": groups,
                    "StorageEncrypted": True,
                    "PubliclyAccessible": False,
                },
            },
            db.proxy: Commented(
                {
                    "Type": "AWS::RDS::DBProxy",
                    "Properties": {
                        "DBProxyName": Tag("Sub", "${AWS::StackName}-proxy"),
                        "EngineFamily": "POSTGRESQL",
                        "RoleArn": Tag("GetAtt", f"{role}.Arn"),
                        "Auth": [{"AuthScheme": "SECRETS", "SecretArn": secret, "IAMAuth": "REQUIRED"}],
                        "VpcSubnetIds": subnets,
                        "VpcSecurityGroupIds": groups,
                        "RequireTLS": True,
                    },
                },
                practice("rds_proxy"),
            ),
            f"{db.proxy}Targets": {
                "Type": "AWS::RDS::DBProxyTargetGroup",
                "Properties": {
                    "DBProxyName": Tag("Ref", db.proxy),
                    "TargetGroupName": "default",
                    "DBInstanceIdentifiers": [Tag("Ref", db.id)],
                },
            },
            role: {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": fixed.trust_policy(("rds.amazonaws.com",)),
                    "Policies": [
                        {
                            "PolicyName": "read-secret",
                            "PolicyDocument": {
                                "Version": "2012-10-17",
                                "Statement": [
                                    {
                                        "Effect": "Allow",
                                        "Action": "secretsmanager:GetSecretValue",
                                        "Resource": secret,
                                    }
                                ],
                            },
                        }
                    ],
                },
            },
        }

    def r_cache(self, cache: Cache) -> Doc:
        return {
            cache.id: {
                "Type": "AWS::ElastiCache::ServerlessCache",
                **(RETAIN_POLICIES if cache.retain else {}),
                "Properties": {
                    "ServerlessCacheName": Tag("Sub", "${AWS::StackName}-cache"),
                    "Engine": "valkey",
                    "SubnetIds": Tag("Ref", "SubnetIds"),
                    "SecurityGroupIds": Tag("Ref", "SecurityGroupIds"),
                },
            }
        }


def retained(resource: Doc, retain: bool) -> Doc | Commented:
    """A stateful resource, kept (with its data) when the stack is deleted or the resource is
    replaced, when `retain` says so."""
    if not retain:
        return resource
    rest = {key: value for key, value in resource.items() if key != "Type"}
    return Commented({"Type": resource["Type"], **RETAIN_POLICIES, **rest}, practice("retain"))


def s3_filter(prefix: str, suffix: str) -> Doc:
    """The `Filter` of an S3 notification, or nothing when neither prefix nor suffix is set."""
    rules = key_filter(prefix, suffix)
    if not rules:
        return {}
    document = {"S3Key": {"Rules": [{"Name": name, "Value": value} for name, value in rules]}}
    return {"Filter": Commented(document, practice("s3_filter"))}


def access_log_settings(log_group: str) -> Doc:
    """An API stage's access logs: one JSON line per request into `log_group`."""
    return {"DestinationArn": Tag("GetAtt", f"{log_group}.Arn"), "Format": fixed.ACCESS_LOG_FORMAT}


def lambda_uri(function_id: str) -> Tag:
    return Tag(
        "Sub",
        f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{{function_id}.Arn}}/invocations",
    )


def invoke_permission(function_id: str, source: Tag) -> Doc:
    return {
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "Action": "lambda:InvokeFunction",
            "FunctionName": Tag("Ref", function_id),
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": source,
        },
    }


def render(deployment: Deployment) -> str:
    """The deployment as a SAM template."""
    return Sam(deployment).render()
