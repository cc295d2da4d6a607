"""Markdown and code to safe HTML.

Content is written by the team today, but anyone can add a file, so every piece of HTML
that comes from content passes through nh3 with a short allow-list: no scripts, no event
handlers, no `style`, no `javascript:` links.
"""

from __future__ import annotations

import re

import markdown
import nh3
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "code": {"class"},
    "div": {"class"},
    "span": {"class"},
    "pre": {"class"},
    "td": {"align"},
    "th": {"align"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
URL_SCHEMES = {"http", "https", "mailto"}

CODE_FORMATTER = HtmlFormatter(cssclass="highlight", wrapcode=True)


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str, *, with_toc: bool = False) -> tuple[str, str]:
    """Renders Markdown to sanitised HTML; returns (html, table of contents html)."""
    extensions = ["fenced_code", "tables", "sane_lists", "codehilite"]
    if with_toc:
        extensions.append("toc")
    converter = markdown.Markdown(
        extensions=extensions,
        extension_configs={
            "codehilite": {"css_class": "highlight", "guess_lang": False},
            "toc": {"toc_depth": "2-3"},
        },
        output_format="html",
    )
    html = converter.convert(text)
    toc = getattr(converter, "toc", "") if with_toc else ""
    return sanitize(html), sanitize(toc)


def render_inline_markdown(text: str) -> str:
    """Markdown for short fields (a practice's how and why): one paragraph unwrapped."""
    html, _ = render_markdown(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def _lexer(language: str) -> Lexer:
    """The Pygments lexer for `language`; plain text for a language Pygments does not know."""
    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return get_lexer_by_name("text")


def highlight_code(code: str, language: str) -> str:
    """Code as highlighted HTML (Pygments); unknown languages are shown as plain text."""
    return highlight(code, _lexer(language), CODE_FORMATTER)


def highlight_code_lines(code: str, language: str, *, prefix: str, nodes: dict[int, str]) -> str:
    """Highlighted code with each line in its own span; lines listed in `nodes` carry
    `class="snippet-line" data-node="<diagram node id>"` so a page can highlight them.

    The lines carry no id: a file of 500 lines would put 500 ids into every htmx update, and
    htmx looks each new id up in the old page to carry its attributes over (quadratic work on
    the main thread), while nothing links to a line. `prefix` only scopes Pygments' markers."""
    html = highlight(
        code, _lexer(language), HtmlFormatter(cssclass="highlight", wrapcode=True, linespans=prefix)
    )

    def mark(match: re.Match[str]) -> str:
        node = nodes.get(int(match.group(1)))
        if not node:
            return "<span>"
        return f'<span class="snippet-line" data-node="{node}">'

    return re.sub(rf'<span id="{re.escape(prefix)}-(\d+)">', mark, html)
