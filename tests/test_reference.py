"""The README's parameter reference matches the content and the pricing catalog."""

from __future__ import annotations

from django.conf import settings

from explorer.domain.content.parse import load_library
from explorer.domain.reference import BEGIN, END, reference_markdown


def test_the_readme_reference_is_up_to_date() -> None:
    readme = (settings.BASE_DIR / "README.md").read_text()
    current = readme.split(BEGIN, 1)[1].split(END, 1)[0].strip()

    expected = reference_markdown(load_library(settings.PATTERNS_CONTENT_DIR)).strip()

    assert current == expected, "run: python -m explorer.domain.reference --write"


def test_it_lists_units_and_bounds() -> None:
    text = reference_markdown(load_library(settings.PATTERNS_CONTENT_DIR))

    assert "| `memory_mb` | 128 to 10,240 MB | `512` |" in text
    assert "#### `lambda` (AWS Lambda)" in text
