"""The explanation chart (pure): bars laid end to end add up to the score; text is escaped; no style."""

from __future__ import annotations

import re

import pytest

from pimpasa.villages.charts import SCALE, Bar, bar_geometry, explanation_svg


@pytest.mark.parametrize(
    ("contributions", "expected"),
    [
        ([], []),
        ([50.0], [(0.0, 150.0)]),
        ([20.0, 10.0, 5.5], [(0.0, 60.0), (60.0, 30.0), (90.0, 16.5)]),
        ([12.3456, 0.0, 7.0], [(0.0, 37.037), (37.037, 0.0), (37.037, 21.0)]),
        ([-1.0, 4.0], [(0.0, 0.0), (0.0, 12.0)]),
    ],
)
def test_bar_geometry_is_a_waterfall(contributions, expected):
    assert bar_geometry([Bar(label=str(i), contribution=c) for i, c in enumerate(contributions)]) == expected


def test_svg_bars_end_at_the_score_bar():
    bars = [Bar("Poverty rate: 12.5", 31.25), Bar("Migrants", 20.5), Bar("Border", 10.0)]

    svg = explanation_svg(bars, score=61.75, title="How it adds up", total_label="Score")

    rects = re.findall(r'<rect class="bar" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"', svg)
    assert [(float(x), float(w)) for x, _y, w in rects] == [(0.0, 93.75), (93.75, 61.5), (155.25, 30.0)]
    total = re.search(r'<rect class="total" x="0" y="[\d.]+" width="([\d.]+)"', svg)
    assert total is not None
    assert float(total.group(1)) == 61.75 * SCALE / 100 == 155.25 + 30.0
    assert ">+31.2<" in svg or ">+31.3<" in svg
    assert ">61.8<" in svg
    assert svg.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" class="explain-chart" viewBox="0 0 360 158"'
    )
    assert "style" not in svg


def test_svg_escapes_labels_and_handles_no_score():
    svg = explanation_svg(
        [Bar('<script>alert("x")</script> & co', 0.0)], score=None, title='A "title" <b>', total_label="Skor"
    )

    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in svg
    assert 'aria-label="A &quot;title&quot; &lt;b&gt;"' in svg
    assert '<rect class="total" x="0" y="50" width="0" height="12"' in svg
    assert ">—</text>" in svg
