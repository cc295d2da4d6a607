"""A team's own pattern, added as one file, works everywhere without a cost model or generator."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from explorer.sync import content_sync
from tests.conftest import MINIMAL_PATTERN, write_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def custom(tmp_path: Path) -> str:
    content_sync(root=write_library(tmp_path, patterns={"webhook-receiver": MINIMAL_PATTERN}))
    return "webhook-receiver"


def test_its_page_renders_with_a_diagram_and_says_what_is_missing(client: Client, custom: str) -> None:
    response = client.get(f"/patterns/{custom}/", {"dlq_enabled": "false"})

    assert response.status_code == 200
    assert "<svg" in response.text
    assert "no cost model for this pattern yet" in response.text
    assert "no configuration generator for this pattern yet" in response.text


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/patterns/webhook-receiver/?requests_per_month=5", 200),
        ("/patterns/webhook-receiver/diagram.svg", 200),
        ("/patterns/webhook-receiver/snippets/sam", 400),
        ("/patterns/webhook-receiver/snippets.zip", 400),
        ("/api/patterns/webhook-receiver", 200),
        ("/api/patterns/webhook-receiver/estimate", 404),
        ("/compare/webhook-receiver/", 404),
        ("/compare/?patterns=webhook-receiver&patterns=webhook-receiver", 400),
        ("/learn/", 200),
        ("/learn/webhook-receiver/", 200),
        ("/choose/?trigger=http", 200),
        ("/", 200),
    ],
)
def test_no_address_fails_with_a_500(client: Client, custom: str, url: str, status: int) -> None:
    assert client.get(url).status_code == status


def test_htmx_updates_work(client: Client, custom: str) -> None:
    response = client.get(
        "/patterns/webhook-receiver/", {"dlq_enabled": "false"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert 'id="node-worker"' in response.text
    assert 'id="node-dlq"' not in response.text
