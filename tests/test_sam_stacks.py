"""Every distinct SAM template of the grid, translated by AWS's SAM translator and created as a
CloudFormation stack in moto.

The template is packaged as `sam package` would (each function's CodeUri becomes an object in an
artifacts bucket), translated with aws-sam-translator (the SAM transform CloudFormation runs),
and the result is created with moto's CloudFormation in-process. moto creates the resource types
it models (functions, roles, queues, tables, topics, buckets, streams, state machines, event
source mappings, permissions, log groups...), resolving every Ref, Fn::GetAtt and Fn::Sub
between them, and skips the types it does not model with a warning; those are listed once
below, so a new type is noticed. Each function's environment is then read back from moto's
Lambda: a variable that names a resource of the stack holds that resource's name, URL or ARN.

moto's gaps: its AWS::ApiGateway::RestApi reads a Name and ignores the OpenAPI Body that SAM
writes, so a REST API's RestApi and Deployment are left to moto as types it does not model; and
moto refuses a Fn::GetAtt of a type or an attribute it does not model (the RDS proxy's endpoint, a
CloudFront function's ARN, the secret RDS manages for a DB instance), so such templates are
counted, printed with the reason and left out, and must stay under a quarter.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from cfnlint.decode import decode_str
from moto import mock_aws
from moto.cloudformation.parsing import get_model_map
from samtranslator.translator.transform import transform

from tests.grid import write_sam_templates

REGION = "us-east-1"
ARTIFACTS = "sam-artifacts"
# What the deployer types in for each template input (as in tests/test_handlers_run.py).
INPUTS = {
    "SenderEmail": "ops@example.com",
    "UploadBucketName": "uploads-example",
    "ApiDomainName": "api.example.com",
}
MOTO_REST_API_GAP = {"AWS::ApiGateway::RestApi", "AWS::ApiGateway::Deployment"}
MOTO_UNMODELLED = {
    "AWS::ApiGateway::Account",
    "AWS::ApiGateway::Authorizer",
    "AWS::ApiGateway::Stage",
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGatewayV2::Authorizer",
    "AWS::ApiGatewayV2::Integration",
    "AWS::ApiGatewayV2::Route",
    "AWS::ApiGatewayV2::Stage",
    "AWS::ApplicationAutoScaling::ScalableTarget",
    "AWS::ApplicationAutoScaling::ScalingPolicy",
    "AWS::CloudFormation::WaitConditionHandle",
    "AWS::CloudFront::Distribution",
    "AWS::CloudFront::Function",
    "AWS::CloudFront::OriginAccessControl",
    "AWS::CloudWatch::Alarm",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::ElastiCache::ServerlessCache",
    "AWS::KinesisFirehose::DeliveryStream",
    "AWS::Kinesis::StreamConsumer",
    "AWS::Lambda::Alias",
    "AWS::Lambda::EventInvokeConfig",
    "AWS::OpenSearchService::Domain",
    "AWS::RDS::DBProxy",
    "AWS::RDS::DBProxyTargetGroup",
    "AWS::S3::BucketPolicy",
    "AWS::SNS::Subscription",
    "AWS::SNS::TopicPolicy",
    "AWS::SQS::QueuePolicy",
    "AWS::Scheduler::Schedule",
    "AWS::WAFv2::WebACL",
    "AWS::WAFv2::WebACLAssociation",
}
# What moto answers when a Fn::GetAtt reads a resource it did not create (a type it does not
# model) or an attribute it does not model.
UNRESOLVED = re.compile(r"Fn::GetAtt references undefined resource (\w+)")
UNMODELLED_ATTRIBUTE = re.compile(r"resource (\w+) does not support attribute type (\S+) in Fn::GetAtt")
NAMED_BY_REF = {
    "AWS::DynamoDB::Table",
    "AWS::SQS::Queue",
    "AWS::SNS::Topic",
    "AWS::S3::Bucket",
    "AWS::Kinesis::Stream",
}


class NoManagedPolicies:
    """The translator's loader of AWS managed policy ARNs by name: the templates name none."""

    def load(self) -> dict[str, str]:
        return {}


def packaged(template: dict[str, Any]) -> dict[str, Any]:
    """The template as `sam package` leaves it: each function's code is an S3 object."""
    for resource in template["Resources"].values():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::Serverless::Function" and "CodeUri" in properties:
            properties["CodeUri"] = f"s3://{ARTIFACTS}/code.zip"
    return template


def for_moto(template: dict[str, Any]) -> dict[str, Any]:
    for resource in template["Resources"].values():
        if resource["Type"] in MOTO_REST_API_GAP:
            resource["Type"] += "::BodyNotReadByMoto"
    return template


def create_stack(template: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The stack's description and {logical id: physical id} of what moto created."""
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=ARTIFACTS)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as code:
        code.writestr("app.py", "def handle(event, context):\n    return event\n")
    s3.put_object(Bucket=ARTIFACTS, Key="code.zip", Body=archive.getvalue())
    cloudformation = boto3.client("cloudformation", region_name=REGION)
    inputs = INPUTS | network_inputs()
    parameters = [
        {"ParameterKey": name, "ParameterValue": inputs[name]}
        for name, spec in template.get("Parameters", {}).items()
        if "Default" not in spec
    ]
    cloudformation.create_stack(
        StackName="explorer",
        TemplateBody=json.dumps(template),
        Parameters=parameters,
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
    )
    stack = cloudformation.describe_stacks(StackName="explorer")["Stacks"][0]
    summaries = cloudformation.list_stack_resources(StackName="explorer")["StackResourceSummaries"]
    created = {
        s["LogicalResourceId"]: s["PhysicalResourceId"]
        for s in summaries
        if s["ResourceStatus"] == "CREATE_COMPLETE"
    }
    return stack, created


def network_inputs() -> dict[str, str]:
    """Two private subnets and a security group in a moto VPC, for the VPC-attached variants."""
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=f"{REGION}{zone}")[
            "Subnet"
        ]["SubnetId"]
        for n, zone in ((1, "a"), (2, "b"))
    ]
    group = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    return {"SubnetIds": ",".join(subnets), "SecurityGroupIds": group}


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Tried to parse:UserWarning")
def test_every_sam_template_translates_and_creates_as_a_stack_in_moto(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    modelled = set(get_model_map())
    skipped_types: set[str] = set()
    beyond_moto: dict[str, str] = {}
    failures: dict[str, str] = {}
    paths = sorted(write_sam_templates(tmp_path))
    for path in paths:
        template, matches = decode_str(Path(path).read_text(encoding="utf-8"))
        assert template is not None, matches
        with mock_aws():
            translated = transform(packaged(json.loads(json.dumps(template))), {}, NoManagedPolicies())
            resources = translated["Resources"]
            name = Path(path).stem
            try:
                stack, created = create_stack(for_moto(json.loads(json.dumps(translated))))
            except ClientError as error:
                if gap := moto_gap(str(error), resources, modelled):
                    beyond_moto[name] = gap
                else:
                    failures[name] = str(error)
                continue
            if stack["StackStatus"] != "CREATE_COMPLETE":
                failures[name] = f"{stack['StackStatus']}: {stack.get('StackStatusReason')}"
                continue
            expected = {
                logical_id
                for logical_id, resource in resources.items()
                if resource["Type"] in modelled and resource["Type"] not in MOTO_REST_API_GAP
            }
            if missing := expected - set(created):
                failures[name] = f"not created: {sorted(missing)}"
            skipped_types |= {r["Type"] for r in resources.values() if r["Type"] not in modelled}
            if wrong := miswired_environment(resources, created):
                failures[name] = f"environment: {wrong}"
    print(
        f"{len(paths) - len(beyond_moto)} of {len(paths)} templates created as stacks in moto;"
        f" {len(beyond_moto)} read what moto does not model; {len(skipped_types)} types skipped"
    )
    for name, gap in beyond_moto.items():
        print(f"  {name}: {gap}")
    assert failures == {}, "\n".join(f"{name}: {why}" for name, why in failures.items())
    assert len(beyond_moto) < len(paths) / 4, beyond_moto
    assert skipped_types - MOTO_UNMODELLED == set(), "a type moto does not model: list it in MOTO_UNMODELLED"


def moto_gap(error: str, resources: dict[str, Any], modelled: set[str]) -> str:
    """Why moto, not the template, refused the stack; "" when the template is to blame."""
    if unresolved := UNRESOLVED.search(error):
        kind = resources.get(unresolved[1], {}).get("Type")
        return "" if kind in modelled else f"Fn::GetAtt of {kind}, a type moto does not model"
    if attribute := UNMODELLED_ATTRIBUTE.search(error):
        kind = resources.get(attribute[1], {}).get("Type")
        return f"Fn::GetAtt of {kind}.{attribute[2]}, an attribute moto does not model"
    return ""


def miswired_environment(resources: dict[str, Any], created: dict[str, str]) -> list[str]:
    """Each function variable set by a Ref to a table, queue, topic, bucket or stream of the
    stack, where moto's function does not hold that resource's physical id."""
    lam = boto3.client("lambda", region_name=REGION)
    wrong = []
    for logical_id, resource in resources.items():
        if resource["Type"] != "AWS::Lambda::Function" or logical_id not in created:
            continue
        declared = resource["Properties"].get("Environment", {}).get("Variables", {})
        actual = lam.get_function_configuration(FunctionName=created[logical_id]).get("Environment", {})
        for variable, value in declared.items():
            target = value.get("Ref") if isinstance(value, dict) else None
            if target is None or resources.get(target, {}).get("Type") not in NAMED_BY_REF:
                continue
            if actual.get("Variables", {}).get(variable) != created.get(target):
                wrong.append(f"{logical_id} {variable}")
    return wrong
