"""One speaker across outlets, however each names them (invented same-event coverage)."""

from newsdesk.comparison import AlignedGroup, QuoteItem, SpeakerInfo, align_quotes, speaker_identities
from newsdesk.comparison.speakers import descriptor_key, name_key

HALLETT = SpeakerInfo(
    1, "Owen Hallett", title="Congressman", affiliation="Republican Party", aliases=(("the congressman", "descriptor"),)
)
MR_HALLETT = SpeakerInfo(2, "Hallett")
WREN = SpeakerInfo(3, "Tobias Wren", affiliation="Northgate Capital")


def names(identities: dict[int, object]) -> dict[int, str]:
    return {ref: identity.name for ref, identity in identities.items()}  # type: ignore[attr-defined]


def test_name_and_descriptor_keys() -> None:
    assert name_key("Rep. Owen Hallett") == "owen hallett"
    assert name_key("Mr. Hallett") == "hallett"
    assert name_key("Gov. Thomas R. Pell") == "thomas r pell"
    assert descriptor_key("The congressman,") == "congressman"


def test_full_name_surname_with_title_and_descriptor_are_one_speaker() -> None:
    """'Owen Hallett' (outlet A), 'Mr. Hallett' stored as 'Hallett' (B), 'the congressman' with no speaker row (C)."""
    quotes = [
        (QuoteItem(10, "We cannot allow this to stand", speaker_text="Rep. Owen Hallett", ref=1), 1),
        (QuoteItem(11, "It is a gift to speculators", speaker_text="Mr. Hallett", ref=2), 2),
        (QuoteItem(12, "Nobody voted for this", speaker_text="the congressman", ref=3), None),
        (QuoteItem(12, "Margins are collapsing", speaker_text="Tobias Wren", ref=4), 3),
    ]
    found = speaker_identities({s.id: s for s in (HALLETT, MR_HALLETT, WREN)}, quotes)
    assert names(found) == {1: "Owen Hallett", 2: "Owen Hallett", 3: "Owen Hallett", 4: "Tobias Wren"}
    assert found[1] == found[2] == found[3]
    assert found[2].affiliation == "Republican Party"
    assert {"Rep. Owen Hallett", "Mr. Hallett", "the congressman", "Hallett"} <= set(found[1].named_as)


def test_a_name_alias_joins_two_rows() -> None:
    pell = SpeakerInfo(5, "Thomas Pell", aliases=(("Tom Pell", "name"),))
    tom = SpeakerInfo(6, "Tom Pell")
    quotes = [(QuoteItem(1, "a", ref=1), 5), (QuoteItem(2, "b", ref=2), 6)]
    found = speaker_identities({5: pell, 6: tom}, quotes)
    assert found[1] == found[2]


def test_a_surname_two_people_share_stays_apart() -> None:
    mara = SpeakerInfo(4, "Mara Hallett")
    quotes = [
        (QuoteItem(10, "We cannot allow this", ref=1), 1),
        (QuoteItem(11, "It is a gift", speaker_text="Mr. Hallett", ref=2), 2),
        (QuoteItem(12, "We will appeal", ref=3), 4),
    ]
    found = speaker_identities({s.id: s for s in (HALLETT, MR_HALLETT, mara)}, quotes)
    assert names(found) == {1: "Owen Hallett", 2: "Hallett", 3: "Mara Hallett"}


def test_a_descriptor_two_speakers_hold_is_not_guessed() -> None:
    other = SpeakerInfo(7, "Lena Ruiz", aliases=(("the congressman", "descriptor"),))
    quotes = [(QuoteItem(12, "Nobody voted for this", speaker_text="the congressman", ref=3), None)]
    assert speaker_identities({1: HALLETT, 7: other}, quotes) == {}


def test_an_aligned_quote_takes_the_speaker_the_other_outlets_agree_on() -> None:
    """A pronoun or an unresolved descriptor; but never over a name the outlet gave."""
    text = "We will not sign a deal that leaves the valley without water"
    items = [
        QuoteItem(10, text, speaker_text="Owen Hallett", ref=1),
        QuoteItem(11, text.lower() + ",", speaker_text="he", ref=2),
        QuoteItem(12, text, speaker_text="a senior lawmaker", ref=3),
        QuoteItem(13, text, speaker_text="Mara Jones", ref=4),
    ]
    groups: list[AlignedGroup] = align_quotes(items)
    assert len(groups) == 1
    quotes = [(items[0], 1), (items[1], None), (items[2], None), (items[3], None)]
    found = speaker_identities({1: HALLETT}, quotes, groups)
    assert names(found) == {1: "Owen Hallett", 2: "Owen Hallett", 3: "Owen Hallett"}
