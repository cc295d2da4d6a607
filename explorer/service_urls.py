"""Strict parsing of DATABASE_URL and REDIS_URL into Django settings. No Django imports.

Only the forms the project supports are accepted; anything else is refused with a message
naming the variable, so a typo stops start-up instead of silently using another database.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

# Seconds to wait for Redis to connect or answer before treating the cache as a miss.
REDIS_TIMEOUT_S = 0.5
# How long a cached value lives, in either backend.
CACHE_TIMEOUT_S = 24 * 60 * 60


class SettingError(ValueError):
    """An environment variable that cannot be used; the message names it."""


def database_from_url(url: str, *, base_dir: Path) -> dict[str, object]:
    """`sqlite:///relative.db`, `sqlite:////absolute.db` or
    `postgres://user:password@host:port/name?sslmode=require` as a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if not path:
            raise SettingError("DATABASE_URL: sqlite needs a file, e.g. sqlite:///db.sqlite3")
        file = Path(path) if Path(path).is_absolute() else base_dir / path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(file)}
    if parts.scheme in ("postgres", "postgresql"):
        name = unquote(parts.path.lstrip("/"))
        if not name or not parts.hostname:
            raise SettingError("DATABASE_URL: expected postgres://user:password@host:port/name")
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        try:
            port = parts.port
        except ValueError:
            raise SettingError("DATABASE_URL: the port must be a number") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname,
            "PORT": str(port or 5432),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise SettingError(f"DATABASE_URL: expected sqlite:// or postgres://, got {parts.scheme or 'no scheme'}")


def cache_from_url(url: str) -> dict[str, object]:
    """`redis://host:port/db` (or rediss://) as Django's built-in Redis cache; empty for
    the local-memory default."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": CACHE_TIMEOUT_S,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise SettingError("REDIS_URL: expected redis://host:port/db")
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "TIMEOUT": CACHE_TIMEOUT_S,
        "KEY_PREFIX": "spe",
        # A slow or lost Redis must cost a request little: give up and compute instead.
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT_S, "socket_timeout": REDIS_TIMEOUT_S},
    }
