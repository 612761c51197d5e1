"""Contested numbers across outlets: one story's figures side by side by what they count.

Pure functions over the extraction's figure dicts. Two outlets disagree on a category when
their figures cannot both be right: the ranges they give do not overlap and differ by more
than `TOLERANCE` (10 %) of the larger. "At least 12" and "15" agree (12 is a floor);
"12" and "40" do not.
"""

from collections import defaultdict
from typing import Any

TOLERANCE = 0.10
# Categories whose figures are compared only when the unit matches too (km with km, % with %).
BY_UNIT = ("distance", "percent", "money", "time", "change")
FLOOR = ("at least", "more than", "over", "as many as")
CEILING = ("up to", "fewer than", "less than", "at most")
CATEGORY_LABELS = {
    "killed": "Killed",
    "injured": "Injured",
    "displaced": "Displaced or evacuated",
    "troops": "Troops",
    "weapons": "Weapons",
    "detained": "Detained",
    "villages": "Places and buildings",
    "distance": "Distances",
    "percent": "Percentages",
    "money": "Money",
    "time": "Durations",
    "change": "Changes (doubled, halved …)",
}


def interval(figure: dict[str, Any]) -> tuple[float, float]:
    """The values a figure allows: 'at least 12' is [12, ∞), 'up to 15' [0, 15], '10 to 15' [10, 15]."""
    low = float(figure["value"])
    high = float(figure["value_high"]) if figure.get("value_high") is not None else low
    qualifier = figure.get("qualifier") or ""
    if qualifier in FLOOR:
        return low, float("inf")
    if qualifier in CEILING:
        return 0.0, high
    if qualifier:  # nearly, about, around …: a little either way
        return low * (1 - TOLERANCE), high * (1 + TOLERANCE)
    return low, high


def compatible(a: tuple[float, float], b: tuple[float, float]) -> bool:
    if a[0] <= b[1] and b[0] <= a[1]:
        return True
    gap = max(a[0], b[0]) - min(a[1], b[1])
    return gap <= TOLERANCE * max(a[0], b[0], 1.0)


def figure_table(columns: list[tuple[int, list[dict[str, Any]]]]) -> list[dict[str, Any]]:
    """Rows by category (and unit where it matters): each column's figures, and whether outlets disagree.

    `columns` is [(article id, its figures)] in column order. A row is
    {"key", "label", "cells": {article id: [figure]}, "disagree": bool, "pairs": [(a, b)]}.
    """
    rows: dict[tuple[str, str], dict[int, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for article_id, found in columns:
        for figure in found:
            category = figure.get("category") or "other"
            if category == "other" or figure.get("value") is None:
                continue
            unit = figure.get("unit", "") if category in BY_UNIT else ""
            rows[(category, unit)][article_id].append(figure)
    table: list[dict[str, Any]] = []
    order = list(CATEGORY_LABELS)
    for (category, unit), cells in sorted(
        rows.items(), key=lambda kv: (order.index(kv[0][0]) if kv[0][0] in order else 99, kv[0][1])
    ):
        pairs = []
        ids = [a for a, _ in columns if a in cells]
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if not any(compatible(interval(x), interval(y)) for x in cells[a] for y in cells[b]):
                    pairs.append((a, b))
        label = CATEGORY_LABELS.get(category, category.capitalize()) + (f" ({unit})" if unit else "")
        table.append(
            {
                "key": f"{category}:{unit}" if unit else category,
                "label": label,
                "cells": dict(cells),
                "outlets": len(cells),
                "disagree": bool(pairs),
                "pairs": pairs,
            }
        )
    # Disagreements first: they are what a fact-checker is looking for.
    table.sort(key=lambda r: (not r["disagree"], -r["outlets"]))
    return table
