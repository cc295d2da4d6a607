"""The shared cache (explorer.domain.result_cache): results kept once, a lost Redis costs no page,
and, against a real Redis server, one process's results are hits in another."""

from __future__ import annotations

import json
import logging
import os
import pickle
import subprocess
import sys
import textwrap
import uuid
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from explorer.domain import explore as explore_module
from explorer.domain.content.parse import load_library
from explorer.domain.diagrams import render as render_module
from explorer.domain.explore import explore
from explorer.domain.result_cache import SharedCache, code_fingerprint, result_key
from explorer.service_urls import cache_from_url

BASE_DIR = Path(settings.BASE_DIR)
CONFIGURATION = {"requests_per_month": ["3000000"], "waf_enabled": ["true"]}


class DictBackend:
    """A cache backend in a dict, counting what is asked of it."""

    def __init__(self) -> None:
        self.items: dict[str, Any] = {}
        self.sets = 0

    def get(self, key: str, default: Any = None) -> Any:
        return self.items.get(key, default)

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        self.items[key] = value
        self.sets += 1


class LostBackend:
    """A cache backend whose server has gone away."""

    def get(self, key: str, default: Any = None) -> Any:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    def set(self, key: str, value: Any, timeout: Any = None) -> None:
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture(scope="module")
def library():
    return load_library(Path(settings.PATTERNS_CONTENT_DIR))


def explore_api_backend(library, cache: SharedCache | None, content_version: str):
    spec = library.patterns["api-backend"]
    return explore(
        spec,
        CONFIGURATION,
        library.components,
        component_url=lambda slug: f"/components/{slug}/",
        cache=cache,
        content_version=content_version,
    )


@pytest.fixture
def nothing_computes(monkeypatch: pytest.MonkeyPatch) -> None:
    """After this, an estimate, a snippet or a diagram that is not in the cache fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("computed although the result was in the cache")

    monkeypatch.setattr(explore_module, "estimate_pattern", refuse)
    monkeypatch.setattr(explore_module, "generate", refuse)
    monkeypatch.setattr(render_module, "_run_dot", refuse)


def test_a_lost_cache_is_a_miss_and_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    cache = SharedCache(LostBackend())

    with caplog.at_level(logging.WARNING, logger="explorer.cache"):
        assert cache.get("cost:abc") is None
        cache.set("cost:abc", 1)
        assert cache.get_or_compute("cost:abc", lambda: 42) == 42

    assert "cache unavailable, computing cost: Error 111" in caplog.text
    assert "cache unavailable, not keeping cost" in caplog.text


def test_get_or_compute_computes_once() -> None:
    backend = DictBackend()
    cache = SharedCache(backend)
    calls = []

    def compute() -> str:
        calls.append(1)
        return "result"

    assert cache.get_or_compute("k", compute) == "result"
    assert cache.get_or_compute("k", compute) == "result"
    assert len(calls) == 1
    assert backend.sets == 1


def test_values_are_stored_compressed_and_read_back_equal(library) -> None:
    backend = DictBackend()
    cache = SharedCache(backend)
    first = explore_api_backend(library, cache, "content-v1")

    snippet_keys = [key for key in backend.items if key.startswith("snippet:")]
    assert len(snippet_keys) == len(first.snippet_tabs)  # explored without a tab named: every file
    stored = backend.items[snippet_keys[0]]
    assert isinstance(stored, bytes)
    assert len(stored) * 5 < len(pickle.dumps(first.snippets[0]))  # highlighted HTML compresses well
    assert cache.get(snippet_keys[0]) == first.snippets[0]


@pytest.mark.parametrize("stored", [b"not zlib", zlib.compress(b"not a pickle"), "a str from elsewhere"])
def test_an_unreadable_value_is_a_miss(stored: object, caplog: pytest.LogCaptureFixture) -> None:
    backend = DictBackend()
    backend.items["cost:abc"] = stored
    cache = SharedCache(backend)

    with caplog.at_level(logging.WARNING, logger="explorer.cache"):
        assert cache.get_or_compute("cost:abc", lambda: "recomputed") == "recomputed"

    assert "cached cost unreadable" in caplog.text
    assert cache.get("cost:abc") == "recomputed"


def test_result_keys_name_their_kind_and_change_with_every_input(monkeypatch: pytest.MonkeyPatch) -> None:
    key = result_key("cost", ["api-backend", "v1", [("requests_per_month", "1")], True])

    assert key.startswith("cost:") and len(key) == len("cost:") + 64
    assert key == result_key("cost", ["api-backend", "v1", [("requests_per_month", "1")], True])
    assert key != result_key("snippets", ["api-backend", "v1", [("requests_per_month", "1")], True])
    assert key != result_key("cost", ["api-backend", "v2", [("requests_per_month", "1")], True])
    assert key != result_key("cost", ["api-backend", "v1", [("requests_per_month", "2")], True])
    assert key != result_key("cost", ["api-backend", "v1", [("requests_per_month", "1")], False])
    monkeypatch.setattr("explorer.domain.result_cache.code_fingerprint", lambda: "another release")
    assert key != result_key("cost", ["api-backend", "v1", [("requests_per_month", "1")], True])


def test_the_code_fingerprint_covers_code_and_prices() -> None:
    assert len(code_fingerprint()) == 64
    assert code_fingerprint() == code_fingerprint()


def test_explore_keeps_its_results_and_reads_them_back(library, request: pytest.FixtureRequest) -> None:
    cache = SharedCache(DictBackend())
    first = explore_api_backend(library, cache, "content-v1")
    assert first.cost is not None and first.snippets and first.diagram_svg

    request.getfixturevalue("nothing_computes")
    again = explore_api_backend(library, cache, "content-v1")

    assert again.cost == first.cost
    assert again.snippets == first.snippets
    assert again.diagram_svg == first.diagram_svg


def test_an_edited_pattern_is_computed_afresh(library, request: pytest.FixtureRequest) -> None:
    cache = SharedCache(DictBackend())
    explore_api_backend(library, cache, "content-v1")

    request.getfixturevalue("nothing_computes")
    with pytest.raises(AssertionError, match="computed although"):
        explore_api_backend(library, cache, "content-v2")


def test_without_a_content_version_nothing_is_kept(library) -> None:
    backend = DictBackend()
    explore_api_backend(library, SharedCache(backend), "")

    # Only the renders, which the cache key of the DOT makes safe: the page's three layouts.
    assert [key.split(":")[0] for key in backend.items] == ["diagram"] * 3


@pytest.mark.django_db
def test_pages_render_when_redis_is_unreachable(client, caplog: pytest.LogCaptureFixture) -> None:
    # Nothing listens on port 1: every cache call is refused at once.
    unreachable = {"default": cache_from_url("redis://127.0.0.1:1/0")}
    with override_settings(CACHES=unreachable), caplog.at_level(logging.WARNING, logger="explorer.cache"):
        response = client.get("/patterns/api-backend/", {"requests_per_month": "3000000"})
        update = client.get(
            "/patterns/api-backend/", {"requests_per_month": "4000000"}, headers={"HX-Request": "true"}
        )
        diagram = client.get("/patterns/api-backend/diagram.svg")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<svg" in page and "Monthly estimate" in page
    assert update.status_code == 200 and "<svg" in update.content.decode()
    assert diagram.status_code == 200 and diagram["Content-Type"] == "image/svg+xml"
    assert "cache unavailable" in caplog.text


REDIS_ONLY = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="needs a Redis server: `make test-services` starts one and sets REDIS_URL",
)

OTHER_APP_SERVER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    import django
    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from explorer.domain.content.parse import load_library
    from explorer.domain.explore import explore
    from explorer.domain.result_cache import SharedCache

    library = load_library(Path(settings.PATTERNS_CONTENT_DIR))
    result = explore(
        library.patterns["api-backend"],
        json.loads(sys.argv[2]),
        library.components,
        component_url=lambda slug: f"/components/{slug}/",
        cache=SharedCache(caches["default"]),
        content_version=sys.argv[1],
    )
    print(json.dumps({"total": str(result.cost.estimate.total), "svg": len(result.diagram_svg)}))
    """
)


@REDIS_ONLY
def test_another_app_servers_results_are_hits_here(library, request: pytest.FixtureRequest) -> None:
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    content_version = f"shared-{uuid.uuid4().hex}"  # nothing can have kept this before
    other = subprocess.run(
        [sys.executable, "-c", OTHER_APP_SERVER, content_version, json.dumps(CONFIGURATION)],
        cwd=BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "explorer.settings"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    computed_there = json.loads(other.stdout.strip().splitlines()[-1])

    request.getfixturevalue("nothing_computes")
    here = explore_api_backend(library, SharedCache(caches["default"]), content_version)

    assert str(here.cost.estimate.total) == computed_there["total"]
    assert len(here.diagram_svg) == computed_there["svg"]
    assert here.snippets
