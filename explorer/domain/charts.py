"""Small server-side SVG charts: labelled horizontal bars and lines that read without colour.

Every bar carries its label (above it) and its value (at the end of its track) as text, so
the chart says everything in greyscale or to a screen reader (the values are also in the
<desc>); every bar is drawn the same way, since a difference of fill would seem to mean
something. Charts are drawn at their size in pixels (the stylesheet shrinks them only to fit)
with all text in FONT_SIZE pixels, the same in every chart of the site. Colours come from
the page's stylesheet through classes.
"""

from __future__ import annotations

import html
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

# One typography for every chart: text in FONT_SIZE px, drawn at one pixel per unit.
FONT_SIZE = 13
CHART_WIDTH = 380
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
BAR_GAP = 12
VALUE_WIDTH = 86
AXIS_HEIGHT = 22
PADDING = 4

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
    log_scale: bool = False,
) -> str:
    """An SVG of one horizontal bar per entry, its label above it, longest bar = largest value.

    A zero value draws no bar. With `log_scale`, bar lengths follow the logarithm of the
    values, between the powers of ten around the smallest and largest positive values, so
    that 1x, 10x and 100x are all readable; the powers of ten are marked and labelled on an
    axis below, so the scale is never hidden.
    """
    chart_id = chart_id or f"chart-{next(_ids)}"
    track = CHART_WIDTH - VALUE_WIDTH - 2 * PADDING
    positive = [bar.value for bar in bars if bar.value > 0]
    row = LABEL_HEIGHT + BAR_HEIGHT + BAR_GAP
    decades: list[int] = []
    if log_scale and positive:
        low = math.floor(math.log10(min(positive)))
        high = max(math.ceil(math.log10(max(positive))), low + 1)
        decades = list(range(low, high + 1))

        def length(value: Decimal) -> float:
            if value <= 0:
                return 0.0
            return max((math.log10(value) - low) / (high - low) * track, 1.5)

    else:
        largest = max(positive, default=Decimal(0))

        def length(value: Decimal) -> float:
            if value <= 0 or largest <= 0:
                return 0.0
            return max(float(value / largest) * track, 1.5)

    height = PADDING * 2 + len(bars) * row - (BAR_GAP if bars else 0) + (AXIS_HEIGHT if decades else 0)
    description = "; ".join(f"{bar.label}: {format_value(bar.value)}" for bar in bars)
    if decades:
        description += ". Bar lengths are on a logarithmic scale: each mark is ten times the one before"
    parts = [
        f'<svg class="chart" id="{chart_id}" width="{CHART_WIDTH}" height="{max(height, 1)}" '
        f'viewBox="0 0 {CHART_WIDTH} {max(height, 1)}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
    ]
    bottom = PADDING + len(bars) * row - BAR_GAP
    for decade in decades:
        x = PADDING + (decade - decades[0]) / (decades[-1] - decades[0]) * track
        parts.append(
            f'<line x1="{x:.1f}" y1="{PADDING}" x2="{x:.1f}" y2="{bottom + 4}" class="chart__grid"/>'
        )
        anchor = "start" if decade == decades[0] else "end" if decade == decades[-1] else "middle"
        tick = format_value(Decimal(10) ** decade).removesuffix(".00")
        parts.append(
            f'<text x="{x:.1f}" y="{bottom + AXIS_HEIGHT - 4}" class="chart__label" text-anchor="{anchor}">'
            f"{_text(tick)}</text>"
        )
    for index, bar in enumerate(bars):
        y = PADDING + index * row
        width = length(bar.value)
        parts.append(
            f'<text x="{PADDING}" y="{y + LABEL_HEIGHT - 5}" class="chart__label">{_text(bar.label)}</text>'
        )
        parts.append(
            f'<rect x="{PADDING}" y="{y + LABEL_HEIGHT}" width="{width:.1f}" height="{BAR_HEIGHT}" rx="2" '
            'class="chart__bar"/>'
        )
        parts.append(
            f'<text x="{CHART_WIDTH - PADDING}" y="{y + LABEL_HEIGHT + BAR_HEIGHT - 2}" class="chart__value" '
            f'text-anchor="end">{_text(format_value(bar.value))}</text>'
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
        f'<svg class="chart chart--line" id="{chart_id}" width="{LINE_WIDTH}" height="{LINE_HEIGHT}" '
        f'viewBox="0 0 {LINE_WIDTH} {LINE_HEIGHT}" role="img" '
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
    ends: list[tuple[float, float, str]] = []
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
            ends.append((points[-1][1], points[-1][0], line.label))
    # Each series' name at the end of its line, moved apart where lines end close together
    # (two equal configurations would otherwise print A over B).
    previous = -math.inf
    for y, x, label in sorted(ends):
        y = max(y, previous + FONT_SIZE + 2)
        previous = y
        parts.append(
            f'<text x="{x + 10:.1f}" y="{y:.1f}" class="chart__value" dominant-baseline="middle">{_text(label)}</text>'
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
