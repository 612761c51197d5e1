"""A body's trailing credit line → (outlet, role) pairs, for the importer when extraction gives none.

The one credit-line parser is `newsdesk.extraction.credits.credits_from_line` ("RT story with
additional input by Global Village Space News Desk." gives RT/primary and Global Village
Space/additional_input); the importer also reads a row's `credit` field with it.
"""

from newsdesk.extraction.credits import credits_from_line


def credits_from_body(body: str) -> list[tuple[str, str]]:
    """Credits from the last paragraph of a body, if it is a credit line."""
    last = body.rstrip().rsplit("\n", 1)[-1]
    return credits_from_line(last) if len(last) < 200 else []
