"""A pattern's page: everything a user needs to learn the pattern."""

from __future__ import annotations

import pytest
from django.test import Client

from explorer.models import Pattern

pytestmark = pytest.mark.django_db

SLUGS = [
    "api-backend",
    "event-driven-processing",
    "scheduled-tasks",
    "stream-processing",
    "async-messaging",
    "saga",
    "edge-functions",
    "websocket-api",
]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_pattern_page_shows_its_sections(client: Client, slug: str) -> None:
    pattern = Pattern.objects.get(slug=slug)
    spec = pattern.spec()

    response = client.get(f"/patterns/{slug}/")

    assert response.status_code == 200
    html = response.text
    assert f'<h1 class="page-header__title">{pattern.title}</h1>' in html
    for use_case in spec.use_cases:
        assert use_case.name in html
    for use in pattern.pattern_components.select_related("component"):
        assert f'href="/components/{use.component.slug}/"' in html
    for practice in spec.best_practices:
        assert practice.title in html
    for parameter in spec.parameters:
        assert f'name="{parameter.name}"' in html
        assert parameter.label in html.replace("&#x27;", "'")
    assert spec.characteristics is not None
    for label, _ in spec.characteristics.rows():
        assert f"<dt>{label}</dt>" in html
    for node in spec.topology.nodes:
        assert node.label in html


def test_best_practices_are_grouped_by_category(client: Client) -> None:
    html = client.get("/patterns/api-backend/").text

    assert 'badge badge--reliability">Reliability<' in html
    assert 'badge badge--security">Security<' in html


def test_code_examples_are_highlighted(client: Client) -> None:
    html = client.get("/patterns/scheduled-tasks/").text

    assert '<div class="highlight">' in html
    assert '<span class="k">def</span>' in html
    assert "create_db_snapshot" in html


def test_the_edge_pattern_compares_cloudfront_functions_and_lambda_at_edge(client: Client) -> None:
    html = client.get("/patterns/edge-functions/").text

    assert "<caption>" in html
    assert "CloudFront Functions" in html
    assert "Lambda@Edge" in html
    assert "$0.60" in html


def test_the_seed_cost_figure_is_shown_where_the_seed_gives_one(client: Client) -> None:
    html = client.get("/patterns/api-backend/").text

    assert "The original guide's monthly estimate" in html
    assert "$2.40" in html
    assert "$35" in html


def test_variants_are_shown_with_the_parameter_that_selects_them(client: Client) -> None:
    html = client.get("/patterns/async-messaging/").text

    assert 'id="variant-fifo"' in html
    assert "queue_type = fifo" in html


def test_failure_paths_are_marked_in_the_flow(client: Client) -> None:
    html = client.get("/patterns/async-messaging/").text

    assert "flow-table__row--failure" in html


def test_related_patterns_are_linked(client: Client) -> None:
    pattern = Pattern.objects.get(slug="saga")
    html = client.get("/patterns/saga/").text

    for related in pattern.related.all():
        assert f'href="{related.get_absolute_url()}"' in html


def test_an_unknown_pattern_is_a_404_in_the_site_layout(client: Client) -> None:
    response = client.get("/patterns/mainframe/")

    assert response.status_code == 404
    assert "That page is not here" in response.text
    assert 'class="site-header"' in response.text


def test_a_malformed_slug_is_a_404(client: Client) -> None:
    assert client.get("/patterns/%3Cscript%3E/").status_code == 404


@pytest.mark.parametrize("slug", SLUGS)
def test_the_page_takes_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries, slug: str
) -> None:
    # One query per kind of row shown, however many rows a pattern has: no N+1.
    with django_assert_num_queries(9):
        client.get(f"/patterns/{slug}/")


@pytest.mark.parametrize("slug", SLUGS)
def test_every_key_figure_links_its_aws_source_with_the_check_date(client: Client, slug: str) -> None:
    spec = Pattern.objects.get(slug=slug).spec()

    response = client.get(f"/patterns/{slug}/")

    key_figures = response.text.split('id="key-facts"', 1)[1].split("</section>", 1)[0]
    for fact in spec.key_facts:
        assert f'<a href="{fact.source}" rel="noopener noreferrer">AWS source</a>' in key_figures
        assert f'<time datetime="{fact.checked:%Y-%m-%d}">' in key_figures
    assert key_figures.count("AWS source</a>") == len(spec.key_facts)
