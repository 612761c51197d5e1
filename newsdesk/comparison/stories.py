"""'Possibly the same story': articles published within a few days with similar text."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from rapidfuzz import fuzz

from newsdesk.comparison.align import normalise

WINDOW = timedelta(days=3)
# token_set_ratio on title + first paragraph; tested: same-event coverage ≥ 55, unrelated < 40.
THRESHOLD = 50.0


@dataclass(frozen=True)
class Candidate:
    article: Any
    score: float


def fingerprint(title: str, body: str) -> str:
    return normalise(f"{title} {body[:600]}")


def story_candidates(members: Iterable[Any], others: Iterable[Any], *, threshold: float = THRESHOLD) -> list[Candidate]:
    """Articles from `others` close in time and text to any member of the story, best first."""
    members = list(members)
    prints = [(m.published_at, fingerprint(m.title, m.body)) for m in members]
    found = []
    for article in others:
        when = article.published_at
        text = fingerprint(article.title, article.body)
        best = 0.0
        for published, member_text in prints:
            if when and published and abs(when - published) > WINDOW:
                continue
            best = max(best, fuzz.token_set_ratio(text, member_text))
        if best >= threshold:
            found.append(Candidate(article, best))
    return sorted(found, key=lambda c: -c.score)
