"""The tree shows the architecture: the pure domain imports no Django and nothing of the app."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parent.parent / "explorer" / "domain"
MODULES = sorted(DOMAIN.rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_domain_has_modules():
    assert len(MODULES) > 20


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(DOMAIN)))
def test_it_imports_no_django_and_nothing_outside_the_domain(path: Path):
    for name in imported_modules(path):
        top = name.split(".")[0]
        assert top != "django", f"{path.name} imports {name}"
        if top == "explorer":
            assert name == "explorer.domain" or name.startswith("explorer.domain."), (
                f"{path.name} imports {name}, outside the domain"
            )
