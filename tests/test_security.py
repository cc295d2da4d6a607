"""Security: headers, the deploy checks, and hostile content that must never reach a page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from explorer.sync import content_sync
from tests.conftest import MINIMAL_PATTERN, write_library

PAGES = ["/", "/patterns/saga/", "/components/sqs/", "/choose/", "/compare/", "/learn/", "/learn/saga/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_pages_carry_a_csp_without_inline_scripts(client: Client, url: str) -> None:
    response = client.get(url)

    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy)
    assert script_src, policy
    assert script_src.group(1).strip() == "'self'"
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text), "an inline script"
    assert not re.search(r"\son[a-z]+=", response.text), "an inline event handler"


HOSTILE = {
    "body": "Hi <script>alert('body')</script> [click](javascript:alert('link')) "
    '<img src=x onerror="alert(\'img\')"> <a href="#" onclick="alert(\'a\')">x</a>',
    "use_case": "<script>alert('use')</script>",
    "practice": "[bad](javascript:alert('practice')) <iframe src=//evil></iframe>",
}


@pytest.mark.django_db
def test_hostile_markdown_in_a_content_file_never_reaches_a_page(client: Client, tmp_path: Path) -> None:
    text = (
        MINIMAL_PATTERN.replace(
            "description: Providers retry slow endpoints.", f'description: "{HOSTILE["use_case"]}"'
        )
        .replace("how: Queue the payload and answer at once.", f'how: "{HOSTILE["practice"]}"')
        .replace("Webhooks land on a queue.", HOSTILE["body"])
    )
    content_sync(root=write_library(tmp_path, patterns={"webhook-receiver": text}))

    response = client.get("/patterns/webhook-receiver/")
    html = response.text

    # The content is shown, cleaned: the links keep their text and lose their target.
    assert response.status_code == 200
    assert '<p>Hi  <a title="link" rel="noopener noreferrer">click</a>' in html
    assert '<p><strong>How:</strong> <a title="practice" rel="noopener noreferrer">bad</a>' in html
    assert "alert(" not in html
    assert "javascript:" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "<iframe" not in html


def test_the_deploy_checks_pass_under_production_settings() -> None:
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is not part of a deployment.
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-secret-key-for-the-deploy-check-" + "x" * 20,
        "ALLOWED_HOSTS": "explorer.example.com",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr
