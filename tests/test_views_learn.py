"""The onboarding path (/learn/) and the printable one-page summaries."""

from __future__ import annotations

import pytest
from django.test import Client

from explorer.models import Pattern

pytestmark = pytest.mark.django_db


def test_the_path_lists_every_pattern_from_simplest(client: Client) -> None:
    html = client.get("/learn/").text

    positions = [html.index(f'id="step-{pattern.slug}"') for pattern in Pattern.objects.order_by("order")]
    assert positions == sorted(positions)
    assert html.count('data-learn-step="') == 8


def test_each_step_has_takeaways_and_a_self_check(client: Client) -> None:
    html = client.get("/learn/").text
    specs = [pattern.spec() for pattern in Pattern.objects.all()]

    assert html.count('class="quiz__item"') == sum(len(spec.self_check) for spec in specs)
    assert all(spec.takeaways and spec.self_check for spec in specs)
    assert html.count("<summary>Answer</summary>") == sum(len(spec.self_check) for spec in specs)


def test_the_path_takes_a_fixed_number_of_queries(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(3):
        client.get("/learn/")


def test_a_summary_fits_the_pattern_on_one_page(client: Client) -> None:
    response = client.get("/learn/saga/")

    assert response.status_code == 200
    assert "one-page summary" in response.text
    assert "Step Functions" in response.text


def test_an_unknown_summary_is_a_404(client: Client) -> None:
    assert client.get("/learn/mainframe/").status_code == 404
