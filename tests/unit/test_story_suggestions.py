"""'Possibly the same story': candidates close in time and text to a story's articles."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsdesk.story_suggestions import story_candidates


@dataclass
class A:
    title: str
    body: str
    published_at: datetime | None


def test_story_candidates_by_time_and_text() -> None:
    t = datetime(2023, 3, 14, tzinfo=UTC)
    members = [
        A(
            "Strike on Vell river dam floods villages",
            "A missile strike damaged the Vell river dam early on Tuesday, flooding villages.",
            t,
        )
    ]
    same = A(
        "Dam disaster on the Vell river: villages flooded",
        "The collapse of the Vell river dam has left villages under water after a strike.",
        t + timedelta(hours=5),
    )
    late = A(
        "Dam disaster on the Vell river: villages flooded",
        "The collapse of the Vell river dam has left villages under water.",
        t + timedelta(days=20),
    )
    other = A(
        "Grain exports resume from Northport",
        "Ships loaded with grain left the port of Northport on Monday after talks.",
        t,
    )
    found = story_candidates(members, [same, late, other])
    assert [c.article for c in found] == [same]
