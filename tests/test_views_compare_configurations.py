"""One pattern, two configurations (/compare/<slug>/?a.name=value&b.name=value)."""

from __future__ import annotations

import pytest
from django.test import Client

from explorer.domain.pricing.engine import format_money
from explorer.domain.pricing.estimate import estimate_pattern
from explorer.models import Pattern
from tests.html import elements

pytestmark = pytest.mark.django_db


def test_standard_and_fifo_side_by_side(client: Client) -> None:
    response = client.get("/compare/async-messaging/", {"a.queue_type": "standard", "b.queue_type": "fifo"})

    assert response.status_code == 200
    html = response.text
    assert 'id="chart-crossover"' in html
    assert 'class="is-different"' in html
    assert "B/template.yaml" in html  # the SAM diff
    assert "FifoQueue" in html


def test_rest_and_http_api_costs_differ(client: Client) -> None:
    html = client.get("/compare/api-backend/", {"a.api_type": "rest", "b.api_type": "http"}).text
    spec = Pattern.objects.get(slug="api-backend").spec()
    rest = estimate_pattern(spec, {"api_type": "rest"}).total
    http = estimate_pattern(spec, {"api_type": "http"}).total

    # An HTTP API costs $1.00 per million requests against a REST API's $3.50.
    assert http < rest
    assert f'data-testid="total-a">{format_money(rest)}<' in html
    assert f'data-testid="total-b">{format_money(http)}<' in html


def test_identical_configurations_have_identical_files(client: Client) -> None:
    html = client.get("/compare/saga/").text

    assert html.count("Identical.") == 6  # every one of the saga's six files (the CDK stacks too)


def cost_summary(html: str) -> str:
    """The sentence under the chart, after the cost table."""
    section = html.split('id="cost-title"', 1)[1].split("</section>", 1)[0]
    return section.split("</figure>", 1)[1].strip()


def test_identical_configurations_are_called_the_same_not_one_cheaper(client: Client) -> None:
    html = client.get("/compare/api-backend/").text

    summary = cost_summary(html)
    assert "A and B are the same configuration: change a value in column B to compare them." in summary
    assert "cheaper" not in summary


def test_the_configuration_that_costs_less_throughout_is_named(client: Client) -> None:
    # An HTTP API costs $1.00 per million requests against a REST API's $3.50, at any traffic.
    html = client.get("/compare/api-backend/", {"a.api_type": "rest", "b.api_type": "http"}).text

    assert (
        "The costs do not cross: B is cheaper than A from 0.1x to 100x the configured traffic."
        in cost_summary(html)
    )


def test_a_change_that_costs_nothing_says_the_costs_are_the_same(client: Client) -> None:
    html = client.get("/compare/api-backend/", {"b.runtime": "nodejs22.x"}).text

    assert "<strong>Runtime</strong>" in html  # B does differ
    assert "A and B cost the same from 0.1x to 100x the configured traffic." in cost_summary(html)


def test_the_compare_page_suggests_configuration_comparisons(client: Client) -> None:
    html = client.get("/compare/").text

    assert "SQS standard vs FIFO" in html
    assert 'href="/compare/saga/?a.workflow_type=standard&amp;b.workflow_type=express"' in html


@pytest.mark.parametrize(
    ("query", "slot", "message"),
    [
        ({"a.memory_mb": "1"}, "error-a-memory_mb", "must be from 128 to 10,240"),
        ({"b.timeout_s": "60"}, "error-b-timeout_s", "AWS limit"),
    ],
)
def test_a_bad_value_is_a_400_with_its_message_in_its_cell(
    client: Client, query: dict, slot: str, message: str
) -> None:
    response = client.get("/compare/api-backend/", query)

    assert response.status_code == 400
    cell = response.text.split(f'id="{slot}">', 1)[1].split("</p>", 1)[0]
    assert message in cell
    assert f'value="{next(iter(query.values()))}"' in response.text  # what was typed stays
    assert "Correct the values marked in the table" in response.text


@pytest.mark.parametrize("key", ["b.colour", "memory_mb", "c.memory_mb"])
def test_an_unknown_key_is_a_400_naming_it(client: Client, key: str) -> None:
    response = client.get("/compare/api-backend/", {key: "512"})

    assert response.status_code == 400
    assert f"<strong>{key}</strong>" in response.text


def test_b_starts_as_a_copy_of_a(client: Client) -> None:
    html = client.get("/compare/async-messaging/", {"a.queue_type": "fifo", "b.batch_size": "5"}).text

    assert elements(html, "select", id="b-queue_type", name="b.queue_type")
    b_queue = html.split('id="b-queue_type"', 1)[1].split("</select>", 1)[0]
    assert '<option value="fifo" selected>' in b_queue
    assert "<li><strong>Batch size</strong>: 10 messages → 5 messages</li>" in html
    assert "Queue type" not in html.split('id="changes-title"', 1)[1].split("</section>", 1)[0]


def test_an_htmx_update_replaces_the_results_and_pushes_a_short_address(client: Client) -> None:
    response = client.get(
        "/compare/async-messaging/",
        {"a.queue_type": "standard", "b.queue_type": "fifo", "a.batch_size": "10", "b.batch_size": "10"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="comparison-results"')
    assert "<li><strong>Queue type</strong>: Standard → FIFO</li>" in response.text
    assert response["HX-Push-Url"] == "/compare/async-messaging/?b.queue_type=fifo"
    assert elements(
        response.text, "p", class_="field__error", id="error-b-batch_size", hx_swap_oob="true"
    ) == [""]


def test_an_invalid_htmx_update_says_why_and_keeps_the_address(client: Client) -> None:
    response = client.get(
        "/compare/async-messaging/", {"b.batch_size": "lots"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 400
    assert response["HX-Push-Url"] == "false"
    assert "Correct the values marked in the table" in response.text
    assert 'id="error-b-batch_size" hx-swap-oob="true">expected a whole number' in response.text


def test_an_unknown_pattern_is_a_404(client: Client) -> None:
    assert client.get("/compare/mainframe/").status_code == 404


def test_the_pattern_page_links_to_a_comparison_with_its_configuration_as_a(client: Client) -> None:
    html = client.get("/patterns/async-messaging/", {"queue_type": "fifo", "batch_size": "5"}).text

    assert (
        'href="/compare/async-messaging/?a.queue_type=fifo&amp;a.batch_size=5">Compare this configuration'
        in html
    )
