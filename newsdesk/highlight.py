"""Cut an article body into paragraphs of segments, each covered by a set of spans.

Used by the reading view (quotes, cross-links, embedded posts) and the annotation
workspace (tags and suggestions). One sweep over sorted boundaries: linear in the body
plus the spans, so 1,000 overlapping tags over 60 KB render without nested scans.
Overlapping and nested spans simply give a segment several `spans`.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Segment:
    start: int
    end: int
    text: str
    spans: list[Any] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    index: int
    start: int
    end: int
    segments: list[Segment]


def paragraphs_with_spans(body: str, spans: Sequence[Any]) -> list[Paragraph]:
    """Paragraphs (split on `\\n`) of segments; each segment lists the spans covering it.

    `spans` are objects with `start` and `end` (code points of `body`); spans outside
    the body are clipped, empty ones ignored. Spans keep their given order inside a segment.
    """
    n = len(body)
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    cuts = {0, n}
    for i, span in enumerate(spans):
        s, e = max(0, span.start), min(n, span.end)
        if s >= e:
            continue
        starts.setdefault(s, []).append(i)
        ends.setdefault(e, []).append(i)
        cuts.add(s)
        cuts.add(e)
    pos = 0
    while True:
        nl = body.find("\n", pos)
        if nl == -1:
            break
        cuts.add(nl)
        cuts.add(nl + 1)
        pos = nl + 1
    boundaries = sorted(cuts)
    active: dict[int, None] = {}  # insertion-ordered set of span indexes
    paragraphs: list[Paragraph] = []
    current: list[Segment] = []
    para_start = 0
    for left, right in zip(boundaries, boundaries[1:], strict=False):
        for i in ends.get(left, ()):
            active.pop(i, None)
        for i in starts.get(left, ()):
            active[i] = None
        if body[left:right] == "\n":
            paragraphs.append(Paragraph(len(paragraphs), para_start, left, current))
            current, para_start = [], right
            continue
        current.append(Segment(left, right, body[left:right], [spans[i] for i in sorted(active)]))
    paragraphs.append(Paragraph(len(paragraphs), para_start, n, current))
    return paragraphs
