from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from django.conf import settings

from explorer.sync import content_sync

QUEUE_COMPONENT = """\
---
name: Amazon SQS
short_name: SQS
category: messaging
summary: Managed message queues.
docs_url: https://docs.aws.amazon.com/sqs/
limits:
  - name: Visibility timeout
    value: 0 s to 12 h
    explanation: How long a received message stays hidden.
    source: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
    checked: 2026-12-02
---
Queues decouple producers from consumers.
"""

FUNCTION_COMPONENT = """\
---
name: AWS Lambda
short_name: Lambda
category: compute
summary: Functions that run on demand.
docs_url: https://docs.aws.amazon.com/lambda/
---
Runs code without servers.
"""

MINIMAL_PATTERN = """\
---
title: Webhook receiver
order: 1
level: introductory
summary: Accept webhooks and process them later.
use_cases:
  - name: Payment callbacks
    description: Providers retry slow endpoints.
components:
  - component: sqs
    role: Holds each webhook.
  - component: lambda
    role: Processes webhooks.
best_practices:
  - title: Acknowledge before processing
    category: reliability
    component: sqs
    how: Queue the payload and answer at once.
    why: Slow answers cause retries.
parameters:
  - name: requests_per_month
    label: Webhooks per month
    type: int
    unit: requests
    default: 1000
    min: 0
    max: 1000000
    help: How many webhooks arrive.
  - name: dlq_enabled
    label: Dead-letter queue
    type: bool
    default: true
    help: Keep failed webhooks.
topology:
  nodes:
    - {id: provider, label: Provider, actor: true}
    - {id: queue, label: Queue, component: sqs}
    - {id: worker, label: Worker, component: lambda}
    - {id: dlq, label: DLQ, component: sqs, when: {dlq_enabled: true}}
  edges:
    - {from: provider, to: queue, label: POST}
    - {from: queue, to: worker, label: batch}
    - {from: worker, to: dlq, kind: failure, label: after 3 receives}
---
## How it works

Webhooks land on a queue.
"""


def write_library(
    root: Path,
    patterns: dict[str, str] | None = None,
    components: dict[str, str] | None = None,
) -> Path:
    """Writes a small content folder: by default one pattern and two components."""
    (root / "components").mkdir(parents=True, exist_ok=True)
    if components is None:
        components = {"sqs": QUEUE_COMPONENT, "lambda": FUNCTION_COMPONENT}
    if patterns is None:
        patterns = {"webhook-receiver": MINIMAL_PATTERN}
    for slug, text in components.items():
        (root / "components" / f"{slug}.md").write_text(textwrap.dedent(text), encoding="utf-8")
    for slug, text in patterns.items():
        (root / f"{slug}.md").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def content_root(tmp_path: Path) -> Path:
    return write_library(tmp_path / "content")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the real library, loaded once; each test rolls back its changes."""
    with django_db_blocker.unblock():
        content_sync(root=settings.PATTERNS_CONTENT_DIR)


@pytest.hookimpl(hookwrapper=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> object:
    """After pytest-randomly has shuffled them, tests on a live server (transactional: their
    database is flushed when they end) run after every other test, as Django's own runner
    orders TransactionTestCase after TestCase; the others keep the real library that
    django_db_setup loaded once."""
    yield
    transactional = [
        item for item in items if {"live_server", "transactional_db"} & set(getattr(item, "fixturenames", ()))
    ]
    if transactional:
        others = [item for item in items if item not in transactional]
        items[:] = others + transactional
