"""The explorer's address and history in a real browser: Back and Forward always show a form
that matches the address and the outputs, one entry per committed change, focus kept, and
no request sent twice."""

from __future__ import annotations

import re

from playwright.sync_api import Page, Request, expect


def summary_total(page: Page) -> str:
    return page.locator("#summary-total strong").inner_text()


def updates(page: Page, slug: str) -> list[Request]:
    """Every update the explorer asks for from now on (htmx requests to the pattern page)."""
    sent: list[Request] = []

    def record(request: Request) -> None:
        if request.headers.get("hx-request") and f"/patterns/{slug}/?" in request.url:
            sent.append(request)

    page.on("request", record)
    return sent


def test_back_and_forward_restore_the_form_the_address_and_the_outputs(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/api-backend/")
    default_total = summary_total(page)

    page.fill("#param-requests_per_month", "4,000,000")
    expect(page).to_have_url(re.compile(r"requests_per_month=4000000"))
    four_million_total = summary_total(page)
    page.select_option("#param-api_type", "http")
    expect(page).to_have_url(re.compile(r"api_type=http"))

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?requests_per_month=4000000$"))
    expect(page.locator("#param-api_type")).to_have_value("rest")
    expect(page.locator("#param-requests_per_month")).to_have_value("4,000,000")
    expect(page.locator("#summary-total strong")).to_have_text(four_million_total)

    page.go_back()
    expect(page).to_have_url(f"{site}/patterns/api-backend/")
    expect(page.locator("#param-requests_per_month")).to_have_value("1,000,000")
    expect(page.locator("#summary-total strong")).to_have_text(default_total)

    page.go_forward()
    expect(page.locator("#param-requests_per_month")).to_have_value("4,000,000")
    # The restored form goes on working: a change after Forward sends the restored values.
    page.select_option("#param-database", "rds")
    expect(page).to_have_url(re.compile(r"requests_per_month=4000000&.*database=rds"))


def test_one_history_entry_per_committed_change_and_one_per_slider_move(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/api-backend/")
    start = page.evaluate("history.length")

    page.fill("#param-requests_per_month", "2,000,000")
    expect(page).to_have_url(re.compile(r"requests_per_month=2000000"))
    slider = page.locator("[data-slider-for='param-memory_mb']")
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    assert box
    middle = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 4, middle)
    page.mouse.down()
    for step in range(1, 9):
        page.mouse.move(box["x"] + step * box["width"] / 10, middle)
        page.wait_for_timeout(60)
    page.mouse.up()
    expect(page).to_have_url(re.compile(r"memory_mb=\d+"))
    page.wait_for_load_state("networkidle")

    assert page.evaluate("history.length") - start == 2  # the typed number, then the whole drag


def test_focus_stays_in_the_box_after_an_update(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/saga/")
    before = summary_total(page)

    page.locator("#param-executions_per_month").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("2000000")
    expect(page.locator("#summary-total strong")).not_to_have_text(before)

    expect(page.locator("#param-executions_per_month")).to_be_focused()
    expect(page.locator("#summary-change")).to_contain_text("a month")


def test_leaving_a_box_after_typing_sends_no_second_request(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/api-backend/")
    sent = updates(page, "api-backend")

    page.fill("#param-requests_per_month", "3,000,000")
    expect(page).to_have_url(re.compile(r"requests_per_month=3000000"))
    page.keyboard.press("Tab")
    page.locator("#param-api_type").focus()
    page.wait_for_load_state("networkidle")

    assert len(sent) == 1


def test_a_tab_opened_after_an_update_loads_its_code_for_that_configuration(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/saga/")
    page.fill("#param-memory_mb", "1,024")
    expect(page).to_have_url(re.compile(r"memory_mb=1024"))

    page.click("#tab-terraform")

    expect(page.locator("#code-terraform .highlight")).to_contain_text("memory_size")
    expect(page.locator("#code-terraform")).to_contain_text("1024")


def test_the_open_tabs_code_follows_an_update_and_is_kept_until_the_new_code_is_in(
    page: Page, site: str
) -> None:
    page.goto(f"{site}/patterns/api-backend/")
    # The page draws no code: the open tab's comes in as its box nears the screen.
    page.locator("#snippets").scroll_into_view_if_needed()
    expect(page.locator("#code-sam")).to_contain_text("MemorySize: 512")
    page.evaluate("window.scrollTo(0, 0)")
    # Every state the SAM code box goes through during the update, as the page sees it.
    page.evaluate(
        """() => {
          window.__codeStates = [];
          new MutationObserver(() => {
            const box = document.getElementById("code-sam");
            window.__codeStates.push(box ? (box.querySelector(".highlight") ? "code" : "other") : "gone");
          }).observe(document.getElementById("snippets").parentNode, {childList: true, subtree: true});
        }"""
    )

    page.set_viewport_size({"width": 1440, "height": 900})
    page.fill("#param-memory_mb", "2,048")
    expect(page).to_have_url(re.compile(r"memory_mb=2048"))

    # Out of sight, the old code stays (dimmed) and nothing is fetched during the update...
    assert page.evaluate("document.getElementById('code-sam').getBoundingClientRect().top") > 900 + 400
    expect(page.locator("#code-sam")).to_have_attribute("aria-busy", "true")
    expect(page.locator("#code-sam")).not_to_contain_text("MemorySize: 2048")
    # ...and the new code comes in as the box nears the screen.
    page.locator("#snippets").scroll_into_view_if_needed()
    expect(page.locator("#code-sam")).to_contain_text("MemorySize: 2048")
    expect(page.locator("#code-sam")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("#code-sam")).to_have_attribute("data-drawn-url", re.compile(r"memory_mb=2048"))
    assert set(page.evaluate("window.__codeStates")) == {"code"}  # never emptied or a placeholder


def test_a_resized_window_gets_the_layout_its_width_shows(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/saga/")
    page.fill("#param-memory_mb", "1,024")
    expect(page).to_have_url(re.compile(r"memory_mb=1024"))
    expect(page.locator("#outputs .diagram__view")).to_have_count(1)  # the update sent one layout
    assert "diagram__view--narrow" not in (
        page.locator("#outputs .diagram__view").get_attribute("class") or ""
    )
    entries = page.evaluate("history.length")

    page.set_viewport_size({"width": 375, "height": 812})

    expect(page.locator("#outputs .diagram__view--narrow")).to_be_visible()
    expect(page.locator("#outputs .diagram__view")).to_have_count(1)
    assert page.evaluate("history.length") == entries
    expect(page).to_have_url(re.compile(r"memory_mb=1024"))
    expect(page.locator("#summary-change")).not_to_have_text("cost unchanged")
