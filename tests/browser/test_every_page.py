"""Every page of the site, built from the loaded content, in a real browser: none is wider
than a phone's screen, and none logs an error."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page, ViewportSize

from explorer.models import Component, Pattern

PHONE: ViewportSize = {"width": 375, "height": 812}

# The elements that stick out past the right edge of the screen, innermost first, with a
# little of their text: enough to find the rule or the content to blame.
OVERFLOWING = """(width) => {
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim()
      ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  // Inside a box that scrolls or clips sideways (a code block, a wide table) is no fault.
  const scrolled = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 0.5 && !scrolled(el))
    .reverse()
    .slice(0, 5)
    .map((el) => `${name(el)} (right edge ${Math.round(el.getBoundingClientRect().right)}px: `
      + `"${(el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 60)}")`);
}"""


def every_page() -> list[str]:
    """The address of every kind of page, one per pattern and component in the database,
    and the error pages: a 404 and a pattern page given a value it refuses."""
    patterns = list(Pattern.objects.order_by("slug"))
    components = list(Component.objects.order_by("slug"))
    compared = "&".join(f"patterns={pattern.slug}" for pattern in patterns[:3])
    return [
        reverse("pattern_list"),
        "/?q=queue",
        reverse("component_list"),
        reverse("learn"),
        reverse("compare"),
        f"{reverse('compare')}?{compared}",
        reverse("choose"),
        f"{reverse('choose')}?trigger=queue&ordering=per_key&failure=retry",
        "/patterns/no-such-pattern/",
        f"{reverse('pattern_detail', args=['api-backend'])}?memory_mb=abc",
        *(pattern.get_absolute_url() for pattern in patterns),
        *(reverse("learn_summary", args=[pattern.slug]) for pattern in patterns),
        *(reverse("compare_configurations", args=[pattern.slug]) for pattern in patterns),
        *(component.get_absolute_url() for component in components),
    ]


def test_no_page_is_wider_than_a_phone(page: Page, site: str) -> None:
    page.set_viewport_size(PHONE)
    too_wide = {}
    for path in every_page():
        page.goto(site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[path] = (width, page.evaluate(OVERFLOWING, PHONE["width"]))

    assert not too_wide, "\n".join(
        f"{path} is {width}px wide: {', '.join(culprits) or 'text outside any element'}"
        for path, (width, culprits) in too_wide.items()
    )


def test_no_page_logs_an_error(page: Page, site: str) -> None:
    problems: list[str] = []
    current = {"path": ""}

    def on_console(message: ConsoleMessage) -> None:
        # An error page's own 404 or 400 is its answer, not a fault; a file it fails to load is.
        if message.type == "error" and message.location.get("url") != site + current["path"]:
            problems.append(f"{current['path']}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{current['path']}: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{current['path']}: {response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    for path in every_page():
        current["path"] = path
        page.goto(site + path)

    assert not problems, "\n".join(problems)
