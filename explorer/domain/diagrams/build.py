"""A pattern and its parameter values -> DOT source, and a plain-text account of the flow.

Pure functions: no process is started and nothing is cached here. The same inputs always
give byte-identical DOT, so `render` can cache rendered output by a hash of the source.

Colours and themes: nodes are pastel fills with dark text, which read on light and dark
pages alike. Everything drawn on the page background (flow edges, edge labels, cluster
borders and labels, the legend's text) uses `SENTINEL`, which `render` turns into
`currentColor` in SVG so it follows the page's text colour.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import graphviz

from explorer.domain.content.schema import (
    ComponentCategory,
    ComponentSpec,
    EdgeKind,
    ParameterValue,
    PatternSpec,
    Topology,
    TopologyEdge,
    TopologyNode,
)
from explorer.domain.patterns.registry import pattern_module

# A colour no content uses; `render` replaces it with `currentColor` in SVG output.
SENTINEL = "#010101"
TEXT_ON_FILL = "#1f2937"
FONT = "Helvetica,Arial,sans-serif"
EXTERNAL = "external"


@dataclass(frozen=True)
class CategoryStyle:
    """How every node of one category is drawn, in the diagram and in its legend."""

    label: str
    shape: str
    style: str
    fill: str
    border: str


# One fill and one shape per category, used for every node and the legend alike.
CATEGORY_STYLES: dict[str, CategoryStyle] = {
    ComponentCategory.COMPUTE.value: CategoryStyle("Compute", "box", "rounded,filled", "#ffedd5", "#c2410c"),
    ComponentCategory.STORAGE.value: CategoryStyle("Storage", "cylinder", "filled", "#dcfce7", "#15803d"),
    ComponentCategory.MESSAGING.value: CategoryStyle("Messaging", "cds", "filled", "#fce7f3", "#be185d"),
    ComponentCategory.NETWORKING.value: CategoryStyle(
        "Networking", "hexagon", "filled", "#ede9fe", "#6d28d9"
    ),
    ComponentCategory.OBSERVABILITY.value: CategoryStyle(
        "Observability", "note", "filled", "#e0f2fe", "#0369a1"
    ),
    ComponentCategory.SECURITY.value: CategoryStyle("Security", "octagon", "filled", "#fee2e2", "#b91c1c"),
    EXTERNAL: CategoryStyle("Outside AWS", "ellipse", "filled", "#f3f4f6", "#4b5563"),
}


@dataclass(frozen=True)
class EdgeStyle:
    """How every edge of one kind is drawn, in the diagram and in its legend."""

    label: str
    style: str
    color: str
    penwidth: str


EDGE_STYLES: dict[EdgeKind, EdgeStyle] = {
    EdgeKind.FLOW: EdgeStyle("Flow", "solid", SENTINEL, "1.2"),
    EdgeKind.FAILURE: EdgeStyle("Failure path", "dashed", "#e11d48", "1.5"),
    EdgeKind.COMPENSATION: EdgeStyle("Compensation", "dashed", "#d97706", "1.5"),
    EdgeKind.RETRY: EdgeStyle("Retry", "dashed", "#9333ea", "1.5"),
}

# Legend node names start with "_", which a topology id (NODE_ID_RE) never does.
LEGEND_CLUSTER = "cluster__legend"
# The legend's items per row at the most; each item sits in one of the diagram's columns.
LEGEND_COLUMNS = 4


def visible_topology(spec: PatternSpec, values: Mapping[str, ParameterValue]) -> Topology:
    """The part of the topology that exists for these parameter values, in content order.

    Parameters missing from `values` take their defaults. For a pattern with a module, an
    AWS node is drawn exactly when the configuration's deployment uses it
    (`Deployment.drawn_nodes()`: its resources' nodes, their parts, what it uses but does not
    create, and CloudWatch and X-Ray when they apply), so the diagram shows what the template
    deploys; actors (outside AWS) follow their own `when`. A pattern with content only uses
    every node's `when`. A group exists while its `when` holds and it keeps at least one
    node; a node in a group exists only while its group does; an edge exists while its
    `when` holds and both its ends exist.
    """
    resolved = {**spec.defaults, **values}
    topology = spec.topology
    module = pattern_module(spec.slug)
    drawn = module.build(resolved).drawn_nodes() if module else None
    live_groups = {group.id for group in topology.groups if group.when.holds(resolved)}
    nodes = tuple(
        node
        for node in topology.nodes
        if (node.id in drawn if drawn is not None and not node.actor else node.when.holds(resolved))
        and (not node.group or node.group in live_groups)
    )
    node_ids = {node.id for node in nodes}
    used_groups = {node.group for node in nodes if node.group}
    groups = tuple(group for group in topology.groups if group.id in used_groups)
    edges = tuple(
        edge
        for edge in topology.edges
        if edge.when.holds(resolved) and edge.source in node_ids and edge.target in node_ids
    )
    return Topology(nodes=nodes, edges=edges, groups=groups)


def node_category(node: TopologyNode, components: Mapping[str, ComponentSpec]) -> str:
    """The legend category of a node: its component's category, or "external" for an actor."""
    if node.actor:
        return EXTERNAL
    return _component(node, components).category.value


def node_tooltip(spec: PatternSpec, node: TopologyNode, components: Mapping[str, ComponentSpec]) -> str:
    """The tooltip "<Component name>: <role in this pattern>"; a node's own role wins."""
    if node.actor:
        role = node.role or "outside AWS"
        return f"{node.label}: {role}"
    component = _component(node, components)
    role = node.role or spec.role_of(component.slug)
    return f"{component.name}: {role}" if role else component.name


def build_dot(
    spec: PatternSpec,
    values: Mapping[str, ParameterValue],
    components: Mapping[str, ComponentSpec],
    *,
    component_url: Callable[[str], str],
) -> str:
    """DOT source of the pattern's architecture for these parameter values.

    Only the visible topology is drawn (see `visible_topology`), left to right in the
    columns of `layout_ranks`, groups as labelled clusters, with a compact legend of the
    node categories and edge kinds present below. An edge that points back to the same or
    an earlier column (a failure reply to the client, a retry) is drawn but does not
    move its target.
    Each component node links to `component_url(slug)`, carries the tooltip
    "<Component name>: <role>", the SVG id "node-<node id>" and the class
    "category-<category>". Raises ValueError if a node names a component missing from
    `components`. The same inputs give byte-identical output.
    """
    topology = visible_topology(spec, values)
    graph = graphviz.Digraph(name=spec.title, strict=False)
    graph.attr(
        "graph",
        id=f"diagram-{spec.slug}",
        rankdir="LR",
        fontname=FONT,
        fontcolor=SENTINEL,
        fontsize="11",
        nodesep="0.35",
        ranksep="0.55",
        pad="0.15",
    )
    graph.attr(
        "node", fontname=FONT, fontsize="12", fontcolor=TEXT_ON_FILL, penwidth="1.2", margin="0.12,0.06"
    )
    graph.attr("edge", fontname=FONT, fontsize="10", fontcolor=SENTINEL, arrowsize="0.7")

    # Emitted first, the legend is laid out below the diagram rather than above it.
    _add_legend(graph, topology, components)
    for group in topology.groups:
        with graph.subgraph(name=f"cluster_{group.id}") as cluster:
            cluster.attr(
                id=f"group-{group.id}",
                label=_escape(group.label),
                tooltip=_escape(group.label),
                labeljust="l",
                style="rounded,dashed",
                color=SENTINEL,
                penwidth="0.8",
                margin="10",
            )
            for node in topology.nodes:
                if node.group == group.id:
                    _add_node(cluster, spec, node, components, component_url)
    for node in topology.nodes:
        if not node.group:
            _add_node(graph, spec, node, components, component_url)

    edge_ids = _edge_ids(spec.topology)
    labels = {node.id: node.label for node in topology.nodes}
    ranks = layout_ranks(topology)
    for edge in topology.edges:
        tooltip = _describe_edge(edge, labels[edge.source], labels[edge.target])
        _add_edge(graph, edge, edge_ids[id(edge)], tooltip, step=ranks[edge.target] - ranks[edge.source])
    return graph.source


def layout_ranks(topology: Topology) -> dict[str, int]:
    """The column of every node of `topology` in the left-to-right layout, from 0.

    A node's column is the longest path to it along flow edges from the nodes no flow edge
    reaches, with the flow edges that close a cycle left out (depth first, sources and
    edges in content order, so the client of a request/response loop stays on the left).
    A node that no flow edge reaches but a failure, retry or compensation edge does (a
    dead-letter queue, a compensating step) goes one column after the earliest node such
    an edge comes from, not after the latest: it stays beside the first step that can fail
    into it, and the compensations of a saga line up under the steps they undo. An edge
    that would close a cycle (a failure reply to the client that started the flow) is not
    counted.
    """
    order = [node.id for node in topology.nodes]
    flow: dict[str, list[str]] = {node_id: [] for node_id in order}
    for edge in topology.edges:
        if edge.kind is EdgeKind.FLOW and edge.source != edge.target:
            flow[edge.source].append(edge.target)
    flow_targets = {target for targets in flow.values() for target in targets}
    earlier: dict[str, list[str]] = {node_id: [] for node_id in order}
    state: dict[str, bool] = {}  # False while on the depth-first path, True once finished

    def visit(node_id: str) -> None:
        state[node_id] = False
        for target in flow[node_id]:
            if state.get(target) is False:
                continue  # closes a cycle
            earlier[target].append(node_id)
            if target not in state:
                visit(target)
        state[node_id] = True

    sources = [node_id for node_id in order if node_id not in flow_targets]
    for node_id in [*sources, *order]:
        if node_id not in state:
            visit(node_id)
    for edge in topology.edges:
        reaches_a_source = edge.kind is not EdgeKind.FLOW and edge.target not in flow_targets
        if reaches_a_source and not _leads_to(earlier, edge.source, edge.target):
            earlier[edge.target].append(edge.source)

    ranks: dict[str, int] = {}

    def rank(node_id: str) -> int:
        if node_id not in ranks:
            pick = max if node_id in flow_targets else min
            ranks[node_id] = pick((rank(source) + 1 for source in earlier[node_id]), default=0)
        return ranks[node_id]

    return {node_id: rank(node_id) for node_id in order}


def describe_topology(
    spec: PatternSpec,
    values: Mapping[str, ParameterValue],
    components: Mapping[str, ComponentSpec],
) -> str:
    """A plain-text account of the diagram for screen readers: its parts, then its flow.

    Lists every visible node with its component ("Queue (Amazon SQS)"), then every visible
    edge as "<from> to <to> (<label>)", flow first and failure, compensation and retry
    paths after, each in content order. Uses the same visibility rules as `build_dot`.
    """
    topology = visible_topology(spec, values)
    labels = {node.id: node.label for node in topology.nodes}
    parts = []
    for node in topology.nodes:
        if node.actor:
            parts.append(f"{node.label} (outside AWS)")
        else:
            component = _component(node, components)
            parts.append(f"{node.label} ({component.name})")
    sentences = [f"{spec.title} architecture with {len(parts)} parts: {', '.join(parts)}."]
    headings = {
        EdgeKind.FLOW: "Flow",
        EdgeKind.FAILURE: "Failure paths",
        EdgeKind.COMPENSATION: "Compensations",
        EdgeKind.RETRY: "Retries",
    }
    for kind, heading in headings.items():
        steps = [
            _describe_edge(edge, labels[edge.source], labels[edge.target])
            for edge in topology.edges
            if edge.kind is kind
        ]
        if steps:
            sentences.append(f"{heading}: {'; '.join(steps)}.")
    return " ".join(sentences)


# --- helpers -------------------------------------------------------------------------


def _component(node: TopologyNode, components: Mapping[str, ComponentSpec]) -> ComponentSpec:
    try:
        return components[node.component]
    except KeyError:
        raise ValueError(f"node {node.id!r} uses component {node.component!r}, which is not known") from None


def _escape(text: str) -> str:
    """Text for a DOT escString attribute: backslashes literal, never an HTML-like label."""
    return graphviz.escape(text)


def _node_label(node: TopologyNode, components: Mapping[str, ComponentSpec]) -> str:
    """An HTML-like label: the node's label, and the component's short name below it if different."""
    title = html.escape(node.label)
    if node.actor:
        return f"<{title}>"
    short_name = _component(node, components).short_name
    if short_name.strip().casefold() == node.label.strip().casefold():
        return f"<{title}>"
    return f'<{title}<br/><font point-size="9">{html.escape(short_name)}</font>>'


def _add_node(
    graph: graphviz.Digraph,
    spec: PatternSpec,
    node: TopologyNode,
    components: Mapping[str, ComponentSpec],
    component_url: Callable[[str], str],
) -> None:
    category = node_category(node, components)
    style = CATEGORY_STYLES[category]
    attributes = {
        "id": f"node-{node.id}",
        "class": f"category-{category}",
        "shape": style.shape,
        "style": style.style,
        "fillcolor": style.fill,
        "color": style.border,
        "tooltip": _escape(node_tooltip(spec, node, components)),
    }
    if not node.actor:
        attributes["href"] = _escape(component_url(node.component))
    graph.node(node.id, label=_node_label(node, components), **attributes)


def _edge_ids(topology: Topology) -> dict[int, str]:
    """Stable SVG ids for every edge of the whole topology, so they do not shift with parameters.

    Keyed by object identity: `visible_topology` keeps the spec's own edge objects, and two
    edges with equal fields would collide as dictionary keys.
    """
    ids: dict[int, str] = {}
    seen: set[str] = set()
    for index, edge in enumerate(topology.edges):
        candidate = f"edge-{edge.source}-{edge.target}-{edge.kind.value}"
        if candidate in seen:
            candidate = f"{candidate}-{index}"
        seen.add(candidate)
        ids[id(edge)] = candidate
    return ids


def _leads_to(earlier: Mapping[str, list[str]], start: str, goal: str) -> bool:
    """Whether `goal` precedes or is `start` in the graph given by each node's predecessors."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        node_id = stack.pop()
        if node_id == goal:
            return True
        if node_id not in seen:
            seen.add(node_id)
            stack.extend(earlier[node_id])
    return False


def _add_edge(graph: graphviz.Digraph, edge: TopologyEdge, edge_id: str, tooltip: str, *, step: int) -> None:
    """Adds the edge; `step` is its target's column minus its source's (see `layout_ranks`).

    Left as it is, an edge back to an earlier column would close a cycle that dot breaks by
    reversing an edge of its own choosing, often a flow edge, which turns the picture
    around. So a backward edge is written forwards with its arrowhead drawn at the start
    (`dir=back`): it agrees with the columns and dot routes it like any other edge. An
    edge within one column does not constrain the columns at all.
    """
    style = EDGE_STYLES[edge.kind]
    ends = (edge.source, edge.target)
    extra: dict[str, str] = {}
    if step < 0:
        ends = (edge.target, edge.source)
        extra["dir"] = "back"
    elif step == 0 and edge.source != edge.target:
        extra["constraint"] = "false"
    graph.edge(
        *ends,
        label=_escape(edge.label) if edge.label else None,
        id=edge_id,
        tooltip=_escape(tooltip),
        **{"class": f"edge-{edge.kind.value}"},
        style=style.style,
        color=style.color,
        penwidth=style.penwidth,
        **extra,
    )


def _add_legend(graph: graphviz.Digraph, topology: Topology, components: Mapping[str, ComponentSpec]) -> None:
    """A cluster showing each node category and edge kind present, drawn as in the diagram.

    The items form a small grid of LEGEND_COLUMNS columns: in a left-to-right layout every
    column is a rank shared with the diagram, so a legend in one long row would be as wide
    as the diagram and one column would be as tall as all its items. Edge kinds are
    plaintext nodes whose HTML label draws a line in the kind's colour and dash style with
    an arrowhead: a real edge sample would span a rank of the diagram's edge labels.
    """
    present = {node_category(node, components) for node in topology.nodes}
    categories = [category for category in CATEGORY_STYLES if category in present]
    kinds = [kind for kind in EDGE_STYLES if any(edge.kind is kind for edge in topology.edges)]
    if not categories and not kinds:
        return
    with graph.subgraph(name=LEGEND_CLUSTER) as legend:
        legend.attr(
            id="legend",
            label="Legend",
            tooltip="Legend",
            labeljust="l",
            style="rounded",
            color=SENTINEL,
            penwidth="0.8",
            fontsize="10",
            margin="8",
        )
        names = []
        for category in categories:
            style = CATEGORY_STYLES[category]
            name = f"_legend_{category}"
            legend.node(
                name,
                label=_escape(style.label),
                id=f"legend-{category}",
                tooltip=_escape(style.label),
                **{"class": f"category-{category}"},
                shape=style.shape,
                style=style.style,
                fillcolor=style.fill,
                color=style.border,
                fontsize="10",
                height="0.3",
            )
            names.append(name)
        for kind in kinds:
            style = EDGE_STYLES[kind]
            name = f"_legend_{kind.value}"
            legend.node(
                name,
                label=_edge_sample(style),
                id=f"legend-edge-{kind.value}",
                tooltip=_escape(style.label),
                **{"class": f"edge-{kind.value}"},
                shape="plaintext",
                fontcolor=SENTINEL,
                fontsize="10",
                height="0.3",
                margin="0",
            )
            names.append(name)
        # As few rows as LEGEND_COLUMNS allows but at least two, evenly filled: a legend
        # in one row would reach across as many of the diagram's columns as it has items.
        rows = max(math.ceil(len(names) / LEGEND_COLUMNS), 2)
        columns = math.ceil(len(names) / rows)
        for start in range(0, len(names), columns):
            cells = names[start : start + columns]
            for left, right in itertools.pairwise(cells):
                legend.edge(left, right, style="invis")


def _edge_sample(style: EdgeStyle) -> str:
    """An HTML-like label: a short line in the edge kind's colour and dashes, an arrowhead, its name.

    The line is the bottom border of an empty cell over an empty cell, so it runs through
    the middle of the row; the arrowhead is U+25B8, which no platform draws as an emoji.
    """
    dashes = "" if style.style == "solid" else f' style="{style.style}"'
    line = (
        f'<td width="30" height="7" fixedsize="true" sides="b" border="1" color="{style.color}"{dashes}></td>'
    )
    return (
        '<<table border="0" cellborder="0" cellspacing="0" cellpadding="0">'
        f'<tr>{line}<td rowspan="2"><font color="{style.color}">&#9656;</font></td>'
        f'<td rowspan="2">&#160;{html.escape(style.label)}</td></tr>'
        '<tr><td width="30" height="7" fixedsize="true"></td></tr></table>>'
    )


def _describe_edge(edge: TopologyEdge, source: str, target: str) -> str:
    text = f"{source} to itself" if edge.source == edge.target else f"{source} to {target}"
    return f"{text} ({edge.label})" if edge.label else text
