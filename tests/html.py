"""Finding elements in a page by their attributes, in any order (a template may reorder them)."""

from __future__ import annotations

from html.parser import HTMLParser


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text: list[str] = []
        self.found.append((tag, dict(attrs), text))
        self.open.append(text)

    def handle_endtag(self, tag: str) -> None:
        if self.open:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for text in self.open:
            text.append(data)


def elements(html: str, tag: str, **attrs: str | None) -> list[str]:
    """The text of every `tag` element that has all of `attrs` (`class_` for class; None: the
    attribute is present without a value, as `hidden`)."""
    finder = _Finder()
    finder.feed(html)
    wanted = {
        name.rstrip("_").replace("_", "-") if name != "class_" else "class": value
        for name, value in attrs.items()
    }
    return [
        "".join(text)
        for found_tag, found_attrs, text in finder.found
        if found_tag == tag
        and all(name in found_attrs and found_attrs[name] == value for name, value in wanted.items())
    ]
