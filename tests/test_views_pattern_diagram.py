"""Diagram downloads: /patterns/<slug>/diagram.svg|png|dot with the page's query string."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_svg_download(client: Client) -> None:
    response = client.get("/patterns/saga/diagram.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")
    assert b'href="/components/step-functions/"' in response.content


def test_png_download(client: Client) -> None:
    response = client.get("/patterns/saga/diagram.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_dot_download_follows_the_parameters(client: Client) -> None:
    plain = client.get("/patterns/api-backend/diagram.dot").content.decode()
    with_waf = client.get("/patterns/api-backend/diagram.dot", {"waf_enabled": "true"}).content.decode()

    assert plain.startswith('digraph "API backend"')
    assert 'id="node-waf' not in plain
    assert 'id="node-waf' in with_waf


def test_bad_parameters_are_a_400_naming_the_field(client: Client) -> None:
    response = client.get("/patterns/api-backend/diagram.svg", {"memory_mb": "-1"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "memory_mb: must be from 128 to 10,240 MB; got -1" in response.text


def test_an_unknown_format_is_a_404(client: Client) -> None:
    assert client.get("/patterns/api-backend/diagram.gif").status_code == 404


def test_an_unknown_pattern_is_a_404(client: Client) -> None:
    assert client.get("/patterns/mainframe/diagram.svg").status_code == 404


def test_without_dot_the_page_still_renders_with_a_notice(client: Client, monkeypatch) -> None:
    from django.core.cache import caches

    caches["default"].clear()
    monkeypatch.setenv("PATH", "/nonexistent")

    page = client.get("/patterns/saga/")
    download = client.get("/patterns/saga/diagram.svg")

    assert page.status_code == 200
    assert "apt-get install graphviz" in page.text
    assert download.status_code == 503
    assert "apt-get install graphviz" in download.text
