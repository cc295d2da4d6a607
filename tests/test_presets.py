"""Presets (explorer.domain.presets): every preset is a valid configuration AWS would accept."""

from __future__ import annotations

import pytest
from django.conf import settings

from explorer.domain.content.parse import load_library
from explorer.domain.params import resolve_params
from explorer.domain.presets import presets_for
from explorer.domain.rules import check

LIBRARY = load_library(settings.PATTERNS_CONTENT_DIR)


@pytest.mark.parametrize("slug", sorted(LIBRARY.patterns))
def test_every_preset_resolves_and_passes_the_checks(slug: str) -> None:
    spec = LIBRARY.patterns[slug]
    for preset in presets_for(spec):
        assert check(spec, resolve_params(spec, preset.values)).ok


def test_the_original_guides_scenario_comes_first_where_there_is_one() -> None:
    presets = presets_for(LIBRARY.patterns["api-backend"])

    assert [preset.slug for preset in presets] == ["original-guide", "low", "typical", "high"]
    assert presets[0].values == {"requests_per_month": "10000000", "avg_duration_ms": "200"}


def test_traffic_levels_scale_the_traffic_parameters() -> None:
    low, typical, high = presets_for(LIBRARY.patterns["async-messaging"])

    assert int(low.values["messages_per_month"]) * 10 == int(typical.values["messages_per_month"])
    assert int(high.values["messages_per_month"]) == 100 * int(typical.values["messages_per_month"])
