"""DOT source -> SVG, PNG or DOT bytes, cached by a hash of the inputs.

`render` runs Graphviz's `dot` in a subprocess with a timeout (the `graphviz` package's
`pipe` offers none), turns SVG into markup that can be inlined in an HTML page, and keeps
the result in a cache so that a repeated render starts no process. The cache is anything
with `get(key)` and `set(key, value)`: the in-process `LRURenderCache` by default, or a
Django cache, whose `get` and `set` have that shape.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import re
import shutil
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn, Protocol

from explorer.domain.diagrams.build import EDGE_STYLES, LEGEND_ID, MUTED, MUTED_ON_WHITE, SENTINEL
from explorer.domain.diagrams.icons import ICON_DIR, icon_symbol_parts

logger = logging.getLogger("explorer.domain.diagrams")

FORMATS = ("svg", "png", "dot")
DEFAULT_TIMEOUT = 10.0
# Part of every cache key: bump it when the post-processing below changes, so caches that
# outlive a deploy (Redis, the database) do not serve markup made by the old code.
CACHE_VERSION = "2"
INSTALL_HINT = (
    "Graphviz's `dot` program is not installed, so diagrams cannot be drawn. "
    "Install it with `apt-get install graphviz` (Debian/Ubuntu) or `brew install graphviz` (macOS)."
)


class DiagramError(Exception):
    """A diagram could not be rendered; pages show a notice instead of the diagram."""


class GraphvizMissing(DiagramError):
    """The `dot` executable is not on PATH; the message says how to install it."""

    def __init__(self) -> None:
        super().__init__(INSTALL_HINT)


class RenderFailed(DiagramError):
    """`dot` ran but failed or took longer than the timeout."""


class RenderCache(Protocol):
    """Where rendered bytes are kept between calls, keyed by `cache_key`."""

    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes) -> None: ...


class LRURenderCache:
    """An in-process cache keeping the `maxsize` most recently used renders; thread-safe."""

    def __init__(self, maxsize: int = 256) -> None:
        if maxsize < 1:
            raise ValueError("maxsize must be at least 1")
        self.maxsize = maxsize
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def set(self, key: str, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


default_cache = LRURenderCache()
_warned_missing = False


def cache_key(dot: str, fmt: str, *, title: str = "", description: str = "", id_prefix: str = "") -> str:
    """The cache key of one render: a sha256 of every input, under 80 characters for any backend."""
    payload = json.dumps([CACHE_VERSION, dot, fmt, title, description, id_prefix], ensure_ascii=False)
    return "diagram:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def render(
    dot: str,
    fmt: str,
    *,
    title: str = "",
    description: str = "",
    id_prefix: str = "",
    cache: RenderCache | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """The diagram of `dot` as `fmt` ("svg", "png" or "dot"), from the cache when it is there.

    "dot" returns the source itself (UTF-8). "svg" is self-contained and ready to inline in
    HTML: no XML prolog, doctype or comments; a width and height in pixels equal to its
    viewBox (one pixel per point), so that a page can show it at that size and shrink it
    only to fit; role="img", labelled by an inserted <title> (`title`) and described by an
    inserted <desc> (`description`); page-coloured parts drawn in `currentColor`; each node's
    hover text is its tooltip; every icon inlined once as a <symbol> that each node <use>s;
    each edge kind's own dashes; the legend grouped as <g id="legend">. `id_prefix` goes in
    front of every id (and every reference to one), so that two renders of one pattern can
    share a page. "png" is drawn on white at 144 dpi with the icons' PNGs. A cache hit
    starts no process.
    Raises ValueError for an unknown format, GraphvizMissing when `dot` is not installed
    and RenderFailed when it fails or runs past `timeout` seconds.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown diagram format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return dot.encode("utf-8")
    store = default_cache if cache is None else cache
    key = cache_key(dot, fmt, title=title, description=description, id_prefix=id_prefix)
    cached = store.get(key)
    if cached is not None:
        return cached
    if fmt == "png":
        dot = dot.replace(MUTED, MUTED_ON_WHITE)
    output = _run_dot(dot, fmt, timeout=timeout)
    if fmt == "svg":
        svg = inline_svg(output.decode("utf-8"), title=title, description=description, key=key)
        output = (prefix_ids(svg, id_prefix) if id_prefix else svg).encode("utf-8")
    store.set(key, output)
    return output


@dataclass(frozen=True)
class SvgJob:
    """One SVG render of `render_svgs`: the arguments `render` takes for it."""

    dot: str
    title: str = ""
    description: str = ""
    id_prefix: str = ""


def render_svgs(
    jobs: Sequence[SvgJob], *, cache: RenderCache | None = None, timeout: float = DEFAULT_TIMEOUT
) -> list[bytes]:
    """The SVG of every job, as `render(job.dot, "svg", ...)` gives it and under the same cache
    keys, with one `dot` process for all the jobs the cache does not hold.

    A `dot` process costs about as much to start as to lay out a diagram, so a page that
    shows two layouts of one diagram waits for one process, not two. Raises what `render`
    raises.
    """
    store = default_cache if cache is None else cache
    keys = [
        cache_key(job.dot, "svg", title=job.title, description=job.description, id_prefix=job.id_prefix)
        for job in jobs
    ]
    outputs: list[bytes | None] = [store.get(key) for key in keys]
    missing = [index for index, output in enumerate(outputs) if output is None]
    if missing:
        try:
            drawn = _run_dot("\n".join(jobs[index].dot for index in missing), "svg", timeout=timeout)
            documents = [part for part in SVG_DOCUMENT_RE.split(drawn.decode("utf-8")) if part.strip()]
            if len(documents) != len(missing):
                raise RenderFailed(f"dot drew {len(documents)} diagrams of {len(missing)}")
        except RenderFailed as error:
            if len(missing) == 1:
                raise
            # Graphviz 2.43 sometimes corrupts its memory on a later graph of a run (seen:
            # scheduled-tasks, compact then narrow, "malloc_consolidate(): invalid chunk
            # size") where each graph alone draws; then each is drawn by a process of its own.
            logger.info(
                "dot failed on %d graphs in one run (%s); drawing them one by one", len(missing), error
            )
            documents = [
                _run_dot(jobs[index].dot, "svg", timeout=timeout).decode("utf-8") for index in missing
            ]
        for index, document in zip(missing, documents, strict=True):
            job = jobs[index]
            svg = inline_svg(document, title=job.title, description=job.description, key=keys[index])
            output = (prefix_ids(svg, job.id_prefix) if job.id_prefix else svg).encode("utf-8")
            store.set(keys[index], output)
            outputs[index] = output
    return [output or b"" for output in outputs]


def _run_dot(dot: str, fmt: str, *, timeout: float) -> bytes:
    """Runs `dot -T<fmt>` on the source and returns its output; one process per call."""
    executable = shutil.which("dot")
    if executable is None:
        _missing()
    # The DOT sets no background, so one source serves both: transparent SVG for pages
    # in either theme, a white PNG that reads anywhere.
    options = ["-Gbgcolor=transparent"] if fmt == "svg" else ["-Gbgcolor=#ffffff", "-Gdpi=144"]
    # Icons are named without a folder in the DOT, so a downloaded DOT names no server path.
    options.append(f"-Gimagepath={ICON_DIR}")
    try:
        process = subprocess.run(
            [executable, f"-T{fmt}", *options],
            input=dot.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        _missing()
    except subprocess.TimeoutExpired:
        raise RenderFailed(f"dot took longer than {timeout:g} s to draw the diagram") from None
    if process.returncode != 0:
        message = process.stderr.decode("utf-8", "replace").strip()
        raise RenderFailed(f"dot exited with status {process.returncode}: {message}")
    return process.stdout


def _missing() -> NoReturn:
    global _warned_missing
    if not _warned_missing:
        _warned_missing = True
        logger.warning(INSTALL_HINT)
    raise GraphvizMissing()


PAGE_ID_RE = re.compile(r'(<g id=")page\d+,\d+_')
# Where one SVG document of dot's output ends and the next begins.
SVG_DOCUMENT_RE = re.compile(r"(?=<\?xml )")
PROLOG_RE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", re.DOTALL)
ROOT_RE = re.compile(r"<svg\b[^>]*>")
SIZE_RE = re.compile(r'\s(width|height)="([\d.]+)pt"')
# A node or edge group whose anchor carries a tooltip: graphviz titles the group with the
# node's DOT name, which Chromium shows on hover in preference to the anchor's xlink:title.
ELEMENT_TITLE_RE = re.compile(
    r'(<g id="(?P<id>[^"]+)" class="[^"]*">\s*<title>)[^<]*(</title>\s*<g id="a_(?P=id)">'
    r'<a\b[^>]*?\bxlink:title="(?P<tooltip>[^"]*)")'
)
# An icon as graphviz draws it: a reference to the PNG named in the DOT.
IMAGE_RE = re.compile(
    r'<image xlink:href="(?P<name>[A-Za-z0-9_-]+)\.png" width="(?P<width>[\d.]+)px" '
    r'height="(?P<height>[\d.]+)px" preserveAspectRatio="[^"]*" x="(?P<x>[-\d.]+)" y="(?P<y>[-\d.]+)"/>'
)
# The graph's own drawing: its title and background (none when transparent), then its label
# (the legend), then the first cluster, node or edge.
GRAPH_LABEL_RE = re.compile(
    r'(<g id="[^"]*" class="graph"[^>]*>\s*<title>[^<]*</title>\n(?:<polygon[^>]*/>\n)?)(.*?)(?=<g id=|</g>\s*</svg>)',
    re.DOTALL,
)
VIEW_BOX_RE = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"')
ID_RE = re.compile(r'(\s(?:id|aria-labelledby|aria-describedby)=")|(\sxlink:href="#)')


def inline_svg(svg: str, *, title: str, description: str, key: str) -> str:
    """Graphviz's SVG made fit to inline in an HTML page (see `render`)."""
    prefix = f"diagram-{key.removeprefix('diagram:')[:12]}"
    svg = PROLOG_RE.sub("", svg)
    # Graphviz writes every hyphen as &#45; (so none can end a comment); with comments gone,
    # plain hyphens keep ids such as "node-api" findable by a plain string search.
    svg = svg.replace("&#45;", "-")
    # In a run of several graphs, dot puts a page number in front of every graph's id but
    # the first's ("page0,1_diagram-saga"); a graph's SVG is the same whichever run drew it.
    svg = PAGE_ID_RE.sub(r"\1", svg)
    svg = ELEMENT_TITLE_RE.sub(lambda m: f"{m.group(1)}{m.group('tooltip')}{m.group(3)}", svg)
    svg = GRAPH_LABEL_RE.sub(
        lambda m: (
            f'{m.group(1)}<g id="{LEGEND_ID}" class="legend">\n{m.group(2)}</g>\n'
            if m.group(2).strip()
            else m.group(0)
        ),
        svg,
        count=1,
    )
    for style in EDGE_STYLES.values():
        if style.dashes:
            svg = re.sub(
                rf'(stroke="{style.color}"[^>]*?\sstroke-dasharray=")[^"]*"',
                rf'\g<1>{style.dashes}"',
                svg,
            )
    svg = svg.replace(f'fill="{MUTED}"', 'fill="currentColor" fill-opacity="0.72"')
    svg = svg.replace(SENTINEL, "currentColor")
    svg, symbols = _inline_icons(svg, prefix)
    root = ROOT_RE.search(svg)
    if root is None:
        raise RenderFailed("dot produced no <svg> element")
    head = f'<title id="{prefix}-title">{html.escape(title or "Architecture diagram", quote=False)}</title>'
    aria = f'role="img" aria-labelledby="{prefix}-title"'
    if description:
        head += f'<desc id="{prefix}-desc">{html.escape(description, quote=False)}</desc>'
        aria += f' aria-describedby="{prefix}-desc"'
    if symbols:
        head += f"\n<defs>{''.join(symbols)}</defs>"
    view_box = VIEW_BOX_RE.search(root.group(0))
    tag = root.group(0)
    if view_box:
        sizes = {"width": view_box.group(1), "height": view_box.group(2)}
        tag = SIZE_RE.sub(lambda m: f' {m.group(1)}="{sizes[m.group(1)]}"', tag)
    tag = f"{tag[:-1]} {aria}>"
    svg = f"{svg[: root.start()]}{tag}\n{head}{svg[root.end() :]}"
    lines = (line for line in svg.splitlines() if line.strip())
    return "\n".join(lines) + "\n"


def _inline_icons(svg: str, prefix: str) -> tuple[str, list[str]]:
    """Each icon graphviz placed as a PNG reference, as a <use> of a <symbol> of its SVG.

    Returns the SVG and the symbols it needs, one per distinct icon in order of first use.
    An image that is not a vendored icon is left as graphviz drew it.
    """
    symbols: dict[str, str] = {}

    def use(match: re.Match[str]) -> str:
        name = match.group("name")
        try:
            view_box, body = icon_symbol_parts(name)
        except (FileNotFoundError, ValueError):
            logger.warning("diagram icon %s is not vendored; run make vendor-icons", name)
            return match.group(0)
        symbol_id = f"{prefix}-icon-{name}"
        symbols.setdefault(name, f'<symbol id="{symbol_id}" viewBox="{view_box}">{body}</symbol>')
        return (
            f'<use xlink:href="#{symbol_id}" x="{match.group("x")}" y="{match.group("y")}" '
            f'width="{match.group("width")}" height="{match.group("height")}"/>'
        )

    return IMAGE_RE.sub(use, svg), list(symbols.values())


def svg_size(svg: str) -> tuple[float, float]:
    """The width and height of a rendered SVG's viewBox, in points (its pixels at full size)."""
    match = VIEW_BOX_RE.search(svg)
    if match is None:
        raise ValueError("an SVG without a viewBox")
    return float(match.group(1)), float(match.group(2))


def prefix_ids(svg: str, prefix: str) -> str:
    """`svg` with `prefix` in front of every id and every reference to one."""
    return ID_RE.sub(lambda m: f"{m.group(0)}{prefix}", svg)
