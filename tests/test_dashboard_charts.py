"""Server-side SVG charts: every value drawn, labels escaped, axes on round numbers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from dashboard.charts import Series, bar_chart, column_chart, line_chart, nice_ceiling

SVG = "{http://www.w3.org/2000/svg}"


def titles(markup: str) -> list[str]:
    root = ET.fromstring(str(markup))
    return [t.text or "" for t in root.iter(SVG + "title")][1:]  # the first names the chart


@pytest.mark.parametrize(("value", "whole", "expected"), [
    (0, True, (4, 1)), (3, True, (4, 1)), (7, True, (8, 2)), (1234, True, (2000, 500)),
    (0.3, False, (0.4, 0.1)), (95, True, (100, 25)),
])
def test_the_axis_ends_on_a_round_number(value: float, whole: bool,
                                         expected: tuple[float, float]) -> None:
    assert nice_ceiling(value, whole=whole) == pytest.approx(expected)


def test_stacked_columns_draw_each_nonzero_value_once() -> None:
    chart = column_chart(["1 Mar", "2 Mar"], [Series("Terjawab", [3, 0]),
                                               Series("Tidak terjawab", [1, 4], "#c00")],
                         label="Hasil per hari")
    assert titles(chart) == ["1 Mar · Terjawab: 3", "1 Mar · Tidak terjawab: 1",
                             "2 Mar · Tidak terjawab: 4"]
    heights = [float(h) for h in re.findall(r'<rect x="[^"]+" y="[^"]+" width="[^"]+" '
                                            r'height="([^"]+)"', str(chart))]
    assert heights[0] == pytest.approx(3 * heights[1])  # 3 and 1 on the same axis


def test_labels_from_outside_are_escaped() -> None:
    chart = bar_chart(["<script>alert(1)</script>", "daerah.kota-bandung"], [5, 2],
                      label="Entri & <b>payload</b>")
    assert "<script>" not in str(chart) and "<b>" not in str(chart)
    assert titles(chart) == ["<script>alert(1)</script>: 5", "daerah.kota-bandung: 2"]
    assert ET.fromstring(str(chart)).get("aria-label") == "Entri & <b>payload</b>"


def test_a_line_has_a_point_per_label_and_no_data_draws_an_empty_axis() -> None:
    chart = line_chart(["a", "b", "c"], [Series("median", [10, 12.5, 9])], label="Latensi")
    assert titles(chart) == ["a · median: 10", "b · median: 12,5", "c · median: 9"]
    empty = column_chart([], [Series("x", [])], label="Kosong")
    assert titles(empty) == [] and ET.fromstring(str(empty)).tag == SVG + "svg"
