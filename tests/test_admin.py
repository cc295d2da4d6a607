"""The admin shows every model of the content index, behind a login."""

from __future__ import annotations

import pytest
from django.test import Client

from explorer.models import Component, Pattern

pytestmark = pytest.mark.django_db

MODELS = [
    "pattern",
    "component",
    "patterncomponent",
    "usecase",
    "bestpractice",
    "parameter",
    "variant",
    "codeexample",
    "componentlimit",
    "keyfact",
]


def test_the_admin_needs_a_login(client: Client) -> None:
    response = client.get("/admin/explorer/pattern/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize("model", MODELS)
def test_every_model_has_an_admin_list(admin_client: Client, model: str) -> None:
    assert admin_client.get(f"/admin/explorer/{model}/").status_code == 200


def test_a_pattern_and_a_component_open_in_the_admin(admin_client: Client) -> None:
    pattern = Pattern.objects.get(slug="saga")
    component = Component.objects.get(slug="sqs")

    assert admin_client.get(f"/admin/explorer/pattern/{pattern.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/explorer/component/{component.pk}/change/").status_code == 200
