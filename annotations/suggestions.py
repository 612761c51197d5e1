"""Suggestions for the workspace from the article's stored extraction (quotes, cues, framing).

Each has a stable key (kind:start:end) so a dismissal or an acceptance is remembered
per annotator. Suggestions are never tags by themselves.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from newsdesk.models import Article

CACHE_SECONDS = 6 * 3600
RECENT_SIZE = 64
RECENT: dict[str, Any] = {}


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


def read_once[T](article: Article, name: str, compute: Callable[[Article], T]) -> T:
    """What `compute(article)` gives, once per article row version (see `newsdesk.comparison.story.row_version`).

    Only for an article loaded with a `row_version` (the workspace loads it so, without its
    extraction): kept on the instance for the request and in the cache under a key that
    changes whenever the row is written (a re-extraction), so a changed article shows at once.
    Anything else is computed as asked, every time.
    """
    version = getattr(article, "row_version", None)
    if version is None or article.pk is None:
        return compute(article)
    memo = article.__dict__.setdefault("_read_once", {})
    if name not in memo:
        key = f"workspace:{name}:v1:{article.pk}:{article.content_hash}:{version}"
        found = RECENT.get(key)  # this process's last few: no unpickling of thousands of rows
        if found is None:
            found = cache.get(key)
            if found is None:
                found = compute(article)
                cache.set(key, found, CACHE_SECONDS)
            RECENT[key] = found
            while len(RECENT) > RECENT_SIZE:
                RECENT.pop(next(iter(RECENT)))
        memo[name] = found
    return memo[name]  # type: ignore[no-any-return]


def suggestions_for(article: Article) -> list[Suggestion]:
    return list(read_once(article, "suggestions", suggestions_compute))


def sentences_for(article: Article) -> list[list[int]]:
    """The stored sentence spans, [start, end] each."""
    return [list(s) for s in read_once(article, "sentences", sentences_compute)]


def sentences_compute(article: Article) -> tuple[tuple[int, int], ...]:
    return tuple(
        (s["start"], s["end"])
        for s in (article.extraction or {}).get("sentences") or ()
        if isinstance(s, dict) and isinstance(s.get("start"), int) and isinstance(s.get("end"), int)
    )


def suggestions_compute(article: Article) -> tuple[Suggestion, ...]:
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
    return tuple(sorted(found.values(), key=lambda s: (s.start, -s.end, s.kind)))
