"""Home, chooser and learning path in a real browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_searching_filters_the_cards_as_you_type(page: Page, site: str, screenshot) -> None:
    page.goto(site + "/")
    screenshot("home")

    page.fill("#id_q", "websocket")

    expect(page.locator(".card__link")).to_have_text(["WebSocket API (real-time communication)"])
    expect(page).to_have_url(re.compile(r"q=websocket"))


def test_completing_the_chooser_lands_on_a_configured_pattern(page: Page, site: str, screenshot) -> None:
    page.goto(site + "/choose/")

    page.check("input[name=trigger][value=queue]")
    page.check("input[name=ordering][value=per_key]")
    page.check("input[name=failure][value=retry]")
    best = page.locator(".ranking__item--best a").first
    # Waits for the last answer (retry) to reach the ranking, not only the first.
    expect(best).to_have_attribute("href", "/patterns/async-messaging/?queue_type=fifo&dlq_enabled=true")
    screenshot("choose")
    best.click()

    expect(page).to_have_url(re.compile(r"/patterns/async-messaging/\?queue_type=fifo&dlq_enabled=true$"))
    expect(page.locator("#param-queue_type")).to_have_value("fifo")


def test_the_whole_chooser_fits_a_laptop_screen(page: Page, site: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(site + "/choose/")

    form = page.locator("main form")
    # No scroll box of its own: every question and the button are in the page's flow.
    assert form.evaluate("form => form.scrollHeight <= form.clientHeight")
    expect(page.get_by_role("group")).to_have_count(5)
    for element in (*page.get_by_role("group").all(), page.get_by_role("button", name="Rank the patterns")):
        expect(element).to_be_in_viewport(ratio=1)


def test_learning_progress_is_kept_in_the_browser(page: Page, site: str) -> None:
    page.goto(site + "/learn/")
    page.check("[data-learn-done='api-backend']")

    page.reload()

    expect(page.locator("[data-learn-done='api-backend']")).to_be_checked()
    expect(page.locator("[data-learn-count]")).to_have_text("1")


PAGES = (
    "/",
    "/patterns/api-backend/",
    "/patterns/saga/?workflow_type=express",
    "/patterns/websocket-api/",
    "/components/",
    "/components/lambda/",
    "/choose/?trigger=queue",
    "/learn/",
    "/learn/stream-processing/",
    "/compare/?patterns=api-backend&patterns=websocket-api",
    "/compare/async-messaging/",
)


def test_pages_load_without_errors_blocked_content_or_missing_files(page: Page, site: str) -> None:
    # A CSP violation, a script error or a missing file (a favicon included) shows here.
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    for path in PAGES:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert not problems, (path, problems)
    icon = page.locator('link[rel="icon"]')
    href = icon.get_attribute("href")
    assert href
    assert page.request.get(site + href).ok


def test_changing_b_in_the_comparison_updates_costs_and_address(page: Page, site: str, screenshot) -> None:
    page.goto(site + "/compare/async-messaging/?b.queue_type=fifo")
    total_b = page.get_by_test_id("total-b").inner_text()

    page.fill("#b-messages_per_month", "50000000")

    expect(page).to_have_url(re.compile(r"b\.messages_per_month=50000000"))
    expect(page.get_by_test_id("total-b")).not_to_have_text(total_b)
    expect(page.locator("#changes-title + ul")).to_contain_text("Messages per month")
    expect(page.locator("tr", has=page.locator("#b-messages_per_month"))).to_have_class("is-different")
    page.fill("#a-batch_size", "0")
    expect(page.locator("#error-a-batch_size")).to_contain_text("from 1 to 10,000")
    screenshot("compare-configurations")


def test_both_configurations_show_on_a_phone(page: Page, site: str) -> None:
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(site + "/compare/api-backend/?b.api_type=http")

    fields = page.locator("#configurations").locator("input, select")
    edges = fields.evaluate_all(
        "els => els.map(el => [el.id, el.getBoundingClientRect().left, el.getBoundingClientRect().right])"
    )
    assert any(name.startswith("b-") for name, _, _ in edges)
    # Neither side sits off the screen, in the page or in a box scrolled sideways.
    assert [name for name, left, right in edges if left < 0 or right > 375] == []
