"""gunicorn's settings (explorer.gunicorn_conf): defaults, and what the environment changes."""

from __future__ import annotations

import importlib
import os

import pytest

from explorer import gunicorn_conf


def load(monkeypatch: pytest.MonkeyPatch, **env: str):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return importlib.reload(gunicorn_conf)


@pytest.fixture(autouse=True)
def restore_module():
    yield
    importlib.reload(gunicorn_conf)


def test_defaults_are_one_sync_worker_per_cpu_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(monkeypatch)

    assert conf.bind == "127.0.0.1:8000"
    assert conf.workers == (os.cpu_count() or 2)
    assert conf.worker_class == "sync"
    assert conf.timeout == 30
    assert conf.accesslog == "-"


def test_the_environment_sets_address_workers_and_access_log(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = load(monkeypatch, GUNICORN_BIND="0.0.0.0:9000", GUNICORN_WORKERS="7", GUNICORN_ACCESS_LOG="")

    assert conf.bind == "0.0.0.0:9000"
    assert conf.workers == 7
    assert conf.accesslog is None
