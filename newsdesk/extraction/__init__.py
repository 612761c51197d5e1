"""Pure-Python extraction: article text → quotes, speakers, cues, credits, posts, framing.

No Django import anywhere in this package, so it can be used, tested and
benchmarked on its own. `extract(text)` is the one entry point.
"""

from newsdesk.extraction.types import (
    Credit,
    CrossLink,
    Cue,
    EmbeddedPost,
    Extraction,
    FramingCandidate,
    Paragraph,
    Quote,
    Sentence,
    Speaker,
    SpeakerMention,
)

__all__ = [
    "Credit",
    "CrossLink",
    "Cue",
    "EmbeddedPost",
    "Extraction",
    "FramingCandidate",
    "Paragraph",
    "Quote",
    "Sentence",
    "Speaker",
    "SpeakerMention",
    "extract",
]


def extract(text: str) -> Extraction:
    """Placeholder until the pipeline lands: paragraphs only."""
    paragraphs = []
    start = 0
    for line in text.split("\n"):
        if line:
            paragraphs.append(Paragraph(start, start + len(line)))
        start += len(line) + 1
    return Extraction(paragraphs=tuple(paragraphs))
