"""A small HCL writer for Terraform: blocks, attributes, comments, expressions and heredocs.

Values are Python data: strings are quoted (with `${` escaped, so a literal never turns
into an interpolation by accident), `Expr` is written as it is (a reference such as
`aws_sqs_queue.orders.arn` or a function call), lists and dicts become HCL tuples and
objects. `terraform fmt` would align the `=` signs; the output is valid without it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

INDENT = "  "
IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Expr:
    """An HCL expression written verbatim: a reference, a function call, `null`."""

    text: str


@dataclass(frozen=True)
class Call:
    """A function call on one value, e.g. `jsonencode({...})`."""

    name: str
    value: Any


@dataclass(frozen=True)
class Heredoc:
    """A multi-line string written as an indented heredoc (`<<-EOT`)."""

    text: str


@dataclass(frozen=True)
class Attr:
    name: str
    value: Any
    comment: str = ""


@dataclass(frozen=True)
class Block:
    type: str
    labels: tuple[str, ...] = ()
    body: list[Attr | Block] = field(default_factory=list)
    comment: str = ""


def dump(blocks: list[Block], header: str = "") -> str:
    """The blocks as a Terraform file, separated by blank lines, `header` as comments."""
    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    for block in blocks:
        if lines:
            lines.append("")
        _block(block, 0, lines)
    return "\n".join(lines) + "\n"


def quote(text: str) -> str:
    """A string literal; `${` and `%{` are escaped so they stay literal."""
    return json.dumps(text).replace("${", "$${").replace("%{", "%%{")


def value_text(value: Any, depth: int = 0) -> str:
    """One value as HCL; nested lists and objects are written over several lines."""
    if isinstance(value, Expr):
        return value.text
    if isinstance(value, Call):
        return f"{value.name}({value_text(value.value, depth)})"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, Heredoc):
        pad = INDENT * (depth + 1)
        body = "\n".join(
            f"{pad}{line}" if line else "" for line in value.text.replace("${", "$${").splitlines()
        )
        return f"<<-EOT\n{body}\n{INDENT * depth}EOT"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(not isinstance(item, list | dict) for item in value):
            return "[" + ", ".join(value_text(item, depth) for item in value) + "]"
        pad = INDENT * (depth + 1)
        items = ",\n".join(f"{pad}{value_text(item, depth + 1)}" for item in value)
        return f"[\n{items},\n{INDENT * depth}]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        pad = INDENT * (depth + 1)
        entries = "\n".join(
            f"{pad}{_key(key)} = {value_text(item, depth + 1)}" for key, item in value.items()
        )
        return f"{{\n{entries}\n{INDENT * depth}}}"
    return quote(str(value))


def _key(key: str) -> str:
    return key if IDENTIFIER_RE.match(key) else quote(key)


def _comment(comment: str, depth: int, lines: list[str]) -> None:
    lines.extend(f"{INDENT * depth}# {line}" for line in comment.splitlines())


def _block(block: Block, depth: int, lines: list[str]) -> None:
    pad = INDENT * depth
    if block.comment:
        _comment(block.comment, depth, lines)
    labels = "".join(f" {quote(label)}" for label in block.labels)
    if not block.body:
        lines.append(f"{pad}{block.type}{labels} {{}}")
        return
    lines.append(f"{pad}{block.type}{labels} {{")
    for item in block.body:
        if isinstance(item, Block):
            _block(item, depth + 1, lines)
            continue
        if item.comment:
            _comment(item.comment, depth + 1, lines)
        lines.append(f"{pad}{INDENT}{item.name} = {value_text(item.value, depth + 1)}")
    lines.append(f"{pad}}}")
