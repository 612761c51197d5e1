"""Framing candidates from the editable lexicon (data/framing.json): suggestions, never tags."""

from newsdesk.extraction import lexicon
from newsdesk.extraction.intervals import Intervals
from newsdesk.extraction.types import FramingCandidate


def framing_candidates(
    text: str,
    *,
    skip: Intervals,
    insensitive_hits: list[tuple[int, int]] | None = None,
    sensitive_hits: list[tuple[int, int]] | None = None,
) -> list[FramingCandidate]:
    """Loaded terms, euphemisms and naming choices; the hits as from `scan.word_hits`, if at hand."""
    terms, sensitive, insensitive = lexicon.framing()
    if insensitive_hits is None:
        insensitive_hits = [m.span() for m in insensitive.finditer(text)]
    if sensitive_hits is None:
        sensitive_hits = [m.span() for m in sensitive.finditer(text)]
    found: dict[tuple[int, int], FramingCandidate] = {}
    for hits, fold in ((insensitive_hits, True), (sensitive_hits, False)):
        for start, end in hits:
            if skip.contains(start):
                continue
            surface = text[start:end]
            key = " ".join(surface.lower().split()) if fold else surface
            term = terms.get(key)
            if term is None:
                continue
            span = (start, end)
            if span in found:
                continue
            found[span] = FramingCandidate(
                start=start,
                end=end,
                text=surface,
                label=term.label,
                term=term.term,
                alternatives=term.alternatives,
                note=term.note,
            )
    return sorted(found.values(), key=lambda f: (f.start, -f.end))
