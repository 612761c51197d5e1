"""Speaker balance: who each article quotes and how many quoted words each speaker gets."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any


def speaker_balance(quotes: Iterable[Any]) -> dict[int, dict[str, dict[str, Any]]]:
    """article id -> speaker name -> {words, quotes, affiliation}; direct and partial quotes only."""
    table: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for q in quotes:
        if q.kind not in ("direct", "partial") or not q.speaker:
            continue
        row = table[q.article].setdefault(q.speaker, {"words": 0, "quotes": 0, "affiliation": q.affiliation or "—"})
        row["words"] += len(q.text.split())
        row["quotes"] += 1
    return table


def by_affiliation(table: dict[int, dict[str, dict[str, Any]]]) -> dict[int, dict[str, int]]:
    result: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for article, speakers in table.items():
        for row in speakers.values():
            result[article][row["affiliation"]] += row["words"]
    return {a: dict(v) for a, v in result.items()}
