"""Charts drawn on the server as SVG: no JavaScript, nothing for the CSP to block.

Every chart carries its numbers as text (value labels in the SVG, and the templates
show a table or a figure beside it), and a ``<title>`` for screen readers, so colour
is never the only way to read it. Labels are escaped here; the result is safe Markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

BAR = "#b3141b"  # the party red of the interface
MUTED = "#6c757d"


@dataclass(frozen=True)
class Bar:
    """One bar: its axis label, its value and the text read out for it."""

    label: str
    value: int
    title: str = ""


def meter(value: int, maximum: int, *, label: str = "", colour: str = BAR) -> Markup:
    """A horizontal bar, the width of the row, filled in proportion (the number sits beside it)."""
    width = 0.0 if maximum <= 0 else max(0.0, min(100.0, value * 100.0 / maximum))
    return Markup(
        '<svg class="dash-meter" viewBox="0 0 100 10" preserveAspectRatio="none" width="100%" height="14" '
        'role="img" aria-label="{label}" focusable="false"><title>{label}</title>'
        '<rect x="0" y="0" width="100" height="10" fill="#eceff1"></rect>'
        '<rect x="0" y="0" width="{width}" height="10" fill="{colour}"></rect></svg>'
    ).format(label=label, width=f"{width:.2f}", colour=colour)


def column_chart(
    bars: Sequence[Bar],
    *,
    label: str,
    height: int = 120,
    label_every: int = 1,
    colour: str = BAR,
) -> Markup:
    """Vertical bars with the value above each non-zero bar and axis labels below.

    ``label_every`` thins the axis labels (e.g. every 2nd hour) so they never overlap;
    each bar's ``<title>`` still names it in full.
    """
    slot = 28
    top, bottom = 16, 18
    width = max(len(bars), 1) * slot
    plot = height - top - bottom
    peak = max((bar.value for bar in bars), default=0) or 1
    parts = [
        Markup(
            '<svg class="dash-columns" viewBox="0 0 {width} {height}" width="100%" role="img" '
            'aria-label="{label}" focusable="false" preserveAspectRatio="xMinYMid meet"><title>{label}</title>'
            '<line x1="0" y1="{base}" x2="{width}" y2="{base}" stroke="{muted}" stroke-width="1"></line>'
        ).format(width=width, height=height, label=label, base=top + plot, muted=MUTED)
    ]
    for index, bar in enumerate(bars):
        x = index * slot + 4
        centre = x + (slot - 8) / 2
        bar_height = round(plot * bar.value / peak, 2)
        y = top + plot - bar_height
        parts.append(
            Markup(
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{colour}"><title>{title}</title></rect>'
            ).format(
                x=x,
                y=y,
                w=slot - 8,
                h=bar_height,
                colour=colour,
                title=bar.title or f"{bar.label}: {bar.value}",
            )
        )
        if bar.value:
            parts.append(
                Markup(
                    '<text x="{cx}" y="{y}" text-anchor="middle" font-size="10" fill="#212529">{value}</text>'
                ).format(cx=centre, y=y - 3, value=bar.value)
            )
        if index % label_every == 0:
            parts.append(
                Markup(
                    '<text x="{cx}" y="{y}" text-anchor="middle" font-size="9" fill="{muted}">{text}</text>'
                ).format(cx=centre, y=height - 5, muted=MUTED, text=bar.label)
            )
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)
