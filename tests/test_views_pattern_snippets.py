"""Configuration snippets on the pattern page and as downloads."""

from __future__ import annotations

import html as html_module
import io
import re
import zipfile

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_the_page_has_a_tab_per_format(client: Client) -> None:
    html = client.get("/patterns/saga/").text

    for fmt in ("sam", "terraform", "asl", "handler"):
        assert f'id="panel-{fmt}"' in html
    assert '<div class="highlight">' in html.split('id="snippets"', 1)[1]
    assert "Download all as a zip" in html


def test_a_tab_opened_later_gets_its_code_for_the_same_configuration(client: Client) -> None:
    response = client.get("/patterns/saga/snippets/asl/code", {"retry_max_attempts": "5"})

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div class="highlight">')
    assert '"MaxAttempts": 5' in html_module.unescape(re.sub(r"<[^>]+>", "", response.text))
    assert "<span><span" in response.text and " id=" not in response.text  # a span per line, no ids


def test_a_tab_the_configuration_does_not_have_is_a_404_that_says_why(client: Client) -> None:
    response = client.get("/patterns/api-backend/snippets/asl/code")

    assert response.status_code == 404
    assert "API backend has no Step Functions (ASL) file" in response.text


def test_a_tab_with_bad_parameters_is_a_400_naming_them(client: Client) -> None:
    response = client.get("/patterns/saga/snippets/asl/code", {"retry_max_attempts": "many"})

    assert response.status_code == 400
    assert "retry_max_attempts" in response.text


def test_the_tabs_follow_the_parameters(client: Client) -> None:
    query = {"queue_type": "fifo", "memory_mb": "1024"}
    update = client.get("/patterns/async-messaging/", query, headers=HTMX).text
    page = client.get("/patterns/async-messaging/", query).text
    # Where the page's and an update's open tab get their code (site.js loads it when near).
    code_url = "/patterns/async-messaging/snippets/sam/code?queue_type=fifo&amp;memory_mb=1024"
    assert f'data-code-url="{code_url}"' in update
    assert f'data-code-url="{code_url}"' in page
    loaded = client.get(html_module.unescape(code_url)).text

    code = html_module.unescape(re.sub(r"<[^>]+>", "", loaded))
    assert "FifoQueue: true" in code
    assert "MemorySize: 1024" in code
    assert 'href="/patterns/async-messaging/snippets/sam?queue_type=fifo&amp;memory_mb=1024"' in update


def test_a_variant_changes_the_formats(client: Client) -> None:
    with_function = client.get("/patterns/edge-functions/", {"edge_runtime": "cloudfront-functions"}).text
    with_lambda = client.get("/patterns/edge-functions/", {"edge_runtime": "lambda-at-edge"}).text

    assert 'id="panel-cloudfront-function"' in with_function
    assert 'id="panel-cloudfront-function"' not in with_lambda
    assert 'id="panel-handler"' in with_lambda


def test_a_warning_is_shown_beside_the_snippet(client: Client) -> None:
    html = client.get("/patterns/async-messaging/", {"timeout_s": "60", "visibility_timeout_s": "120"}).text

    assert "Allowed by AWS, but against the practice" in html
    assert (
        "<li>visibility_timeout_s is 120 s; AWS advises at least 6 x timeout_s + batching_window_s = 360 s"
        in html
    )


def test_a_hard_limit_is_refused_with_a_400_naming_it(client: Client) -> None:
    response = client.get("/patterns/api-backend/", {"timeout_s": "60"})

    assert response.status_code == 400
    assert "API Gateway integration timeout 29 s" in response.text
    assert "No configuration is generated while a value breaks an AWS limit" in response.text


def test_a_hard_limit_over_htmx_is_an_inline_error(client: Client) -> None:
    response = client.get("/patterns/api-backend/", {"timeout_s": "60"}, headers=HTMX)

    assert response.status_code == 400
    assert re.search(r'id="error-timeout_s" hx-swap-oob="true">[^<]*29 s', response.text)


def test_a_snippet_downloads_as_a_file(client: Client) -> None:
    response = client.get("/patterns/saga/snippets/asl", {"retry_max_attempts": "5"})

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="statemachine.asl.json"'
    assert '"MaxAttempts": 5' in response.text


def test_the_zip_has_every_file_and_a_readme(client: Client) -> None:
    response = client.get("/patterns/saga/snippets.zip")

    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert sorted(names) == sorted(
        [
            "saga/template.yaml",
            "saga/main.tf",
            "saga/statemachine.asl.json",
            "saga/src/app.py",
            "saga/cdk-python/app.py",
            "saga/cdk-python/stack.py",
            "saga/cdk-python/cdk.json",
            "saga/cdk-python/requirements.txt",
            "saga/cdk-typescript/bin/app.ts",
            "saga/cdk-typescript/lib/stack.ts",
            "saga/cdk-typescript/cdk.json",
            "saga/cdk-typescript/package.json",
            "saga/cdk-typescript/tsconfig.json",
            "saga/README.md",
        ]
    )
    readme = zipfile.ZipFile(io.BytesIO(response.content)).read("saga/README.md").decode()
    assert "sam deploy --guided" in readme
    assert "terraform apply" in readme


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/patterns/api-backend/snippets/sam?timeout_s=60", 400, "API Gateway integration timeout 29 s"),
        ("/patterns/api-backend/snippets/sam?memory_mb=1", 400, "memory_mb"),
        ("/patterns/api-backend/snippets/asl", 400, "has no asl snippet"),
        ("/patterns/api-backend/snippets.zip?timeout_s=60", 400, "29 s"),
        ("/patterns/api-backend/snippets/pdf", 404, ""),
        ("/patterns/mainframe/snippets/sam", 404, ""),
    ],
)
def test_bad_requests_get_a_clear_answer(client: Client, url: str, status: int, message: str) -> None:
    response = client.get(url)

    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("slug", "query", "says"),
    [
        ("websocket-api", {}, "CreateApiGatewayAccountRole=false"),
        ("api-backend", {"api_type": "rest"}, "-var create_api_gateway_account_role=false"),
        ("edge-functions", {}, "--metadata variant=b"),
        ("edge-functions", {"edge_runtime": "lambda-at-edge"}, "--metadata variant=b"),
    ],
)
def test_the_readme_names_the_steps_a_first_deploy_needs(
    client: Client, slug: str, query: dict, says: str
) -> None:
    response = client.get(f"/patterns/{slug}/snippets.zip", query)
    assert response.status_code == 200
    readme = zipfile.ZipFile(io.BytesIO(response.content)).read(f"{slug}/README.md").decode()
    assert says in readme


@pytest.mark.parametrize(
    ("slug", "query"),
    [("api-backend", {"api_type": "http"}), ("edge-functions", {"origin_type": "api"}), ("saga", {})],
)
def test_the_readme_has_no_steps_a_configuration_does_not_need(
    client: Client, slug: str, query: dict
) -> None:
    response = client.get(f"/patterns/{slug}/snippets.zip", query)
    readme = zipfile.ZipFile(io.BytesIO(response.content)).read(f"{slug}/README.md").decode()
    assert "## API Gateway's logging role" not in readme
    assert "## After deploying" not in readme
