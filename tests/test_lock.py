"""The lock files the set-up installs from hold every requirement a human listed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAME_RE = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def names(path: Path) -> set[str]:
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-") and (match := NAME_RE.match(line)):
            found.add(re.sub(r"[-_.]+", "-", match.group(1)).lower())
    return found


@pytest.mark.parametrize(
    ("ranges", "lock"),
    [
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
        ("requirements-sam-cli.txt", "requirements-sam-cli.lock"),
        ("requirements-serverless-rules.txt", "requirements-serverless-rules.lock"),
    ],
)
def test_every_listed_requirement_is_pinned_with_hashes_in_the_lock(ranges: str, lock: str) -> None:
    locked = (ROOT / lock).read_text(encoding="utf-8")
    pinned = names(ROOT / lock)
    assert names(ROOT / ranges) <= pinned, f"run `make lock`: {sorted(names(ROOT / ranges) - pinned)}"
    assert "--hash=sha256:" in locked
    assert all("==" in line for line in locked.splitlines() if NAME_RE.match(line))
