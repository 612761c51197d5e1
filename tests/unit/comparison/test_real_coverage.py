"""The comparison on coverage as outlets really cut and name it (invented same-event pairs, own words and names).

One statement carried with other boundaries (overlapping excerpts, the short half of a split
quote) is one aligned quote; one person named differently (middle initial, party label,
suffix, accents, a title's role as a descriptor) is one speaker; near misses stay apart.
"""

import pytest

from newsdesk.comparison import Identity, QuoteItem, SpeakerInfo, align_quotes, similarity, speaker_identities
from newsdesk.comparison.align import THRESHOLD, AlignedGroup
from newsdesk.comparison.speakers import head_noun, name_key, role_keys, without_initials

S1 = "The valley has waited eleven years for this dam, and the families here deserve better than a rushed vote."
S2 = "We will not sign a deal that leaves the valley without water, and we will not be rushed into it."
S3 = "Our office will publish every page of the agreement before the vote on Friday, so that anyone can read it."


def refs(groups: list[AlignedGroup]) -> list[list[int]]:
    return [sorted(q.ref for q in g.items if q.ref is not None) for g in groups]


def test_overlapping_excerpts_of_one_statement_are_one_quote() -> None:
    """Outlet A runs the first two sentences, outlet B the last two: the end of one is the start of the other."""
    assert similarity(f"{S1} {S2}", f"{S2} {S3}") >= THRESHOLD
    assert similarity(f"{S2} {S3}", f"{S1} {S2}") >= THRESHOLD
    items = [
        QuoteItem(1, f"{S1} {S2}", start=0, end=200, ref=1),
        QuoteItem(2, f"{S2} {S3}", start=40, end=240, ref=2),
        QuoteItem(2, "The ferry timetable stays as it is for the summer", start=400, end=450, ref=3),
    ]
    assert refs(align_quotes(items)) == [[1, 2], [3]]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # Two different statements that end alike share an end, not an end and a start.
        (
            "The shelling of Vell went on through the night, and nobody here will forget who brought it to our house",
            "Prices at the market doubled in a week while we waited, and nobody here will forget who brought it to our house",
        ),
        # A shared run in the middle of both is not an overlap of two cuts of one statement.
        (
            f"Yesterday, speaking to farmers, {S2} That is all I have to say today",
            f"In March, long before the talks began, {S2} And I said it again in June",
        ),
    ],
)
def test_statements_sharing_words_are_not_overlapping_excerpts(a: str, b: str) -> None:
    assert similarity(a, b) < THRESHOLD


def test_the_short_half_of_a_split_quote_joins_the_whole_of_it() -> None:
    """'“No,” Hallett said, “we will not sign a deal that leaves the valley without water.”' vs the whole."""
    whole = "No, we will not sign a deal that leaves the valley without water."
    items = [
        QuoteItem(1, "No,", start=1, end=4, ref=1),
        QuoteItem(1, "we will not sign a deal that leaves the valley without water.", start=22, end=83, ref=2),
        QuoteItem(1, "No,", start=900, end=903, ref=5),  # the same word far away: another statement
        QuoteItem(2, whole, start=10, end=10 + len(whole), ref=3),
        QuoteItem(2, "Maybe,", start=120, end=126, ref=4),  # short, beside nothing aligned in its own article
    ]
    groups = align_quotes(items)
    assert refs(groups) == [[1, 2, 3], [5], [4]]
    assert [q.ref for q in groups[0].members[1]] == [1, 2]


def test_a_short_quote_whose_words_the_other_version_lacks_stays_alone() -> None:
    items = [
        QuoteItem(1, "Frankly,", start=1, end=9, ref=1),
        QuoteItem(1, "we will not sign a deal that leaves the valley without water.", start=25, end=86, ref=2),
        QuoteItem(2, "We will not sign a deal that leaves the valley without water.", start=10, end=71, ref=3),
    ]
    assert refs(align_quotes(items)) == [[1], [2, 3]]


# One speaker, however each outlet names them


def one(found: dict[int, Identity], *quote_refs: int) -> bool:
    return len({id(found[r]) for r in quote_refs}) == 1 and all(r in found for r in quote_refs)


def identities(speakers: list[SpeakerInfo], quotes: list[tuple[str, int | None]]) -> dict[int, Identity]:
    items = [(QuoteItem(n, f"quote {n}", speaker_text=text, ref=n), sid) for n, (text, sid) in enumerate(quotes, 1)]
    return speaker_identities({s.id: s for s in speakers}, items)


def test_name_keys_drop_labels_suffixes_accents_and_initials() -> None:
    assert name_key("Rep. Owen Hallett (R-Ore.)") == "owen hallett"
    assert name_key("Owen Hallett Jr.") == "owen hallett"
    assert name_key("José Nuñez") == "jose nunez"
    assert name_key("Gov. Thomas R. Pell") == "thomas r pell"
    assert without_initials("thomas r pell") == "thomas pell"
    assert without_initials("g k butterfield") == "g butterfield"
    assert role_keys("Rep.") >= {"congressman", "congresswoman", "representative", "lawmaker"}
    assert role_keys("Secretary of State") == {"secretary of state"}
    assert head_noun("oregon congressman") == "congressman"
    assert head_noun("spokeswoman for the water board") == "spokeswoman"


@pytest.mark.parametrize(
    ("rows", "named"),
    [
        # Rows as extraction stores them from different outlets' copy.
        ([SpeakerInfo(1, "Owen Hallett"), SpeakerInfo(2, "Owen Hallett (R-Ore.)")], [("", 1), ("", 2)]),
        ([SpeakerInfo(1, "Owen Hallett"), SpeakerInfo(2, "Owen J. Hallett")], [("", 1), ("", 2)]),
        ([SpeakerInfo(1, "Owen Hallett Jr."), SpeakerInfo(2, "Hallett")], [("", 1), ("Mr. Hallett", 2)]),
        ([SpeakerInfo(1, "Inés Quiñones"), SpeakerInfo(2, "Ines Quinones")], [("", 1), ("", 2)]),
        # A title's role as the descriptor another outlet uses, with or without a speaker row for it.
        ([SpeakerInfo(1, "Owen Hallett", title="Rep.")], [("", 1), ("the congressman", None)]),
        ([SpeakerInfo(1, "Owen Hallett", title="Rep.")], [("", 1), ("the Oregon congressman", None)]),
        ([SpeakerInfo(1, "Sen. Ada Brisk")], [("", 1), ("the senator", None)]),
        (
            [SpeakerInfo(1, "Thomas Pell", title="Gov."), SpeakerInfo(2, "the governor", kind="anonymous")],
            [("", 1), ("the governor", 2)],
        ),
        (
            [SpeakerInfo(1, "Mara Quill", title="Secretary of State"), SpeakerInfo(2, "Quill")],
            [("", 1), ("", 2), ("the secretary", None)],
        ),
    ],
)
def test_one_person_under_other_names_is_one_speaker(
    rows: list[SpeakerInfo], named: list[tuple[str, int | None]]
) -> None:
    found = identities(rows, named)
    assert one(found, *range(1, len(named) + 1)), {r: i.name for r, i in found.items()}


def test_the_fullest_plain_name_stands_for_the_speaker() -> None:
    found = identities(
        [SpeakerInfo(1, "Owen Hallett (R-Ore.)"), SpeakerInfo(2, "Owen Hallett"), SpeakerInfo(3, "Hallett")],
        [("", 1), ("", 2), ("", 3)],
    )
    assert {i.name for i in found.values()} == {"Owen Hallett"}
    accented = identities([SpeakerInfo(1, "Ines Quinones"), SpeakerInfo(2, "Inés Quiñones")], [("", 1), ("", 2)])
    assert {i.name for i in accented.values()} == {"Inés Quiñones"}


def test_ambiguous_names_and_descriptors_stay_apart() -> None:
    # Two people whose initials differ, beside the plain name: none is guessed.
    found = identities(
        [SpeakerInfo(1, "Owen J. Hallett"), SpeakerInfo(2, "Owen K. Hallett"), SpeakerInfo(3, "Owen Hallett")],
        [("", 1), ("", 2), ("", 3)],
    )
    assert len({i.key for i in found.values()}) == 3
    # "the lawmaker" when the story has a senator and a congressman.
    found = identities(
        [SpeakerInfo(1, "Owen Hallett", title="Rep."), SpeakerInfo(2, "Ada Brisk", title="Sen.")],
        [("", 1), ("", 2), ("the lawmaker", None)],
    )
    assert 3 not in found
    # A descriptor with its own qualifier is not whichever one spokeswoman the story has.
    found = identities(
        [SpeakerInfo(1, "Carla Nunes", title="spokeswoman")],
        [("", 1), ("a spokeswoman for the ministry", None), ("the spokeswoman", None)],
    )
    assert 2 not in found
    assert one(found, 1, 3)


def test_a_row_named_by_a_title_alone_is_no_one_and_takes_the_aligned_speaker() -> None:
    """'… said Rep. Owen Hallett' read as a speaker "Rep" by the extraction: not a person in the balance."""
    text = "We will not sign a deal that leaves the valley without water"
    items = [
        QuoteItem(1, text, speaker_text="Owen Hallett", ref=1),
        QuoteItem(2, text + ".", speaker_text="Rep", ref=2),
        QuoteItem(3, "The ferry timetable stays as it is", speaker_text="Del.", ref=3),
    ]
    groups = align_quotes(items)
    rows = {1: SpeakerInfo(1, "Owen Hallett"), 2: SpeakerInfo(2, "Rep"), 3: SpeakerInfo(3, "Del.")}
    found = speaker_identities(rows, [(items[0], 1), (items[1], 2), (items[2], 3)], groups)
    assert {r: i.name for r, i in found.items()} == {1: "Owen Hallett", 2: "Owen Hallett"}
