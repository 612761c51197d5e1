"""Comparison of outlets' coverage: quote alignment, speaker balance, framing contrast (pure Python)."""

from newsdesk.comparison.align import AlignedGroup, QuoteItem, align_quotes, normalise, similarity
from newsdesk.comparison.balance import speaker_balance
from newsdesk.comparison.framing import framing_contrast

__all__ = [
    "AlignedGroup",
    "QuoteItem",
    "align_quotes",
    "framing_contrast",
    "normalise",
    "similarity",
    "speaker_balance",
]
