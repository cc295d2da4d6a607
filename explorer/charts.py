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
LABEL_WIDTH = 250
VALUE_WIDTH = 110
CHART_WIDTH = 700
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
