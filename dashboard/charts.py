"""Charts as server-side SVG: no JavaScript, no CDN, readable without colour alone.

Three shapes cover the dashboard: columns over time (stacked for a mix), a line over time and
horizontal bars for rankings. Each returns escaped SVG markup (`markupsafe.Markup`) with a
<title> per bar or point for hover and a text alternative; the page puts the same numbers in a
table next to it. Colours come from presentation attributes, which the CSP allows (no style
attributes). Labels are escaped: entry ids and channel payloads come from outside.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 720
HEIGHT = 240
LEFT, RIGHT, TOP, BOTTOM = 52, 12, 12, 44
BAR_ROW = 24  # height of one row of a horizontal bar chart, in px
MAX_X_LABELS = 12
PALETTE = ("#2f7d4f", "#2f6db3", "#c2522d", "#8a8f98", "#7c4dac", "#b08a2e", "#2a9d9b")


@dataclass(frozen=True)
class Series:
    """One named row of values, one per label."""

    name: str
    values: Sequence[float]
    color: str = PALETTE[0]


def nice_ceiling(value: float, *, whole: bool = True) -> tuple[float, float]:
    """A round top for the axis at or above `value`, and the step of its 4 gridlines.

    With `whole` (counts) the step is at least 1, so no gridline reads "0,5 questions".
    """
    if value <= 0:
        return 4.0, 1.0
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(float(math.ceil(step)), 1.0)
    return step * 4, step


def _fmt(value: float) -> str:
    """An axis or tooltip number: integers plainly, fractions with one decimal."""
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() \
        else f"{value:,.1f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _svg(width: int, height: int, label: str, body: list[str]) -> Markup:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} '
            f'{height}" role="img" aria-label="{escape(label)}">'
            f"<title>{escape(label)}</title>")
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 - every part is escaped


def _y_axis(top: float, step: float, plot_h: float) -> list[str]:
    parts = []
    for i in range(5):
        value = step * i
        y = TOP + plot_h - plot_h * value / top
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#e3e6ea" stroke-width="1"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                     f'fill="#555">{_fmt(value)}</text>')
    return parts


def _x_labels(labels: Sequence[str], band: float) -> list[str]:
    every = max(1, math.ceil(len(labels) / MAX_X_LABELS))
    return [f'<text x="{LEFT + band * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle" font-size="11" fill="#555">{escape(label)}</text>'
            for i, label in enumerate(labels) if i % every == 0]


def _legend(series: Sequence[Series]) -> list[str]:
    parts, x = [], LEFT
    for item in series:
        parts.append(f'<rect x="{x}" y="{HEIGHT - 16}" width="10" height="10" '
                     f'fill="{escape(item.color)}"/><text x="{x + 14}" y="{HEIGHT - 7}" '
                     f'font-size="11" fill="#333">{escape(item.name)}</text>')
        x += 22 + 7 * len(item.name)
    return parts


def column_chart(labels: Sequence[str], series: Sequence[Series], *, label: str,
                 stacked: bool = True) -> Markup:
    """Columns per label (e.g. per day); several series are stacked or side by side."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [sum(s.values[i] for s in series) if stacked else
              max((s.values[i] for s in series), default=0) for i in range(len(labels))]
    top, step = nice_ceiling(max(totals, default=0))
    band = plot_w / max(1, len(labels))
    body = _y_axis(top, step, plot_h)
    width = band * 0.8 / (1 if stacked else max(1, len(series)))
    for i, name in enumerate(labels):
        base = 0.0
        for k, item in enumerate(series):
            value = item.values[i]
            if value <= 0:
                continue
            height = plot_h * value / top
            x = LEFT + band * i + band * 0.1 + (0 if stacked else k * width)
            y = TOP + plot_h - plot_h * base / top - height
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                        f'height="{height:.1f}" fill="{escape(item.color)}"><title>'
                        f"{escape(name)} · {escape(item.name)}: {_fmt(value)}</title></rect>")
            if stacked:
                base += value
    body += _x_labels(labels, band)
    if len(series) > 1:
        body += _legend(series)
    return _svg(WIDTH, HEIGHT, label, body)


def line_chart(labels: Sequence[str], series: Sequence[Series], *, label: str) -> Markup:
    """One line per series over the labels (e.g. latency per day)."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    values = [v for s in series for v in s.values]
    top, step = nice_ceiling(max(values, default=0),
                             whole=all(float(v).is_integer() for v in values))
    band = plot_w / max(1, len(labels))
    body = _y_axis(top, step, plot_h)
    for item in series:
        points = [(LEFT + band * (i + 0.5), TOP + plot_h - plot_h * v / top)
                  for i, v in enumerate(item.values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{escape(item.color)}" '
                    f'stroke-width="2"/>')
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{escape(item.color)}"><title>'
                 f"{escape(labels[i])} · {escape(item.name)}: {_fmt(item.values[i])}</title>"
                 f"</circle>" for i, (x, y) in enumerate(points)]
    body += _x_labels(labels, band)
    if len(series) > 1:
        body += _legend(series)
    return _svg(WIDTH, HEIGHT, label, body)


def bar_chart(labels: Sequence[str], values: Sequence[float], *, label: str,
              color: str = PALETTE[1], label_width: int = 220) -> Markup:
    """Horizontal bars, one row per label, largest expected first (rankings)."""
    height = TOP + BAR_ROW * max(1, len(labels)) + 8
    top = max(values, default=0) or 1
    plot_w = WIDTH - label_width - RIGHT - 48
    body = []
    for i, (name, value) in enumerate(zip(labels, values, strict=True)):
        y = TOP + BAR_ROW * i
        shown = name if len(name) <= 30 else name[:29] + "…"
        width = plot_w * value / top
        body.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" '
                    f'font-size="12" fill="#333">{escape(shown)}</text>'
                    f'<rect x="{label_width}" y="{y + 3}" width="{width:.1f}" '
                    f'height="{BAR_ROW - 8}" fill="{escape(color)}"><title>{escape(name)}: '
                    f"{_fmt(value)}</title></rect>"
                    f'<text x="{label_width + width + 6:.1f}" y="{y + 15}" font-size="12" '
                    f'fill="#333">{_fmt(value)}</text>')
    return _svg(WIDTH, height, label, body)
