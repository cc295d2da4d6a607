"""Configuration snippets (explorer.domain.snippets), checked by the real tools.

Every pattern is generated over a grid: its defaults, each variant, every parameter moved
on its own (each choice, each boolean flipped, numbers at both bounds) and a few
combinations that switch optional parts on together. Each accepted configuration's SAM
template passes cfn-lint (one runner for all), its Terraform parses with python-hcl2 and
refers only to what it declares, its ASL passes statelint, its handler compiles and its
CloudFront Function parses as JavaScript. Refused configurations produce no snippet.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import hcl2
import pytest
import yaml
from cfnlint.config import ConfigMixIn
from cfnlint.decode.decode import decode_str
from cfnlint.runner import Runner
from statelint.linter import Linter

from explorer.domain.content.schema import ParameterType
from explorer.domain.deployment import Deployment, Topic
from explorer.domain.params import format_value, resolve_params
from explorer.domain.patterns.registry import build_deployment as build
from explorer.domain.snippets import SnippetError, formats_for, generate, sam, terraform, variant_formats
from explorer.domain.snippets.fixed import snake
from tests.grid import LIBRARY, grid
from tests.tools import needs_terraform, terraform_validate


@cache
def snippets(fmt: str) -> dict[str, str]:
    """Distinct snippets of one format over the accepted grid, keyed by the first case id."""
    found: dict[str, str] = {}
    seen: set[str] = set()
    for case_id, params in grid()[0]:
        if fmt not in formats_for(params.spec, params):
            continue
        text = generate(params.spec, params, fmt)
        if text not in seen:
            seen.add(text)
            found[case_id] = text
    return found


def cases(fmt: str) -> list:
    return [pytest.param(text, id=case_id) for case_id, text in snippets(fmt).items()]


@pytest.fixture(scope="session")
def cfn_lint() -> Runner:
    """One cfn-lint runner (rules loaded once) for every template."""
    return Runner(ConfigMixIn(regions=["us-east-1"]))


# SAM ---------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("template", cases("sam"))
def test_every_sam_template_passes_cfn_lint(template: str, cfn_lint: Runner) -> None:
    document, decode_errors = decode_str(template)
    assert not decode_errors

    matches = list(cfn_lint.validate_template(document))

    errors = [
        f"{match.rule.id} line {match.linenumber}: {match.message}"
        for match in matches
        if match.rule.id.startswith("E")
    ]
    assert errors == []


@pytest.mark.slow
def test_cfn_lint_runs_the_sam_transform(cfn_lint: Runner) -> None:
    template = next(iter(snippets("sam").values())).replace(
        "Type: AWS::Serverless::Function", "Type: AWS::Serverless::Functio", 1
    )
    document, _ = decode_str(template)

    ids = {match.rule.id for match in cfn_lint.validate_template(document)}

    assert ids & {"E0001", "E3006"}


def test_the_grid_covers_every_pattern_and_variant() -> None:
    covered = {case_id for case_id, _ in grid()[0]}
    for slug, spec in LIBRARY.patterns.items():
        assert slug in covered
        for variant in spec.variants:
            assert f"{slug}-{variant.parameter}={format_value(variant.value)}" in covered


# Terraform -----------------------------------------------------------------------------------
REFERENCE_RE = re.compile(r"(?<![\w.\"/])(aws_[a-z0-9_]+)\.([a-z0-9_]+)\b")
DATA_RE = re.compile(r"\bdata\.(aws_[a-z0-9_]+)\.([a-z0-9_]+)\b")
VAR_RE = re.compile(r"\bvar\.([a-z0-9_]+)\b")


def groups(parsed: dict, kind: str) -> list[dict]:
    """python-hcl2 gives one dict for a single block and a list of dicts for several."""
    found = parsed.get(kind, [])
    return found if isinstance(found, list) else [found]


def declared(parsed: dict, kind: str) -> set[tuple[str, str]]:
    """(type, name) of every resource or data block."""
    return {
        (type_.strip('"'), name.strip('"'))
        for group in groups(parsed, kind)
        for type_, named in group.items()
        if not type_.startswith("__")
        for name in named
        if not name.startswith("__")
    }


@pytest.mark.parametrize("text", cases("terraform"))
def test_every_terraform_file_parses_and_refers_only_to_what_it_declares(text: str) -> None:
    parsed = hcl2.loads(text)
    resources = declared(parsed, "resource")
    data = declared(parsed, "data")
    variables = {
        name.strip('"') for group in groups(parsed, "variable") for name in group if not name.startswith("__")
    }

    assert set(REFERENCE_RE.findall(text)) <= resources
    assert set(DATA_RE.findall(text)) <= data
    assert set(VAR_RE.findall(text)) <= variables
    assert 'version = "~> 5.0"' in text


def test_the_reference_check_finds_an_undeclared_resource() -> None:
    text = (
        next(iter(snippets("terraform").values()))
        + '\noutput "x" {\n  value = aws_sqs_queue.missing.arn\n}\n'
    )

    assert ("aws_sqs_queue", "missing") in set(REFERENCE_RE.findall(text)) - declared(
        hcl2.loads(text), "resource"
    )


@pytest.mark.slow
@needs_terraform
def test_terraform_validate_accepts_every_pattern_variant_and_combination(tmp_path: Path) -> None:
    """One root module holds each configuration as a module: one init, one validate."""
    chosen = [
        params
        for case_id, params in grid()[0]
        if case_id.count("=") != 1
        or any(case_id.endswith(f"{v.parameter}={format_value(v.value)}") for v in params.spec.variants)
    ]
    modules = []
    for index, params in enumerate(chosen):
        folder = tmp_path / f"m{index}"
        folder.mkdir()
        (folder / "main.tf").write_text(generate(params.spec, params, "terraform"), encoding="utf-8")
        inputs = "".join(
            f"  {snake(item.name)} = {json.dumps('x' if item.kind == 'string' else ['x'])}\n"
            for item in build(params.spec.slug, params.values).inputs
        )
        modules.append(f'module "m{index}" {{\n  source = "./m{index}"\n{inputs}}}\n')
    (tmp_path / "main.tf").write_text("\n".join(modules), encoding="utf-8")

    validate = terraform_validate(tmp_path)
    assert validate.returncode == 0, validate.stderr + validate.stdout


# ASL -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("definition", cases("asl"))
def test_every_asl_document_passes_statelint(definition: str) -> None:
    assert Linter.validate(definition) == []


def test_statelint_reports_a_broken_definition() -> None:
    document = json.loads(next(iter(snippets("asl").values())))
    document["StartAt"] = "Nowhere"

    assert Linter.validate(document) != []


def test_the_saga_compensates_in_reverse_and_ends_in_fail_states() -> None:
    spec = LIBRARY.patterns["saga"]
    states = json.loads(generate(spec, resolve_params(spec, {}), "asl"))["States"]

    assert states["ShipOrder"]["Catch"][0]["Next"] == "CancelShipment"
    assert states["CancelShipment"]["Next"] == "RefundPayment"
    assert states["RefundPayment"]["Next"] == "ReleaseInventory"
    assert states["OrderFailed"]["Type"] == "Fail"
    assert all(
        catch["ResultPath"] == "$.error" for state in states.values() for catch in state.get("Catch", [])
    )


def test_the_saga_retry_policy_follows_the_parameters() -> None:
    spec = LIBRARY.patterns["saga"]
    params = resolve_params(
        spec, {"retry_max_attempts": "5", "retry_interval_s": "7", "retry_backoff_rate": "1.5"}
    )
    retry = json.loads(generate(spec, params, "asl"))["States"]["ReserveInventory"]["Retry"][0]

    assert (retry["MaxAttempts"], retry["IntervalSeconds"], retry["BackoffRate"]) == (5, 7, 1.5)
    assert retry["JitterStrategy"] == "FULL"
    assert "PaymentFailed" not in retry["ErrorEquals"]


# Handlers and the CloudFront Function -----------------------------------------------------------
@pytest.mark.parametrize("source", cases("handler"))
def test_every_handler_module_compiles(source: str) -> None:
    compile(source, "app.py", "exec")


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to parse JavaScript (node --check)")
@pytest.mark.parametrize("source", cases("cloudfront-function"))
def test_every_cloudfront_function_parses_as_javascript(source: str, tmp_path: Path) -> None:
    path = tmp_path / "function.js"
    path.write_text(source, encoding="utf-8")

    result = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr
    assert len(source.encode()) < 10 * 1024  # CloudFront Functions allow 10 KB of code


def test_the_cloudfront_function_honours_the_split() -> None:
    spec = LIBRARY.patterns["edge-functions"]

    text = generate(spec, resolve_params(spec, {"ab_split_percent": "25"}), "cloudfront-function")

    assert "var SPLIT_PERCENT = 25;" in text


# Formats, refusals and parameters flowing into every format ----------------------------------------
def test_formats_follow_the_pattern_and_its_configuration() -> None:
    def formats(slug: str, **raw: str) -> list[str]:
        spec = LIBRARY.patterns[slug]
        return formats_for(spec, resolve_params(spec, raw))

    cdk = ["cdk-python", "cdk-typescript"]
    assert formats("saga") == ["sam", "terraform", "asl", "handler", *cdk]
    assert formats("scheduled-tasks") == ["sam", "terraform", "schedule", "handler", *cdk]
    assert formats("scheduled-tasks", use_step_functions="true") == [
        "sam",
        "terraform",
        "asl",
        "schedule",
        "handler",
        *cdk,
    ]
    assert formats("event-driven-processing") == ["sam", "terraform", "handler", *cdk]
    assert formats("event-driven-processing", variant="fan-in") == [
        "sam",
        "terraform",
        "asl",
        "handler",
        *cdk,
    ]
    assert formats("edge-functions") == ["sam", "terraform", "cloudfront-function", *cdk]
    assert formats("edge-functions", edge_runtime="lambda-at-edge") == ["sam", "terraform", "handler", *cdk]
    assert formats("api-backend", runtime="nodejs22.x") == ["sam", "terraform", *cdk]
    assert formats("websocket-api") == ["sam", "terraform", "handler", *cdk]


def test_variant_formats_lists_each_variant() -> None:
    assert variant_formats(LIBRARY.patterns["edge-functions"]) == {
        "cloudfront-functions": ["sam", "terraform", "cloudfront-function", "cdk-python", "cdk-typescript"],
        "lambda-at-edge": ["sam", "terraform", "handler", "cdk-python", "cdk-typescript"],
    }


@pytest.mark.parametrize("fmt", ["sam", "terraform", "handler"])
def test_a_refused_configuration_produces_no_snippet(fmt: str) -> None:
    refused = [params for _, params in grid()[1] if fmt in formats_for(params.spec, params)]
    assert refused  # the grid holds refused configurations that have this format

    for params in refused:
        with pytest.raises(SnippetError) as caught:
            generate(params.spec, params, fmt)
        assert caught.value.result.errors
        assert caught.value.result.errors[0].limit_name in str(caught.value)


def test_the_api_limit_is_named_when_refused() -> None:
    spec = LIBRARY.patterns["api-backend"]

    with pytest.raises(SnippetError, match="API Gateway integration timeout 29 s"):
        generate(spec, resolve_params(spec, {"timeout_s": "60"}), "sam")


def test_an_unknown_or_missing_format_is_refused() -> None:
    spec = LIBRARY.patterns["saga"]
    params = resolve_params(spec, {})

    with pytest.raises(SnippetError, match="unknown format"):
        generate(spec, params, "cdk")
    with pytest.raises(SnippetError, match="no schedule snippet"):
        generate(spec, params, "schedule")


def sam_and_terraform(slug: str, **raw: str) -> tuple[dict, str]:
    spec = LIBRARY.patterns[slug]
    params = resolve_params(spec, raw)
    template = yaml.load(generate(spec, params, "sam"), Loader=CfnLoader)
    return template["Resources"], generate(spec, params, "terraform")


class CfnLoader(yaml.SafeLoader):
    """Reads the short-form intrinsic functions as plain values."""


CfnLoader.add_multi_constructor("!", lambda loader, suffix, node: f"!{suffix}")


def test_function_settings_reach_both_formats() -> None:
    resources, terraform = sam_and_terraform(
        "async-messaging",
        memory_mb="1024",
        timeout_s="20",
        architecture="x86_64",
        runtime="python3.12",
        tracing_enabled="true",
        log_retention_days="90",
        reserved_concurrency="50",
    )
    consumer = resources["ConsumerFunction"]["Properties"]

    assert (consumer["MemorySize"], consumer["Timeout"], consumer["Architectures"]) == (1024, 20, ["x86_64"])
    assert (consumer["Runtime"], consumer["Tracing"], consumer["ReservedConcurrentExecutions"]) == (
        "python3.12",
        "Active",
        50,
    )
    assert resources["ConsumerFunctionLogGroup"]["Properties"]["RetentionInDays"] == 90
    for line in ("memory_size = 1024", "timeout = 20", 'runtime = "python3.12"', 'mode = "Active"'):
        assert line in terraform
    assert "retention_in_days = 90" in terraform
    assert "reserved_concurrent_executions = 50" in terraform


def test_queue_settings_reach_both_formats() -> None:
    resources, terraform = sam_and_terraform(
        "async-messaging",
        visibility_timeout_s="300",
        max_receive_count="4",
        batch_size="500",
        batching_window_s="3",
        max_concurrency="25",
    )
    queue = resources["OrdersQueue"]["Properties"]
    event = resources["ConsumerFunction"]["Properties"]["Events"]["Queue"]["Properties"]

    assert queue["VisibilityTimeout"] == 300
    assert queue["RedrivePolicy"]["maxReceiveCount"] == 4
    assert (event["BatchSize"], event["MaximumBatchingWindowInSeconds"]) == (500, 3)
    assert event["ScalingConfig"] == {"MaximumConcurrency": 25}
    assert event["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    for line in (
        "visibility_timeout_seconds = 300",
        "maxReceiveCount = 4",
        "batch_size = 500",
        "maximum_batching_window_in_seconds = 3",
        "maximum_concurrency = 25",
    ):
        assert line in terraform


def test_a_fifo_queue_is_fifo_in_both_formats_and_keeps_a_fifo_dlq() -> None:
    resources, terraform = sam_and_terraform("async-messaging", queue_type="fifo")

    assert resources["OrdersQueue"]["Properties"]["FifoQueue"] is True
    assert resources["DeadLetterQueue"]["Properties"]["FifoQueue"] is True
    assert (
        "MaximumBatchingWindowInSeconds"
        not in resources["ConsumerFunction"]["Properties"]["Events"]["Queue"]["Properties"]
    )
    assert terraform.count("fifo_queue = true") == 2
    assert '-orders-queue.fifo"' in terraform


def test_each_format_names_its_fifo_queues_with_the_fifo_suffix() -> None:
    """SQS refuses a FIFO queue whose name lacks ".fifo"; no format leaves it to a generated name."""
    spec = LIBRARY.patterns["async-messaging"]
    params = resolve_params(spec, {"queue_type": "fifo"})
    sam = generate(spec, params, "sam")
    cdk = generate(spec, params, "cdk-python")
    for queue in ("orders-queue", "dead-letter-queue"):
        assert f'QueueName: !Sub "${{AWS::StackName}}-{queue}.fifo"' in sam
        assert f'queue_name=cdk.Aws.STACK_NAME + "-{queue}.fifo"' in cdk
    standard = yaml.load(generate(spec, resolve_params(spec, {}), "sam"), Loader=CfnLoader)
    assert "QueueName" not in standard["Resources"]["OrdersQueue"]["Properties"]


def test_stream_settings_reach_both_formats() -> None:
    resources, terraform = sam_and_terraform(
        "stream-processing",
        batch_size="2000",
        batching_window_s="10",
        parallelization_factor="4",
        bisect_on_error="false",
        max_retries="7",
        max_record_age_s="7200",
        shards="8",
        retention_hours="48",
    )
    event = resources["ConsumerFunction"]["Properties"]["Events"]["Stream"]["Properties"]

    assert (event["BatchSize"], event["MaximumBatchingWindowInSeconds"], event["ParallelizationFactor"]) == (
        2000,
        10,
        4,
    )
    assert (
        event["BisectBatchOnFunctionError"],
        event["MaximumRetryAttempts"],
        event["MaximumRecordAgeInSeconds"],
    ) == (
        False,
        7,
        7200,
    )
    assert resources["Stream"]["Properties"]["ShardCount"] == 8
    for line in (
        "batch_size = 2000",
        "parallelization_factor = 4",
        "bisect_batch_on_function_error = false",
        "maximum_retry_attempts = 7",
        "maximum_record_age_in_seconds = 7200",
        "shard_count = 8",
        "retention_period = 48",
    ):
        assert line in terraform


def test_api_throttling_and_cache_reach_both_formats() -> None:
    resources, terraform = sam_and_terraform(
        "api-backend",
        throttle_rate_rps="250",
        throttle_burst="400",
        cache_enabled="true",
        cache_ttl_s="900",
        cache_size_gb="1.6",
    )
    (method,) = resources["Api"]["Properties"]["MethodSettings"]

    assert (method["ThrottlingRateLimit"], method["ThrottlingBurstLimit"], method["CacheTtlInSeconds"]) == (
        250,
        400,
        900,
    )
    assert resources["Api"]["Properties"]["CacheClusterSize"] == "1.6"
    for line in (
        "throttling_rate_limit = 250",
        "throttling_burst_limit = 400",
        "cache_ttl_in_seconds = 900",
        'cache_cluster_size = "1.6"',
    ):
        assert line in terraform


def test_s3_filters_schedule_billing_and_ttl_reach_both_formats() -> None:
    resources, terraform = sam_and_terraform("event-driven-processing", key_prefix="in/", key_suffix=".json")
    rules = resources["ProcessorFunction"]["Properties"]["Events"]["Upload"]["Properties"]["Filter"]["S3Key"][
        "Rules"
    ]
    assert rules == [{"Name": "prefix", "Value": "in/"}, {"Name": "suffix", "Value": ".json"}]
    assert 'filter_prefix = "in/"' in terraform
    assert 'filter_suffix = ".json"' in terraform

    resources, terraform = sam_and_terraform(
        "scheduled-tasks", schedule="cron(0 8 ? * MON-FRI *)", timezone="Europe/Berlin"
    )
    schedule = resources["TaskSchedule"]["Properties"]
    assert (schedule["ScheduleExpression"], schedule["ScheduleExpressionTimezone"]) == (
        "cron(0 8 ? * MON-FRI *)",
        "Europe/Berlin",
    )
    assert 'schedule_expression = "cron(0 8 ? * MON-FRI *)"' in terraform

    resources, terraform = sam_and_terraform("api-backend", billing_mode="provisioned")
    assert resources["ItemsTable"]["Properties"]["BillingMode"] == "PROVISIONED"
    assert 'billing_mode = "PROVISIONED"' in terraform

    resources, terraform = sam_and_terraform("websocket-api")
    assert resources["ConnectionsTable"]["Properties"]["TimeToLiveSpecification"] == {
        "AttributeName": "ttl",
        "Enabled": True,
    }
    assert 'attribute_name = "ttl"' in terraform


def test_stateful_resources_are_kept_in_both_formats() -> None:
    resources, terraform = sam_and_terraform(
        "stream-processing", destination="opensearch", consumer="firehose"
    )
    for logical_id in ("Stream", "SearchDomain"):
        assert resources[logical_id]["DeletionPolicy"] == "Retain"
        assert resources[logical_id]["UpdateReplacePolicy"] == "Retain"
    assert terraform.count("prevent_destroy = true") >= 2
    resources, terraform = sam_and_terraform("api-backend", database="rds")
    database = resources["Database"]
    assert (database["DeletionPolicy"], database["Properties"]["DeletionProtection"]) == ("Snapshot", True)
    assert database["Properties"]["MultiAZ"] is True
    assert "deletion_protection = true" in terraform and "multi_az = true" in terraform
    resources, terraform = sam_and_terraform("api-backend", database="rds", multi_az="false")
    assert resources["Database"]["Properties"]["MultiAZ"] is False
    assert "multi_az = false" in terraform


PROXY_ARN = "arn:aws:rds:us-east-1:123456789012:db-proxy:prx-0123456789abcdef0"


def resolved(value: object, attributes: dict[str, str], pseudo: dict[str, str]) -> object:
    """A CloudFormation value with Fn::GetAtt, Fn::Split, Fn::Select and Fn::Sub worked out."""
    if not isinstance(value, dict):
        return value
    [(function, argument)] = value.items()
    if function == "Fn::GetAtt":
        return attributes[".".join(argument)]
    if function == "Fn::Split":
        return str(resolved(argument[1], attributes, pseudo)).split(argument[0])
    if function == "Fn::Select":
        return resolved(argument[1], attributes, pseudo)[argument[0]]  # type: ignore[index]
    assert function == "Fn::Sub", function
    text, names = argument if isinstance(argument, list) else (argument, {})
    values = pseudo | {name: str(resolved(item, attributes, pseudo)) for name, item in names.items()}
    return re.sub(r"\$\{([\w:]+)\}", lambda match: values[match[1]], text)


def test_the_rds_function_connects_only_as_the_app_user_through_its_own_proxy() -> None:
    # RDS Proxy's IAM policy names the user by the proxy's resource id (prx-...):
    # https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting.html
    spec = LIBRARY.patterns["api-backend"]
    params = resolve_params(spec, {"database": "rds"})
    template, _ = decode_str(generate(spec, params, "sam"))
    [connect] = [
        statement
        for policy in template["Resources"]["ApiFunction"]["Properties"]["Policies"]
        for statement in policy.get("Statement", [])
        if statement["Action"] == ["rds-db:connect"]
    ]
    pseudo = {"AWS::Partition": "aws", "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012"}
    [resource] = connect["Resource"]
    assert resolved(resource, {"DatabaseProxy.DBProxyArn": PROXY_ARN}, pseudo) == (
        "arn:aws:rds-db:us-east-1:123456789012:dbuser:prx-0123456789abcdef0/app"
    )

    terraform = generate(spec, params, "terraform")
    assert ':dbuser:${element(split(":", aws_db_proxy.database_proxy.arn), 6)}/app"' in terraform
    assert "dbuser:*" not in terraform
    assert 'cdk.Fn.split(":", database_proxy.attr_db_proxy_arn)' in generate(spec, params, "cdk-python")
    assert 'cdk.Fn.split(":", databaseProxy.attrDbProxyArn)' in generate(spec, params, "cdk-typescript")


def test_buckets_are_versioned_with_noncurrent_versions_expiring() -> None:
    resources, terraform = sam_and_terraform("event-driven-processing")
    props = resources["UploadBucket"]["Properties"]
    assert props["VersioningConfiguration"] == {"Status": "Enabled"}
    assert props["LifecycleConfiguration"]["Rules"][0]["NoncurrentVersionExpiration"] == {
        "NoncurrentDays": 30
    }
    assert 'resource "aws_s3_bucket_versioning" "upload_bucket"' in terraform
    assert "noncurrent_days = 30" in terraform


def test_an_api_stage_that_logs_gets_the_account_logging_role_behind_a_parameter() -> None:
    spec = LIBRARY.patterns["api-backend"]
    template = yaml.load(generate(spec, resolve_params(spec, {"api_type": "rest"}), "sam"), Loader=CfnLoader)
    assert template["Parameters"]["CreateApiGatewayAccountRole"]["Default"] == "true"
    account = template["Resources"]["ApiGatewayAccount"]
    assert account["Condition"] == "CreateApiGatewayAccount"
    assert template["Resources"]["Api"]["DependsOn"] == "ApiGatewayAccountReady"
    terraform = generate(spec, resolve_params(spec, {"api_type": "rest"}), "terraform")
    assert 'variable "create_api_gateway_account_role"' in terraform
    assert 'resource "aws_api_gateway_account" "api_gateway_cloudwatch"' in terraform
    # An HTTP API needs no account role.
    resources, terraform = sam_and_terraform("api-backend", api_type="http")
    assert "ApiGatewayAccount" not in resources and "aws_api_gateway_account" not in terraform
    resources, terraform = sam_and_terraform("websocket-api")
    assert "ApiGatewayAccountReady" in resources["WebSocketApiStage"]["DependsOn"]
    assert "aws_api_gateway_account.api_gateway_cloudwatch" in terraform


def test_provisioned_capacity_is_auto_scaled_from_the_sized_capacity() -> None:
    resources, terraform = sam_and_terraform("api-backend", billing_mode="provisioned")
    target = resources["ItemsTableReadScalableTarget"]["Properties"]
    capacity = resources["ItemsTable"]["Properties"]["ProvisionedThroughput"]["ReadCapacityUnits"]
    assert (target["MinCapacity"], target["MaxCapacity"]) == (capacity, capacity * 10)
    policy = resources["ItemsTableWriteScalingPolicy"]["Properties"]
    assert policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 70
    assert 'resource "aws_appautoscaling_policy" "items_table_write"' in terraform
    assert "target_value = 70" in terraform
    resources, terraform = sam_and_terraform("api-backend")
    assert "ItemsTableReadScalableTarget" not in resources and "appautoscaling" not in terraform


def test_cache_headers_search_access_and_topics_follow_their_practice() -> None:
    resources, terraform = sam_and_terraform(
        "api-backend", api_type="rest", cache_enabled="true", cdn_enabled="true"
    )
    assert resources["Api"]["Properties"]["MethodSettings"][0]["CacheDataEncrypted"] is True
    assert "cache_data_encrypted = true" in terraform
    behavior = resources["Distribution"]["Properties"]["DistributionConfig"]["DefaultCacheBehavior"]
    assert behavior["ResponseHeadersPolicyId"] == "67f7725c-6f97-4210-82d7-5512b31e9d03"
    assert 'response_headers_policy_id = "67f7725c-6f97-4210-82d7-5512b31e9d03"' in terraform


@pytest.mark.parametrize(("consumer", "writer"), [("firehose", "Firehose"), ("lambda", "ConsumerFunction")])
def test_the_search_domain_has_fine_grained_access_with_its_writer_as_master(
    consumer: str, writer: str
) -> None:
    resources, terraform = sam_and_terraform("stream-processing", destination="opensearch", consumer=consumer)
    security = resources["SearchDomain"]["Properties"]["AdvancedSecurityOptions"]
    assert (security["Enabled"], security["InternalUserDatabaseEnabled"]) == (True, False)
    spec = LIBRARY.patterns["stream-processing"]
    sam = generate(spec, resolve_params(spec, {"destination": "opensearch", "consumer": consumer}), "sam")
    assert f"MasterUserARN: !GetAtt {writer}Role.Arn" in sam
    assert f"master_user_arn = aws_iam_role.{snake(writer)}.arn" in terraform
    assert "internal_user_database_enabled = false" in terraform
    assert resources["SearchDomain"]["Properties"]["AccessPolicies"]["Statement"][0]["Action"] == "es:ESHttp*"


def test_a_function_mastering_the_domain_gets_its_search_rights_outside_its_role() -> None:
    """Inline in the function's role, the statement on the domain and the domain's master user
    (that role) would refer to each other; a policy of its own, waited for, breaks the circle."""
    resources, _ = sam_and_terraform("stream-processing", destination="opensearch", consumer="lambda")
    function = resources["ConsumerFunction"]
    policy = resources["ConsumerFunctionSearchPolicy"]["Properties"]
    assert function["DependsOn"] == ["ConsumerFunctionSearchPolicy"]
    assert policy["Roles"] == ["!Ref"]
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == ["es:ESHttpPost", "es:ESHttpPut"]
    inline = [st for p in function["Properties"]["Policies"] for st in p["Statement"]]
    assert all("es:" not in " ".join(st["Action"]) for st in inline)


@pytest.mark.parametrize(
    ("slug", "raw", "topic", "service", "sid"),
    [
        ("event-driven-processing", {"variant": "fan-out"}, "UploadTopic", "s3.amazonaws.com", "S3Publishes"),
        ("scheduled-tasks", {}, "NotificationTopic", "cloudwatch.amazonaws.com", "CloudWatchAlarmsPublish"),
    ],
)
def test_a_topic_an_aws_service_publishes_to_has_a_key_that_service_may_use(
    slug: str, raw: dict[str, str], topic: str, service: str, sid: str
) -> None:
    # The AWS managed key's policy cannot admit S3 or CloudWatch, so such a topic gets a customer
    # managed key: https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
    spec = LIBRARY.patterns[slug]
    params = resolve_params(spec, raw)
    template, _ = decode_str(generate(spec, params, "sam"))
    resources = template["Resources"]
    assert resources[topic]["Properties"]["KmsMasterKeyId"] == {"Ref": f"{topic}Key"}
    key = resources[f"{topic}Key"]["Properties"]
    assert key["EnableKeyRotation"] is True
    statements = {statement["Sid"]: statement for statement in key["KeyPolicy"]["Statement"]}
    publisher = statements[sid]
    assert publisher["Principal"] == {"Service": service}
    assert publisher["Action"] == ["kms:GenerateDataKey*", "kms:Decrypt"]
    assert publisher["Condition"] == {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
    # The account's own publishers (the function, the state machine) use it through SNS only.
    through_sns = statements["AccountPublishesThroughSns"]["Condition"]["StringEquals"]
    assert through_sns["kms:ViaService"] == {"Fn::Sub": "sns.${AWS::Region}.amazonaws.com"}

    terraform = generate(spec, params, "terraform")
    key_name = snake(f"{topic}Key")
    assert f'resource "aws_kms_key" "{key_name}"' in terraform
    assert f"kms_master_key_id = aws_kms_key.{key_name}.arn" in terraform
    assert f'Service = "{service}"' in terraform


def test_a_topic_only_the_account_publishes_to_uses_the_aws_managed_key() -> None:
    deployment = Deployment(
        slug="notify", description="A topic a function publishes to", resources=(Topic("Alerts"),)
    )
    template, _ = decode_str(sam.render(deployment))
    assert template["Resources"]["Alerts"]["Properties"]["KmsMasterKeyId"] == "alias/aws/sns"
    assert [r["Type"] for r in template["Resources"].values()] == ["AWS::SNS::Topic"]
    assert 'kms_master_key_id = "alias/aws/sns"' in terraform.render(deployment)
    assert "aws_kms_key" not in terraform.render(deployment)


def test_async_messaging_offers_an_authorizer_on_post_orders() -> None:
    resources, terraform = sam_and_terraform("async-messaging", authorizer_enabled="true")
    assert resources["OrdersApi"]["Properties"]["Auth"]["DefaultAuthorizer"] == "LambdaAuthorizer"
    assert "AuthorizerFunction" in resources
    assert 'resource "aws_apigatewayv2_authorizer" "orders_api"' in terraform
    resources, _ = sam_and_terraform("async-messaging")
    assert "Auth" not in resources["OrdersApi"]["Properties"]


@pytest.mark.parametrize(
    ("slug", "raw", "sam_type", "terraform_type"),
    [
        ("api-backend", {"waf_enabled": "true"}, "AWS::WAFv2::WebACL", "aws_wafv2_web_acl"),
        (
            "api-backend",
            {"cdn_enabled": "true"},
            "AWS::CloudFront::Distribution",
            "aws_cloudfront_distribution",
        ),
        (
            "api-backend",
            {"elasticache_enabled": "true"},
            "AWS::ElastiCache::ServerlessCache",
            "aws_elasticache_serverless_cache",
        ),
        ("api-backend", {"database": "rds"}, "AWS::RDS::DBProxy", "aws_db_proxy"),
        ("async-messaging", {"dlq_enabled": "true"}, "AWS::CloudWatch::Alarm", "aws_sqs_queue"),
        (
            "stream-processing",
            {"enhanced_fan_out": "true"},
            "AWS::Kinesis::StreamConsumer",
            "aws_kinesis_stream_consumer",
        ),
        ("stream-processing", {"state_table": "true"}, "AWS::DynamoDB::Table", "aws_dynamodb_table"),
        ("websocket-api", {"broadcast_via_sqs": "true"}, "AWS::SQS::Queue", "aws_sqs_queue"),
        ("edge-functions", {"waf_enabled": "true"}, "AWS::WAFv2::WebACL", "aws_wafv2_web_acl"),
        ("scheduled-tasks", {"notification": "sns"}, "AWS::SNS::Topic", "aws_sns_topic"),
        ("saga", {"state_store": "dynamodb"}, "AWS::DynamoDB::Table", "aws_dynamodb_table"),
    ],
)
def test_optional_components_follow_their_parameter_in_both_formats(
    slug: str, raw: dict[str, str], sam_type: str, terraform_type: str
) -> None:
    (name, on_value), off_value = next(iter(raw.items())), None
    parameter = LIBRARY.patterns[slug].parameter(name)
    if parameter.type is ParameterType.BOOL:
        off_value = "false"
    else:
        off_value = next(choice.value for choice in parameter.choices if choice.value != on_value)

    on_resources, on_terraform = sam_and_terraform(slug, **{name: on_value})
    off_resources, off_terraform = sam_and_terraform(slug, **{name: off_value})

    def count(resources: dict) -> int:
        return sum(1 for item in resources.values() if item["Type"] == sam_type)

    assert count(on_resources) > count(off_resources)
    assert on_terraform.count(f'resource "{terraform_type}"') > off_terraform.count(
        f'resource "{terraform_type}"'
    )


def test_no_waf_resources_when_waf_is_off() -> None:
    resources, terraform = sam_and_terraform("api-backend", waf_enabled="false", cdn_enabled="true")

    assert not any(item["Type"].startswith("AWS::WAFv2") for item in resources.values())
    assert "aws_wafv2" not in terraform


def test_fan_out_creates_one_subscriber_per_function() -> None:
    resources, terraform = sam_and_terraform(
        "event-driven-processing", variant="fan-out", fanout_subscribers="5"
    )

    subscribers = [item for item in resources.values() if item["Type"] == "AWS::Serverless::Function"]
    assert len(subscribers) == 5
    assert terraform.count('resource "aws_sns_topic_subscription"') == 5


@pytest.mark.parametrize(
    ("slug", "raw", "comments"),
    [
        (
            "async-messaging",
            {},
            [
                "visibility timeout >= 6x function timeout",
                "dead-letter queue after 3-5 receives",
                "ReportBatchItemFailures",
            ],
        ),
        ("event-driven-processing", {}, ["S3 event filters"]),
        ("websocket-api", {}, ["TTL on the WebSocket connection table"]),
        ("stream-processing", {}, ["bisect batch on error", "ReportBatchItemFailures"]),
        ("scheduled-tasks", {}, ["explicit time zone", "reserved concurrency 1 prevents overlapping runs"]),
        ("saga", {}, ["retries with backoff and jitter on Step Functions tasks"]),
    ],
)
@pytest.mark.parametrize("fmt", ["sam", "terraform"])
def test_best_practices_are_configured_and_named_in_comments(
    slug: str, raw: dict, comments: list[str], fmt: str
) -> None:
    spec = LIBRARY.patterns[slug]

    text = generate(spec, resolve_params(spec, raw), fmt)

    for comment in comments:
        assert (
            re.search(rf"# Best practice: .*{re.escape(comment)}", text)
            or f"Best practice: {comment}" in text
        ), comment
