"""Syncing content into the database (explorer.sync and the load_content command)."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from explorer.models import (
    BestPractice,
    Component,
    ComponentLimit,
    KeyFact,
    Parameter,
    Pattern,
    PatternComponent,
)
from explorer.sync import content_sync
from tests.conftest import MINIMAL_PATTERN, write_library

pytestmark = pytest.mark.django_db


def table_snapshot() -> dict[str, list]:
    """Every row the sync writes, as plain values, to compare before and after."""
    return {
        "patterns": list(Pattern.objects.values_list("slug", "title", "order", "content_hash")),
        "components": list(Component.objects.values_list("slug", "name", "content_hash")),
        "uses": list(PatternComponent.objects.values_list("pattern__slug", "component__slug", "role")),
        "practices": list(BestPractice.objects.values_list("pattern__slug", "title")),
        "parameters": list(Parameter.objects.values_list("pattern__slug", "name", "default")),
        "limits": list(ComponentLimit.objects.values_list("component__slug", "name")),
    }


def test_it_creates_everything_the_files_hold(content_root: Path) -> None:
    report = content_sync(root=content_root)

    assert report.patterns.created == ["webhook-receiver"]
    # lambda and sqs exist in the real library the test database starts with: updated in place.
    assert sorted(report.components.updated) == ["lambda", "sqs"]
    pattern = Pattern.objects.get(slug="webhook-receiver")
    assert pattern.components.count() == 2
    assert pattern.use_cases.get().slug == "payment-callbacks"
    assert pattern.parameters.get(name="requests_per_month").maximum == "1000000"
    assert Component.objects.get(slug="sqs").limits.get().value == "0 s to 12 h"


def test_it_removes_what_the_files_no_longer_hold(content_root: Path) -> None:
    # The test database starts with the real library; the small folder holds none of it.
    report = content_sync(root=content_root)

    assert "api-backend" in report.patterns.removed
    assert "step-functions" in report.components.removed
    assert list(Pattern.objects.values_list("slug", flat=True)) == ["webhook-receiver"]


def test_a_second_run_changes_nothing_and_says_so(content_root: Path) -> None:
    content_sync(root=content_root)
    before = table_snapshot()

    report = content_sync(root=content_root)

    assert not report.changed
    assert report.describe() == "Nothing changed: 2 components and 1 patterns are up to date."
    assert table_snapshot() == before


def test_it_updates_a_changed_pattern_in_place(content_root: Path) -> None:
    content_sync(root=content_root)
    pk = Pattern.objects.get(slug="webhook-receiver").pk
    path = content_root / "webhook-receiver.md"
    path.write_text(path.read_text().replace("title: Webhook receiver", "title: Webhook intake"))

    report = content_sync(root=content_root)

    assert report.patterns.updated == ["webhook-receiver"]
    assert report.components.unchanged == 2
    assert Pattern.objects.get(pk=pk).title == "Webhook intake"


def test_two_patterns_can_swap_their_order(tmp_path: Path) -> None:
    second = MINIMAL_PATTERN.replace("order: 1", "order: 2").replace("Webhook receiver", "Second")
    root = write_library(tmp_path, patterns={"first": MINIMAL_PATTERN, "second": second})
    content_sync(root=root)
    (root / "first.md").write_text(MINIMAL_PATTERN.replace("order: 1", "order: 2"))
    (root / "second.md").write_text(second.replace("order: 2", "order: 1"))

    content_sync(root=root)

    assert list(Pattern.objects.values_list("slug", flat=True)) == ["second", "first"]


def test_a_broken_file_leaves_the_database_exactly_as_it_was(content_root: Path) -> None:
    before = table_snapshot()
    path = content_root / "webhook-receiver.md"
    path.write_text(path.read_text().replace("category: reliability", "category: speed"))

    with pytest.raises(Exception, match="category"):
        content_sync(root=content_root)

    assert table_snapshot() == before


def test_the_command_reports_what_it_did(content_root: Path) -> None:
    out = StringIO()

    call_command("load_content", root=content_root, stdout=out)

    assert "Patterns: 1 created (webhook-receiver)" in out.getvalue()
    assert "removed (" in out.getvalue()


def test_the_command_fails_on_a_broken_file_and_names_it(content_root: Path) -> None:
    (content_root / "webhook-receiver.md").write_text("---\ntitle: x\n---\n")
    before = table_snapshot()

    with pytest.raises(CommandError) as caught:
        call_command("load_content", root=content_root, stdout=StringIO())

    assert "database is unchanged" in str(caught.value)
    assert "webhook-receiver.md: order: is required" in str(caught.value)
    assert table_snapshot() == before


def test_check_content_validates_without_writing(content_root: Path) -> None:
    out = StringIO()
    before = table_snapshot()

    call_command("check_content", root=content_root, stdout=out)

    assert out.getvalue().strip() == "Content is valid: 2 components and 1 patterns."
    assert table_snapshot() == before


def test_the_spec_is_rebuilt_from_the_database(content_root: Path) -> None:
    content_sync(root=content_root)

    spec = Pattern.objects.get(slug="webhook-receiver").spec()

    assert spec.parameter("dlq_enabled").default is True
    assert [node.id for node in spec.topology.nodes] == ["provider", "queue", "worker", "dlq"]


def test_limits_and_key_facts_keep_their_source_and_check_date() -> None:
    # The test database holds the real library.
    limit = ComponentLimit.objects.get(component__slug="lambda-at-edge", name="Function timeout")
    fact = KeyFact.objects.get(pattern__slug="edge-functions", label="Lambda@Edge timeout")

    assert limit.source_url.endswith("cloudfront-limits.html#limits-lambda-at-edge")
    assert limit.checked == date(2026, 12, 2)
    assert fact.source_url == limit.source_url
    assert fact.checked == date(2026, 12, 2)
    assert fact.component is not None and fact.component.slug == "lambda-at-edge"
    assert KeyFact.objects.count() == sum(len(p.spec().key_facts) for p in Pattern.objects.all())
