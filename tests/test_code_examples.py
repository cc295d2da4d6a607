"""Every code example in the content parses in its language, so a reader can paste and run it.

Python is parsed with `ast` and must be pyflakes-clean (no undefined names, unused imports or
variables); JSON with `json`; YAML with a loader that knows CloudFormation's short-form tags
(`!Ref`, `!GetAtt`, `!Sub` ...); JavaScript with `node --check`. The one exception is the
original guide's two consumers, reproduced on purpose with the flaws their captions explain: they
must still parse, and pyflakes must find exactly those flaws and no others.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from pyflakes.api import check
from pyflakes.reporter import Reporter

from explorer.domain.content.parse import load_library
from explorer.domain.content.schema import CodeExample

EXAMPLES = [
    (spec.slug, example)
    for spec in load_library(settings.PATTERNS_CONTENT_DIR).patterns.values()
    for example in spec.code_examples
]

# Shown as the original guide wrote them; each caption names these flaws and the next example
# fixes them.
KNOWN_FLAWS = {
    ("async-messaging", "seed-sqs-consumer"): [
        "undefined name 'json'",
        "undefined name 'process_message'",
        "local variable 'e' is assigned to but never used",
    ],
    ("stream-processing", "seed-kinesis-batch-handler"): [
        "undefined name 'base64'",
        "undefined name 'json'",
        "undefined name 'process_event'",
    ],
}


def example_id(item: tuple[str, CodeExample]) -> str:
    return f"{item[0]}:{item[1].slug}"


def of_language(*languages: str) -> list[tuple[str, CodeExample]]:
    return [item for item in EXAMPLES if item[1].language in languages]


class _Collector(Reporter):
    """Collects pyflakes' messages as plain text instead of printing them (method names are pyflakes')."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def unexpectedError(self, filename: str, message: str) -> None:
        self.messages.append(message)

    def syntaxError(self, filename, msg, lineno, offset, text) -> None:
        self.messages.append(f"syntax error on line {lineno}: {msg}")

    def flake(self, message) -> None:
        self.messages.append(message.message % message.message_args)


class _CloudFormationLoader(yaml.SafeLoader):
    """Safe YAML that accepts CloudFormation's short-form intrinsic functions."""


def _intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        value: object = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode), node
        value = loader.construct_mapping(node, deep=True)
    return {f"Fn::{tag_suffix}": value}


_CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def test_the_content_has_examples_in_every_checked_language() -> None:
    languages = {example.language for _, example in EXAMPLES}

    assert {"python", "json", "yaml", "javascript"} <= languages


@pytest.mark.parametrize("item", of_language("python"), ids=example_id)
def test_python_examples_parse_and_are_pyflakes_clean(item: tuple[str, CodeExample]) -> None:
    pattern, example = item
    ast.parse(example.code, filename=example.slug)
    reporter = _Collector()

    check(example.code, example.slug, reporter)

    assert reporter.messages == KNOWN_FLAWS.get((pattern, example.slug), [])


@pytest.mark.parametrize("item", of_language("json"), ids=example_id)
def test_json_examples_parse(item: tuple[str, CodeExample]) -> None:
    json.loads(item[1].code)


@pytest.mark.parametrize("item", of_language("yaml"), ids=example_id)
def test_yaml_examples_parse_with_cloudformation_tags(item: tuple[str, CodeExample]) -> None:
    assert isinstance(yaml.load(item[1].code, Loader=_CloudFormationLoader), dict)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("item", of_language("javascript"), ids=example_id)
def test_javascript_examples_pass_node_check(item: tuple[str, CodeExample], tmp_path: Path) -> None:
    source = tmp_path / f"{item[1].slug}.js"
    source.write_text(item[1].code, encoding="utf-8")

    result = subprocess.run(["node", "--check", str(source)], capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr


def test_the_known_flaws_are_still_examples() -> None:
    present = {(pattern, example.slug) for pattern, example in EXAMPLES}

    assert set(KNOWN_FLAWS) <= present
