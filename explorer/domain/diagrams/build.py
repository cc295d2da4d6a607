"""A pattern and its parameter values -> DOT source, and a plain-text account of the flow.

Pure functions: no process is started and nothing is cached here. The same inputs always
give byte-identical DOT, so `render` can cache rendered output by a hash of the source.

How a diagram looks, as AWS's own architecture diagrams do: every AWS service node is its
AWS Architecture Icon (see `icons`) with its label below it and the service's short name
under that; groups are dashed boxes with their title at the top left; one row of legend
below says what each kind of line means. Nothing is filled, so everything is drawn on the
page background: text, flow edges, group borders and the legend use `SENTINEL`, which
`render` turns into `currentColor` in SVG so that it follows the page's text colour, and the
service short names use `MUTED`, which it turns into the same colour, lighter.

Three layouts draw the same topology: "wide" runs left to right for a laptop's width;
"compact" does too, with numbered callouts on the lines explained in a key below, about a
third narrower; "narrow" runs top to bottom, with callouts and shorter lines of text, for a
phone's width. Every text is set in FONT_SIZE points, and a page shows a diagram at no more
than one CSS pixel per point: the page picks the first layout whose text stays legible in
the width it has.
"""

from __future__ import annotations

import html
import textwrap
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
from explorer.domain.diagrams.icons import ACTOR_ICON_NAME, icon_for_component
from explorer.domain.patterns.registry import pattern_module

# Colours no content uses; `render` replaces them with `currentColor` (MUTED lighter) in SVG.
SENTINEL = "#010101"
MUTED = "#010102"
# What MUTED is in PNG renders, which are drawn on white.
MUTED_ON_WHITE = "#4b5563"
FONT = "Helvetica,Arial,sans-serif"
# The one size of every text in a diagram, in points (a point is a CSS pixel at scale 1).
FONT_SIZE = 12
# The side of a node's icon, in points; AWS's diagrams draw icons at 48 px beside 12 px text.
ICON_SIZE = 40
EXTERNAL = "external"


@dataclass(frozen=True)
class Layout:
    """One way to lay a diagram out: its direction and how long its lines of text may be."""

    name: str
    rankdir: str
    label_width: int  # characters per line of a node's label
    edge_label_width: int  # characters per line of an edge's label
    legend_columns: int  # legend items per row
    nodesep: str
    ranksep: str
    row_width: int = 0  # in points: a column wider than this spills onto further rows (0: never)
    # Edges carry numbered callouts, explained in a key below the legend, instead of their
    # labels: a phone's width has no room for labels beside the lines.
    callouts: bool = False


LAYOUTS: dict[str, Layout] = {
    "wide": Layout("wide", "LR", 13, 14, 4, nodesep="0.25", ranksep="0.25"),
    # Left to right with numbered callouts: a third narrower, for a laptop too narrow for
    # the labels beside the lines.
    "compact": Layout("compact", "LR", 13, 14, 4, nodesep="0.25", ranksep="0.25", callouts=True),
    "narrow": Layout("narrow", "TB", 11, 34, 2, nodesep="0.08", ranksep="0.3", row_width=320, callouts=True),
}
# Characters per line of the callouts' key below the legend.
KEY_WIDTH = 34


@dataclass(frozen=True)
class CategoryStyle:
    """How a node of one category is drawn when its component has no icon."""

    label: str
    shape: str
    border: str


# A node without an icon (a team's own service) is an outline in its category's colour.
CATEGORY_STYLES: dict[str, CategoryStyle] = {
    ComponentCategory.COMPUTE.value: CategoryStyle("Compute", "box", "#c2410c"),
    ComponentCategory.STORAGE.value: CategoryStyle("Storage", "cylinder", "#15803d"),
    ComponentCategory.MESSAGING.value: CategoryStyle("Messaging", "cds", "#be185d"),
    ComponentCategory.NETWORKING.value: CategoryStyle("Networking", "hexagon", "#6d28d9"),
    ComponentCategory.OBSERVABILITY.value: CategoryStyle("Observability", "note", "#0369a1"),
    ComponentCategory.SECURITY.value: CategoryStyle("Security", "octagon", "#b91c1c"),
    EXTERNAL: CategoryStyle("Outside AWS", "ellipse", "#4b5563"),
}


@dataclass(frozen=True)
class EdgeStyle:
    """How every edge of one kind is drawn, in the diagram and in its legend.

    Each kind differs from the others in three ways, so that none needs its colour to be
    told apart: its dashes, its arrowhead and its line width. `dashes` is the SVG
    stroke-dasharray that `render` puts in place of graphviz's own for `style` (graphviz has
    only "dashed" and "dotted"; a PNG keeps those).
    """

    label: str
    style: str
    color: str
    penwidth: str
    arrowhead: str
    dashes: str = ""


EDGE_STYLES: dict[EdgeKind, EdgeStyle] = {
    EdgeKind.FLOW: EdgeStyle("Flow", "solid", SENTINEL, "1.3", "normal"),
    EdgeKind.FAILURE: EdgeStyle("Failure path", "dashed", "#e11d48", "1.6", "normal", dashes="7,4"),
    EdgeKind.COMPENSATION: EdgeStyle("Compensation", "dotted", "#d97706", "2.2", "onormal", dashes="1.5,3.5"),
    EdgeKind.RETRY: EdgeStyle("Retry", "dashed", "#9333ea", "1.9", "vee", dashes="9,3,2,3"),
}

# The legend's id in SVG; `render` wraps graphviz's drawing of the graph label in it.
LEGEND_ID = "legend"


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
    layout: str = "wide",
) -> str:
    """DOT source of the pattern's architecture for these parameter values.

    Only the visible topology is drawn (see `visible_topology`), in the columns of
    `layout_ranks`: left to right for the "wide" layout, top to bottom for "narrow" (see
    LAYOUTS). Groups are labelled clusters; one row of legend below names the edge kinds
    present. An edge that points back to the same or an earlier column (a failure reply to
    the client, a retry) is drawn but does not move its target.
    Each AWS service node shows its icon (an `IMG` of `<icon>.png`, found through graphviz's
    `imagepath`, which `render` sets), its label wrapped to the layout's line length, and the
    component's short name when it differs from the label; it links to
    `component_url(slug)`, carries the tooltip "<Component name>: <role>", the SVG id
    "node-<node id>" and the class "category-<category>". Raises ValueError if a node names a
    component missing from `components`, or for an unknown layout. The same inputs give
    byte-identical output.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown diagram layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    shape = LAYOUTS[layout]
    topology = visible_topology(spec, values)
    graph = graphviz.Digraph(name=spec.title, strict=False)
    graph.attr(
        "graph",
        id=f"diagram-{spec.slug}",
        rankdir=shape.rankdir,
        fontname=FONT,
        fontcolor=SENTINEL,
        fontsize=str(FONT_SIZE),
        nodesep=shape.nodesep,
        ranksep=shape.ranksep,
        pad="0.05",
    )
    graph.attr(
        "node",
        fontname=FONT,
        fontsize=str(FONT_SIZE),
        fontcolor=SENTINEL,
        penwidth="1.2",
        margin="0.04,0.02",
    )
    graph.attr("edge", fontname=FONT, fontsize=str(FONT_SIZE), fontcolor=SENTINEL, arrowsize="0.8")

    for group in topology.groups:
        with graph.subgraph(name=f"cluster_{group.id}") as cluster:
            cluster.attr(
                id=f"group-{group.id}",
                label=_escape(group.label),
                tooltip=_escape(group.label),
                labeljust="l",
                style="rounded,dashed",
                color=SENTINEL,
                penwidth="0.9",
                margin="10",
            )
            for node in topology.nodes:
                if node.group == group.id:
                    _add_node(cluster, spec, node, components, component_url, shape)
    for node in topology.nodes:
        if not node.group:
            _add_node(graph, spec, node, components, component_url, shape)

    edge_ids = _edge_ids(spec.topology)
    labels = {node.id: node.label for node in topology.nodes}
    ranks = layout_ranks(topology)
    if shape.row_width:
        # A column too wide for the layout spills onto rows below it: an invisible edge
        # from a node that stays puts each spilled node that many rows further down.
        for node_id, (anchor, rows_down) in spilled_rows(topology, ranks, components, shape).items():
            graph.edge(anchor, node_id, style="invis", minlen=str(rows_down))
    # Callouts for every labelled edge in a layout that has them; otherwise only for edges
    # within one column, where dot has no gap to set a label in and puts it over whatever
    # is there (a small number, placed after the layout, finds room where a label does not).
    within_a_column = (
        None
        if shape.callouts
        else {
            id(edge)
            for edge in topology.edges
            if edge.source != edge.target and ranks[edge.source] == ranks[edge.target]
        }
    )
    numbers = _callouts(topology, within_a_column)
    for edge in topology.edges:
        tooltip = _describe_edge(edge, labels[edge.source], labels[edge.target])
        step = ranks[edge.target] - ranks[edge.source]
        _add_edge(
            graph, edge, edge_ids[id(edge)], tooltip, step=step, shape=shape, callout=numbers.get(id(edge))
        )
    legend = _legend(topology, shape, numbers)
    if legend:
        graph.attr("graph", label=legend, labelloc="b", labeljust="l")
    return str(graph.source)


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


# DejaVu Sans, the widest of the fonts a diagram may be set in, averages this many points
# per character at FONT_SIZE; estimates of text width only decide where a row spills.
CHARACTER_WIDTH = 7.2


def spilled_rows(
    topology: Topology, ranks: Mapping[str, int], components: Mapping[str, ComponentSpec], shape: Layout
) -> dict[str, tuple[str, int]]:
    """The nodes of a top-to-bottom layout that go below their column's row, so that no row
    is wider than `shape.row_width`: node id -> (a node of the row it leaves, rows down).

    A row's width is estimated from its nodes' text, and from the labels of the edges
    arriving at them, which graphviz sets side by side in the gap above the row. Nodes that
    lead nowhere (a log group, a table) spill first, and every node keeps its content order.
    """
    leads_somewhere = {edge.source for edge in topology.edges if edge.source != edge.target}
    labels_in: dict[str, float] = {}
    for edge in topology.edges:
        if edge.label and edge.source != edge.target:
            lines = ["00"] if shape.callouts else _wrap(edge.label, shape.edge_label_width)
            width = max(len(line) for line in lines) * CHARACTER_WIDTH
            labels_in[edge.target] = labels_in.get(edge.target, 0.0) + width + 12
    spilled: dict[str, tuple[str, int]] = {}
    columns: dict[int, list[TopologyNode]] = {}
    for node in topology.nodes:
        columns.setdefault(ranks[node.id], []).append(node)
    # Width taken in each row, by the row's own nodes and by those spilled into it from above.
    taken: dict[int, list[float]] = {}
    for rank in sorted(columns):
        ordered = sorted(columns[rank], key=lambda node: node.id not in leads_somewhere)
        row = rank
        stays: list[TopologyNode] = []
        for node in ordered:
            node_width = _node_width(node, components, shape) + 14
            label_width = labels_in.get(node.id, 0.0)
            while True:
                width, labels = taken.setdefault(row, [0.0, 0.0])
                if not (width or labels) or max(width + node_width, labels + label_width) <= shape.row_width:
                    break
                row += 1
            taken[row][0] += node_width
            taken[row][1] += label_width
            if row == rank:
                stays.append(node)
            else:
                # Under a node of its own group where there is one, so a group wraps into a
                # grid rather than reaching across its neighbours.
                kin = [other for other in stays if other.group == node.group] or stays or ordered[:1]
                spilled[node.id] = (kin[len(spilled) % len(kin)].id, row - rank)
    return spilled


def _node_width(node: TopologyNode, components: Mapping[str, ComponentSpec], shape: Layout) -> float:
    """An estimate of a node's width in points: its icon or its longest line of text."""
    lines = _wrap(node.label, shape.label_width)
    if not node.actor:
        lines += _wrap(_component(node, components).short_name, shape.label_width)
    return max(ICON_SIZE, max(len(line) for line in lines) * CHARACTER_WIDTH) + 8


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
    return str(graphviz.escape(text))


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters, broken between words where it can."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def _node_label(
    node: TopologyNode, components: Mapping[str, ComponentSpec], icon: str | None, shape: Layout
) -> str:
    """An HTML-like label: the icon, the node's label wrapped, the short name when different."""
    rows = []
    if icon:
        rows.append(
            f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{ICON_SIZE}" HEIGHT="{ICON_SIZE}">'
            f'<IMG SRC="{icon}.png" SCALE="TRUE"/></TD></TR>'
        )
    title = "<BR/>".join(html.escape(line) for line in _wrap(node.label, shape.label_width))
    rows.append(f"<TR><TD>{title}</TD></TR>")
    if not node.actor:
        short_name = _component(node, components).short_name
        if short_name.strip().casefold() != node.label.strip().casefold():
            lines = "<BR/>".join(html.escape(line) for line in _wrap(short_name, shape.label_width))
            rows.append(f'<TR><TD><FONT COLOR="{MUTED}">{lines}</FONT></TD></TR>')
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{"".join(rows)}</TABLE>>'


def _add_node(
    graph: graphviz.Digraph,
    spec: PatternSpec,
    node: TopologyNode,
    components: Mapping[str, ComponentSpec],
    component_url: Callable[[str], str],
    shape: Layout,
) -> None:
    category = node_category(node, components)
    icon = ACTOR_ICON_NAME if node.actor else icon_for_component(node.component)
    style = CATEGORY_STYLES[category]
    attributes = {
        "id": f"node-{node.id}",
        "class": f"category-{category}",
        "tooltip": _escape(node_tooltip(spec, node, components)),
    }
    if icon:
        # An outline that is not drawn: the page draws it when the node is selected.
        attributes.update(shape="box", style="rounded", color="transparent")
    else:
        attributes.update(shape=style.shape, style="rounded" if style.shape == "box" else "solid")
        attributes["color"] = style.border
    if not node.actor:
        attributes["href"] = _escape(component_url(node.component))
    graph.node(node.id, label=_node_label(node, components, icon, shape), **attributes)


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


def _add_edge(
    graph: graphviz.Digraph,
    edge: TopologyEdge,
    edge_id: str,
    tooltip: str,
    *,
    step: int,
    shape: Layout,
    callout: int | None = None,
) -> None:
    """Adds the edge; `step` is its target's column minus its source's (see `layout_ranks`).
    With a `callout`, the edge is labelled with that number instead of its label.

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
        extra["arrowtail"] = style.arrowhead
    elif step == 0 and edge.source != edge.target:
        extra["constraint"] = "false"
    label = None
    if callout is not None:
        label = (
            '<<TABLE BORDER="1" STYLE="rounded" CELLBORDER="0" CELLPADDING="0" '
            f'COLOR="{style.color}"><TR><TD>{callout}</TD></TR></TABLE>>'
        )
    elif edge.label:
        label = "\\n".join(_escape(line) for line in _wrap(edge.label, shape.edge_label_width))
    if step == 0 and edge.source != edge.target and label and shape.rankdir == "LR":
        # Within one column: an external label, placed after the layout clear of the rest
        # (a top-to-bottom layout sets a label between two nodes of a row well enough).
        extra["xlabel"] = label
        label = None
    graph.edge(
        *ends,
        label=label,
        id=edge_id,
        tooltip=_escape(tooltip),
        **{"class": f"edge-{edge.kind.value}"},
        style=style.style,
        color=style.color,
        penwidth=style.penwidth,
        arrowhead=style.arrowhead,
        **extra,
    )


def _callouts(topology: Topology, only: set[int] | None = None) -> dict[int, int]:
    """A number from 1 for every labelled edge (or those whose identity is in `only`), flow
    first, then failures, compensations and retries, each in content order (as
    `describe_topology` tells them); keyed by identity."""
    labelled = [
        edge
        for kind in EDGE_STYLES
        for edge in topology.edges
        if edge.kind is kind and edge.label and (only is None or id(edge) in only)
    ]
    return {id(edge): number for number, edge in enumerate(labelled, start=1)}


def _legend(topology: Topology, shape: Layout, numbers: Mapping[int, int]) -> str:
    """The graph's label: one sample line and name per edge kind present, in rows of the
    layout's `legend_columns`, or "" when there are no edges.

    As the graph's label it sits below the drawing and takes no column or row of it. Each
    sample is the bottom border of an empty cell over an empty cell, so the line runs
    through the middle of the row, in the kind's colour, dashes and width.
    """
    kinds = [kind for kind in EDGE_STYLES if any(edge.kind is kind for edge in topology.edges)]
    if not kinds:
        return ""
    cells = []
    for kind in kinds:
        style = EDGE_STYLES[kind]
        dashes = "" if style.style == "solid" else f' STYLE="{style.style}"'
        line = (
            f'<TD WIDTH="34" HEIGHT="8" FIXEDSIZE="TRUE" SIDES="B" BORDER="{round(float(style.penwidth))}" '
            f'COLOR="{style.color}"{dashes}></TD>'
        )
        cells.append(
            '<TD><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
            f'<TR>{line}<TD ROWSPAN="2" ALIGN="LEFT">&#160;{html.escape(style.label)}</TD></TR>'
            '<TR><TD WIDTH="34" HEIGHT="8" FIXEDSIZE="TRUE"></TD></TR></TABLE></TD>'
        )
    rows = [
        cells[start : start + shape.legend_columns] for start in range(0, len(cells), shape.legend_columns)
    ]
    body = "".join(f"<TR>{''.join(row)}</TR>" for row in rows)
    # The key of the callouts: one row per number, the number right-aligned beside its label.
    by_number = {number: edge for edge in topology.edges if (number := numbers.get(id(edge)))}
    if by_number:
        key = "".join(
            f'<TR><TD ALIGN="RIGHT" VALIGN="TOP">{number}</TD><TD ALIGN="LEFT" BALIGN="LEFT">'
            + "<BR/>".join(html.escape(line) for line in _wrap(edge.label, KEY_WIDTH))
            + "</TD></TR>"
            for number, edge in sorted(by_number.items())
        )
        span = max(len(row) for row in rows)
        body += (
            f'<TR><TD COLSPAN="{span}" ALIGN="LEFT">'
            f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">{key}</TABLE></TD></TR>'
        )
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3">{body}</TABLE>>'


def _describe_edge(edge: TopologyEdge, source: str, target: str) -> str:
    text = f"{source} to itself" if edge.source == edge.target else f"{source} to {target}"
    return f"{text} ({edge.label})" if edge.label else text
