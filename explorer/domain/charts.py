"""Small server-side SVG charts: labelled horizontal bars that read without colour.

Every bar carries its label and its value as text, and bars alternate between a solid and
a hatched fill, so the chart says everything in greyscale or to a screen reader (the
values are also in the <desc>). Colours come from the page's stylesheet through classes.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

BAR_HEIGHT = 22
BAR_GAP = 10
LABEL_WIDTH = 300
VALUE_WIDTH = 110
CHART_WIDTH = 760
PADDING = 8

_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    *,
    format_value: Callable[[Decimal], str],
    chart_id: str = "",
) -> str:
    """An SVG of one horizontal bar per entry, longest bar = largest value (zero draws none)."""
    chart_id = chart_id or f"chart-{next(_ids)}"
    largest = max((bar.value for bar in bars), default=Decimal(0))
    track = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH - 2 * PADDING
    height = PADDING * 2 + len(bars) * (BAR_HEIGHT + BAR_GAP) - (BAR_GAP if bars else 0)
    description = "; ".join(f"{bar.label}: {format_value(bar.value)}" for bar in bars)
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {CHART_WIDTH} {max(height, 1)}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" class="chart__hatch-bg"/>'
        '<line x1="0" y1="0" x2="0" y2="6" class="chart__hatch-line"/></pattern></defs>',
    ]
    for index, bar in enumerate(bars):
        y = PADDING + index * (BAR_HEIGHT + BAR_GAP)
        width = 0 if largest <= 0 else max(float(bar.value / largest) * track, 1.5 if bar.value > 0 else 0)
        fill = f'fill="url(#{chart_id}-hatch)"' if index % 2 else 'class="chart__bar"'
        middle = y + BAR_HEIGHT / 2
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" class="chart__label" text-anchor="end" '
            f'dominant-baseline="middle">{_text(bar.label)}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" rx="3" '
            f'{fill} stroke="currentColor" stroke-width="0.75"/>'
        )
        parts.append(
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{middle}" class="chart__value" '
            f'dominant-baseline="middle">{_text(format_value(bar.value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _text(value: str) -> str:
    return html.escape(value, quote=False)


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[Decimal, ...]


LINE_WIDTH = 700
LINE_HEIGHT = 280
MARGIN_LEFT = 80
MARGIN_RIGHT = 150
MARGIN_Y = 24
MARKERS = ("circle", "square")


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    format_value: Callable[[Decimal], str],
    chart_id: str = "",
) -> str:
    """Lines over evenly spaced x labels; each series has its own marker shape and dash, and
    its name at the end of its line, so the chart reads without colour."""
    chart_id = chart_id or f"chart-{next(_ids)}"
    largest = max((value for line in series for value in line.values), default=Decimal(0)) or Decimal(1)
    plot_width = LINE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_height = LINE_HEIGHT - 2 * MARGIN_Y - 20
    step = plot_width / max(len(x_labels) - 1, 1)

    def point(index: int, value: Decimal) -> tuple[float, float]:
        return MARGIN_LEFT + index * step, MARGIN_Y + plot_height * (1 - float(value / largest))

    description = "; ".join(
        f"{line.label}: "
        + ", ".join(f"{x} {format_value(v)}" for x, v in zip(x_labels, line.values, strict=True))
        for line in series
    )
    parts = [
        f'<svg class="chart chart--line" id="{chart_id}" viewBox="0 0 {LINE_WIDTH} {LINE_HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
    ]
    bottom = MARGIN_Y + plot_height
    parts.append(
        f'<line x1="{MARGIN_LEFT}" y1="{bottom}" x2="{MARGIN_LEFT + plot_width}" y2="{bottom}" stroke="currentColor" stroke-width="0.75"/>'
    )
    parts.append(
        f'<line x1="{MARGIN_LEFT}" y1="{MARGIN_Y}" x2="{MARGIN_LEFT}" y2="{bottom}" stroke="currentColor" stroke-width="0.75"/>'
    )
    for fraction in (Decimal(0), Decimal("0.5"), Decimal(1)):
        y = MARGIN_Y + plot_height * (1 - float(fraction))
        parts.append(
            f'<text x="{MARGIN_LEFT - 6}" y="{y:.1f}" class="chart__label" text-anchor="end" '
            f'dominant-baseline="middle">{_text(format_value(largest * fraction))}</text>'
        )
    for index, label in enumerate(x_labels):
        x = MARGIN_LEFT + index * step
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + 16}" class="chart__label" text-anchor="middle">{_text(label)}</text>'
        )
    for number, line in enumerate(series):
        points = [point(index, value) for index, value in enumerate(line.values)]
        dash = ' stroke-dasharray="6 4"' if number % 2 else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="currentColor" stroke-width="2"{dash} class="chart__series-{number}"/>'
        )
        for x, y in points:
            if MARKERS[number % len(MARKERS)] == "circle":
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="chart__marker-{number}"/>')
            else:
                parts.append(
                    f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" class="chart__marker-{number}"/>'
                )
        if points:
            x, y = points[-1]
            parts.append(
                f'<text x="{x + 10:.1f}" y="{y:.1f}" class="chart__value" dominant-baseline="middle">{_text(line.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def crossings(x_labels: Sequence[str], first: Series, second: Series) -> list[str]:
    """Where two series swap order, in words: "between 3x and 10x"."""
    differences = [a - b for a, b in zip(first.values, second.values, strict=True)]
    return [
        f"between {x_labels[index]} and {x_labels[index + 1]}"
        for index, (before, after) in enumerate(itertools.pairwise(differences))
        if before * after < 0 or (after == 0 and before != 0)
    ]
