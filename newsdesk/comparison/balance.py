"""Speaker balance: who each article quotes and how many quoted words each speaker gets."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TypedDict

from newsdesk.comparison.align import QuoteItem
from newsdesk.comparison.speakers import Identity

COUNTED = ("direct", "partial")


class BalanceRow(TypedDict):
    name: str
    affiliation: str
    words: int
    quotes: int
    share: float  # of the article's attributed quoted words, 0-1


def speaker_balance(
    quotes: Iterable[QuoteItem], identities: Mapping[int, Identity]
) -> dict[int, dict[str, BalanceRow]]:
    """article id -> identity key -> row, most words first; direct and partial quotes with a speaker only."""
    table: dict[int, dict[str, BalanceRow]] = defaultdict(dict)
    for q in quotes:
        who = identities.get(q.ref) if q.ref is not None else None
        if q.kind not in COUNTED or who is None:
            continue
        row = table[q.article].setdefault(
            who.key, {"name": who.name, "affiliation": who.affiliation or "—", "words": 0, "quotes": 0, "share": 0.0}
        )
        row["words"] += len(q.text.split())
        row["quotes"] += 1
    result = {}
    for article, rows in table.items():
        total = sum(r["words"] for r in rows.values()) or 1
        for r in rows.values():
            r["share"] = r["words"] / total
        result[article] = dict(sorted(rows.items(), key=lambda kv: (-kv[1]["words"], kv[1]["name"])))
    return result
