"""Small server-side SVG charts for the progress page (no JavaScript, no chart library)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH = 960
BAR_GAP = 2


@dataclass
class Bar:
    label: str
    value: float
    total: float | None = None  # for "part of a whole" bars (mastered of cards)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return float(step)
    return float(value)


def column_chart(bars: list[Bar], title: str, height: int = 150, label_every: int = 1) -> str:
    """Vertical bars over time (reviews per day, forecast); labels under every n-th bar."""
    top = _nice_max(max((b.value for b in bars), default=0))
    left, bottom, plot_h = 34, 22, height - 30
    n = max(len(bars), 1)
    step = (WIDTH - left - 4) / n
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="{left}" y1="{plot_h + 4}" x2="{WIDTH}" y2="{plot_h + 4}" class="axis"/>',
        f'<text x="{left - 4}" y="12" class="tick" text-anchor="end">{top:g}</text>',
        f'<text x="{left - 4}" y="{plot_h + 4}" class="tick" text-anchor="end">0</text>',
    ]
    for i, bar in enumerate(bars):
        h = plot_h * (bar.value / top) if top else 0
        x = left + i * step + BAR_GAP / 2
        y = plot_h + 4 - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(step - BAR_GAP, 1):.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(bar.label)}: {bar.value:g}</title></rect>"
        )
        if i % label_every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - bottom + 18}" class="tick" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def share_bars(bars: list[Bar], title: str) -> str:
    """Horizontal bars: value out of total per row (mastered cards per topic)."""
    row_h, left = 24, 110
    height = row_h * max(len(bars), 1) + 8
    width = WIDTH - left - 90
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        total = bar.total or 0
        share = bar.value / total if total else 0.0
        y = 4 + i * row_h
        parts.append(f'<text x="{left - 8}" y="{y + 15}" class="label" text-anchor="end">{escape(bar.label)}</text>')
        parts.append(f'<rect x="{left}" y="{y + 3}" width="{width}" height="{row_h - 8}" class="track"/>')
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{width * share:.1f}" height="{row_h - 8}" class="bar">'
            f"<title>{escape(bar.label)}: {bar.value:g} / {total:g}</title></rect>"
        )
        parts.append(
            f'<text x="{left + width + 8}" y="{y + 15}" class="label">{bar.value:g} / {total:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
