"""The cache every app server shares (Redis in production), and results kept in it.

Rendered diagrams and computed results (a configuration's estimate with its charts, its
highlighted snippets) live in Django's default cache. With REDIS_URL set that is one Redis
server behind every app server, so what one server computed is a hit on all the others;
without it, each process keeps its own in local memory.

Values are pickled and compressed (zlib, fastest level) before they reach the backend: a
pattern's highlighted snippets pickle to 60-400 KB and compress about tenfold, which is
what decides how many configurations a Redis server or a worker's memory holds.

A cache only saves time, so losing it must not lose a page: when Redis is down, refuses or
times out, or a stored value cannot be read back, `get` answers a miss and `set` does
nothing, each with a log line, and the caller computes the result itself.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import zlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from redis.exceptions import RedisError

logger = logging.getLogger("explorer.cache")

T = TypeVar("T")

# The files whose change can change a cached result: the explorer's code and price data.
PACKAGE_ROOT = Path(__file__).resolve().parent
FINGERPRINTED_SUFFIXES = (".py", ".yaml")
# What a failing cache backend raises: redis-py's errors, and socket errors beneath them.
CACHE_FAILURES = (RedisError, OSError)
# What reading back a value that is not ours (or is truncated) raises.
UNREADABLE = (
    zlib.error,
    pickle.UnpicklingError,
    EOFError,
    TypeError,
    ValueError,
    AttributeError,
    ImportError,
)
COMPRESSION_LEVEL = 1


class CacheBackend(Protocol):
    """The part of a Django cache used here."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any, timeout: Any = ...) -> None: ...


class SharedCache:
    """A cache that answers a miss instead of failing: `get`/`set` never raise."""

    def __init__(self, backend: CacheBackend) -> None:
        self.backend = backend

    def get(self, key: str) -> Any:
        try:
            stored = self.backend.get(key)
        except CACHE_FAILURES as error:
            logger.warning("cache unavailable, computing %s: %s", _kind(key), error)
            return None
        if stored is None:
            return None
        try:
            return pickle.loads(zlib.decompress(stored))
        except UNREADABLE as error:
            logger.warning("cached %s unreadable, computing it: %s", _kind(key), error)
            return None

    def set(self, key: str, value: Any) -> None:
        packed = zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), COMPRESSION_LEVEL)
        try:
            self.backend.set(key, packed)
        except CACHE_FAILURES as error:
            logger.warning("cache unavailable, not keeping %s: %s", _kind(key), error)

    def get_or_compute(self, key: str, compute: Callable[[], T]) -> T:
        """The value under `key`, or `compute()`'s result, kept for next time."""
        found: T | None = self.get(key)
        if found is not None:
            return found
        value = compute()
        self.set(key, value)
        return value


def _kind(key: str) -> str:
    return key.split(":", 1)[0]


def result_key(kind: str, parts: Iterable[object]) -> str:
    """A key for a computed result: its kind, then a sha256 of its inputs and of the code.

    The code fingerprint is part of every key, so a deploy that changes how results are
    computed (or the prices) never reads what the previous release kept in Redis.
    """
    payload = json.dumps([code_fingerprint(), *parts], ensure_ascii=False, default=str)
    return f"{kind}:{hashlib.sha256(payload.encode('utf-8')).hexdigest()}"


@cache
def code_fingerprint() -> str:
    """A sha256 of every Python and YAML file of the explorer package, read once per process."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_ROOT.rglob("*")):
        if path.suffix in FINGERPRINTED_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE_ROOT)).encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()
