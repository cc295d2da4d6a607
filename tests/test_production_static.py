"""Static files under the production settings: collected, hashed, compressed and cached long
by whitenoise in the app server itself (run in a subprocess, since settings load once)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings

PRODUCTION_SERVER = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.test import Client

    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    hashed_url = staticfiles_storage.url("css/site.css")
    answers = {}
    for name, url, encoding in [
        ("hashed", hashed_url, "gzip"),
        ("hashed_identity", hashed_url, "identity"),
        ("unhashed", "/static/css/site.css", "gzip"),
        ("missing", "/static/css/nothing-here.css", "gzip"),
    ]:
        response = client.get(url, headers={"Accept-Encoding": encoding})
        body = b"".join(response) if response.status_code == 200 else b""
        answers[name] = {
            "status": response.status_code,
            "encoding": response.get("Content-Encoding", ""),
            "cache": response.get("Cache-Control", ""),
            "vary": response.get("Vary", ""),
            "type": response.get("Content-Type", ""),
            "bytes": len(body),
        }
    print(json.dumps({"url": hashed_url, "answers": answers}))
    """
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> dict:
    static_root = tmp_path_factory.mktemp("staticfiles")
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "explorer.settings",
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-secret-key-for-the-static-files-test-" + "x" * 20,
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(static_root),
        "SQLITE_PATH": str(static_root.parent / "unused.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_SERVER],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    return {**json.loads(result.stdout.strip().splitlines()[-1]), "root": static_root}


def test_collectstatic_writes_hashed_and_compressed_files(served: dict) -> None:
    root = Path(served["root"])
    hashed = re.fullmatch(r"/static/(css/site\.[0-9a-f]{12}\.css)", served["url"])

    assert hashed, served["url"]
    assert (root / hashed.group(1)).is_file()
    assert (root / f"{hashed.group(1)}.gz").is_file()
    assert (root / "staticfiles.json").is_file()


def test_hashed_files_are_cached_for_a_year_and_sent_compressed(served: dict) -> None:
    gzip = served["answers"]["hashed"]
    identity = served["answers"]["hashed_identity"]

    assert gzip["status"] == 200 and gzip["type"].startswith("text/css")
    assert gzip["encoding"] == "gzip"
    assert "max-age=315360000" in gzip["cache"] and "immutable" in gzip["cache"]
    assert "Accept-Encoding" in gzip["vary"]
    assert identity["status"] == 200 and identity["encoding"] == ""
    assert gzip["bytes"] < identity["bytes"] / 2


def test_unhashed_names_are_served_but_not_cached_for_long(served: dict) -> None:
    unhashed = served["answers"]["unhashed"]

    assert unhashed["status"] == 200
    assert "immutable" not in unhashed["cache"]
    assert served["answers"]["missing"]["status"] == 404
