"""HTML is gzipped for browsers that accept it, everywhere but the admin (BREACH: the
reasoning is in explorer/settings.py, next to MIDDLEWARE)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.test import Client

PATTERN_PAGE: tuple[str, dict[str, str]] = ("/patterns/saga/", {})
HTMX_UPDATE: tuple[str, dict[str, str]] = (
    "/patterns/saga/?executions_per_month=250000",
    {"HX-Request": "true"},
)


def vary(response) -> set[str]:
    return {item.strip().lower() for item in response.get("Vary", "").split(",")}


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "headers"), [PATTERN_PAGE, HTMX_UPDATE], ids=["page", "htmx-update"])
def test_html_comes_gzipped_and_unpacks_to_the_same_html(client: Client, url: str, headers: dict) -> None:
    plain = client.get(url, headers={**headers, "Accept-Encoding": "identity"})
    packed = client.get(url, headers={**headers, "Accept-Encoding": "gzip, deflate, br"})

    assert packed.status_code == plain.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(packed)
    assert int(packed["Content-Length"]) == len(packed.content)
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 4


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["page", "htmx-update"])
def test_a_compressed_page_holds_no_secret_for_breach_to_find(client: Client, headers: dict) -> None:
    """What makes compressing these pages safe: they reflect the query string, but carry no
    CSRF token and start no session (if one appears, revisit the decision in settings.py)."""
    response = client.get(
        "/patterns/saga/?executions_per_month=250000", headers={**headers, "Accept-Encoding": "gzip"}
    )

    html = gzip.decompress(response.content)
    assert b"250000" in html  # the query string's value, reflected
    assert b"csrfmiddlewaretoken" not in html
    assert not response.cookies


@pytest.mark.django_db
def test_html_stays_plain_for_a_browser_that_does_not_accept_gzip(client: Client) -> None:
    response = client.get(PATTERN_PAGE[0], headers={"Accept-Encoding": "identity"})

    assert not response.has_header("Content-Encoding")
    assert "accept-encoding" in vary(response)
    assert b"<html" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/", "/admin/explorer/pattern/?q=saga", "/admin/login/?next=/admin/"])
def test_the_admin_is_never_compressed(admin_client: Client, url: str) -> None:
    response = admin_client.get(url, headers={"Accept-Encoding": "gzip"}, follow=True)

    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


@pytest.mark.django_db
def test_the_admin_login_page_with_its_csrf_token_is_not_compressed(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/", headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert not response.has_header("Content-Encoding")


PRODUCTION_MIDDLEWARE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.conf import settings
    print(json.dumps(settings.MIDDLEWARE))
    """
)


def test_production_compresses_after_whitenoise_and_before_anything_reads_the_body(tmp_path) -> None:
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "explorer.settings",
        "DEBUG": "false",
        "SECRET_KEY": "a-long-random-secret-key-for-the-compression-test-" + "x" * 20,
        "ALLOWED_HOSTS": "testserver",
        "SQLITE_PATH": str(tmp_path / "unused.sqlite3"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_MIDDLEWARE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    middleware = json.loads(result.stdout.strip().splitlines()[-1])

    gzip_at = middleware.index("explorer.middleware.GZipExceptAdminMiddleware")
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < gzip_at
    # Everything below it in the list sees the response first, uncompressed.
    assert middleware[:gzip_at] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]
