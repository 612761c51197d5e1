"""Server-side SVG charts: horizontal bars with their labels and values written out.

Readable without colour (every bar carries its number and label; series differ by
pattern as well as colour), no JavaScript, nothing inline that the CSP blocks.
"""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PATTERNS = ("solid", "hatch", "dots", "cross")
COLOURS = ("#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0e7490")


def defs() -> str:
    return (
        "<defs>"
        '<pattern id="p-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="white"/><line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="3"/></pattern>'
        '<pattern id="p-dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="white"/><circle cx="3" cy="3" r="1.6" fill="currentColor"/></pattern>'
        '<pattern id="p-cross" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="white"/><path d="M0 0L6 6M6 0L0 6" stroke="currentColor" stroke-width="1.2"/></pattern>'
        "</defs>"
    )


def bar_chart(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    unit: str = "",
    width: int = 560,
    series: int = 0,
    fmt: str = "{:g}",
) -> SafeString:
    """One bar per (label, value); the title is the accessible name. A value of None is "—" (no data)."""
    bar_h, gap, label_w = 18, 8, 190
    height = max(1, len(rows)) * (bar_h + gap) + 10
    top = max((v for _, v in rows if v is not None), default=0) or 1
    colour = COLOURS[series % len(COLOURS)]
    pattern = PATTERNS[series % len(PATTERNS)]
    fill = colour if pattern == "solid" else f"url(#p-{pattern})"
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" color="{colour}">',
        f"<title>{escape(title)}</title>",
        defs(),
    ]
    for i, (label, value) in enumerate(rows):
        y = 5 + i * (bar_h + gap)
        w = 0 if value is None or value <= 0 else max(2, (width - label_w - 70) * value / top)
        text = "—" if value is None else fmt.format(value) + (f" {unit}" if unit else "")
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12" fill="#1d2126">{escape(label[:32])}</text>'
        )
        parts.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{fill}" stroke="{colour}"/>')
        parts.append(
            f'<text x="{label_w + w + 6:.1f}" y="{y + 13}" font-size="12" fill="#1d2126">{escape(text)}</text>'
        )
    if not rows:
        parts.append('<text x="10" y="16" font-size="12" fill="#6b7480">No data yet.</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or numeric
