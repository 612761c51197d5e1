"""Cells written to CSV that a spreadsheet opens: the comparison's tables and the tag export."""

from typing import Any

# A cell a spreadsheet would run as a formula ("=HYPERLINK(…)", "+1+cmd|…"): article text and
# notes come from outside, so such cells get a leading apostrophe (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """`value`, with an apostrophe before text a spreadsheet would take for a formula."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
