"""A small YAML writer for CloudFormation: block style, comments, and `!Ref`-style tags.

PyYAML cannot write comments or short-form intrinsic functions, and a snippet's
"# Best practice: ..." comments are the point, so templates are written here. The output
is plain YAML 1.1 that cfn-lint and CloudFormation read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

INDENT = "  "
PLAIN_RE = re.compile(r"^[A-Za-z_$/.][A-Za-z0-9_$/.:@*()\-]*$")
RESERVED_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"})


@dataclass(frozen=True)
class Tag:
    """A short-form intrinsic function such as `!Ref Queue` or `!Equals [a, b]`."""

    name: str
    value: Any


@dataclass(frozen=True)
class Commented:
    """A mapping value with a comment written on the line above its key."""

    value: Any
    comment: str


@dataclass(frozen=True)
class Literal:
    """A multi-line string written as a literal block (`|`)."""

    text: str


def dump(document: dict[str, Any], header: str = "") -> str:
    """The document as YAML text, with `header` as leading comment lines."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    _mapping(document, 0, lines)
    return "\n".join(lines) + "\n"


def scalar(value: Any) -> str:
    """One scalar or tag as it appears after a key or a dash."""
    if isinstance(value, Tag):
        if isinstance(value.value, list):
            return f"!{value.name} [{', '.join(scalar(item) for item in value.value)}]"
        return f"!{value.name} {scalar(value.value)}"
    if isinstance(value, dict):  # a flow mapping, inside a tag's list
        return "{" + ", ".join(f"{scalar(key)}: {scalar(item)}" for key, item in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if value is None:
        return "null"
    text = str(value)
    if PLAIN_RE.match(text) and text.lower() not in RESERVED_WORDS and not _looks_numeric(text):
        return text
    return json.dumps(text)


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _comment(comment: str, depth: int, lines: list[str]) -> None:
    lines.extend(f"{INDENT * depth}# {line}" for line in comment.splitlines())


def _mapping(mapping: dict[str, Any], depth: int, lines: list[str]) -> None:
    for key, raw in mapping.items():
        value = raw
        if isinstance(raw, Commented):
            _comment(raw.comment, depth, lines)
            value = raw.value
        _entry(f"{INDENT * depth}{scalar(key)}:", value, depth, lines)


def _entry(prefix: str, value: Any, depth: int, lines: list[str]) -> None:
    """Writes `prefix` (a key with its colon, or a dash) followed by the value."""
    if isinstance(value, dict) and value:
        lines.append(prefix)
        _mapping(value, depth + 1, lines)
    elif isinstance(value, list) and value:
        lines.append(prefix)
        _sequence(value, depth + 1, lines)
    elif isinstance(value, Literal):
        lines.append(f"{prefix} |")
        lines.extend(f"{INDENT * (depth + 1)}{line}" if line else "" for line in value.text.splitlines())
    elif isinstance(value, dict):
        lines.append(f"{prefix} {{}}")
    elif isinstance(value, list):
        lines.append(f"{prefix} []")
    else:
        lines.append(f"{prefix} {scalar(value)}")


def _sequence(items: list[Any], depth: int, lines: list[str]) -> None:
    pad = INDENT * depth
    for item in items:
        if isinstance(item, dict) and item:
            nested: list[str] = []
            _mapping(item, depth + 1, nested)
            first, *rest = nested
            lines.append(f"{pad}- {first.lstrip()}")
            lines.extend(rest)
        else:
            _entry(f"{pad}-", item, depth, lines)
