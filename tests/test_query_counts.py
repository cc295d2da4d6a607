"""Every page, download and JSON endpoint runs a fixed number of queries, the same for every
pattern: none grows with the content (no N+1). The pattern list, pattern page, htmx update,
component pages, learning path and comparison have their own tests beside their views."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from explorer.models import Pattern

pytestmark = pytest.mark.django_db

# Pages about one pattern: URL template -> queries.
PER_PATTERN = {
    "/patterns/{slug}/diagram.svg": 2,  # the pattern; its components with their specs
    "/patterns/{slug}/diagram.png": 2,
    "/patterns/{slug}/diagram.dot": 2,
    "/patterns/{slug}/snippets/sam": 1,  # the pattern (snippets come from its spec)
    "/patterns/{slug}/snippets.zip": 1,
    "/compare/{slug}/": 1,
    "/learn/{slug}/": 3,  # the pattern; its best practices; its components
    "/api/patterns/{slug}": 4,  # the pattern; use cases; components; related patterns
    "/api/patterns/{slug}/estimate": 1,
}

# Pages about every pattern or none: URL -> queries.
SITE_WIDE = {
    "/choose/": 0,  # the questionnaire alone comes from code
    "/choose/?trigger=queue&ordering=per_key&failure=retry": 1,  # every pattern, ranked
    "/api/patterns": 4,  # patterns; use cases; components; related patterns (prefetched)
    "/api/services": 0,  # the price catalog is a file
    "/api/services/lambda/estimate?requests=5000000": 0,
    "/api/openapi.json": 1,  # the patterns, for their parameters and the slugs' enum
}


def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


@pytest.mark.parametrize(("url", "expected"), PER_PATTERN.items())
def test_pages_about_one_pattern_take_the_same_queries_for_every_pattern(
    client: Client, url: str, expected: int
) -> None:
    slugs = list(Pattern.objects.order_by("order").values_list("slug", flat=True))
    if url.endswith(".png"):
        slugs = slugs[:2]  # PNG rendering is slow; the count does not depend on it

    counts = {slug: queries_of(client, url.format(slug=slug)) for slug in slugs}

    assert counts == dict.fromkeys(slugs, expected)


@pytest.mark.parametrize(("url", "expected"), SITE_WIDE.items())
def test_site_wide_pages_take_a_fixed_number_of_queries(client: Client, url: str, expected: int) -> None:
    assert queries_of(client, url) == expected
