"""Server-side SVG charts: horizontal bars with their title, labels and values written out.

Readable without colour (every bar carries its number and label; series differ by
pattern as well as colour), no JavaScript, nothing inline that the CSP blocks. Drawn
WIDTH units wide at FONT units a letter and shown at that size (CSS only shrinks a chart
in a narrower box), so text stays at least 11 px down to a 271 px column; each label and
value is sized to fit inside the drawing, so nothing is cut off. Charts meant to be read
side by side (one per outlet) share one scale: `charts_side_by_side`.
"""

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PATTERNS = ("solid", "hatch", "dots", "cross")
COLOURS = ("#1f5fbf", "#c2410c", "#15803d", "#7e22ce", "#b45309", "#0e7490")
WIDTH = 320
FONT = 13
TITLE_FONT = 14
PAD = 8
# Widths of a character as a share of the font size, on the generous side for sans-serif
# faces, so an estimated line is never longer than the drawn one.
CHAR = 0.62
BOLD_CHAR = 0.68
LABEL_H, BAR_H, GAP = 17, 14, 9
INK, MUTED = "#1d2126", "#5b6470"


def defs() -> str:
    return (
        "<defs>"
        '<pattern id="p-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="white"/><line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="3"/></pattern>'
        '<pattern id="p-dots" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="white"/><circle cx="3" cy="3" r="1.6" fill="currentColor"/></pattern>'
        '<pattern id="p-cross" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="white"/><path d="M0 0L6 6M6 0L0 6" stroke="currentColor" stroke-width="1.2"/></pattern>'
        "</defs>"
    )


def fits(text: str, chars: int) -> str:
    """The text cut to `chars` characters, with an ellipsis when cut."""
    return text if len(text) <= chars else text[: max(1, chars - 1)].rstrip() + "…"


def wrap(text: str, chars: int, lines: int = 2) -> list[str]:
    """Greedy word wrap into at most `lines` lines of `chars` characters (the last one cut if need be)."""
    out: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > chars:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    return [fits(line, chars) for line in out]


def value_text(value: float | None, *, unit: str, fmt: str, total: float | None) -> str:
    if value is None:
        return "—"
    text = fmt.format(value) + (f" {unit}" if unit else "")
    if total:
        text += f" · {round(100 * value / total)} %"
    return text


def bar_chart(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    unit: str = "",
    width: int = WIDTH,
    series: int = 0,
    fmt: str = "{:g}",
    scale_max: float | None = None,
    shares: bool = False,
    value_chars: int = 0,
) -> SafeString:
    """One bar per (label, value) under a visible title; a value of None is "—" (no data).

    `scale_max` sets the value of a full-length bar and `value_chars` the room kept for the
    value beside it (charts compared side by side pass the same ones, so a bar's length
    means the same in each); `shares` adds each value's share of the chart's total.
    """
    colour = COLOURS[series % len(COLOURS)]
    pattern = PATTERNS[series % len(PATTERNS)]
    fill = colour if pattern == "solid" else f"url(#p-{pattern})"
    inner = width - 2 * PAD
    title_lines = wrap(title, int(inner / (BOLD_CHAR * TITLE_FONT)))
    top = PAD + len(title_lines) * (TITLE_FONT + 5) + 4
    row_h = LABEL_H + BAR_H + GAP
    height = top + max(1, len(rows)) * row_h + PAD
    total = sum(v for _, v in rows if v) if shares else None
    values = [value_text(v, unit=unit, fmt=fmt, total=total) for _, v in rows]
    value_w = max([value_chars, *(len(t) for t in values)]) * CHAR * FONT + 6
    longest = max((v for _, v in rows if v is not None), default=0)
    scale = max(scale_max or 0, longest) or 1
    parts = [
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" color="{colour}">',
        f"<title>{escape(title)}</title>",
        defs(),
    ]
    for n, line in enumerate(title_lines):
        y = PAD + TITLE_FONT + n * (TITLE_FONT + 5)
        parts.append(
            f'<text class="chart-title" x="{PAD}" y="{y}" font-size="{TITLE_FONT}" font-weight="700" fill="{INK}">{escape(line)}</text>'
        )
    label_chars = int(inner / (CHAR * FONT))
    for i, ((label, value), text) in enumerate(zip(rows, values, strict=True)):
        y = top + i * row_h
        w = 0.0 if value is None or value <= 0 else max(2.0, (inner - value_w) * value / scale)
        shown = fits(label, label_chars)
        tip = f"<title>{escape(label)}</title>" if shown != label else ""
        parts.append(
            f'<text x="{PAD}" y="{y + LABEL_H - 4}" font-size="{FONT}" fill="{INK}">{tip}{escape(shown)}</text>'
        )
        parts.append(
            f'<rect x="{PAD}" y="{y + LABEL_H}" width="{w:.1f}" height="{BAR_H}" fill="{fill}" stroke="{colour}"/>'
        )
        parts.append(
            f'<text x="{PAD + w + 6:.1f}" y="{y + LABEL_H + BAR_H - 2}" font-size="{FONT}" fill="{INK}">{escape(text)}</text>'
        )
    if not rows:
        parts.append(f'<text x="{PAD}" y="{top + FONT}" font-size="{FONT}" fill="{MUTED}">No data yet.</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or numeric


def charts_side_by_side(
    panels: Sequence[tuple[str, Sequence[tuple[str, float | None]]]], *, unit: str = "", shares: bool = True
) -> list[SafeString]:
    """One chart per (title, rows), all on one scale (the largest value of any), each with shares of its own total."""
    top = max((v for _, rows in panels for _, v in rows if v is not None), default=0)
    room = 0
    for _, rows in panels:
        total = sum(v for _, v in rows if v) if shares else None
        room = max([room, *(len(value_text(v, unit=unit, fmt="{:g}", total=total)) for _, v in rows)])
    return [
        bar_chart(rows, title=title, unit=unit, series=i, scale_max=top, shares=shares, value_chars=room)
        for i, (title, rows) in enumerate(panels)
    ]
