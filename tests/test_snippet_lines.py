"""Mapping snippet lines to diagram nodes (explorer.domain.snippets.lines), and their highlighting."""

from __future__ import annotations

import pytest
from django.conf import settings

from explorer.domain.content.parse import load_library
from explorer.domain.deployment import Deployment, Queue, Table
from explorer.domain.markup import highlight_code_lines
from explorer.domain.params import resolve_params
from explorer.domain.patterns.registry import build_deployment
from explorer.domain.snippets import generate
from explorer.domain.snippets.lines import node_lines
from tests.html import elements

LIBRARY = load_library(settings.PATTERNS_CONTENT_DIR)
DEPLOYMENT = Deployment(
    "example",
    "Example",
    (
        Table("ItemsTable", key="pk", node="ddb"),
        Queue("JobsQueue", fifo=True, visibility_timeout_s=30, retention_s=60, node="queue"),
    ),
)

SAM = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  ItemsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
  JobsQueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: []
Outputs:
  Url:
    Value: x
"""

TERRAFORM = """\
resource "aws_sqs_queue" "jobs_queue" {
  fifo_queue = true
}

resource "aws_iam_role" "unrelated" {
  name = "x"
}
"""


def test_sam_lines_belong_to_the_node_of_their_resource() -> None:
    lines = node_lines("sam", SAM, DEPLOYMENT)

    assert [lines.get(number) for number in range(1, 14)] == [
        None, None, "ddb", "ddb", "ddb", "ddb", "queue", "queue", "queue", "queue", None, None, None,
    ]  # fmt: skip


def test_terraform_lines_belong_to_their_block() -> None:
    assert node_lines("terraform", TERRAFORM, DEPLOYMENT) == {1: "queue", 2: "queue", 3: "queue"}


def test_other_formats_map_nothing() -> None:
    assert node_lines("asl", '{"StartAt": "A"}', DEPLOYMENT) == {}


@pytest.mark.parametrize("slug", sorted(LIBRARY.patterns))
def test_every_generated_template_maps_lines_to_drawn_nodes(slug: str) -> None:
    spec = LIBRARY.patterns[slug]
    params = resolve_params(spec, {})
    deployment = build_deployment(slug, params.values)
    for fmt in ("sam", "terraform"):
        mapped = set(node_lines(fmt, generate(spec, params, fmt), deployment).values())
        assert mapped, (slug, fmt)
        assert mapped <= deployment.drawn_nodes(), (slug, fmt, mapped - deployment.drawn_nodes())
        # Each resource's own block is highlighted with its node.
        assert {resource.node for resource in deployment.resources} <= mapped, (slug, fmt)


def test_mapped_lines_carry_their_node_and_no_line_has_an_id() -> None:
    html = highlight_code_lines(TERRAFORM, "terraform", prefix="tf-line", nodes={2: "queue"})

    [marked] = elements(html, "span", class_="snippet-line", data_node="queue")
    assert marked.strip() == "fifo_queue = true"
    assert " id=" not in html  # htmx would look every id up in the old page on each update
    assert html.count("<span><span") >= 1  # the other lines keep their (plain) span
