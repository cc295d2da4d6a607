"""Every pattern's diagram, in every variant, read in Chromium as a person would see it.

At the default page width of a 1440 px laptop and of a 375 px phone, the diagram shown must
fit the width with every text at 11 px (laptop) or 9 px (phone) or more, and no text may
overlap another text or a node it does not belong to. The boxes compared are the rendered
text boxes, trimmed a little (a glyph cell is taller and wider than its ink).
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from _pytest.mark.structures import ParameterSet
from django.conf import settings
from playwright.sync_api import Browser, ViewportSize

from explorer.domain.content.parse import load_library
from explorer.domain.content.schema import ParameterType, ParameterValue
from explorer.domain.diagrams.build import LAYOUTS

# The visible diagram's smallest text size, whether it fits, and every overlap found.
MEASURE = """
() => {
  const svgs = Array.from(document.querySelectorAll("#outputs .diagram svg")).filter(
    (svg) => svg.getBoundingClientRect().width > 0);
  if (svgs.length !== 1) return {visible: svgs.length};
  const svg = svgs[0];
  const trim = (r) => ({left: r.left + r.width * 0.02, right: r.right - r.width * 0.02,
                        top: r.top + r.height * 0.2, bottom: r.bottom - r.height * 0.2});
  const hit = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const owner = (el) => {
    const group = el.closest("g.node, g.edge, g.cluster, #legend, [id$='-legend']");
    return group ? group.id : "graph";
  };
  const texts = Array.from(svg.querySelectorAll("text")).filter((t) => t.textContent.trim());
  const sizes = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a);
  const boxes = texts.map((t) => ({text: t.textContent.trim(), owner: owner(t), box: trim(t.getBoundingClientRect())}));
  const overlaps = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => {
    if (hit(a.box, b.box)) overlaps.push(`"${a.text}" (${a.owner}) over "${b.text}" (${b.owner})`);
  }));
  const nodes = Array.from(svg.querySelectorAll("g.node")).map((g) => ({id: g.id, box: g.getBoundingClientRect()}));
  boxes.forEach((a) => nodes.forEach((node) => {
    if (a.owner !== node.id && hit(a.box, node.box)) overlaps.push(`"${a.text}" (${a.owner}) over node ${node.id}`);
  }));
  const rect = svg.getBoundingClientRect();
  const page = document.documentElement.clientWidth;
  const canvas = svg.closest(".diagram__canvas");
  return {visible: 1, smallest: Math.min(...sizes), count: sizes.length,
          fits: rect.left >= 0 && rect.right <= page + 0.5 && canvas.scrollWidth <= canvas.clientWidth,
          overlaps};
}
"""

SCREENS: dict[str, tuple[ViewportSize, float]] = {
    "laptop": ({"width": 1440, "height": 900}, 11.0),
    "phone": ({"width": 375, "height": 812}, 9.0),
}


def cases() -> list[ParameterSet]:
    library = load_library(settings.PATTERNS_CONTENT_DIR)
    found: list[ParameterSet] = []
    for spec in sorted(library.patterns.values(), key=lambda spec: spec.order):
        variants: list[tuple[str, dict[str, ParameterValue]]] = [("defaults", {})]
        variants += [(variant.slug, {variant.parameter: variant.value}) for variant in spec.variants]
        variants.append(
            ("everything-on", {p.name: "true" for p in spec.parameters if p.type is ParameterType.BOOL})
        )
        for name, values in variants:
            for screen in SCREENS:
                found.append(pytest.param(spec.slug, values, screen, id=f"{spec.slug}-{name}-{screen}"))
    return found


@pytest.fixture(scope="module")
def pages(browser: Browser):
    """One page per screen, shared by the cases of this module."""
    opened = {}
    for screen, (viewport, _size) in SCREENS.items():
        phone = viewport["width"] < 600
        context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone)
        opened[screen] = context.new_page()
    yield opened
    for page in opened.values():
        page.context.close()


@pytest.mark.parametrize(("slug", "values", "screen"), cases())
def test_the_diagram_fits_is_legible_and_no_text_overlaps(
    pages, site: str, slug: str, values: dict[str, str], screen: str
) -> None:
    page = pages[screen]
    page.goto(f"{site}/patterns/{slug}/?{urlencode(values)}")

    found = page.evaluate(MEASURE)

    assert found["visible"] == 1, "exactly one layout of the diagram is shown"
    assert found["overlaps"] == []
    assert found["fits"], "the diagram is wider than the screen"
    assert found["smallest"] >= SCREENS[screen][1], f"text at {found['smallest']:.1f} px"


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_no_layout_has_overlapping_text_in_any_pattern_or_variant(pages, site: str, layout: str) -> None:
    """The layouts a screen does not show are checked too: a wider or narrower window shows them."""
    page = pages["laptop"]
    problems = {}
    for param in cases()[::2]:
        slug, values, _screen = param.values
        assert isinstance(values, dict)
        page.goto(f"{site}/patterns/{slug}/?{urlencode(values)}")
        page.add_style_tag(
            content=f".diagram__view.diagram__view {{ display: none !important; }}"
            f" .diagram__view.diagram__view--{layout} {{ display: block !important; }}"
        )
        found = page.evaluate(MEASURE)
        if found["visible"] != 1 or found["overlaps"]:
            problems[param.id] = found.get("overlaps", found)

    assert problems == {}
