"""Architecture diagrams (explorer.domain.diagrams): topology + parameters -> DOT -> SVG, no database.

Rendering uses the real `dot` (Debian's graphviz); the missing-`dot` path is simulated by
emptying PATH.
"""

from __future__ import annotations

import logging
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

import explorer.domain.diagrams.render as render_module
from explorer.domain.content.parse import load_library
from explorer.domain.content.schema import (
    Condition,
    Library,
    ParameterType,
    ParameterValue,
    PatternSpec,
    TopologyNode,
)
from explorer.domain.diagrams.build import (
    FONT_SIZE,
    LAYOUTS,
    SENTINEL,
    build_dot,
    describe_topology,
    layout_ranks,
    visible_topology,
)
from explorer.domain.diagrams.icons import COMPONENT_ICONS, ICON_DIR, all_icons
from explorer.domain.diagrams.render import (
    GraphvizMissing,
    LRURenderCache,
    RenderFailed,
    cache_key,
    render,
)
from explorer.domain.explore import DiagramView, view_for_width
from explorer.domain.presence import node_conditions
from tests.conftest import write_library

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

ORDERS_PATTERN = """\
---
title: Order queue
order: 1
level: introductory
summary: Orders wait on a queue for a worker.
use_cases:
  - name: Order intake
components:
  - component: sqs
    role: Buffers orders between the shop and the worker.
  - component: lambda
    role: Processes orders.
best_practices:
  - title: Keep a dead-letter queue
    category: reliability
    how: Set a redrive policy.
    why: Poison messages stop blocking the queue.
parameters:
  - name: dlq_enabled
    label: Dead-letter queue
    type: bool
    default: true
    help: Keep failed orders.
  - name: queue_type
    label: Queue type
    type: choice
    default: standard
    choices:
      - {value: standard, label: Standard}
      - {value: fifo, label: FIFO}
    help: Ordering guarantees.
  - name: audit_enabled
    label: Audit trail
    type: bool
    default: false
    help: Copy every order to an audit worker.
variants:
  - slug: fifo
    title: FIFO queue
    summary: Orders processed in order.
    parameter: queue_type
    value: fifo
topology:
  groups:
    - {id: audit, label: Audit trail, when: {audit_enabled: true}}
  nodes:
    - {id: shop, label: Shop, actor: true}
    - {id: queue, label: Orders queue, component: sqs, when: {queue_type: standard}}
    - {id: fifo_queue, label: Orders FIFO queue, component: sqs, when: {queue_type: fifo}}
    - {id: worker, label: Lambda, component: lambda}
    - id: dlq
      label: Dead-letter queue
      component: sqs
      role: Keeps orders that failed three times.
      when: {dlq_enabled: true}
    - {id: auditor, label: Auditor, component: lambda, group: audit}
  edges:
    - {from: shop, to: queue, label: SendMessage}
    - {from: shop, to: fifo_queue, label: SendMessage (group id)}
    - {from: queue, to: worker, label: batch}
    - {from: fifo_queue, to: worker, label: batch in order}
    - {from: worker, to: dlq, label: after 3 receives, kind: failure}
    - {from: worker, to: worker, label: retry, kind: retry}
    - {from: worker, to: auditor, label: copy}
---
Orders wait on a queue.
"""


# The order queue behind a front function, as a request/response loop: a failure reply and
# a retry between the client and the front, a pushed result back to the client, and a
# dead-letter queue reached only by failures.
LOOP_PATTERN = (
    ORDERS_PATTERN.split("topology:")[0]
    + """\
topology:
  nodes:
    - {id: client, label: Client, actor: true}
    - {id: front, label: Front, component: lambda}
    - {id: queue, label: Work queue, component: sqs}
    - {id: worker, label: Worker, component: lambda}
    - {id: dlq, label: Dead-letter queue, component: sqs, when: {dlq_enabled: true}}
  edges:
    - {from: front, to: client, label: 429 throttled, kind: failure}
    - {from: client, to: front, label: request}
    - {from: client, to: front, label: retry with backoff, kind: retry}
    - {from: front, to: queue, label: SendMessage}
    - {from: queue, to: worker, label: batch}
    - {from: worker, to: client, label: pushed result}
    - {from: worker, to: queue, label: failed message IDs, kind: retry}
    - {from: front, to: dlq, label: undeliverable request, kind: failure}
    - {from: queue, to: dlq, label: after 3 receives, kind: failure}
    - {from: worker, to: dlq, label: failed job, kind: failure}
---
A front function queues work.
"""
)


def component_url(slug: str) -> str:
    return f"/components/{slug}/"


@pytest.fixture
def loop(tmp_path: Path) -> Library:
    return load_library(write_library(tmp_path / "loop", patterns={"request-loop": LOOP_PATTERN}))


def laid_out(dot: str) -> dict[str, tuple[float, float]]:
    """Each node's centre x and right edge as dot lays it out (`dot -Tplain`), in inches."""
    plain = subprocess.run(
        ["dot", "-Tplain", f"-Gimagepath={ICON_DIR}"], input=dot.encode(), capture_output=True, check=True
    )
    positions = {}
    for line in plain.stdout.decode().splitlines():
        if line.startswith("node "):
            _, name, x, _y, width, *_ = line.split()
            positions[name] = (float(x), float(x) + float(width) / 2)
    return positions


def centres(dot: str) -> dict[str, float]:
    """Each node's centre x as dot lays it out, in inches."""
    return {name: centre for name, (centre, _right) in laid_out(dot).items()}


def statement(dot: str, edge_id: str) -> str:
    """The DOT statement that draws the edge with this id."""
    return next(line for line in dot.splitlines() if f'id="{edge_id}"' in line)


@pytest.fixture
def orders(tmp_path: Path) -> Library:
    return load_library(write_library(tmp_path / "content", patterns={"order-queue": ORDERS_PATTERN}))


def dot_for(
    library: Library, slug: str, values: Mapping[str, ParameterValue] | None = None, layout: str = "wide"
) -> str:
    return build_dot(
        library.patterns[slug], values or {}, library.components, component_url=component_url, layout=layout
    )


def svg_for(
    library: Library, slug: str, values: Mapping[str, ParameterValue] | None = None, layout: str = "wide"
) -> str:
    spec = library.patterns[slug]
    values = values or {}
    dot = dot_for(library, slug, values, layout)
    return render(
        dot,
        "svg",
        title=f"{spec.title} architecture",
        description=describe_topology(spec, values, library.components),
        cache=LRURenderCache(),
    ).decode("utf-8")


def node_groups(svg: str) -> dict[str, ET.Element]:
    """Each drawn topology node's <g>, keyed by its node id."""
    root = ET.fromstring(svg)
    return {
        element.get("id", "").removeprefix("node-"): element
        for element in root.iter(f"{SVG}g")
        if element.get("id", "").startswith("node-")
    }


def texts(element: ET.Element) -> list[str]:
    return [text.text or "" for text in element.iter(f"{SVG}text")]


def edge_group(svg: str, edge_id: str) -> ET.Element:
    root = ET.fromstring(svg)
    return next(element for element in root.iter(f"{SVG}g") if element.get("id") == edge_id)


# --- the real library ----------------------------------------------------------------


@cache
def real_library() -> Library:
    return load_library(settings.PATTERNS_CONTENT_DIR)


def real_cases() -> list[object]:
    """(pattern, values) for every pattern's defaults, every one of its variants, and every
    bool parameter switched on (the optional parts drawn)."""
    cases: list[object] = []
    for spec in real_library().patterns.values():
        cases.append(pytest.param(spec.slug, {}, id=f"{spec.slug}-defaults"))
        for variant in spec.variants:
            values = {variant.parameter: variant.value}
            cases.append(pytest.param(spec.slug, values, id=f"{spec.slug}-{variant.slug}"))
        switches = {p.name: True for p in spec.parameters if p.type is ParameterType.BOOL}
        cases.append(pytest.param(spec.slug, switches, id=f"{spec.slug}-everything-on"))
    return cases


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize(("slug", "values"), real_cases())
def test_every_pattern_and_variant_renders_with_every_visible_node_labelled_linked_and_drawn_as_its_icon(
    slug: str, values: dict[str, ParameterValue], layout: str
) -> None:
    library = real_library()
    spec = library.patterns[slug]

    svg = svg_for(library, slug, values, layout)

    assert svg.startswith("<svg")
    drawn = node_groups(svg)
    visible = visible_topology(spec, values).nodes
    assert set(drawn) == {node.id for node in visible}
    for node in visible:
        group = drawn[node.id]
        # A long label wraps: its words are the node's first lines of text, in order.
        assert " ".join(texts(group)).startswith(node.label), node.id
        assert group.find(f".//{SVG}use") is not None, f"{node.id} has no icon"
        links = [anchor.get(XLINK_HREF) for anchor in group.iter(f"{SVG}a") if anchor.get(XLINK_HREF)]
        if node.actor:
            assert links == []
        else:
            assert links == [component_url(node.component)]
            assert library.components[node.component].name in group.findtext(f"{SVG}title", "")


def condition_of(spec: PatternSpec, node: TopologyNode) -> Condition:
    """When the node is drawn: worked out from the pattern's module (actors: their `when`)."""
    derived = node_conditions(spec)
    return derived[node.id].condition if node.id in derived and not node.actor else node.when


def conditioned_nodes(kind: ParameterType) -> list[object]:
    """(pattern, node, parameter) for every real node drawn only for some values of a `kind` parameter."""
    cases: list[object] = []
    for spec in real_library().patterns.values():
        for node in spec.topology.nodes:
            for name, _allowed in condition_of(spec, node).requirements:
                if spec.parameter(name).type is kind:
                    cases.append(pytest.param(spec.slug, node.id, name, id=f"{spec.slug}-{node.id}-{name}"))
    return cases


def values_showing(spec: PatternSpec, node: TopologyNode) -> dict[str, ParameterValue]:
    """Defaults changed just enough for the node (and its group) to be drawn."""
    values = dict(spec.defaults)
    groups = [group for group in spec.topology.groups if group.id == node.group]
    for condition in [condition_of(spec, node), *(group.when for group in groups)]:
        for name, allowed in condition.requirements:
            if values[name] not in allowed:
                values[name] = allowed[0]
    return values


@pytest.mark.parametrize(("slug", "node_id", "parameter"), conditioned_nodes(ParameterType.BOOL))
def test_toggling_a_bool_parameter_adds_and_removes_the_node_it_governs(
    slug: str, node_id: str, parameter: str
) -> None:
    library = real_library()
    spec = library.patterns[slug]
    values = values_showing(spec, spec.topology.node(node_id))
    flipped = {**values, parameter: not values[parameter]}

    assert node_id in node_groups(svg_for(library, slug, values))
    assert node_id not in node_groups(svg_for(library, slug, flipped))


@pytest.mark.parametrize(("slug", "node_id", "parameter"), conditioned_nodes(ParameterType.CHOICE))
def test_switching_a_choice_parameter_adds_and_removes_the_node_it_governs(
    slug: str, node_id: str, parameter: str
) -> None:
    library = real_library()
    spec = library.patterns[slug]
    node = spec.topology.node(node_id)
    values = values_showing(spec, node)
    allowed = dict(condition_of(spec, node).requirements)[parameter]
    others = [choice.value for choice in spec.parameter(parameter).choices if choice.value not in allowed]

    assert node_id in node_groups(svg_for(library, slug, values))
    for other in others:
        assert node_id not in node_groups(svg_for(library, slug, {**values, parameter: other}))


def test_the_real_library_has_parameter_governed_nodes() -> None:
    assert conditioned_nodes(ParameterType.BOOL)
    assert conditioned_nodes(ParameterType.CHOICE)


def test_the_real_library_uses_only_six_digit_hex_colours() -> None:
    library = real_library()
    for spec in library.patterns.values():
        dot = dot_for(library, spec.slug)
        for colour in re.findall(r"(?:color|fillcolor|fontcolor)=\"?([^\s\"\]]+)", dot):
            assert re.fullmatch(r"#[0-9a-f]{6}|transparent", colour), (spec.slug, colour)


# --- what a diagram shows --------------------------------------------------------------


def test_a_bool_parameter_adds_and_removes_its_node_and_the_edges_to_it(orders: Library) -> None:
    with_dlq = dot_for(orders, "order-queue", {"dlq_enabled": True})
    without_dlq = dot_for(orders, "order-queue", {"dlq_enabled": False})

    assert 'id="node-dlq"' in with_dlq
    assert "worker -> dlq" in with_dlq
    assert "dlq" not in without_dlq
    assert "node-dlq" not in svg_for(orders, "order-queue", {"dlq_enabled": False})


def test_a_choice_parameter_switches_nodes(orders: Library) -> None:
    standard = node_groups(svg_for(orders, "order-queue", {"queue_type": "standard"}))
    fifo = node_groups(svg_for(orders, "order-queue", {"queue_type": "fifo"}))

    assert set(standard) == {"shop", "queue", "worker", "dlq"}
    assert set(fifo) == {"shop", "fifo_queue", "worker", "dlq"}
    assert " ".join(texts(fifo["fifo_queue"])) == "Orders FIFO queue SQS"


def test_missing_values_take_their_defaults(orders: Library) -> None:
    assert dot_for(orders, "order-queue", {}) == dot_for(
        orders, "order-queue", orders.patterns["order-queue"].defaults
    )


def test_a_group_exists_with_its_condition_and_takes_its_nodes_with_it(orders: Library) -> None:
    off = dot_for(orders, "order-queue", {"audit_enabled": False})
    on = dot_for(orders, "order-queue", {"audit_enabled": True})

    assert "cluster_audit" not in off
    assert "auditor" not in off
    assert "subgraph cluster_audit" in on
    assert 'label="Audit trail"' in on
    assert "worker -> auditor" in on


def test_the_layout_runs_left_to_right(orders: Library) -> None:
    assert "rankdir=LR" in dot_for(orders, "order-queue")


def test_failure_and_retry_edges_have_their_own_dashes_and_colours_and_flow_is_solid(orders: Library) -> None:
    svg = svg_for(orders, "order-queue")

    failure = edge_group(svg, "edge-worker-dlq-failure").find(f".//{SVG}path")
    retry = edge_group(svg, "edge-worker-worker-retry").find(f".//{SVG}path")
    flow = edge_group(svg, "edge-queue-worker-flow").find(f".//{SVG}path")
    assert failure is not None and retry is not None and flow is not None
    # Told apart without colour: long dashes for a failure, dash-dot for a retry.
    assert failure.get("stroke-dasharray") == "7,4"
    assert retry.get("stroke-dasharray") == "9,3,2,3"
    assert flow.get("stroke-dasharray") is None
    assert failure.get("stroke") == "#e11d48"
    assert retry.get("stroke") == "#9333ea"
    assert flow.get("stroke") == "currentColor"


def test_edges_carry_their_labels(orders: Library) -> None:
    svg = svg_for(orders, "order-queue")

    assert " ".join(texts(edge_group(svg, "edge-worker-dlq-failure"))) == "after 3 receives"
    assert texts(edge_group(svg, "edge-shop-queue-flow")) == ["SendMessage"]


def test_a_node_shows_its_component_short_name_below_a_different_label(orders: Library) -> None:
    drawn = node_groups(svg_for(orders, "order-queue"))

    assert texts(drawn["queue"]) == ["Orders queue", "SQS"]
    assert texts(drawn["worker"]) == ["Lambda"]
    assert texts(drawn["shop"]) == ["Shop"]


def test_tooltips_name_the_component_and_its_role_in_the_pattern(orders: Library) -> None:
    drawn = node_groups(svg_for(orders, "order-queue"))

    assert drawn["queue"].findtext(f"{SVG}title") == (
        "Amazon SQS: Buffers orders between the shop and the worker."
    )
    assert drawn["dlq"].findtext(f"{SVG}title") == "Amazon SQS: Keeps orders that failed three times."


def test_every_kind_of_edge_differs_in_dashes_arrowhead_and_width() -> None:
    from explorer.domain.diagrams.build import EDGE_STYLES

    styles = list(EDGE_STYLES.values())
    for attribute in ("dashes", "arrowhead", "penwidth"):
        values = [getattr(style, attribute) for style in styles]
        assert len(set(values)) >= 3, attribute
    assert len({(style.dashes, style.arrowhead) for style in styles}) == len(styles)


def test_every_component_of_the_library_has_a_vendored_icon_with_its_licence() -> None:
    assert set(COMPONENT_ICONS) >= set(real_library().components)
    for name in all_icons():
        assert (ICON_DIR / f"{name}.svg").read_text().startswith("<svg")
        assert (ICON_DIR / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    assert "MIT License" in (ICON_DIR / "LICENSE").read_text()
    assert "AWS Architecture Icons" in (ICON_DIR / "NOTICE.md").read_text()


def test_the_svg_is_self_contained_each_icon_inlined_once(orders: Library) -> None:
    svg = svg_for(orders, "order-queue")
    root = ET.fromstring(svg)

    assert "<image" not in svg
    assert ".png" not in svg
    symbols = root.findall(f".//{SVG}symbol")
    uses = root.findall(f".//{SVG}use")
    assert len(symbols) == len({symbol.get("id") for symbol in symbols}) == 3  # Client, SQS, Lambda
    assert {(use.get(XLINK_HREF) or "").lstrip("#") for use in uses} == {
        symbol.get("id") for symbol in symbols
    }
    assert len(uses) == 4


def test_the_png_shows_the_icons(orders: Library) -> None:
    dot = dot_for(orders, "order-queue")

    with_icons = render(dot, "png", cache=LRURenderCache())
    without = render(
        dot.replace('<IMG SRC="AmazonSimpleQueueService.png" SCALE="TRUE"/>', ""),
        "png",
        cache=LRURenderCache(),
    )

    assert with_icons.startswith(b"\x89PNG")
    assert len(with_icons) > len(without) + 1000  # the SQS icons are drawn in


def test_the_dot_names_icons_without_a_server_path(orders: Library) -> None:
    dot = dot_for(orders, "order-queue")

    assert 'SRC="AWSLambda.png"' in dot
    assert str(ICON_DIR) not in dot


def test_all_text_is_one_legible_size(orders: Library) -> None:
    svg = svg_for(orders, "order-queue", {"audit_enabled": True})
    sizes = {float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)}

    assert sizes == {FONT_SIZE}


def test_the_narrow_layout_runs_top_to_bottom_with_numbered_callouts_and_their_key(orders: Library) -> None:
    dot = dot_for(orders, "order-queue", layout="narrow")
    svg = svg_for(orders, "order-queue", layout="narrow")

    assert "rankdir=TB" in dot
    assert texts(edge_group(svg, "edge-shop-queue-flow")) == ["1"]
    legend = edge_group(svg, "legend")
    assert "SendMessage" in texts(legend)
    assert "1" in texts(legend)


def test_a_narrow_render_can_share_a_page_with_a_wide_one(orders: Library) -> None:
    dot = dot_for(orders, "order-queue", layout="narrow")
    svg = render(dot, "svg", title="t", description="d", id_prefix="narrow-", cache=LRURenderCache()).decode()
    root = ET.fromstring(svg)

    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert ids and all((identifier or "").startswith("narrow-") for identifier in ids)
    assert root.get("aria-labelledby", "").startswith("narrow-")
    for use in root.iter(f"{SVG}use"):
        assert (use.get(XLINK_HREF) or "").startswith("#narrow-")


def test_nodes_carry_stable_ids_and_a_class_per_category(orders: Library) -> None:
    drawn = node_groups(svg_for(orders, "order-queue"))

    assert drawn["queue"].get("class") == "node category-messaging"
    assert drawn["worker"].get("class") == "node category-compute"
    assert drawn["shop"].get("class") == "node category-external"


def test_the_legend_is_one_row_below_the_diagram_naming_the_edge_kinds_present(orders: Library) -> None:
    svg = svg_for(orders, "order-queue")
    legend = edge_group(svg, "legend")

    assert texts(legend) == ["\xa0Flow", "\xa0Failure path", "\xa0Retry"]
    rows = {round(float(text.get("y", 0))) for text in legend.iter(f"{SVG}text")}
    assert len(rows) == 1
    graph_bottom = max(float(y) for y in re.findall(r'<text[^>]* y="([-\d.]+)"', svg))
    assert max(rows) == round(graph_bottom)  # nothing is drawn below it


def test_page_coloured_parts_follow_the_page_text_colour(orders: Library) -> None:
    dot = dot_for(orders, "order-queue")
    svg = svg_for(orders, "order-queue")

    assert SENTINEL in dot
    assert SENTINEL not in svg.lower()
    assert 'stroke="currentColor"' in svg
    assert 'fill="currentColor" fill-opacity="0.72"' in svg  # the short names, lighter


def test_the_svg_is_ready_to_inline_at_one_pixel_per_point(orders: Library) -> None:
    svg = svg_for(orders, "order-queue")
    root = ET.fromstring(svg)

    assert "<?xml" not in svg
    assert "<!DOCTYPE" not in svg
    assert "<!--" not in svg
    _x, _y, width, height = (root.get("viewBox") or "").split()
    assert (root.get("width"), root.get("height")) == (width, height)
    assert root.get("role") == "img"


def test_the_svg_has_a_title_and_a_description_of_the_flow(orders: Library) -> None:
    root = ET.fromstring(svg_for(orders, "order-queue"))
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")

    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert title.text == "Order queue architecture"
    assert "Shop to Orders queue (SendMessage)" in (desc.text or "")


def test_the_description_lists_parts_then_flow_then_failure_paths(orders: Library) -> None:
    text = describe_topology(orders.patterns["order-queue"], {}, orders.components)

    assert text == (
        "Order queue architecture with 4 parts: Shop (outside AWS), Orders queue (Amazon SQS), "
        "Lambda (AWS Lambda), Dead-letter queue (Amazon SQS). "
        "Flow: Shop to Orders queue (SendMessage); Orders queue to Lambda (batch). "
        "Failure paths: Lambda to Dead-letter queue (after 3 receives). "
        "Retries: Lambda to itself (retry)."
    )


def test_text_is_escaped_for_dot_and_svg(orders: Library, tmp_path: Path) -> None:
    text = ORDERS_PATTERN.replace("label: Shop,", 'label: "Shop <&> \\\\ \\"quoted\\"",')
    library = load_library(write_library(tmp_path / "escaped", patterns={"order-queue": text}))

    drawn = node_groups(svg_for(library, "order-queue"))

    assert " ".join(texts(drawn["shop"])) == 'Shop <&> \\ "quoted"'


def test_a_node_naming_an_unknown_component_is_refused(orders: Library) -> None:
    components = {slug: c for slug, c in orders.components.items() if slug != "sqs"}

    with pytest.raises(ValueError, match="sqs"):
        build_dot(orders.patterns["order-queue"], {}, components, component_url=component_url)


def test_the_same_inputs_give_byte_identical_dot_and_svg(orders: Library) -> None:
    first = dot_for(orders, "order-queue", {"audit_enabled": True})
    second = dot_for(orders, "order-queue", {"audit_enabled": True})

    assert first == second
    assert render(first, "svg", cache=LRURenderCache()) == render(second, "svg", cache=LRURenderCache())


# --- layout ------------------------------------------------------------------------------


def test_columns_follow_the_flow_and_ignore_edges_that_close_a_loop(loop: Library) -> None:
    topology = visible_topology(loop.patterns["request-loop"], {})

    assert layout_ranks(topology) == {"client": 0, "front": 1, "queue": 2, "worker": 3, "dlq": 2}


def test_a_node_reached_only_by_failures_sits_after_the_earliest_node_failing_into_it(
    loop: Library,
) -> None:
    dot = dot_for(loop, "request-loop")
    x = centres(dot)

    assert x["front"] < x["dlq"] < x["worker"]
    assert "constraint=false" in statement(dot, "edge-queue-dlq-failure")


def test_edges_back_to_the_client_do_not_turn_the_diagram_around(loop: Library) -> None:
    dot = dot_for(loop, "request-loop")
    x = centres(dot)
    svg = svg_for(loop, "request-loop")

    assert x["client"] < x["front"] < x["queue"] < x["worker"]
    for edge_id in ("edge-front-client-failure", "edge-worker-client-flow", "edge-worker-queue-retry"):
        assert "dir=back" in statement(dot, edge_id)
    assert texts(edge_group(svg, "edge-front-client-failure")) == ["429 throttled"]
    assert texts(edge_group(svg, "edge-worker-client-flow")) == ["pushed result"]


@pytest.mark.parametrize(("slug", "values"), real_cases())
def test_every_real_diagram_reads_left_to_right_from_its_first_node(
    slug: str, values: dict[str, ParameterValue]
) -> None:
    library = real_library()
    topology = visible_topology(library.patterns[slug], values)
    ranks = layout_ranks(topology)
    x = centres(dot_for(library, slug, values))

    assert x[topology.nodes[0].id] == min(x[node.id] for node in topology.nodes)
    for edge in topology.edges:
        step = ranks[edge.target] - ranks[edge.source]
        if step:
            assert (x[edge.target] > x[edge.source]) == (step > 0), (edge.source, edge.target)


def test_a_label_within_one_column_becomes_a_numbered_callout_explained_in_the_legend() -> None:
    library = real_library()
    svg = svg_for(library, "saga")

    assert texts(edge_group(svg, "edge-payment-release-compensation")) == ["1"]
    assert "PaymentFailed (declined)" in texts(edge_group(svg, "legend"))


# --- rendering and its cache -----------------------------------------------------------


@pytest.fixture
def dot_processes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The argument lists of every process started while the test runs."""
    started: list[object] = []

    class CountingPopen(subprocess.Popen):
        def __init__(self, args: Any, *rest: Any, **options: Any) -> None:
            started.append(args)
            super().__init__(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", CountingPopen)
    return started


def test_a_second_render_hits_the_cache_and_starts_no_dot_process(
    orders: Library, dot_processes: list[object]
) -> None:
    dot = dot_for(orders, "order-queue")
    store = LRURenderCache()

    first = render(dot, "svg", title="Order queue architecture", cache=store)
    assert len(dot_processes) == 1
    second = render(dot, "svg", title="Order queue architecture", cache=store)

    assert second == first
    assert len(dot_processes) == 1


def test_several_svgs_are_drawn_by_one_process_and_cached_as_render_caches_them(
    orders: Library, dot_processes: list[object]
) -> None:
    from explorer.domain.diagrams.render import SvgJob, render_svgs

    wide = dot_for(orders, "order-queue")
    narrow = dot_for(orders, "order-queue", layout="narrow")
    store = LRURenderCache()

    drawn = render_svgs(
        [SvgJob(wide, title="t"), SvgJob(narrow, title="t", id_prefix="narrow-")], cache=store
    )

    assert len(dot_processes) == 1
    assert drawn[0] == render(wide, "svg", title="t", cache=LRURenderCache())
    assert drawn[1] == render(narrow, "svg", title="t", id_prefix="narrow-", cache=LRURenderCache())
    assert render(wide, "svg", title="t", cache=store) == drawn[0]  # a hit: no third process
    assert len(dot_processes) == 3
    assert render_svgs([SvgJob(wide, title="t")], cache=store) == drawn[:1]
    assert len(dot_processes) == 3


def test_when_dot_fails_on_several_graphs_in_one_run_each_is_drawn_alone(
    orders: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from explorer.domain.diagrams.render import SvgJob, render_svgs

    real_run = render_module._run_dot
    runs: list[int] = []

    def fails_on_two(dot: str, fmt: str, *, timeout: float) -> bytes:
        runs.append(dot.count("digraph"))
        if dot.count("digraph") > 1:
            raise RenderFailed("dot exited with status -6: malloc_consolidate(): invalid chunk size")
        return real_run(dot, fmt, timeout=timeout)

    monkeypatch.setattr(render_module, "_run_dot", fails_on_two)
    wide = dot_for(orders, "order-queue")
    narrow = dot_for(orders, "order-queue", layout="narrow")

    drawn = render_svgs([SvgJob(wide), SvgJob(narrow, id_prefix="narrow-")], cache=LRURenderCache())

    assert runs == [2, 1, 1]
    assert drawn[0] == render(wide, "svg", cache=LRURenderCache())
    assert drawn[1].startswith(b"<svg")


def test_the_default_cache_serves_repeated_renders(orders: Library, dot_processes: list[object]) -> None:
    dot = dot_for(orders, "order-queue", {"queue_type": "fifo", "audit_enabled": True})
    render_module.default_cache.clear()

    render(dot, "svg")
    render(dot, "svg")

    assert len(dot_processes) == 1


def test_each_format_title_and_description_is_cached_apart(
    orders: Library, dot_processes: list[object]
) -> None:
    dot = dot_for(orders, "order-queue")
    store = LRURenderCache()

    render(dot, "svg", title="One", cache=store)
    render(dot, "svg", title="Two", cache=store)
    render(dot, "png", cache=store)

    assert len(dot_processes) == 3
    assert len({cache_key(dot, "svg", title="One"), cache_key(dot, "svg", title="Two")}) == 2


def test_the_cache_forgets_the_least_recently_used_render() -> None:
    store = LRURenderCache(maxsize=2)
    store.set("a", b"1")
    store.set("b", b"2")
    store.get("a")
    store.set("c", b"3")

    assert store.get("a") == b"1"
    assert store.get("b") is None
    assert store.get("c") == b"3"


def test_png_is_a_png_and_dot_is_the_source_without_a_process(
    orders: Library, dot_processes: list[object]
) -> None:
    dot = dot_for(orders, "order-queue")

    assert render(dot, "png", cache=LRURenderCache()).startswith(b"\x89PNG\r\n\x1a\n")
    assert render(dot, "dot") == dot.encode("utf-8")
    assert len(dot_processes) == 1


def test_an_unknown_format_is_refused(orders: Library) -> None:
    with pytest.raises(ValueError, match="svg, png, dot"):
        render(dot_for(orders, "order-queue"), "pdf")


def test_without_dot_it_raises_graphviz_missing_and_logs_how_to_install_it_once(
    orders: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(render_module, "_warned_missing", False)
    dot = dot_for(orders, "order-queue")

    with caplog.at_level(logging.WARNING, logger="explorer.domain.diagrams"):
        for _ in range(2):
            with pytest.raises(GraphvizMissing, match="apt-get install graphviz"):
                render(dot, "svg", cache=LRURenderCache())

    warnings = [record for record in caplog.records if record.name == "explorer.domain.diagrams"]
    assert len(warnings) == 1
    assert "apt-get install graphviz" in warnings[0].getMessage()


def test_without_dot_a_cached_render_is_still_served(
    orders: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dot = dot_for(orders, "order-queue")
    store = LRURenderCache()
    svg = render(dot, "svg", cache=store)
    monkeypatch.setenv("PATH", str(tmp_path))

    assert render(dot, "svg", cache=store) == svg


def test_a_dot_that_fails_raises_render_failed() -> None:
    with pytest.raises(RenderFailed, match="status"):
        render("digraph { a -> }", "svg", cache=LRURenderCache())


def test_a_dot_that_runs_too_long_raises_render_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    def too_slow(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired(cmd="dot", timeout=0.5)

    monkeypatch.setattr(subprocess, "run", too_slow)

    with pytest.raises(RenderFailed, match=r"longer than 0\.5 s"):
        render("digraph { a }", "svg", cache=LRURenderCache(), timeout=0.5)


def test_titles_and_descriptions_are_escaped(orders: Library) -> None:
    svg = render(
        dot_for(orders, "order-queue"),
        "svg",
        title="<script>x</script>",
        description="A & B",
        cache=LRURenderCache(),
    ).decode("utf-8")
    root = ET.fromstring(svg)

    assert "<script>" not in svg
    assert root.findtext(f"{SVG}title") == "<script>x</script>"
    assert root.findtext(f"{SVG}desc") == "A & B"


def test_the_view_for_a_width_is_the_one_the_stylesheet_would_show() -> None:
    wide, compact, narrow = (
        DiagramView("wide", "<svg/>", 940),
        DiagramView("compact", "<svg/>", 600),
        DiagramView("narrow", "<svg/>", 0),
    )
    views = (wide, compact, narrow)

    assert view_for_width(views, 1200) == replace(wide, shown_below=None, only=True)
    assert view_for_width(views, 940).layout == "wide"
    assert view_for_width(views, 939) == replace(compact, shown_below=940, only=True)
    assert view_for_width(views, 600).layout == "compact"
    assert view_for_width(views, 320) == replace(narrow, shown_below=600, only=True)
    # A narrower layout that needs more width than a wider one is never the choice.
    odd = (DiagramView("wide", "", 500), DiagramView("compact", "", 700), narrow)
    assert view_for_width(odd, 800).layout == "wide"
    assert view_for_width(odd, 400) == replace(narrow, shown_below=500, only=True)
