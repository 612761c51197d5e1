"""Demo annotation data for `manage.py load_demo`: a campaign, tags and reviews on the demo corpus.

Each function is idempotent (running load_demo twice is harmless) and writes
what it created to `out`.
"""

from typing import Any, TextIO


def demo_campaign_load(*, users: dict[str, Any], out: TextIO) -> None:
    """The demo campaign over the demo story, the annotator's assignments and a few tags."""


def demo_review_load(*, users: dict[str, Any], out: TextIO) -> None:
    """A second annotator's overlapping tags and some reviewed tags, for review and agreement."""


def demo_load(*, users: dict[str, Any], out: TextIO) -> None:
    demo_campaign_load(users=users, out=out)
    demo_review_load(users=users, out=out)
