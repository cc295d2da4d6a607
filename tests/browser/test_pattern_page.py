"""A pattern page in a real browser: the panel updates the page in place."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def estimate(page: Page) -> str:
    return page.get_by_test_id("estimate-total").inner_text()


def test_changing_memory_changes_the_cost_without_a_reload(page: Page, site: str, screenshot) -> None:
    page.goto(f"{site}/patterns/api-backend/")
    page.evaluate("window.__loadedOnce = true")
    before = estimate(page)

    page.fill("#param-memory_mb", "4096")

    expect(page.get_by_test_id("estimate-total")).not_to_have_text(before)
    assert page.evaluate("window.__loadedOnce") is True  # no reload happened
    expect(page).to_have_url(re.compile(r"memory_mb=4096"))
    screenshot("pattern-api-backend", "#architecture")


def test_toggling_waf_adds_its_node_to_the_diagram(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/api-backend/")
    expect(page.locator("#outputs svg [id^='node-waf']")).to_have_count(0)

    page.check("#param-waf_enabled")

    expect(page.locator("#outputs svg [id*='node-waf'] >> visible=true").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"waf_enabled=true"))


def test_a_shared_url_opens_in_the_same_state(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/async-messaging/")
    page.select_option("#param-queue_type", "fifo")
    page.fill("#param-memory_mb", "1024")
    expect(page).to_have_url(re.compile(r"memory_mb=1024"))
    shared = page.url
    total = estimate(page)

    other = page.context.new_page()
    other.goto(shared)

    expect(other.locator("#param-queue_type")).to_have_value("fifo")
    expect(other.locator("#param-memory_mb")).to_have_value("1,024")
    expect(other.get_by_test_id("estimate-total")).to_have_text(total)


def test_an_invalid_value_shows_an_inline_error_and_keeps_the_page(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/async-messaging/")
    total = estimate(page)

    page.fill("#param-memory_mb", "lots")

    expect(page.locator("#error-memory_mb")).to_contain_text("expected a whole number from 128 to 10,240 MB")
    expect(page.get_by_test_id("estimate-total")).to_have_text(total)
    page.fill("#param-memory_mb", "2048")
    expect(page.locator("#error-memory_mb")).to_have_text("")


def test_the_page_works_by_keyboard_alone(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/saga/")

    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    # Tab through to the first parameter and change it with the keyboard only.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "param-executions_per_month":
            break
    expect(page.locator("#param-executions_per_month")).to_be_focused()
    before = estimate(page)
    page.keyboard.press("Control+A")
    page.keyboard.type("5000000")
    expect(page.get_by_test_id("estimate-total")).not_to_have_text(before)
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_a_component_link_in_the_diagram_opens_its_page_on_a_second_click(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/saga/")

    # Graphviz writes SVG links as xlink:href, which CSS attribute selectors do not see. The
    # page holds the diagram in two layouts and shows one: click in the one shown.
    link = "//*[@id='outputs']//*[local-name()='a'][@*[local-name()='href']='/components/step-functions/']"
    page.locator(f"xpath={link} >> visible=true").first.click()
    page.locator(f"xpath={link} >> visible=true").first.click()

    expect(page).to_have_url(re.compile(r"/components/step-functions/$"))


def test_clicking_a_node_highlights_its_cost_lines_then_opens_its_page(
    page: Page, site: str, screenshot
) -> None:
    page.goto(f"{site}/patterns/api-backend/")
    node_link = "//*[@id='node-fn']//*[local-name()='a']"

    page.locator(f"xpath={node_link}").click()

    expect(page.locator("tr[data-node='fn'].is-selected").first).to_be_visible()
    # The function's own lines in the template, and no other resource's.
    expect(page.locator("#panel-sam .snippet-line.is-selected[data-node='fn']").first).to_be_visible()
    expect(page.locator("#panel-sam .snippet-line.is-selected:not([data-node='fn'])")).to_have_count(0)
    expect(page.locator("#selection")).to_contain_text("highlighted")
    expect(page).to_have_url(re.compile(r"/patterns/api-backend/$"))
    screenshot("pattern-selection", "#architecture")
    page.locator(f"xpath={node_link}").click()
    expect(page).to_have_url(re.compile(r"/components/lambda/$"))


def test_snippet_tabs_switch_and_copy(page: Page, site: str, screenshot) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{site}/patterns/saga/")
    expect(page.locator("#panel-sam")).to_be_visible()
    expect(page.locator("#panel-asl")).to_be_hidden()

    page.click("#tab-asl")

    expect(page.locator("#panel-asl")).to_be_visible()
    expect(page.locator("#panel-sam")).to_be_hidden()
    page.locator("#panel-asl [data-copy]").click()
    expect(page.locator("#panel-asl [data-copy]")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert '"StartAt": "ReserveInventory"' in copied
    screenshot("pattern-snippets", "#snippets")


def test_the_chosen_tab_survives_a_parameter_change(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/saga/")
    page.click("#tab-terraform")

    page.fill("#param-memory_mb", "1024")

    expect(page.locator("#panel-terraform")).to_contain_text("1024")
    expect(page.locator("#panel-terraform")).to_be_visible()


def test_an_update_does_not_shift_the_layout(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/async-messaging/")
    where = "(selector) => document.querySelector(selector).getBoundingClientRect().top + window.scrollY"
    before = {
        selector: page.evaluate(where, selector) for selector in ("#outputs", "#parameters", ".diagram")
    }
    box = page.locator(".diagram").bounding_box()
    assert box
    diagram_height = box["height"]
    total = estimate(page)

    page.fill("#param-messages_per_month", "50000000")
    expect(page.get_by_test_id("estimate-total")).not_to_have_text(total)

    after = {selector: page.evaluate(where, selector) for selector in before}
    assert after == before  # the panel, the outputs and the diagram stay where they were
    box = page.locator(".diagram").bounding_box()
    assert box and box["height"] == diagram_height


def test_the_dark_theme_follows_the_system_setting(browser, site: str) -> None:
    from tests.browser.conftest import ARTIFACTS

    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/patterns/saga/")

    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    text = page.evaluate("getComputedStyle(document.body).color")
    diagram_text = page.evaluate("getComputedStyle(document.querySelector('#outputs svg')).color")

    assert background == "rgb(15, 20, 27)"
    assert text == diagram_text == "rgb(230, 235, 242)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.locator("#architecture").screenshot(path=str(ARTIFACTS / "pattern-saga-dark.png"))
    context.close()


def test_the_page_is_usable_on_a_phone(browser, site: str) -> None:
    from tests.browser.conftest import ARTIFACTS

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{site}/patterns/api-backend/")

    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0  # nothing wider than the screen
    page.fill("#param-requests_per_month", "5000000")
    expect(page).to_have_url(re.compile(r"requests_per_month=5000000"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "pattern-phone.png"))
    context.close()


def test_each_estimate_line_shows_its_amount_on_a_phone(browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{site}/patterns/event-driven-processing/?variant=fan-out")
    table = page.locator(".estimate__lines")
    table.scroll_into_view_if_needed()
    box = page.locator(".estimate__lines").locator("xpath=..")
    # The lines fit their box: no scrolling it sideways to reach the amounts or the arithmetic.
    assert box.evaluate("element => element.scrollWidth - element.clientWidth") <= 0
    right_edges = table.locator("tbody td.numeric").evaluate_all(
        "cells => cells.map(cell => cell.getBoundingClientRect().right)"
    )
    assert right_edges and max(right_edges) <= 375
    context.close()


def test_a_bad_address_is_explained_on_a_phone_without_overflow(browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{site}/patterns/api-backend/?requests_per_month=1{'0' * 30}")

    expect(page.locator("#address-errors")).to_contain_text("must be from 0 to 10,000,000,000 requests")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.fill("#param-requests_per_month", "5000000")
    expect(page.locator("#address-errors")).to_be_hidden()  # the panel takes over
    context.close()


def test_the_memory_slider_steps_through_common_sizes_and_moves_the_cost(page: Page, site: str) -> None:
    page.goto(f"{site}/patterns/api-backend/?requests_per_month=10000000")
    slider = page.locator("[data-slider-for='param-memory_mb']")
    expect(slider).to_be_visible()
    before = estimate(page)

    slider.fill("6")  # the seventh stop: 128, 256, 512, 1024, 1536, 1769, 2048

    expect(page.locator("#param-memory_mb")).to_have_value("2,048")
    expect(slider).to_have_attribute("aria-valuetext", "2,048 MB")
    expect(page.get_by_test_id("estimate-total")).not_to_have_text(before)
    expect(page).to_have_url(re.compile(r"memory_mb=2048"))


def test_without_javascript_every_file_shows_and_no_control_needs_a_script(browser, site: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site}/patterns/saga/")

    expect(page.locator(".param__slider").first).to_be_hidden()
    expect(page.locator("#snippets [role=tablist]")).to_be_hidden()
    expect(page.locator("#panel-sam")).to_be_visible()
    expect(page.locator("#panel-asl")).to_be_visible()  # one after another, each with Download
    context.close()


def test_setting_the_page_up_moves_nothing(page: Page, site: str) -> None:
    """site.js finds the sliders, the tab list and the closed tabs as the stylesheet laid them
    out before it ran (the scripting media feature): no shift, no second layout of the page."""
    page.goto(f"{site}/patterns/saga/")

    expect(page.locator(".param__slider").first).to_be_visible()
    expect(page.locator("#snippets [role=tablist]")).to_be_visible()
    expect(page.locator("#panel-asl")).to_be_hidden()
    shift = page.evaluate(
        """() => new Promise((resolve) => {
          // From the moment site.js sets the page up (DOMContentLoaded); a frame painted while
          // the parser was still reading a large page is not the set-up's doing.
          const setUp = performance.getEntriesByType("navigation")[0].domContentLoadedEventStart;
          let total = 0;
          new PerformanceObserver((list) => list.getEntries().forEach((e) => {
            if (e.startTime >= setUp) { total += e.value; }
          })).observe({type: "layout-shift", buffered: true});
          setTimeout(() => resolve(total), 300);
        })"""
    )
    assert shift == 0
