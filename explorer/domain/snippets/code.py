"""Function code: the Python Lambda handlers (src/app.py) from their template pieces.

Code lives in `templates/` as plain files with `$name` placeholders (string.Template), so
it reads as the code it becomes. A pattern's module is the shared header plus the pieces
its configuration needs; the function names in it are the `Handler: app.<name>` values of
the SAM and Terraform snippets.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from string import Template

TEMPLATES = files("explorer.domain.snippets") / "templates"


@cache
def _template(name: str) -> Template:
    # Read once per process: the files ship with the package and never change while it runs.
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


def piece(name: str, **values: object) -> str:
    """One template file with its placeholders filled in."""
    return _template(name).substitute({key: str(value) for key, value in values.items()})


def handler_module(title: str, pieces: list[str], *, standalone: bool = False) -> str:
    """A pattern's src/app.py: the shared header (unless `standalone`) and its handler pieces."""
    return "".join(pieces) if standalone else piece("header.py.tmpl", title=title) + "".join(pieces)
