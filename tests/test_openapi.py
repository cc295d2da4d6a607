"""The OpenAPI description at /api/openapi.json: valid, true to the data, and true to the API.

schemathesis generates requests from the description for every operation and checks that the
WSGI app never answers with a 5xx, and that each answer's status, content type and body are
the documented ones.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from explorer.domain.pricing.services import SERVICES
from explorer.models import Pattern

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client: Client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_description_is_valid_openapi_3_1(document: dict) -> None:
    validate(document)

    assert document["openapi"] == "3.1.0"


def test_pattern_slugs_are_an_enum(document: dict) -> None:
    parameters = document["paths"]["/api/patterns/{slug}"]["get"]["parameters"]

    slug = next(parameter for parameter in parameters if parameter["name"] == "slug")
    assert slug["schema"]["enum"] == list(Pattern.objects.values_list("slug", flat=True))
    assert len(slug["schema"]["enum"]) == 8


def test_a_pattern_estimate_lists_its_parameters_with_bounds_and_choices(document: dict) -> None:
    parameters = document["paths"]["/api/patterns/api-backend/estimate"]["get"]["parameters"]
    schemas = {parameter["name"]: parameter["schema"] for parameter in parameters}

    assert schemas["memory_mb"] == {"type": "integer", "minimum": 128, "maximum": 10240, "default": 512}
    assert schemas["api_type"]["enum"] == ["rest", "http"]
    assert schemas["cdn_enabled"]["type"] == "boolean"
    assert schemas["db_reads_per_request"]["type"] == "number"
    assert schemas["free_tier"] == {"type": "boolean", "default": True}
    assert all(parameter["in"] == "query" and not parameter["required"] for parameter in parameters)


def test_a_string_parameter_keeps_its_length_and_form(document: dict) -> None:
    parameters = document["paths"]["/api/patterns/scheduled-tasks/estimate"]["get"]["parameters"]
    timezone = next(parameter for parameter in parameters if parameter["name"] == "timezone")

    assert timezone["schema"]["maxLength"] == 64
    assert timezone["schema"]["pattern"].startswith("^(?:")


def test_every_service_has_an_estimate_path_with_its_parameters(document: dict) -> None:
    for name, definition in SERVICES.items():
        parameters = document["paths"][f"/api/services/{name}/estimate"]["get"]["parameters"]
        assert [parameter["name"] for parameter in parameters] == [
            *(parameter.name for parameter in definition.parameters),
            "free_tier",
        ]
    lambda_parameters = document["paths"]["/api/services/lambda/estimate"]["get"]["parameters"]
    memory = next(parameter for parameter in lambda_parameters if parameter["name"] == "memory_mb")
    assert memory["schema"]["minimum"] == 128 and memory["schema"]["maximum"] == 10240


def test_estimates_document_their_errors(document: dict) -> None:
    responses = document["paths"]["/api/services/{service}/estimate"]["get"]["responses"]

    assert set(responses) == {"200", "400", "404"}
    errors = document["components"]["schemas"]["BadParameters"]
    assert errors["required"] == ["error", "errors"]


def test_the_description_rejects_other_methods(client: Client) -> None:
    assert client.post("/api/openapi.json").status_code == 405


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def connections_kept_open() -> Iterator[None]:
    """The test's transaction survives the WSGI app's requests, as with Django's test client.

    Django closes the connection at the start and end of each request when it is not in
    autocommit mode, which a test transaction never is (on PostgreSQL this ends the test's
    transaction; on SQLite's in-memory database closing does nothing).
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.usefixtures("connections_kept_open")
def test_the_api_keeps_to_its_description(settings, mode: GenerationMode) -> None:
    # schemathesis's WSGI client sends Host: localhost.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operations.append(result.ok())
    # Every operation but the description itself, which schemathesis leaves out.
    described = set(schema.raw_schema["paths"]) - {"/api/openapi.json"}
    assert {operation.path for operation in operations} == described

    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not operation.definition.raw.get("parameters"):
            continue  # nothing to get wrong

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(
            max_examples=25 if mode is GenerationMode.POSITIVE else 10,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def call(case: schemathesis.Case) -> None:
            # The WSGI client leaves a gzipped body as it is; the wire format is not what
            # this test checks (tests/test_compression.py does).
            case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=CHECKS)

        call()
