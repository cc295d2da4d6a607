"""What is deployed is what is drawn and priced, over the whole parameter grid.

For every accepted configuration of every pattern (tests/grid.py):
- every billable resource in the generated SAM template belongs to a resource of the
  deployment, and that resource has line items or a note saying why it is not priced;
- every line item names resources the deployment has;
- the diagram shows exactly the deployment's nodes (actors aside), and every resource's
  node is one of the pattern's topology nodes.
"""

from __future__ import annotations

import pytest
from cfnlint.decode.decode import decode_str

from explorer.domain.diagrams.build import visible_topology
from explorer.domain.params import Params
from explorer.domain.patterns.registry import build_deployment
from explorer.domain.pricing.estimate import estimate_pattern, node_labels
from explorer.domain.pricing.resources import account_deployment
from explorer.domain.snippets import generate
from tests.grid import grid

# CloudFormation types that cost money by themselves (a role, a permission or a route does not).
BILLABLE_TYPES = {
    "AWS::Serverless::Function",
    "AWS::Lambda::Function",
    "AWS::SQS::Queue",
    "AWS::DynamoDB::Table",
    "AWS::S3::Bucket",
    "AWS::SNS::Topic",
    "AWS::Kinesis::Stream",
    "AWS::Kinesis::StreamConsumer",
    "AWS::Serverless::StateMachine",
    "AWS::StepFunctions::StateMachine",
    "AWS::Serverless::Api",
    "AWS::Serverless::HttpApi",
    "AWS::ApiGatewayV2::Api",
    "AWS::ApiGateway::RestApi",
    "AWS::CloudFront::Distribution",
    "AWS::CloudFront::Function",
    "AWS::WAFv2::WebACL",
    "AWS::KinesisFirehose::DeliveryStream",
    "AWS::OpenSearchService::Domain",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBProxy",
    "AWS::ElastiCache::ServerlessCache",
    "AWS::Logs::LogGroup",
    "AWS::CloudWatch::Alarm",
    "AWS::Scheduler::Schedule",
    "AWS::Events::Rule",
}

ACCEPTED = grid()[0]


def owner(logical_id: str, resource_ids: set[str]) -> str:
    """The deployment resource a template resource belongs to: the longest id it starts with."""
    matches = [resource_id for resource_id in resource_ids if logical_id.startswith(resource_id)]
    return max(matches, key=len, default="")


@pytest.mark.parametrize(("case_id", "params"), ACCEPTED, ids=[case_id for case_id, _ in ACCEPTED])
def test_what_is_deployed_is_priced_and_drawn(case_id: str, params: Params) -> None:
    spec = params.spec
    deployment = build_deployment(spec.slug, params.values)
    template = decode_str(generate(spec, params, "sam"))[0]
    assert template is not None, case_id
    resource_ids = {resource.id for resource in deployment.resources}
    log_groups = {group.id: group.owner for group in deployment.log_groups()}

    accounting = account_deployment(deployment, labels=node_labels(spec))
    for logical_id, resource in template["Resources"].items():
        kind = resource["Type"]
        if kind not in BILLABLE_TYPES:
            continue
        if kind == "AWS::Logs::LogGroup":
            assert logical_id in log_groups, (
                f"{case_id}: log group {logical_id} is not derived from a resource"
            )
            continue
        found = owner(logical_id, resource_ids)
        assert found, f"{case_id}: {kind} {logical_id} belongs to no resource of the deployment"
        assert found in accounting.accounted, f"{case_id}: {found} ({kind}) is neither priced nor explained"

    # Every resource the deployment has is in the template, and every log group it implies too.
    template_ids = set(template["Resources"])
    assert resource_ids <= template_ids, f"{case_id}: not rendered: {sorted(resource_ids - template_ids)}"
    assert set(log_groups) <= template_ids, f"{case_id}: log groups not rendered"

    estimate = estimate_pattern(spec, params.values)
    for line in estimate.line_items:
        named = set(line.resource.split(", "))
        assert named <= resource_ids | set(log_groups), f"{case_id}: {line.item} prices {named}"

    nodes = {node.id: node for node in spec.topology.nodes}
    for resource in deployment.resources:
        assert resource.node in nodes, f"{case_id}: {resource.id} is drawn as unknown node {resource.node!r}"
    drawn = {node.id for node in visible_topology(spec, params.values).nodes if not node.actor}
    assert drawn == deployment.drawn_nodes(), case_id


def test_the_grid_covers_every_pattern() -> None:
    assert {params.spec.slug for _, params in ACCEPTED} >= {
        "api-backend",
        "event-driven-processing",
        "scheduled-tasks",
        "stream-processing",
        "async-messaging",
        "saga",
        "edge-functions",
        "websocket-api",
    }
    assert len(ACCEPTED) > 300
