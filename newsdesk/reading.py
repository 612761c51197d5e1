"""What the reading view marks in an article: quotes, embedded posts and cross-links."""

from dataclasses import dataclass
from typing import Any

from newsdesk.models import Quote


@dataclass(frozen=True, slots=True)
class ReadingSpan:
    start: int
    end: int
    kind: str  # quote | post | crosslink
    css: str
    title: str
    quote: Quote | None = None


def reading_spans(extraction: dict[str, Any], quotes: list[Quote]) -> list[ReadingSpan]:
    """Spans of the text the reader is shown: pass the extraction and quotes as the reader may see them."""
    spans: list[ReadingSpan] = []
    for post in extraction.get("embedded_posts") or ():
        spans.append(
            ReadingSpan(
                post["start"],
                post["end"],
                "post",
                "embedded-post",
                f"Embedded post by {post.get('author') or post.get('handle')}",
            )
        )
    for link in extraction.get("cross_links") or ():
        spans.append(
            ReadingSpan(
                link["start"], link["end"], "crosslink", "boilerplate", "Cross-link or boilerplate, not the story"
            )
        )
    for quote in quotes:
        who = quote.speaker.name if quote.speaker else (quote.speaker_text or "unknown speaker")
        cue = f" · {quote.cue_verb}" if quote.cue_verb else ""
        spans.append(
            ReadingSpan(
                quote.start,
                quote.end,
                "quote",
                f"quote quote-{quote.kind}",
                f"{quote.get_kind_display()} quote: {who}{cue}",
                quote,
            )
        )
    return spans
