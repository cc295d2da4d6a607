"""The parameter reference: every pattern's and service's parameters as Markdown tables.

The README carries this text between two markers; `python -m explorer.domain.reference --write`
regenerates it, and a test fails when the README and the content disagree.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from explorer.domain.content.parse import load_library
from explorer.domain.content.schema import Library, Parameter, ParameterType
from explorer.domain.pricing.services import SERVICES

BEGIN = "<!-- parameter-reference:begin -->"
END = "<!-- parameter-reference:end -->"
ROOT = Path(__file__).resolve().parents[2]


def _allowed(parameter: Parameter) -> str:
    unit = f" {parameter.unit}" if parameter.unit else ""
    if parameter.type is ParameterType.CHOICE:
        return ", ".join(f"`{choice.value}`" for choice in parameter.choices)
    if parameter.type in (ParameterType.INT, ParameterType.DECIMAL):
        return f"{parameter.minimum:,} to {parameter.maximum:,}{unit}"
    if parameter.type is ParameterType.BOOL:
        return "`true` or `false`"
    if parameter.type is ParameterType.CRON:
        return "`rate(...)` or `cron(...)`"
    return f"text, at most {parameter.max_length} characters"


def reference_markdown(library: Library) -> str:
    lines = ["### Pattern parameters", ""]
    for spec in sorted(library.patterns.values(), key=lambda spec: spec.order):
        rows = [(p.name, _allowed(p), p.default) for p in spec.parameters]
        lines += _parameter_table(f"`{spec.slug}` ({spec.title})", rows)
    lines += ["### Service parameters (`--service NAME`, `/api/services/NAME/estimate`)", ""]
    for definition in SERVICES.values():
        rows = [(p.name, p.allowed(), p.default) for p in definition.parameters]
        lines += _parameter_table(f"`{definition.name}` ({definition.title})", rows)
    return "\n".join(lines).rstrip() + "\n"


def _parameter_table(heading: str, rows: Sequence[tuple[str, str, object]]) -> list[str]:
    """One Markdown table under a heading: each parameter, what it allows, its default."""
    return [
        f"#### {heading}",
        "",
        "| Parameter | Allowed | Default |",
        "| --- | --- | --- |",
        *(f"| `{name}` | {allowed} | `{default}` |" for name, allowed, default in rows),
        "",
    ]


def readme_with_reference(readme: str, reference: str) -> str:
    before, _, rest = readme.partition(BEGIN)
    _, _, after = rest.partition(END)
    return f"{before}{BEGIN}\n{reference}{END}{after}"


if __name__ == "__main__":
    readme_path = ROOT / "README.md"
    text = readme_with_reference(
        readme_path.read_text(), reference_markdown(load_library(ROOT / "patterns_content"))
    )
    if "--write" in sys.argv:
        readme_path.write_text(text)
    else:
        sys.stdout.write(text)
