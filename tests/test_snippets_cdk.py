"""The AWS CDK apps (explorer.domain.snippets.cdk*), proven by the real tools.

The Python app of every accepted configuration of the grid (tests/grid.py: every pattern's
defaults, each variant, every parameter moved on its own, the combinations), once per distinct
stack, is synthesized for real with aws-cdk-lib from PyPI (on Node.js through jsii; all stacks in one
app and one process, so jsii starts once), and each template passes cfn-lint. Its resources
and key settings equal those of the SAM template after the SAM transform: resource types
(with the differences that come from how CDK builds things, listed in `CDK_ONLY`), every
function's settings, event source mappings, queues, log retention, state machines,
schedules and API stages. Every distinct TypeScript app of the grid compiles in one
`tsc --noEmit` run against aws-cdk-lib's own types from npm (tests/js).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cfnlint.config import ConfigMixIn
from cfnlint.decode.decode import decode_str
from cfnlint.runner import Runner
from cfnlint.template.transforms._sam import Transform

from explorer.domain.params import Params, resolve_params
from explorer.domain.snippets import formats_for, generate, generate_files
from explorer.domain.snippets.bundle import bundle
from explorer.domain.snippets.cdk import AWS_CDK_LIB, CONSTRUCTS, class_name
from tests.grid import LIBRARY, grid

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "tests" / "js"
needs_cdk = pytest.mark.skipif(
    importlib.util.find_spec("aws_cdk") is None, reason="needs aws-cdk-lib (requirements-dev.txt)"
)
needs_tsc = pytest.mark.skipif(
    not (JS / "node_modules" / ".bin" / "tsc").exists(), reason="needs `npm ci --prefix tests/js`"
)


def representative() -> list[tuple[str, Params]]:
    """Every configuration of the grid that has a CDK app, once per distinct stack: every
    pattern's defaults, each variant, every parameter moved on its own and the combinations."""
    chosen: dict[str, tuple[str, Params]] = {}
    for case_id, params in grid()[0]:
        if "cdk-python" in formats_for(params.spec, params):
            chosen.setdefault(generate(params.spec, params, "cdk-python"), (case_id, params))
    return list(chosen.values())


_sam_cache: dict[str, dict[str, Any]] = {}


def sam_of(case_id: str, params: Params) -> dict[str, Any]:
    """The transformed SAM template of a case, once per session (two tests read it)."""
    if case_id not in _sam_cache:
        _sam_cache[case_id] = sam_transformed(params)
    return _sam_cache[case_id]


@cache
def synthesized(tmp: str) -> dict[str, tuple[Params, dict[str, Any]]]:
    """case id -> (parameters, synthesized template); one app, one process."""
    folder = Path(tmp)
    (folder / "src").mkdir(parents=True, exist_ok=True)
    (folder / "src" / "app.py").write_text("", encoding="utf-8")
    app = folder / "cdk-python"
    app.mkdir(exist_ok=True)
    cases, by_stack = [], {}
    for index, (case_id, params) in enumerate(representative()):
        (app / f"stack_{index}.py").write_text(generate(params.spec, params, "cdk-python"), encoding="utf-8")
        cases.append([f"stack_{index}", class_name(params.spec.slug), f"Case{index}"])
        by_stack[f"Case{index}"] = (case_id, params)
    (app / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
    out = folder / "cdk.out"
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "cdk_synth.py"), str(app / "cases.json"), str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1"},
    )
    assert result.returncode == 0, result.stderr[-4000:]
    errors = json.loads((out / "errors.json").read_text(encoding="utf-8"))
    assert errors == {}, "\n".join(f"{by_stack[name][0]}: {error}" for name, error in errors.items())
    return {
        case_id: (params, json.loads((out / f"{stack}.template.json").read_text(encoding="utf-8")))
        for stack, (case_id, params) in by_stack.items()
    }


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Params, dict[str, Any]]]:
    return synthesized(str(tmp_path_factory.mktemp("cdk")))


@pytest.fixture(scope="session")
def cfn_lint() -> Runner:
    return Runner(ConfigMixIn(regions=["us-east-1"]))


def sam_transformed(params: Params) -> dict[str, Any]:
    """The SAM template of the configuration after the SAM transform (as cfn-lint runs it)."""
    document, errors = decode_str(generate(params.spec, params, "sam"))
    assert not errors
    transform = Transform("template.yaml", document, "us-east-1")
    assert transform.transform_template() == []
    return json.loads(json.dumps(transform.template()))


# What the CDK builds differently, not what it deploys: CDK writes a function's or state
# machine's policy as its own AWS::IAM::Policy, where SAM inlines it in the role; an API as
# resources, methods, routes and integrations, where SAM writes an OpenAPI body; and S3
# notifications through a custom resource and its handler function (not counted here:
# `owned` leaves out everything the stack's own constructs do not name).
CDK_ONLY = {
    "AWS::IAM::Policy",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Method",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGateway::Authorizer",  # SAM writes Api and HttpApi authorizers into the OpenAPI body
    "AWS::ApiGatewayV2::Authorizer",
    "AWS::Lambda::Permission",  # per method and route in CDK, per event in SAM
    "AWS::CDK::Metadata",
}


def owners(template: dict[str, Any]) -> dict[str, str]:
    """Logical id -> the model's id of the construct it belongs to (CDK's construct path)."""
    found = {}
    for logical_id, resource in template["Resources"].items():
        path = resource.get("Metadata", {}).get("aws:cdk:path")
        found[logical_id] = path.split("/")[1] if path else logical_id
    return found


def owned(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The resources a model resource owns, leaving out CDK's helpers (custom resource handlers)."""
    names = owners(template)
    return {
        logical_id: resource
        for logical_id, resource in template["Resources"].items()
        if not names[logical_id].startswith(
            ("BucketNotificationsHandler", "AWS679f53fac002430cb0da5b7982bd2287")
        )
        and resource["Type"] != "Custom::S3BucketNotifications"
    }


def type_counts(template: dict[str, Any]) -> Counter[str]:
    return Counter(r["Type"] for r in owned(template).values() if r["Type"] not in CDK_ONLY)


def named(template: dict[str, Any], value: Any) -> Any:
    """A Ref or GetAtt as the model id it points at, so both templates compare. A function's
    execution role is named after its function (SAM calls it <Function>Role; CDK makes it inside
    the function's construct)."""
    names = owners(template)
    for logical_id, resource in template["Resources"].items():
        role = resource.get("Properties", {}).get("Role")
        if resource["Type"] == "AWS::Lambda::Function" and isinstance(role, dict) and "Fn::GetAtt" in role:
            names[role["Fn::GetAtt"][0]] = names[logical_id]
    if isinstance(value, dict) and "Ref" in value:
        return names.get(value["Ref"], value["Ref"])
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return names.get(value["Fn::GetAtt"][0], value["Fn::GetAtt"][0])
    return value


FUNCTION_KEYS = (
    "MemorySize",
    "Timeout",
    "Runtime",
    "Architectures",
    "Handler",
    "ReservedConcurrentExecutions",
)
MAPPING_KEYS = (
    "BatchSize",
    "MaximumBatchingWindowInSeconds",
    "FunctionResponseTypes",
    "ScalingConfig",
    "StartingPosition",
    "ParallelizationFactor",
    "BisectBatchOnFunctionError",
    "MaximumRetryAttempts",
    "MaximumRecordAgeInSeconds",
)


# The stateful resource types whose DeletionPolicy follows the model's `retain`.
RETAINABLE = {
    "AWS::SQS::Queue",
    "AWS::DynamoDB::Table",
    "AWS::S3::Bucket",
    "AWS::Kinesis::Stream",
    "AWS::OpenSearchService::Domain",
    "AWS::ElastiCache::ServerlessCache",
    "AWS::RDS::DBInstance",
}


def kms_key(value: Any) -> Any:
    """A topic's key as its alias: CDK writes an imported alias as an ARN built with Fn::Join."""
    if isinstance(value, dict) and "Fn::Join" in value:
        return value["Fn::Join"][1][-1].rsplit(":", 1)[-1]
    return value


def waits_for(template: dict[str, Any], logical_id: str, target: str) -> bool:
    """Whether a resource is created after `target`, through DependsOn or the references it holds."""
    resources, seen, pending = template["Resources"], set(), [logical_id]
    while pending:
        current = pending.pop()
        if current == target:
            return True
        if current in seen or current not in resources:
            continue
        seen.add(current)
        resource = resources[current]
        depends = resource.get("DependsOn", [])
        pending.extend([depends] if isinstance(depends, str) else depends)
        text = json.dumps(resource.get("Properties", {}))
        pending.extend(re.findall(r'"Ref": "([A-Za-z0-9]+)"', text))
        pending.extend(re.findall(r'"Fn::GetAtt": \["([A-Za-z0-9]+)"', text))
    return False


def settings(template: dict[str, Any]) -> dict[str, Any]:
    """The key settings of a template, keyed by the model's ids."""
    names = owners(template)
    resources = owned(template)
    found: dict[str, Any] = {
        "functions": {},
        "mappings": [],
        "queues": {},
        "retention": [],
        "machines": {},
        "async": {},
        "schedules": [],
        "tables": {},
        "streams": {},
        "stages": [],
        "distributions": [],
        "web_acls": [],
        "deletion": {},
    }
    for logical_id, resource in resources.items():
        props, kind, owner = resource.get("Properties", {}), resource["Type"], names[logical_id]
        if kind == "AWS::S3::Bucket":
            found.setdefault("buckets", {})[owner] = (
                props.get("VersioningConfiguration"),
                [
                    (rule.get("Status"), rule.get("NoncurrentVersionExpiration"))
                    for rule in props.get("LifecycleConfiguration", {}).get("Rules", [])
                ],
            )
        if kind == "AWS::SNS::Topic":
            found.setdefault("topics", {})[owner] = named(template, kms_key(props.get("KmsMasterKeyId")))
        if kind == "AWS::KMS::Key":
            statements = props["KeyPolicy"]["Statement"]
            found.setdefault("keys", {})[owner] = (
                props.get("EnableKeyRotation"),
                [(s["Sid"], s["Principal"], s["Action"]) for s in statements],
            )
        if kind == "AWS::OpenSearchService::Domain":
            security = props.get("AdvancedSecurityOptions", {})
            found.setdefault("search_domains", {})[owner] = (
                security.get("Enabled", False),
                security.get("InternalUserDatabaseEnabled"),
                named(template, security.get("MasterUserOptions", {}).get("MasterUserARN")),
                props.get("AccessPolicies"),
            )
        if (
            kind in ("AWS::ApiGateway::Stage", "AWS::ApiGatewayV2::Stage")
            and "ApiGatewayAccountReady" in names.values()
        ):
            ready = next(key for key, name in names.items() if name == "ApiGatewayAccountReady")
            found.setdefault("stages_after_account", []).append(waits_for(template, logical_id, ready))
        if kind == "AWS::RDS::DBInstance":
            found.setdefault("databases", {})[owner] = (
                props.get("MultiAZ", False),
                props.get("DeletionProtection", False),
            )
        if kind in RETAINABLE:
            # CloudFormation deletes what names no policy.
            found["deletion"][owner] = (
                resource.get("DeletionPolicy", "Delete"),
                resource.get("UpdateReplacePolicy", "Delete"),
            )
        if kind == "AWS::Lambda::Function":
            found["functions"][owner] = {
                **{key: props.get(key) for key in FUNCTION_KEYS},
                "Architectures": props.get("Architectures", ["x86_64"]),
                "Tracing": props.get("TracingConfig", {}).get("Mode", "PassThrough"),
                "LogFormat": props.get("LoggingConfig", {}).get("LogFormat"),
                "LogGroup": named(template, props.get("LoggingConfig", {}).get("LogGroup")),
                "Environment": sorted(props.get("Environment", {}).get("Variables", {})),
            }
        elif kind == "AWS::Lambda::EventSourceMapping":
            mapping = {key: props.get(key) for key in MAPPING_KEYS}
            if "StartingPosition" in props and mapping["MaximumRecordAgeInSeconds"] is None:
                mapping["MaximumRecordAgeInSeconds"] = -1  # Lambda's default for streams: no limit
            mapping["Function"] = named(template, props["FunctionName"])
            mapping["Source"] = named(template, props["EventSourceArn"])
            failure = props.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
            mapping["OnFailure"] = named(template, failure)
            found["mappings"].append(mapping)
        elif kind == "AWS::SQS::Queue":
            redrive = props.get("RedrivePolicy", {})
            found["queues"][owner] = {
                "VisibilityTimeout": props.get("VisibilityTimeout", 30),
                "MessageRetentionPeriod": props.get("MessageRetentionPeriod"),
                "FifoQueue": props.get("FifoQueue", False),
                "ContentBasedDeduplication": props.get("ContentBasedDeduplication", False),
                "DeadLetterQueue": named(template, redrive.get("deadLetterTargetArn")),
                "maxReceiveCount": redrive.get("maxReceiveCount"),
            }
        elif kind == "AWS::Logs::LogGroup":
            found["retention"].append((owner, props.get("RetentionInDays")))
        elif kind == "AWS::StepFunctions::StateMachine":
            found["machines"][owner] = {
                "Type": props.get("StateMachineType", "STANDARD"),
                "Tracing": props.get("TracingConfiguration", {}).get("Enabled", False),
                "Level": props["LoggingConfiguration"]["Level"],
                "IncludeExecutionData": props["LoggingConfiguration"].get("IncludeExecutionData", False),
            }
        elif kind == "AWS::Lambda::EventInvokeConfig":
            failure = props.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
            found["async"][named(template, props["FunctionName"])] = (
                props.get("MaximumRetryAttempts"),
                props.get("MaximumEventAgeInSeconds"),
                named(template, failure),
            )
        elif kind == "AWS::Scheduler::Schedule":
            target = props["Target"]
            found["schedules"].append(
                (
                    props["ScheduleExpression"],
                    props.get("ScheduleExpressionTimezone"),
                    props["FlexibleTimeWindow"]["Mode"],
                    target["RetryPolicy"],
                    named(template, target.get("DeadLetterConfig", {}).get("Arn")),
                )
            )
        elif kind == "AWS::Events::Rule":
            (target,) = props["Targets"]
            found["schedules"].append(
                (
                    props["ScheduleExpression"],
                    None,
                    None,
                    target["RetryPolicy"],
                    named(template, target.get("DeadLetterConfig", {}).get("Arn")),
                )
            )
        elif kind == "AWS::DynamoDB::Table":
            found["tables"][owner] = (
                props.get("BillingMode", "PROVISIONED"),
                props.get("ProvisionedThroughput"),
                props.get("TimeToLiveSpecification"),
                [index["IndexName"] for index in props.get("GlobalSecondaryIndexes", [])],
            )
        elif kind == "AWS::Kinesis::Stream":
            found["streams"][owner] = (
                props.get("StreamModeDetails", {}).get("StreamMode", "PROVISIONED"),
                props.get("ShardCount"),
                props.get("RetentionPeriodHours"),
            )
        elif kind == "AWS::ApiGateway::Stage":
            found["stages"].append(
                (
                    props["StageName"],
                    props.get("TracingEnabled", False),
                    props.get("CacheClusterEnabled", False),
                    props.get("CacheClusterSize"),
                    [
                        (
                            m.get("ThrottlingRateLimit"),
                            m.get("ThrottlingBurstLimit"),
                            m.get("CacheTtlInSeconds"),
                            m.get("CacheDataEncrypted", False),
                        )
                        for m in props.get("MethodSettings", [])
                    ],
                )
            )
        elif kind == "AWS::ApiGatewayV2::Stage":
            route = props.get("DefaultRouteSettings", {})
            found["stages"].append(
                (props["StageName"], route.get("ThrottlingRateLimit"), route.get("ThrottlingBurstLimit"))
            )
        elif kind == "AWS::CloudFront::Distribution":
            config = props["DistributionConfig"]
            behavior = config["DefaultCacheBehavior"]
            found["distributions"].append(
                (
                    behavior["ViewerProtocolPolicy"],
                    behavior.get("CachePolicyId"),
                    behavior.get("OriginRequestPolicyId"),
                    sorted(
                        association["EventType"] for association in behavior.get("FunctionAssociations", [])
                    ),
                    config.get("DefaultRootObject"),
                    behavior.get("ResponseHeadersPolicyId"),
                    "WebACLId" in config,
                )
            )
        elif kind == "AWS::WAFv2::WebACL":
            found["web_acls"].append((props["Scope"], [rule["Name"] for rule in props["Rules"]]))
    found["mappings"].sort(key=lambda mapping: (mapping["Function"], str(mapping["Source"])))
    found["retention"].sort()
    found["schedules"].sort(key=str)
    return found


# Synth ------------------------------------------------------------------------------------------------
@pytest.mark.slow
@needs_cdk
def test_the_synth_grid_covers_every_pattern_with_a_cdk_app_and_each_variant() -> None:
    covered = {case_id for case_id, _ in representative()}
    for slug, spec in LIBRARY.patterns.items():
        params = resolve_params(spec, {})
        if "cdk-python" in formats_for(spec, params):
            assert slug in covered


@pytest.mark.slow
@needs_cdk
def test_every_synthesized_template_passes_cfn_lint(templates: dict, cfn_lint: Runner) -> None:
    failures = {}
    for case_id, (_, template) in templates.items():
        document, decode_errors = decode_str(json.dumps(template))
        assert not decode_errors
        errors = [
            f"{match.rule.id}: {match.message}"
            for match in cfn_lint.validate_template(document)
            if match.rule.id.startswith("E")
        ]
        if errors:
            failures[case_id] = errors
    assert failures == {}


@pytest.mark.slow
@needs_cdk
def test_the_cdk_app_deploys_the_resource_types_of_the_sam_template(templates: dict) -> None:
    differences = {}
    for case_id, (params, template) in templates.items():
        cdk_types, sam_types = type_counts(template), type_counts(sam_of(case_id, params))
        if cdk_types != sam_types:
            differences[case_id] = (cdk_types - sam_types, sam_types - cdk_types)
    assert differences == {}


@pytest.mark.slow
@needs_cdk
def test_the_cdk_app_has_the_settings_of_the_sam_template(templates: dict) -> None:
    differences = {}
    for case_id, (params, template) in templates.items():
        cdk_settings, sam_settings = settings(template), settings(sam_of(case_id, params))
        for key, value in sam_settings.items():
            if cdk_settings[key] != value:
                differences[f"{case_id} {key}"] = (cdk_settings[key], value)
    assert differences == {}


# TypeScript -------------------------------------------------------------------------------------------
@pytest.mark.slow
@needs_tsc
def test_every_typescript_app_compiles(tmp_path: Path) -> None:
    """One tsc run over a folder with every distinct TypeScript app of the grid, each in its own
    folder: every pattern's defaults, each variant, every parameter moved and the combinations."""
    (tmp_path / "node_modules").symlink_to(JS / "node_modules")
    apps: list[str] = []
    seen: set[str] = set()
    for case_id, params in grid()[0]:
        files = generate_files(params.spec, params, "cdk-typescript")
        if files["cdk-typescript/lib/stack.ts"] in seen:
            continue
        seen.add(files["cdk-typescript/lib/stack.ts"])
        folder = f"app{len(apps)}"
        for path, text in files.items():
            if path.endswith(".ts"):
                target = tmp_path / folder / path.removeprefix("cdk-typescript/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        apps.append(case_id)
    tsconfig = json.loads(
        generate_files(*_defaults("saga"), "cdk-typescript")["cdk-typescript/tsconfig.json"]
    )
    tsconfig["include"] = ["app*/**/*.ts"]
    (tmp_path / "tsconfig.json").write_text(json.dumps(tsconfig), encoding="utf-8")

    result = subprocess.run(
        [str(JS / "node_modules" / ".bin" / "tsc"), "--noEmit", "-p", str(tmp_path / "tsconfig.json")],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert set(LIBRARY.patterns) <= set(apps)  # every pattern's defaults, at least
    assert result.returncode == 0, result.stdout[-4000:]


def _defaults(slug: str) -> tuple[Any, Params]:
    spec = LIBRARY.patterns[slug]
    return spec, resolve_params(spec, {})


def test_the_typescript_app_spells_props_in_camel_case(tmp_path: Path) -> None:
    spec, params = _defaults("async-messaging")
    text = generate(spec, params, "cdk-typescript")

    assert "memorySize: 256," in text
    assert "memory_size" not in text


# The files ------------------------------------------------------------------------------------------
def test_the_tabs_show_the_stack_module_and_the_bundle_carries_the_whole_app() -> None:
    spec, params = _defaults("async-messaging")

    python = generate_files(spec, params, "cdk-python")
    typescript = generate_files(spec, params, "cdk-typescript")

    assert python["cdk-python/stack.py"] == generate(spec, params, "cdk-python")
    assert set(python) == {
        "cdk-python/app.py",
        "cdk-python/stack.py",
        "cdk-python/cdk.json",
        "cdk-python/requirements.txt",
    }
    assert python["cdk-python/requirements.txt"] == f"aws-cdk-lib=={AWS_CDK_LIB}\nconstructs=={CONSTRUCTS}\n"
    assert json.loads(python["cdk-python/cdk.json"]) == {"app": "python3 app.py"}
    assert typescript["cdk-typescript/lib/stack.ts"] == generate(spec, params, "cdk-typescript")
    package = json.loads(typescript["cdk-typescript/package.json"])
    assert package["dependencies"] == {"aws-cdk-lib": AWS_CDK_LIB, "constructs": CONSTRUCTS}
    assert {"bin/app.ts", "cdk.json", "tsconfig.json"} <= {
        path.removeprefix("cdk-typescript/") for path in typescript
    }


def test_the_bundle_zip_carries_both_cdk_apps_beside_the_handlers() -> None:
    import io
    import zipfile

    spec, params = _defaults("async-messaging")

    names = set(zipfile.ZipFile(io.BytesIO(bundle(spec, params))).namelist())

    assert {
        "async-messaging/src/app.py",
        "async-messaging/cdk-python/app.py",
        "async-messaging/cdk-python/stack.py",
        "async-messaging/cdk-typescript/lib/stack.ts",
        "async-messaging/cdk-typescript/package.json",
    } <= names


@pytest.mark.parametrize("fmt", ["cdk-python", "cdk-typescript"])
def test_the_stack_reads_the_handlers_the_sam_template_ships(fmt: str) -> None:
    spec, params = _defaults("async-messaging")

    text = generate(spec, params, fmt)

    assert '"app.consume"' in text
    assert '/ "src"' in text or "'..', '..', 'src'" in text


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
        ("stream-processing", {}, ["bisect batch on error", "ReportBatchItemFailures"]),
        ("scheduled-tasks", {}, ["explicit time zone", "reserved concurrency 1 prevents overlapping runs"]),
        ("saga", {}, ["retries with backoff and jitter on Step Functions tasks", "log executions"]),
    ],
)
@pytest.mark.parametrize(("fmt", "mark"), [("cdk-python", "#"), ("cdk-typescript", "//")])
def test_best_practices_are_named_in_comments(
    slug: str, raw: dict, comments: list[str], fmt: str, mark: str
) -> None:
    spec = LIBRARY.patterns[slug]

    text = generate(spec, resolve_params(spec, raw), fmt)

    for comment in comments:
        assert f"{mark} Best practice: " in text
        assert comment in text, comment


def test_every_configuration_with_a_sam_template_has_both_cdk_apps() -> None:
    for case_id, params in grid()[0]:
        formats = formats_for(params.spec, params)
        assert "sam" in formats, case_id
        assert {"cdk-python", "cdk-typescript"} <= set(formats), case_id
