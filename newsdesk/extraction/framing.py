"""Framing candidates from the editable lexicon (data/framing.json): suggestions, never tags."""

from newsdesk.extraction import lexicon
from newsdesk.extraction.intervals import Intervals
from newsdesk.extraction.types import FramingCandidate


def framing_candidates(text: str, *, skip: Intervals) -> list[FramingCandidate]:
    terms, sensitive, insensitive = lexicon.framing()
    found: dict[tuple[int, int], FramingCandidate] = {}
    for pattern, fold in ((insensitive, True), (sensitive, False)):
        for match in pattern.finditer(text):
            if skip.contains(match.start()):
                continue
            surface = match.group(0)
            key = " ".join(surface.lower().split()) if fold else surface
            term = terms.get(key)
            if term is None:
                continue
            span = (match.start(), match.end())
            if span in found:
                continue
            found[span] = FramingCandidate(
                start=match.start(),
                end=match.end(),
                text=surface,
                label=term.label,
                term=term.term,
                alternatives=term.alternatives,
                note=term.note,
            )
    return sorted(found.values(), key=lambda f: (f.start, -f.end))
