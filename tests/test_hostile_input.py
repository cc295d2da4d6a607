"""Hostile input, generated: no form, query string or JSON endpoint answers with a 500.

Hypothesis sends random names and values (huge and negative numbers, NaN and infinities,
10 kB strings, unicode digits, NUL bytes, repeated and missing fields) to every page that
reads its query string, with and without htmx, and to the JSON API. Every answer must be
below 500, and every 400 must say what was wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from explorer.domain import chooser
from explorer.domain.content.parse import load_library
from explorer.domain.content.schema import Parameter, ParameterType
from explorer.domain.explore import DIAGRAM_FORMATS, FREE_TIER_FIELD
from explorer.domain.params import format_value
from explorer.domain.pricing.services import SERVICES
from explorer.domain.snippets import FORMATS

if TYPE_CHECKING:  # the test client's response type exists in django-stubs only
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

# The same files the session fixture loads into the test database.
PATTERNS = load_library(Path(settings.PATTERNS_CONTENT_DIR)).patterns
SLUGS = sorted(PATTERNS)
PARAMETER_NAMES = sorted({parameter.name for spec in PATTERNS.values() for parameter in spec.parameters})

bounded = hypothesis_settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)

HOSTILE_WORDS = (
    "",
    " ",
    "\x00",
    "1\x00",
    "true",
    "false",
    "-1",
    "0",
    "1" + "0" * 30,  # a traffic of 10^30
    "-" + "9" * 40,
    "1e400",
    "NaN",
    "-Infinity",
    "sNaN",
    "0x10",
    "١٢٣",  # Arabic-Indic digits: \d matches them
    "\uff11\uff12",  # fullwidth digits
    "1_000",
    "rate(0 minutes)",
    "cron(* * * * ? *)",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "x" * 10_000,
    "é" * 10_000,
)

values = st.one_of(
    st.sampled_from(HOSTILE_WORDS),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(repr),
    st.text(max_size=40),
)


def query_pairs(names: Sequence[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Name/value pairs, names mostly real ones, so repeated and missing fields both occur."""
    keys = st.one_of(st.sampled_from(names), st.text(max_size=20)) if names else st.text(max_size=20)
    return st.lists(st.tuples(keys, values), max_size=6)


def get(client: Client, path: str, pairs: list[tuple[str, str]], *, htmx: bool = False) -> TestResponse:
    url = f"{path}?{urlencode(pairs)}" if pairs else path
    return client.get(url, headers={"HX-Request": "true"} if htmx else {})


FIELD_ERROR = re.compile(r'class="field__error"[^>]*>\s*[^<\s]')


def assert_handled(response: TestResponse) -> None:
    """Below 500; a 400 carries a message in whatever form the endpoint speaks."""
    assert response.status_code < 500, response.content[:500]
    if response.status_code != 400:
        return
    content_type = response["Content-Type"]
    body = response.content.decode()
    if content_type.startswith("application/json"):
        assert response.json()["error"].strip()
    elif content_type.startswith("text/plain"):
        assert body.strip()
    else:
        assert 'role="alert"' in body or FIELD_ERROR.search(body), body[:500]


# --- the home page -----------------------------------------------------------------------------


@bounded
@given(pairs=query_pairs(["q", "use_case", "component"]), htmx=st.booleans())
def test_the_home_page_filters(pairs: list[tuple[str, str]], htmx: bool) -> None:
    assert_handled(get(Client(), "/", pairs, htmx=htmx))


# --- the pattern page and its downloads ---------------------------------------------------------


def edge_values(parameter: Parameter) -> list[str]:
    """Valid but extreme values, so that the engines behind the form see their bounds."""
    if parameter.choices:
        return [choice.value for choice in parameter.choices]
    if parameter.type is ParameterType.BOOL:
        return ["true", "false"]
    bounds = [parameter.minimum, parameter.maximum]
    return [str(bound) for bound in bounds if bound is not None] or [format_value(parameter.default)]


def pattern_query(slug: str) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Real names only (an unknown name goes unexplained on the page; see below), with
    hostile values or every parameter at one of its bounds."""
    parameters = PATTERNS[slug].parameters
    names = [parameter.name for parameter in parameters]
    hostile = st.lists(st.tuples(st.sampled_from([*names, FREE_TIER_FIELD]), values), max_size=6)
    extremes = st.tuples(
        *(st.tuples(st.just(p.name), st.sampled_from(edge_values(p))) for p in parameters)
    ).map(list)
    return st.one_of(hostile, extremes)


@bounded
@given(data=st.data(), slug=st.sampled_from(SLUGS), htmx=st.booleans())
def test_the_pattern_page_parameters(data: st.DataObject, slug: str, htmx: bool) -> None:
    pairs = data.draw(pattern_query(slug))

    assert_handled(get(Client(), f"/patterns/{slug}/", pairs, htmx=htmx))


@bounded
@given(slug=st.sampled_from(SLUGS), pairs=query_pairs(PARAMETER_NAMES), htmx=st.booleans())
def test_the_pattern_page_never_fails_on_any_name(
    slug: str, pairs: list[tuple[str, str]], htmx: bool
) -> None:
    response = get(Client(), f"/patterns/{slug}/", pairs, htmx=htmx)

    assert response.status_code < 500


def test_an_unknown_name_on_the_pattern_page_is_explained() -> None:
    assert_handled(Client().get("/patterns/api-backend/", {"colour": "blue"}))


@hypothesis_settings(max_examples=25, deadline=None, database=None)
@given(
    data=st.data(),
    slug=st.sampled_from(SLUGS),
    fmt=st.sampled_from([*DIAGRAM_FORMATS, "gif", "svg\x00"]),
)
def test_diagram_downloads(data: st.DataObject, slug: str, fmt: str) -> None:
    pairs = data.draw(pattern_query(slug))

    response = get(Client(), f"/patterns/{slug}/diagram.{quote(fmt)}", pairs)

    if response.status_code == 503:  # Graphviz is missing or failed: said in plain text
        assert response.content.strip()
    else:
        assert_handled(response)


@bounded
@given(data=st.data(), slug=st.sampled_from(SLUGS), fmt=st.sampled_from([*FORMATS, "cobol"]))
def test_snippet_downloads(data: st.DataObject, slug: str, fmt: str) -> None:
    pairs = data.draw(st.one_of(pattern_query(slug), query_pairs(PARAMETER_NAMES)))

    assert_handled(get(Client(), f"/patterns/{slug}/snippets/{fmt}", pairs))


@hypothesis_settings(max_examples=20, deadline=None, database=None)
@given(data=st.data(), slug=st.sampled_from(SLUGS))
def test_zip_downloads(data: st.DataObject, slug: str) -> None:
    pairs = data.draw(st.one_of(pattern_query(slug), query_pairs(PARAMETER_NAMES)))

    assert_handled(get(Client(), f"/patterns/{slug}/snippets.zip", pairs))


# --- the chooser, comparisons and the learning path --------------------------------------------


@bounded
@given(
    pairs=st.lists(
        st.tuples(
            st.one_of(
                st.sampled_from([question.name for question in chooser.QUESTIONS]), st.text(max_size=10)
            ),
            st.one_of(
                st.sampled_from([option.value for q in chooser.QUESTIONS for option in q.options]), values
            ),
        ),
        max_size=6,
    ),
    htmx=st.booleans(),
)
def test_the_chooser(pairs: list[tuple[str, str]], htmx: bool) -> None:
    assert_handled(get(Client(), "/choose/", pairs, htmx=htmx))


@bounded
@given(
    pairs=st.lists(
        st.tuples(
            st.sampled_from(["patterns", "events", "other"]), st.one_of(st.sampled_from(SLUGS), values)
        ),
        max_size=5,
    )
)
def test_the_pattern_comparison(pairs: list[tuple[str, str]]) -> None:
    assert_handled(get(Client(), "/compare/", pairs))


@bounded
@given(data=st.data(), slug=st.sampled_from(SLUGS))
def test_the_configuration_comparison(data: st.DataObject, slug: str) -> None:
    names = [parameter.name for parameter in PATTERNS[slug].parameters]
    sided = [f"{side}.{name}" for side in ("a", "b") for name in names]
    both_sides = st.tuples(pattern_query(slug), pattern_query(slug)).map(
        lambda sides: [
            (f"{side}.{name}", value)
            for side, pairs in zip("ab", sides, strict=True)
            for name, value in pairs
        ]
    )
    pairs = data.draw(st.one_of(query_pairs([*sided, "a.", ".b", "c.memory_mb", "a.colour"]), both_sides))

    assert_handled(get(Client(), f"/compare/{slug}/", pairs))


@bounded
@given(
    path=st.sampled_from(
        [
            "/learn/",
            *(f"/learn/{slug}/" for slug in SLUGS),
            "/components/",
            "/components/lambda/",
            "/api/patterns",
        ]
    ),
    pairs=query_pairs(["q", "page", "format"]),
)
def test_pages_without_parameters_ignore_any(path: str, pairs: list[tuple[str, str]]) -> None:
    response = get(Client(), path, pairs)

    assert response.status_code == 200


# --- the JSON API --------------------------------------------------------------------------------


@bounded
@given(
    data=st.data(), slug=st.one_of(st.sampled_from(SLUGS), st.from_regex(r"[a-z0-9-]{1,80}", fullmatch=True))
)
def test_the_pattern_estimate_api(data: st.DataObject, slug: str) -> None:
    random_pairs = query_pairs([*PARAMETER_NAMES, FREE_TIER_FIELD])
    pairs = data.draw(st.one_of(pattern_query(slug), random_pairs) if slug in PATTERNS else random_pairs)

    response = get(Client(), f"/api/patterns/{slug}/estimate", pairs)

    assert_handled(response)
    assert response["Content-Type"] == "application/json"


@bounded
@given(data=st.data(), service=st.one_of(st.sampled_from(sorted(SERVICES)), st.text(min_size=1, max_size=40)))
def test_the_service_estimate_api(data: st.DataObject, service: str) -> None:
    names = [p.name for p in SERVICES[service].parameters] if service in SERVICES else ["requests"]
    pairs = data.draw(query_pairs([*names, FREE_TIER_FIELD]))

    response = get(Client(), f"/api/services/{quote(service, safe='')}/estimate", pairs)

    assert_handled(response)
    assert response["Content-Type"] == "application/json"
