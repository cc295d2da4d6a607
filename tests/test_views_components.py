"""Component pages: what it is, its limits, and where it is used."""

from __future__ import annotations

import pytest
from django.test import Client

from explorer.models import Component

pytestmark = pytest.mark.django_db


def test_the_list_groups_every_component_by_category(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        response = client.get("/components/")

    assert response.status_code == 200
    for component in Component.objects.all():
        assert f'href="{component.get_absolute_url()}"' in response.text
    assert ">Compute</h2>" in response.text
    assert ">Observability</h2>" in response.text


@pytest.mark.parametrize("slug", ["lambda", "api-gateway", "sqs", "kinesis-data-streams"])
def test_a_component_page_shows_its_limits_and_patterns(client: Client, slug: str) -> None:
    component = Component.objects.get(slug=slug)

    response = client.get(f"/components/{slug}/")

    assert response.status_code == 200
    for limit in component.limits.all():
        assert limit.name in response.text
    for pattern in component.patterns.all():
        assert f'href="{pattern.get_absolute_url()}"' in response.text


def test_every_component_is_used_by_a_pattern() -> None:
    unused = [c.slug for c in Component.objects.all() if not c.patterns.exists()]

    assert unused == []


def test_every_component_page_renders(client: Client) -> None:
    for component in Component.objects.all():
        assert client.get(component.get_absolute_url()).status_code == 200


def test_an_unknown_component_is_a_404(client: Client) -> None:
    response = client.get("/components/mainframe/")

    assert response.status_code == 404
    assert "That page is not here" in response.text


@pytest.mark.parametrize("slug", ["lambda", "waf"])
def test_a_component_page_takes_a_fixed_number_of_queries(
    client: Client, django_assert_num_queries, slug: str
) -> None:
    with django_assert_num_queries(4):
        client.get(f"/components/{slug}/")


@pytest.mark.parametrize("slug", ["lambda-at-edge", "sqs"])
def test_every_limit_links_its_aws_source_with_the_check_date(client: Client, slug: str) -> None:
    component = Component.objects.get(slug=slug)

    response = client.get(f"/components/{slug}/")

    for limit in component.limits.all():
        assert f'<a href="{limit.source_url}" rel="noopener noreferrer">AWS source</a>' in response.text
        assert f'<time datetime="{limit.checked:%Y-%m-%d}">' in response.text
