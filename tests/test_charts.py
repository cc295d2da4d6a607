"""Server-side SVG charts (explorer.domain.charts): readable without colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal

from explorer.domain.charts import Bar, bar_chart


def money(value: Decimal) -> str:
    return f"${value:,.2f}"


def test_every_bar_carries_its_label_and_value_as_text() -> None:
    svg = bar_chart(
        "Cost by service",
        [Bar("Lambda", Decimal("2.40")), Bar("API Gateway", Decimal("35"))],
        format_value=money,
    )

    assert ">Lambda<" in svg
    assert ">$2.40<" in svg
    assert ">API Gateway<" in svg
    assert ">$35.00<" in svg


def test_it_is_well_formed_and_described() -> None:
    svg = bar_chart("Cost by service", [Bar("S3", Decimal("23"))], format_value=money, chart_id="c1")

    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert "S3: $23.00" in svg


def test_bar_lengths_follow_the_values() -> None:
    svg = bar_chart(
        "x", [Bar("a", Decimal("10")), Bar("b", Decimal("5")), Bar("c", Decimal("0"))], format_value=money
    )

    widths = [float(width) for width in re.findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] == 2 * widths[1]
    assert widths[2] == 0


def test_every_bar_is_drawn_alike_without_hatching() -> None:
    svg = bar_chart("x", [Bar("a", Decimal("1")), Bar("b", Decimal("1"))], format_value=money, chart_id="c2")

    assert svg.count('class="chart__bar"') == 2
    assert "hatch" not in svg
    assert "url(#" not in svg


def test_the_longest_bar_uses_most_of_the_width() -> None:
    from explorer.domain.charts import CHART_WIDTH

    svg = bar_chart("x", [Bar("Amazon API Gateway (REST API)", Decimal("3.5"))], format_value=money)

    assert 'class="chart__bar"' in svg
    bar = re.search(r'<rect [^>]*width="([\d.]+)"', svg)
    assert bar is not None
    width = float(bar.group(1))
    assert width > 0.7 * CHART_WIDTH


def test_a_log_scale_keeps_1x_10x_and_100x_readable_and_marks_its_powers_of_ten() -> None:
    svg = bar_chart(
        "growth",
        [Bar("1x", Decimal("8.25")), Bar("10x", Decimal("66.34")), Bar("100x", Decimal("639.83"))],
        format_value=money,
        log_scale=True,
    )

    widths = [float(width) for width in re.findall(r'<rect x="\d+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] > 0.25 * widths[2]  # on a linear scale it would be 1.3 %
    assert widths[0] < widths[1] < widths[2]
    for tick in ("$1", "$10", "$100", "$1,000"):
        assert f">{tick}<" in svg
    assert "logarithmic" in svg


def test_charts_are_drawn_at_their_size_in_pixels() -> None:
    svg = bar_chart("x", [Bar("a", Decimal("1"))], format_value=money)
    root = ET.fromstring(svg)

    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"


def test_labels_are_escaped() -> None:
    svg = bar_chart("<b>", [Bar("<script>", Decimal("1"))], format_value=money)

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_an_empty_chart_is_still_valid_svg() -> None:
    ET.fromstring(bar_chart("Nothing", [], format_value=money))


def test_a_line_chart_marks_each_series_differently() -> None:
    from explorer.domain.charts import Series, line_chart

    svg = line_chart(
        "Cost",
        ["1x", "10x"],
        [Series("A", (Decimal(1), Decimal(10))), Series("B", (Decimal(5), Decimal(6)))],
        format_value=money,
        chart_id="c3",
    )

    ET.fromstring(svg)
    assert svg.count("<circle") == 2
    assert svg.count("<rect") == 2
    assert 'stroke-dasharray="6 4"' in svg
    assert "A: 1x $1.00, 10x $10.00" in svg


def test_crossings_are_found_between_the_points_where_the_order_swaps() -> None:
    from explorer.domain.charts import Series, crossings

    first = Series("A", (Decimal(1), Decimal(4), Decimal(9)))
    second = Series("B", (Decimal(3), Decimal(5), Decimal(6)))

    assert crossings(["1x", "3x", "10x"], first, second) == ["between 3x and 10x"]
    assert crossings(["1x", "3x"], second, second) == []


def test_series_names_at_the_ends_of_equal_lines_do_not_overlap() -> None:
    from explorer.domain.charts import FONT_SIZE, Series, line_chart

    svg = line_chart(
        "Cost",
        ["1x", "10x"],
        [Series("A", (Decimal(1), Decimal(10))), Series("B", (Decimal(1), Decimal(10)))],
        format_value=money,
    )

    ends = [float(y) for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)" class="chart__value"', svg)]
    assert len(ends) == 2
    assert abs(ends[0] - ends[1]) >= FONT_SIZE
