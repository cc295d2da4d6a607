"""Adding a pattern takes its content file and its one module (patterns_content/README.md).

A ninth pattern, a webhook receiver, is loaded from tests/fixtures/ninth_pattern/: its
content file beside the real component files, and its module registered with the pattern
registry. Nothing else changes, and it gets a page with a diagram and an estimate, a JSON
estimate, a SAM template that cfn-lint accepts and Terraform that `terraform validate`
accepts.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from cfnlint.config import ConfigMixIn
from cfnlint.decode.decode import decode_str
from cfnlint.runner import Runner
from django.conf import settings
from django.test import Client

from explorer.domain.content.parse import load_library
from explorer.domain.params import resolve_params
from explorer.domain.patterns.registry import register, unregister
from explorer.domain.pricing.estimate import estimate_pattern
from explorer.domain.snippets import formats_for, generate
from explorer.sync import content_sync
from tests.conftest import write_library
from tests.fixtures.ninth_pattern import webhook_receiver
from tests.tools import needs_terraform, terraform_validate

FIXTURE = Path(__file__).parent / "fixtures" / "ninth_pattern" / "webhook-receiver.md"
COMPONENTS = ("api-gateway", "lambda", "sqs", "cloudwatch")


@pytest.fixture
def library_root(tmp_path: Path) -> Iterator[Path]:
    components = {
        slug: (settings.PATTERNS_CONTENT_DIR / "components" / f"{slug}.md").read_text(encoding="utf-8")
        for slug in COMPONENTS
    }
    root = write_library(
        tmp_path, patterns={"webhook-receiver": FIXTURE.read_text(encoding="utf-8")}, components=components
    )
    register(webhook_receiver.PATTERN)
    yield root
    unregister("webhook-receiver")


@pytest.fixture
def spec(library_root: Path):
    return load_library(library_root).patterns["webhook-receiver"]


@pytest.mark.django_db
def test_its_page_shows_the_diagram_the_estimate_and_the_configuration(
    client: Client, library_root: Path
) -> None:
    content_sync(root=library_root)

    response = client.get("/patterns/webhook-receiver/")

    assert response.status_code == 200
    for node in ("node-api", "node-receiver", "node-queue", "node-worker", "node-dlq", "node-logs"):
        assert f'id="{node}"' in response.text
    assert "no cost model for this pattern yet" not in response.text
    assert "Webhook queue: SendMessage requests" in response.text
    assert "template.yaml" in response.text


@pytest.mark.django_db
def test_the_dead_letter_queue_leaves_the_diagram_and_the_template_together(
    client: Client, library_root: Path
) -> None:
    content_sync(root=library_root)

    response = client.get(
        "/patterns/webhook-receiver/", {"dlq_enabled": "false"}, headers={"HX-Request": "true"}
    )
    sam = client.get("/patterns/webhook-receiver/snippets/sam", {"dlq_enabled": "false"})

    assert response.status_code == sam.status_code == 200
    assert 'id="node-dlq"' not in response.text
    assert "WebhookDlq" not in sam.text


@pytest.mark.django_db
def test_its_json_estimate_prices_what_the_module_deploys(client: Client, library_root: Path, spec) -> None:
    content_sync(root=library_root)

    response = client.get("/api/patterns/webhook-receiver/estimate", {"webhooks_per_month": "10000000"})

    assert response.status_code == 200
    lines = {line["item"]: Decimal(line["cost"]) for line in response.json()["line_items"]}
    # 10M requests of 2 KB (one 512 KB increment each) at $1.00 per million:
    # https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs, first 300 million).
    assert lines["HTTP API: HTTP API requests"] == Decimal("10.00")
    expected = estimate_pattern(spec, {"webhooks_per_month": 10_000_000})
    assert Decimal(response.json()["total"]) == expected.total


@pytest.mark.slow
def test_its_sam_template_passes_cfn_lint(spec) -> None:
    params = resolve_params(spec, {})
    assert formats_for(spec, params) == ["sam", "terraform", "cdk-python", "cdk-typescript"]
    document, errors = decode_str(generate(spec, params, "sam"))
    assert not errors

    matches = Runner(ConfigMixIn(regions=["us-east-1"])).validate_template(document)

    assert [f"{m.rule.id}: {m.message}" for m in matches if m.rule.id.startswith("E")] == []


@pytest.mark.slow
@needs_terraform
def test_its_terraform_validates(spec, tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(generate(spec, resolve_params(spec, {}), "terraform"), encoding="utf-8")

    validate = terraform_validate(tmp_path)

    assert validate.returncode == 0, validate.stderr + validate.stdout
