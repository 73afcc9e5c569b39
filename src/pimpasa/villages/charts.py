"""The explanation chart of a village's score, drawn on the server as SVG (pure: data in, markup out).

A waterfall on the 0-100 score scale: one bar per indicator, starting where the previous one
ended and as wide as the indicator's contribution, so the bars end exactly at the score;
a last bar shows the score itself. Colours and sizes are SVG attributes (the CSP forbids
style attributes); ``villages.css`` may restyle the classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 360
LABEL_SIZE = 12
ROW = 34
BAR = 12
AXIS = 22
#: Width of the 0–100 scale; the rest of the row holds the value after the longest bar.
SCALE = 300
BAR_FILL = "#0b4f8a"
TOTAL_FILL = "#c0392b"
GRID = "#d9dee5"
INK = "#1d2733"
MUTED = "#5f6b7a"


@dataclass(frozen=True)
class Bar:
    """One indicator's contribution: its label (name and value) and its points of the score."""

    label: str
    contribution: float


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".")


def bar_geometry(bars: Sequence[Bar]) -> list[tuple[float, float]]:
    """Return ``(x, width)`` of each bar in chart units: consecutive, the last ending at the sum."""
    geometry = []
    start = 0.0
    for bar in bars:
        width = max(bar.contribution, 0.0) * SCALE / 100
        geometry.append((round(start, 3), round(width, 3)))
        start += width
    return geometry


def explanation_svg(
    bars: Sequence[Bar],
    *,
    score: float | None,
    title: str,
    total_label: str,
    number_format: str = "{:.1f}",
) -> str:
    """Return the SVG markup of the waterfall for ``bars`` ending at ``score`` (escaped text)."""
    rows = len(bars) + 1
    height = rows * ROW + AXIS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="explain-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-family="system-ui, sans-serif">',
        f"<title>{escape(title)}</title>",
    ]
    bottom = rows * ROW
    for tick in (0, 25, 50, 75, 100):
        x = tick * SCALE / 100
        parts.append(
            f'<line class="grid" x1="{_num(x)}" y1="0" x2="{_num(x)}" y2="{bottom}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        anchor = "start" if tick == 0 else "end" if tick == 100 else "middle"
        parts.append(
            f'<text x="{_num(x)}" y="{bottom + 15}" font-size="{LABEL_SIZE - 1}" fill="{MUTED}" '
            f'text-anchor="{anchor}">{tick}</text>'
        )
    for i, (bar, (x, width)) in enumerate(zip(bars, bar_geometry(bars), strict=True)):
        top = i * ROW
        parts.append(
            f'<text x="0" y="{top + 12}" font-size="{LABEL_SIZE}" fill="{INK}">{escape(bar.label)}</text>'
        )
        parts.append(
            f'<rect class="bar" x="{_num(x)}" y="{top + 16}" width="{_num(width)}" height="{BAR}" '
            f'fill="{BAR_FILL}" data-contribution="{bar.contribution:.4f}"/>'
        )
        parts.append(
            f'<text x="{_num(x + width + 4)}" y="{top + 26}" font-size="{LABEL_SIZE}" fill="{INK}">'
            f"+{escape(number_format.format(bar.contribution))}</text>"
        )
    top = len(bars) * ROW
    total = max(score or 0.0, 0.0) * SCALE / 100
    shown = "—" if score is None else number_format.format(score)
    parts.append(
        f'<text x="0" y="{top + 12}" font-size="{LABEL_SIZE}" font-weight="700" fill="{INK}">'
        f"{escape(total_label)}</text>"
    )
    parts.append(
        f'<rect class="total" x="0" y="{top + 16}" width="{_num(round(total, 3))}" height="{BAR}" '
        f'fill="{TOTAL_FILL}"/>'
    )
    parts.append(
        f'<text x="{_num(total + 4)}" y="{top + 26}" font-size="{LABEL_SIZE}" font-weight="700" '
        f'fill="{INK}">{escape(shown)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
