"""The stylesheet's colour tokens meet WCAG AA contrast in both themes.

Text colours are checked against the surfaces they sit on, at 4.5:1 for body text
(WCAG 2.1, success criterion 1.4.3), and the focus ring at 3:1 (1.4.11); the values are
read from static/css/site.css itself.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings

CSS = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()
LIGHT, _, rest = CSS.partition("@media (prefers-color-scheme: dark)")
DARK = rest.split("/* ---------- Base", 1)[0]

# (text token, background token): pairs the templates put together.
PAIRS = [
    ("--color-text", "--color-bg"),
    ("--color-text", "--color-surface"),
    ("--color-text", "--color-surface-2"),
    ("--color-text-muted", "--color-bg"),
    ("--color-text-muted", "--color-surface"),
    ("--color-accent", "--color-surface"),
    ("--color-accent", "--color-bg"),
    ("--color-accent-strong", "--color-accent-soft"),
    ("--color-on-accent", "--color-accent"),
    ("--color-error", "--color-error-soft"),
    ("--color-warning", "--color-warning-soft"),
    ("--color-text", "--color-warning-soft"),
    ("--code-text", "--code-bg"),
    ("--code-comment", "--code-bg"),
    ("--code-keyword", "--code-bg"),
    ("--code-string", "--code-bg"),
    ("--code-number", "--code-bg"),
    ("--code-name", "--code-bg"),
    *[
        (f"--cat-{name}", f"--cat-{name}-soft")
        for name in ("compute", "storage", "messaging", "networking", "observability", "security")
    ],
]


def tokens(block: str) -> dict[str, str]:
    return dict(re.findall(r"(--[a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;", block))


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("text", "background"), PAIRS)
def test_text_meets_wcag_aa(theme: str, text: str, background: str) -> None:
    palette = tokens(LIGHT)
    if theme == "dark":
        palette |= tokens(DARK)

    ratio = contrast(palette[text], palette[background])

    assert ratio >= 4.5, f"{text} on {background} in the {theme} theme is {ratio:.2f}:1"


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("background", ["--color-bg", "--color-surface", "--color-surface-2"])
def test_the_focus_ring_stands_out_from_the_page_and_the_cards(theme: str, background: str) -> None:
    # A focus indicator needs 3:1 against the colours next to it (WCAG 2.1, success
    # criterion 1.4.11, non-text contrast); the ring sits outside the element, on the page
    # or on the card that holds it.
    palette = tokens(LIGHT)
    if theme == "dark":
        palette |= tokens(DARK)

    ratio = contrast(palette["--color-focus"], palette[background])

    assert ratio >= 3, f"--color-focus on {background} in the {theme} theme is {ratio:.2f}:1"


def test_the_focus_ring_has_its_own_colour() -> None:
    assert re.search(r":focus-visible\s*\{[^}]*outline:[^;}]*var\(--color-focus\)", CSS)


def test_the_known_ratio_of_black_on_white() -> None:
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
