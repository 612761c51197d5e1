"""The pure functions that read who speaks: mentions around a cue, names, cue-verb forms, archive marks."""

import pytest

from newsdesk.extraction import lexicon, mentions
from newsdesk.extraction.marks import pair_marks
from newsdesk.extraction.speakers import SpeakerBook, gender_of, read_person, split_title


def before(text: str, verb: str = " said") -> str | None:
    end = text.rindex(verb) + 1
    found = mentions.mention_before(text, 0, end)
    return text[found[0] : found[1]] if found else None


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("Tobias Wren, an analyst at Northgate Capital, said", "Tobias Wren"),
        ("Edna Pruitt, 81, said", "Edna Pruitt"),
        ("Rep. Celia Marsh (D-Ore.) said", "Rep. Celia Marsh"),
        ("Gov. Thomas R. Pell said", "Gov. Thomas R. Pell"),
        ("campaign spokeswoman Carla Nunes said", "campaign spokeswoman Carla Nunes"),
        ("the Foreign Secretary, Helen Marsh, said", "Helen Marsh"),
        ("Gordon Fell, a retired welder from Dunmore, Pennsylvania, said", "Gordon Fell"),
        ("Rep. Tom Cole of Oklahoma said", "Rep. Tom Cole"),
        ("Secretary of State Ada Lund said", "Secretary of State Ada Lund"),
        ("the mill owner said", "the mill owner"),
    ],
)
def test_mention_before_a_cue(text: str, mention: str) -> None:
    assert before(text) == mention


def test_mention_before_stops_at_the_clause_and_reads_a_long_apposition() -> None:
    assert before("The vote failed because Ruth Adler said") == "Ruth Adler"
    long = (
        "Leonard Burman, director of a tax policy centre in the capital and a professor at a school of law there, said"
    )
    assert before("''It works,'' " + long) == "Leonard Burman"


def test_coordinated_verb_takes_the_clause_subject() -> None:
    text = "Carson took the stage in Baltimore and called"
    found = mentions.mention_before(text, 0, text.index("called"))
    assert found is not None
    assert text[found[0] : found[1]] == "Carson"


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        ("said Rep. G.K. Butterfield (D-N.C.), head of the caucus.", "Rep. G.K. Butterfield"),
        ("said Caddell on Tuesday.", "Caddell"),
        ("said 9/11 widow Terry Strada.", "9/11 widow Terry Strada"),
        ("said Secretary of State Ada Lund.", "Secretary of State Ada Lund"),
    ],
)
def test_mention_after_an_inverted_cue(text: str, mention: str) -> None:
    found = mentions.mention_after(text, len("said"), len(text))
    assert found is not None
    assert text[found[0] : found[1]] == mention


def test_keeps_dot() -> None:
    assert mentions.keeps_dot("Mr.")
    assert mentions.keeps_dot("L.")
    assert mentions.keeps_dot("G.K.")
    assert not mentions.keeps_dot("said.")
    assert not mentions.keeps_dot("Trump.")


def test_inflections_follow_english_spelling() -> None:
    assert lexicon.inflections("argue") == ["argued", "argues", "arguing"]
    assert lexicon.inflections("reply") == ["replied", "replies", "replying"]
    assert lexicon.inflections("point out") == ["pointed out", "points out", "pointing out"]
    assert lexicon.inflections("tweet", third=False) == ["tweeted", "tweeting"]


def test_cue_forms_cover_real_copy_verbs() -> None:
    forms = lexicon.cue_forms()
    for form in ("tweeted", "posted", "continued", "recalled", "saying", "adding", "telling", "noting", "argues"):
        assert form in forms, form
    assert forms["said"] == ("say", "neutral")
    assert forms["claimed"][1] == "distancing"


def test_split_title_keeps_surnames_that_are_title_words() -> None:
    assert tuple(split_title(["Ms.", "White"])[1]) == ("White",)
    assert tuple(split_title(["Amy", "Pope"])[1]) == ("Amy", "Pope")
    assert tuple(split_title(["White", "House"])[1]) == ()
    assert tuple(split_title(["Sen.", "Celia", "Marsh"])[1]) == ("Celia", "Marsh")


def test_gender_from_titles_roles_and_given_names() -> None:
    assert gender_of(["Mrs."], ["Hallett"]) == "f"
    assert gender_of(["spokesman"], ["Ivo", "Lind"]) == "m"
    assert gender_of([], ["Clara", "Mendes"]) == "f"
    assert gender_of([], ["Zorvath", "Mendes"]) == ""


def test_read_person_accepts_a_titled_surname() -> None:
    assert read_person("Mr. Hallett") == ("Hallett", "Mr.", "", "m")
    assert read_person("Hallett") is None


def test_he_and_she_go_to_the_last_person_of_that_gender() -> None:
    book = SpeakerBook()
    paul = book.resolve("Paul Rivet")
    assert paul is not None
    paul.spoke = True
    book.register_person("Clara Mendes")
    she, he = book.resolve("she"), book.resolve("he")
    assert she is not None
    assert she.name == "Clara Mendes"
    assert he is not None
    assert he.name == "Paul Rivet"


def test_archive_double_apostrophes_pair_as_one_mark() -> None:
    text = "He said: ''We did not expect it,'' and left. The plaintiffs' lawyer agreed."
    pairs = pair_marks(text)
    assert [text[p.start : p.end] for p in pairs] == ["We did not expect it,"]
    assert text[pairs[0].after :].startswith(" and left")
