"""DATABASE_URL and REDIS_URL parsing (explorer.service_urls)."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.service_urls import SettingError, cache_from_url, database_from_url

BASE = Path("/srv/app")


def test_sqlite_relative_and_absolute() -> None:
    assert database_from_url("sqlite:///db.sqlite3", base_dir=BASE)["NAME"] == "/srv/app/db.sqlite3"
    assert database_from_url("sqlite:////var/lib/app.db", base_dir=BASE)["NAME"] == "/var/lib/app.db"


def test_postgres_with_everything() -> None:
    database = database_from_url(
        "postgres://app:s%40cret@db.internal:6543/explorer?sslmode=require", base_dir=BASE
    )

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["USER"], database["PASSWORD"], database["HOST"], database["PORT"]) == (
        "app",
        "s@cret",
        "db.internal",
        "6543",
    )
    assert database["NAME"] == "explorer"
    assert database["OPTIONS"] == {"sslmode": "require"}


def test_postgres_default_port() -> None:
    assert database_from_url("postgresql://app@localhost/explorer", base_dir=BASE)["PORT"] == "5432"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://x@y/z", "expected sqlite:// or postgres://"),
        ("postgres://localhost", "expected postgres://user:password@host:port/name"),
        ("postgres://a@h:port/db", "the port must be a number"),
        ("sqlite://", "sqlite needs a file"),
        ("", "no scheme"),
    ],
)
def test_bad_database_urls_name_the_variable(url: str, message: str) -> None:
    with pytest.raises(SettingError, match="DATABASE_URL") as caught:
        database_from_url(url, base_dir=BASE)

    assert message in str(caught.value)


def test_redis_url_selects_the_built_in_redis_cache() -> None:
    cache = cache_from_url("redis://cache.internal:6379/1")

    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/1"
    # A lost Redis costs a request at most half a second before it is treated as a miss.
    assert cache["OPTIONS"] == {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def test_no_redis_url_means_local_memory() -> None:
    assert cache_from_url("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_a_bad_redis_url_names_the_variable() -> None:
    with pytest.raises(SettingError, match="REDIS_URL"):
        cache_from_url("memcached://x")
