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
from typing import NoReturn, Protocol

from explorer.domain.diagrams.build import SENTINEL

logger = logging.getLogger("explorer.domain.diagrams")

FORMATS = ("svg", "png", "dot")
DEFAULT_TIMEOUT = 10.0
# Part of every cache key: bump it when the post-processing below changes, so caches that
# outlive a deploy (Redis, the database) do not serve markup made by the old code.
CACHE_VERSION = "1"
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


def cache_key(dot: str, fmt: str, *, title: str = "", description: str = "") -> str:
    """The cache key of one render: a sha256 of every input, under 80 characters for any backend."""
    payload = json.dumps([CACHE_VERSION, dot, fmt, title, description], ensure_ascii=False)
    return "diagram:" + hashlib.sha256(payload.encode("utf-8")).hexdigest()


def render(
    dot: str,
    fmt: str,
    *,
    title: str = "",
    description: str = "",
    cache: RenderCache | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """The diagram of `dot` as `fmt` ("svg", "png" or "dot"), from the cache when it is there.

    "dot" returns the source itself (UTF-8). "svg" is ready to inline in HTML: no XML
    prolog, doctype or comments; no fixed width or height (the viewBox stays, so it scales
    to its container); role="img", labelled by an inserted <title> (`title`) and
    described by an inserted <desc> (`description`); page-coloured parts drawn in `currentColor`; each node's hover text
    is its tooltip. "png" is drawn on white at 144 dpi. A cache hit starts no process.
    Raises ValueError for an unknown format, GraphvizMissing when `dot` is not installed
    and RenderFailed when it fails or runs past `timeout` seconds.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown diagram format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return dot.encode("utf-8")
    store = default_cache if cache is None else cache
    key = cache_key(dot, fmt, title=title, description=description)
    cached = store.get(key)
    if cached is not None:
        return cached
    output = _run_dot(dot, fmt, timeout=timeout)
    if fmt == "svg":
        output = inline_svg(output.decode("utf-8"), title=title, description=description, key=key).encode(
            "utf-8"
        )
    store.set(key, output)
    return output


def _run_dot(dot: str, fmt: str, *, timeout: float) -> bytes:
    """Runs `dot -T<fmt>` on the source and returns its output; one process per call."""
    executable = shutil.which("dot")
    if executable is None:
        _missing()
    # The DOT sets no background, so one source serves both: transparent SVG for pages
    # in either theme, a white PNG that reads anywhere.
    options = ["-Gbgcolor=transparent"] if fmt == "svg" else ["-Gbgcolor=#ffffff", "-Gdpi=144"]
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


PROLOG_RE = re.compile(r"<\?xml.*?\?>|<!DOCTYPE.*?>|<!--.*?-->", re.DOTALL)
ROOT_RE = re.compile(r"<svg\b[^>]*>")
SIZE_RE = re.compile(r'\s(?:width|height)="[^"]*"')
# A node or edge group whose anchor carries a tooltip: graphviz titles the group with the
# node's DOT name, which Chromium shows on hover in preference to the anchor's xlink:title.
ELEMENT_TITLE_RE = re.compile(
    r'(<g id="(?P<id>[^"]+)" class="[^"]*">\s*<title>)[^<]*(</title>\s*<g id="a_(?P=id)">'
    r'<a\b[^>]*?\bxlink:title="(?P<tooltip>[^"]*)")'
)


def inline_svg(svg: str, *, title: str, description: str, key: str) -> str:
    """Graphviz's SVG made fit to inline in an HTML page (see `render`)."""
    svg = PROLOG_RE.sub("", svg)
    # Graphviz writes every hyphen as &#45; (so none can end a comment); with comments gone,
    # plain hyphens keep ids such as "node-api" findable by a plain string search.
    svg = svg.replace("&#45;", "-")
    svg = ELEMENT_TITLE_RE.sub(lambda m: f"{m.group(1)}{m.group('tooltip')}{m.group(3)}", svg)
    svg = svg.replace(SENTINEL, "currentColor")
    root = ROOT_RE.search(svg)
    if root is None:
        raise RenderFailed("dot produced no <svg> element")
    prefix = f"diagram-{key.removeprefix('diagram:')[:12]}"
    head = f'<title id="{prefix}-title">{html.escape(title or "Architecture diagram", quote=False)}</title>'
    aria = f'role="img" aria-labelledby="{prefix}-title"'
    if description:
        head += f'<desc id="{prefix}-desc">{html.escape(description, quote=False)}</desc>'
        aria += f' aria-describedby="{prefix}-desc"'
    tag = SIZE_RE.sub("", root.group(0))
    tag = f"{tag[:-1]} {aria}>"
    svg = f"{svg[: root.start()]}{tag}\n{head}{svg[root.end() :]}"
    lines = (line for line in svg.splitlines() if line.strip())
    return "\n".join(lines) + "\n"
