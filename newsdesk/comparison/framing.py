"""Framing contrast: which loaded terms and naming choices each article uses, and which only it uses."""

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

from newsdesk.extraction import lexicon


def framing_terms(extraction: Mapping[str, Any]) -> Counter[tuple[str, str]]:
    """(term as written, label) -> count, from an article's stored extraction."""
    counts: Counter[tuple[str, str]] = Counter()
    for item in extraction.get("framing_candidates") or ():
        counts[(item.get("text", ""), item.get("label", ""))] += 1
    return counts


def framing_contrast(per_article: Mapping[int, Counter[tuple[str, str]]]) -> dict[int, list[tuple[str, str]]]:
    """For each article, the (term, label) pairs no other article in the comparison uses."""
    users: Counter[str] = Counter()
    for terms in per_article.values():
        users.update({t.lower() for t, _ in terms})
    return {
        article: sorted(k for k in terms if users[k[0].lower()] == 1 or len(per_article) == 1)
        for article, terms in per_article.items()
    }


def naming_choices(bodies: Mapping[int, str]) -> list[dict[str, Any]]:
    """For each lexicon term with alternatives (Kiev/Kyiv…) that any article uses, how often each uses each form."""
    terms, _, _ = lexicon.framing()
    choices = [[t.term, *t.alternatives] for t in terms.values() if t.label == "naming-choice" and t.alternatives]
    # One pass over each text for every form (a longer form wins where two start at one place).
    forms = sorted({f for group in choices for f in group}, key=lambda f: (-len(f), f))
    if not forms:
        return []
    pattern = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, forms))})(?![\w-])")
    found = {pk: Counter(m.group(1) for m in pattern.finditer(body)) for pk, body in bodies.items()}
    rows = []
    for group in choices:
        counts = {pk: {f: found[pk][f] for f in group} for pk in bodies}
        used = {f for c in counts.values() for f, n in c.items() if n}
        if used:
            rows.append({"forms": group, "counts": counts, "contested": len(used) > 1})
    return rows
