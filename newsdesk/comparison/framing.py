"""Framing contrast: which loaded terms and naming choices each article uses, and which only it uses."""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any


def framing_terms(extraction: Mapping[str, Any]) -> Counter[tuple[str, str]]:
    """(term as written, label) -> count, from an article's stored extraction."""
    counts: Counter[tuple[str, str]] = Counter()
    for item in extraction.get("framing_candidates") or ():
        counts[(item.get("text", ""), item.get("label", ""))] += 1
    return counts


def framing_contrast(per_article: Mapping[int, Counter[tuple[str, str]]]) -> dict[int, list[tuple[str, str]]]:
    """For each article, the (term, label) pairs no other article in the comparison uses."""
    result = {}
    for article, terms in per_article.items():
        others: set[str] = set()
        for other, other_terms in per_article.items():
            if other != article:
                others |= {t.lower() for t, _ in other_terms}
        result[article] = sorted(k for k in terms if k[0].lower() not in others)
    return result


def naming_pairs(
    per_article: Mapping[int, Counter[tuple[str, str]]], alternatives: Mapping[str, Iterable[str]]
) -> list[dict[str, Any]]:
    """Naming choices across articles, e.g. Kiev (A, B) vs Kyiv (C)."""
    rows = []
    for term, alts in alternatives.items():
        users = {a for a, terms in per_article.items() if any(t.lower() == term.lower() for t, _ in terms)}
        if users:
            rows.append({"term": term, "alternatives": list(alts), "articles": sorted(users)})
    return rows
