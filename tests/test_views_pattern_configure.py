"""Configuring a pattern on its page: the query string sets the parameters, htmx updates in place."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from explorer.domain.pricing.engine import format_money
from explorer.domain.pricing.estimate import estimate_pattern
from explorer.models import Pattern
from tests.html import elements

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def outputs_url(html: str) -> str:
    """The address the outputs were drawn for, which the page puts in the address bar."""
    found = re.search(r'<div id="outputs" class="explorer__outputs" data-url="([^"]*)"', html)
    assert found, "the outputs name their address"
    return found.group(1).replace("&amp;", "&")


def drawn_nodes(html: str) -> set[str]:
    return set(re.findall(r'id="node-([A-Za-z0-9_-]+)"', html))


def test_the_page_shows_the_diagram_at_the_defaults(client: Client) -> None:
    html = client.get("/patterns/api-backend/").text

    assert "<svg" in html
    assert 'role="img"' in html
    assert 'href="/components/lambda/"' in html
    assert "waf_edge" not in drawn_nodes(html)


def test_the_query_string_configures_the_diagram(client: Client) -> None:
    html = client.get("/patterns/api-backend/", {"waf_enabled": "true", "cdn_enabled": "true"}).text

    assert {"waf_edge", "cdn"} <= drawn_nodes(html)
    assert 'id="param-waf_enabled" name="waf_enabled" value="true" checked' in html
    assert 'id="param-cdn_enabled" name="cdn_enabled" value="true" checked' in html
    assert 'name="waf_enabled" value="true" checked' not in client.get("/patterns/api-backend/").text


def test_the_panel_offers_every_parameter_with_its_default(client: Client) -> None:
    html = client.get("/patterns/async-messaging/").text

    assert 'name="queue_type"' in html
    assert '<option value="standard" selected>' in html
    assert 'id="param-memory_mb"' in html


def test_htmx_gets_the_configured_fragment_and_a_shareable_url(client: Client) -> None:
    response = client.get(
        "/patterns/async-messaging/", {"queue_type": "fifo", "memory_mb": "1024"}, headers=HTMX
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="outputs"')
    assert "<html" not in response.text
    assert outputs_url(response.text) == "/patterns/async-messaging/?queue_type=fifo&memory_mb=1024"
    assert "HX-Push-Url" not in response  # the page keeps the address (site.js), one entry per change
    assert "HX-Request" in response["Vary"]


def test_defaults_have_the_bare_address(client: Client) -> None:
    response = client.get("/patterns/async-messaging/", {"queue_type": "standard"}, headers=HTMX)

    assert outputs_url(response.text) == "/patterns/async-messaging/"


def test_an_update_sends_only_the_field_errors_there_are(client: Client) -> None:
    valid = client.get("/patterns/async-messaging/", {"memory_mb": "1024"}, headers=HTMX).text
    invalid = client.get(
        "/patterns/async-messaging/", {"memory_mb": "lots", "free_tier": "maybe"}, headers=HTMX
    ).text

    assert 'class="field__error"' not in valid  # site.js empties the old ones before the swap
    errors = re.findall(r'<p class="field__error" id="(error-[a-z_]+)" hx-swap-oob="true">', invalid)
    assert errors == ["error-memory_mb", "error-free_tier"]


def test_an_invalid_value_over_htmx_keeps_the_page_and_shows_the_error(client: Client) -> None:
    response = client.get("/patterns/async-messaging/", {"memory_mb": "lots"}, headers=HTMX)

    assert response.status_code == 400
    assert response["HX-Reswap"] == "none"
    assert re.search(
        r'id="error-memory_mb" hx-swap-oob="true">expected a whole number from 128 to 10,240 MB',
        response.text,
    )


def test_an_invalid_value_without_javascript_is_a_400_page_that_keeps_the_text(client: Client) -> None:
    response = client.get("/patterns/async-messaging/", {"memory_mb": "lots", "queue_type": "fifo"})

    assert response.status_code == 400
    html = response.text
    assert 'value="lots"' in html
    assert "expected a whole number" in html
    assert '<option value="fifo" selected>' in html  # the valid value still applies


def test_a_huge_number_is_refused_quickly(client: Client) -> None:
    response = client.get("/patterns/api-backend/", {"requests_per_month": "1" + "0" * 30})

    assert response.status_code == 400
    assert "must be from 0 to 10,000,000,000 requests" in response.text


def test_a_bad_address_is_summarised_at_the_top_with_links_to_the_fields(client: Client) -> None:
    response = client.get(
        "/patterns/api-backend/",
        {"requests_per_month": "1" + "0" * 30, "free_tier": "maybe", "colour": "blue"},
    )

    html = response.text
    summary = html[html.index('id="address-errors"') : html.index('class="with-sidebar"')]
    assert html.index('id="address-errors"') < html.index('id="explorer"')
    assert '<a href="#param-requests_per_month">Requests per month</a>: must be from 0' in summary
    assert '<a href="#param-free_tier">Free tier</a>: expected true or false' in summary
    assert "colour: unknown parameter" in summary


def test_a_good_address_has_no_summary_and_an_update_clears_it(client: Client) -> None:
    page = client.get("/patterns/api-backend/").text
    assert [text.strip() for text in elements(page, "div", id="address-errors", hidden=None)] == [""]

    update = client.get("/patterns/api-backend/", {"requests_per_month": "5"}, headers={"HX-Request": "true"})

    assert elements(update.text, "div", id="address-errors", hx_swap_oob="true", hidden=None) == [""]


def test_an_unknown_parameter_is_a_400_naming_it(client: Client) -> None:
    response = client.get("/patterns/api-backend/", {"colour": "blue"})

    assert response.status_code == 400
    assert (
        "<li><strong>colour</strong>: unknown parameter; API backend takes: requests_per_month,"
        in response.text
    )


def test_an_htmx_update_takes_two_queries(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        client.get("/patterns/saga/", {"workflow_type": "express"}, headers=HTMX)


def money(text: str) -> Decimal:
    return Decimal(text.removeprefix("$").replace(",", ""))


def estimate_total(html: str) -> str:
    found = re.search(r'data-testid="estimate-total">([^<]+)<', html)
    assert found, html
    return found.group(1)


def test_the_estimate_follows_the_parameters(client: Client) -> None:
    small = estimate_total(client.get("/patterns/api-backend/", {"memory_mb": "128"}, headers=HTMX).text)
    large = estimate_total(client.get("/patterns/api-backend/", {"memory_mb": "4096"}, headers=HTMX).text)
    spec = Pattern.objects.get(slug="api-backend").spec()

    # More memory costs more; each figure is the engine's for the same configuration.
    assert money(small) < money(large)
    assert small == format_money(estimate_pattern(spec, {"memory_mb": 128}).total)
    assert large == format_money(estimate_pattern(spec, {"memory_mb": 4096}).total)


def test_the_estimate_shows_its_arithmetic_and_charts(client: Client) -> None:
    html = client.get("/patterns/api-backend/", {"requests_per_month": "10000000"}).text
    spec = Pattern.objects.get(slug="api-backend").spec()

    # The page shows the engine's figure for the same configuration (tests/test_pricing.py and
    # tests/patterns/ work the figures out by hand).
    assert estimate_total(html) == format_money(
        estimate_pattern(spec, {"requests_per_month": 10_000_000}).total
    )
    assert "10,000,000 requests x $3.50 per million = $35.00" in html
    assert 'id="chart-services"' in html
    assert 'id="chart-growth"' in html
    assert ">10x traffic<" in html


def test_switching_the_free_tier_off_is_kept_in_the_address(client: Client) -> None:
    response = client.get("/patterns/scheduled-tasks/", {"free_tier": ["false"]}, headers=HTMX)

    assert outputs_url(response.text) == "/patterns/scheduled-tasks/?free_tier=false"
    assert "free tier not applied" in response.text


def test_the_original_guides_scenario_is_compared_and_explained(client: Client) -> None:
    html = client.get("/patterns/api-backend/").text

    assert "Why the figures differ" in html
    assert "the original guide says $35, we estimate $35.00" in html
    assert 'href="/patterns/api-backend/?requests_per_month=10000000#architecture"' in html


def test_the_panel_offers_presets_that_configure_the_page(client: Client) -> None:
    html = client.get("/patterns/api-backend/").text

    assert (
        'href="/patterns/api-backend/?requests_per_month=10000000&amp;avg_duration_ms=200#architecture"'
        in html
    )
    assert "High traffic" in html


def test_short_ranges_get_a_slider_and_traffic_volumes_do_not(client: Client) -> None:
    html = client.get("/patterns/api-backend/").text

    assert (
        'data-slider-for="param-timeout_s" data-unit="s" min="1" max="900" step="1"' in html
    )  # whole numbers
    assert 'data-slider-for="param-requests_per_month"' not in html


def test_the_memory_slider_steps_through_lambdas_common_sizes(client: Client) -> None:
    html = client.get("/patterns/api-backend/").text

    stops = "128,256,512,1024,1536,1769,2048,3008,4096,6144,8192,10240"
    assert f'data-slider-for="param-memory_mb" data-stops="{stops}" data-unit="MB" min="0" max="11"' in html


def test_number_boxes_show_grouped_digits_and_take_them_back(client: Client) -> None:
    page = client.get("/patterns/api-backend/", {"requests_per_month": "2500000"}).text
    assert 'id="param-requests_per_month" name="requests_per_month" value="2,500,000"' in page

    update = client.get("/patterns/api-backend/", {"requests_per_month": "2,500,000"}, headers=HTMX)
    assert update.status_code == 200
    assert outputs_url(update.text) == "/patterns/api-backend/?requests_per_month=2500000"


def test_an_update_draws_no_code_and_names_where_each_tab_gets_it(client: Client) -> None:
    response = client.get(
        "/patterns/saga/", {"retry_max_attempts": "4"}, headers={**HTMX, "X-Snippet-Tab": "asl"}
    )

    html = response.text
    assert 'class="highlight"' not in html  # no Pygments on the update's path
    assert elements(html, "button", id="tab-asl", aria_selected="true")
    assert elements(html, "button", id="tab-sam", aria_selected="false")
    # The open box is kept as it is (hx-preserve) until site.js loads the code named here.
    assert 'data-panel="asl" data-code-url="/patterns/saga/snippets/asl/code?retry_max_attempts=4"' in html
    assert re.search(r'<div class="snippet-code snippet-code--pending" id="code-asl" hx-preserve>', html)
    assert "X-Snippet-Tab" in response["Vary"]


def test_the_page_draws_no_code_and_names_where_the_open_tab_gets_it(client: Client) -> None:
    html = client.get("/patterns/saga/", {"retry_max_attempts": "4"}).text

    snippets = html[html.index('id="snippets"') : html.index("</section>", html.index('id="snippets"'))]
    assert 'class="highlight"' not in snippets  # site.js loads the open tab's code when it is near
    assert 'data-panel="sam" data-code-url="/patterns/saga/snippets/sam/code?retry_max_attempts=4"' in html
    assert '<div class="snippet-code snippet-code--pending" id="code-sam">' in html
    assert "The AWS SAM file is drawn as it comes into view" in snippets
    assert 'id="code-asl" hx-preserve' not in html  # a full page keeps nothing
    assert elements(html, "button", id="tab-sam", aria_selected="true")


def test_an_unknown_open_tab_opens_the_first(client: Client) -> None:
    html = client.get("/patterns/saga/", headers={**HTMX, "X-Snippet-Tab": "cobol"}).text

    assert elements(html, "button", id="tab-sam", aria_selected="true")
    assert 'data-code-url="/patterns/saga/snippets/asl/code"' in html


def test_an_update_carries_the_new_total_for_the_summary(client: Client) -> None:
    html = client.get("/patterns/api-backend/", {"requests_per_month": "10000000"}, headers=HTMX).text

    spec = Pattern.objects.get(slug="api-backend").spec()
    total = estimate_pattern(spec, {"requests_per_month": 10_000_000}).total
    [shown] = elements(html, "p", class_="explorer__total", id="summary-total", hx_swap_oob="true")
    assert format_money(total) in shown


def test_back_and_forward_get_the_whole_explorer_with_its_form(client: Client) -> None:
    response = client.get(
        "/patterns/api-backend/",
        {"requests_per_month": "3000000", "api_type": "http"},
        headers={**HTMX, "HX-Target": "explorer"},
    )

    html = response.text
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="explorer" class="explorer">')
    assert 'name="requests_per_month" value="3,000,000"' in html
    assert '<option value="http" selected>' in html
    assert outputs_url(html) == "/patterns/api-backend/?requests_per_month=3000000&api_type=http"
    assert "hx-swap-oob" not in html  # the summary is inside the explorer swapped


def test_a_configuration_aws_refuses_shows_no_price_and_names_the_limit(client: Client) -> None:
    response = client.get(
        "/patterns/edge-functions/", {"edge_runtime": "cloudfront-functions", "event_type": "origin-request"}
    )

    assert "Not priced: AWS would refuse this configuration." in response.text
    assert 'data-testid="estimate-total"' not in response.text
    assert "edge-functions-choosing.html" in response.text


def test_an_update_that_names_the_diagram_width_gets_only_that_layout(client: Client) -> None:
    every = client.get("/patterns/saga/", headers=HTMX).text
    phone = client.get("/patterns/saga/", headers={**HTMX, "X-Diagram-Width": "330"}).text

    assert every.count('class="diagram__view ') == 3
    assert phone.count('class="diagram__view ') == 1
    assert '<div class="diagram__view diagram__view--narrow">' in phone
    [canvas] = re.findall(r'<div class="diagram__canvas"[^>]*>', phone)
    assert 'data-shown-from="0"' in canvas and "data-shown-below=" in canvas


@pytest.mark.parametrize("width", ["wide", "-3", "0", "99999", "12.5", "1e3"])
def test_a_diagram_width_that_is_not_a_width_is_ignored(client: Client, width: str) -> None:
    response = client.get("/patterns/saga/", headers={**HTMX, "X-Diagram-Width": width})

    assert response.status_code == 200
    assert response.text.count('class="diagram__view ') == 3
