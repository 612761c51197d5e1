"""Suggestions for the workspace from the article's stored extraction (quotes, cues, framing).

Each has a stable key (kind:start:end) so a dismissal or an acceptance is remembered
per annotator. Suggestions are never tags by themselves.
"""

from dataclasses import dataclass
from typing import Any

from newsdesk.models import Article


@dataclass(frozen=True, slots=True)
class Suggestion:
    key: str
    kind: str  # quote | cue | framing
    start: int
    end: int
    text: str
    label: str  # what it would become, for display
    note: str = ""
    quote_span: tuple[int, int] | None = None  # the quote a cue belongs to


def suggestions_for(article: Article) -> list[Suggestion]:
    data: dict[str, Any] = article.extraction or {}
    body = article.body
    found: dict[str, Suggestion] = {}

    def add(
        kind: str, start: Any, end: Any, label: str, note: str = "", quote_span: tuple[int, int] | None = None
    ) -> None:
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(body):
            return
        key = f"{kind}:{start}:{end}"
        found.setdefault(key, Suggestion(key, kind, start, end, body[start:end], label, note, quote_span))

    for quote in data.get("quotes") or ():
        if quote.get("kind") == "scare":
            continue
        who = quote.get("speaker") or "unknown speaker"
        add(
            "quote",
            quote.get("start"),
            quote.get("end"),
            f"Claim · {quote.get('kind')} quote of {who}",
            f"Quote of {who}",
        )
        cue = quote.get("cue") or {}
        if cue:
            note = f"{cue.get('text')} ({cue.get('stance')})"
            add(
                "cue",
                cue.get("start"),
                cue.get("end"),
                f"Attribution verb · {note}",
                note,
                (quote.get("start"), quote.get("end")),
            )
    for item in data.get("framing_candidates") or ():
        alternatives = ", ".join(item.get("alternatives") or ())
        note = item.get("note") or (f"Alternatives: {alternatives}" if alternatives else "")
        add("framing", item.get("start"), item.get("end"), item.get("label") or "loaded-term", note)
    return sorted(found.values(), key=lambda s: (s.start, -s.end, s.kind))
