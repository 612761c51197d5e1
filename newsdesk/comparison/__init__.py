"""The story comparison: quote alignment, one speaker across outlets, speaker balance, figures, framing.

The pure parts (align, speakers, balance, figures, framing) work on plain values; `story`
loads a story's articles, caches what is costly, and shapes the page, JSON and CSV.
"""

from newsdesk.comparison.align import AlignedGroup, QuoteItem, align_quotes, normalise, similarity
from newsdesk.comparison.balance import speaker_balance
from newsdesk.comparison.framing import framing_contrast
from newsdesk.comparison.speakers import Identity, SpeakerInfo, speaker_identities

__all__ = [
    "AlignedGroup",
    "Identity",
    "QuoteItem",
    "SpeakerInfo",
    "align_quotes",
    "framing_contrast",
    "normalise",
    "similarity",
    "speaker_balance",
    "speaker_identities",
]
