"""When each node is drawn, worked out from the pattern modules (explorer.domain.presence)."""

from __future__ import annotations

import pytest

from explorer.domain.params import Params
from explorer.domain.patterns.registry import build_deployment
from explorer.domain.presence import node_conditions
from tests.grid import LIBRARY, grid


def described(slug: str, node: str) -> str:
    return node_conditions(LIBRARY.patterns[slug])[node].condition.describe()


def test_a_node_needing_several_settings_gets_all_of_them() -> None:
    assert (
        described("api-backend", "waf_regional")
        == "cdn_enabled = off and waf_enabled = on and api_type = rest"
    )
    assert described("api-backend", "waf_edge") == "cdn_enabled = on and waf_enabled = on"
    assert described("stream-processing", "state") == "consumer = lambda and state_table = on"


def test_a_node_every_configuration_draws_has_no_condition() -> None:
    assert not node_conditions(LIBRARY.patterns["api-backend"])["fn"].condition
    assert not node_conditions(LIBRARY.patterns["saga"])["state_machine"].condition


ACCEPTED = grid()[0]


@pytest.mark.parametrize(("case_id", "params"), ACCEPTED, ids=[case_id for case_id, _ in ACCEPTED])
def test_an_exact_condition_holds_exactly_when_the_node_is_drawn(case_id: str, params: Params) -> None:
    drawn = build_deployment(params.spec.slug, params.values).drawn_nodes()
    for node, presence in node_conditions(params.spec).items():
        if presence.exact:
            assert (node in drawn) == presence.condition.holds(dict(params.values)), (case_id, node)
