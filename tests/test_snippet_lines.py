"""Mapping snippet lines to components (explorer.domain.snippets.lines), and their highlighting."""

from __future__ import annotations

from django.conf import settings

from explorer.domain.content.parse import load_library
from explorer.domain.markup import highlight_code_lines
from explorer.domain.params import resolve_params
from explorer.domain.snippets import generate
from explorer.domain.snippets.lines import component_lines

LIBRARY = load_library(settings.PATTERNS_CONTENT_DIR)

SAM = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  ItemsTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
  ApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      MemorySize: 512
Outputs:
  Url:
    Value: x
"""

TERRAFORM = """\
resource "aws_sqs_queue" "jobs" {
  fifo_queue = true
}

resource "aws_lambda_function" "worker" {
  memory_size = 512
}
"""


def test_sam_lines_belong_to_their_resource() -> None:
    lines = component_lines("sam", SAM)

    assert [lines.get(number) for number in range(1, 14)] == [
        None, None, "dynamodb", "dynamodb", "dynamodb", "dynamodb", "lambda", "lambda", "lambda", "lambda", None, None, None,
    ]  # fmt: skip


def test_terraform_lines_belong_to_their_block() -> None:
    lines = component_lines("terraform", TERRAFORM)

    assert lines == {1: "sqs", 2: "sqs", 3: "sqs", 5: "lambda", 6: "lambda", 7: "lambda"}


def test_other_formats_map_nothing() -> None:
    assert component_lines("asl", '{"StartAt": "A"}') == {}


def test_every_generated_template_maps_lines_to_known_components() -> None:
    for spec in LIBRARY.patterns.values():
        params = resolve_params(spec, {})
        for fmt in ("sam", "terraform"):
            mapped = set(component_lines(fmt, generate(spec, params, fmt)).values())
            assert mapped, (spec.slug, fmt)
            assert mapped <= set(LIBRARY.components), (spec.slug, fmt, mapped - set(LIBRARY.components))


def test_mapped_lines_carry_their_component() -> None:
    html = highlight_code_lines(TERRAFORM, "terraform", prefix="tf-line", components={2: "sqs"})

    assert '<span id="tf-line-2" class="snippet-line" data-component="sqs">' in html
    assert '<span id="tf-line-1">' in html
