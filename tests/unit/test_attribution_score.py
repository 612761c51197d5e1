"""The PolNeAR evaluator's brat reader and judgement (newsdesk/attribution_score.py), on invented text."""

from pathlib import Path

import pytest

from newsdesk.attribution_score import (
    Document,
    Prediction,
    cue_words,
    gold_quotes,
    judge_document,
    load_split,
    read_brat,
    same_text,
    surname,
)

TEXT = (
    '"The ferry will run again by May," said Harbour Master Ines Calloway, 52, of Port Adley.\n'
    "The council, she added, was ''not in a hurry to pay for it.''\n"
    '"Nobody asked us," a resident said.'
)


def span(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def ann_for(text: str, records: list[dict[str, list[str]]]) -> str:
    """A brat .ann: one T line per role span, one E line tying each record together."""
    lines, t = [], 0
    for e, record in enumerate(records, 1):
        roles = []
        for role, parts in record.items():
            t += 1
            offsets = ";".join("{} {}".format(*span(text, p)) for p in parts)
            lines.append(f"T{t}\t{role.rstrip('0123456789')} {offsets}\t{' '.join(parts)}")
            roles.append(f"{role}:T{t}")
        lines.append(f"E{e}\tAttribution:T{t} " + " ".join(roles))
    return "\n".join(lines) + "\n"


RECORDS = [
    {
        "Content": ['"The ferry will run again by May,"'],
        "Cue": ["said"],
        "Source": ["Harbour Master Ines Calloway, 52, of Port Adley"],
    },
    {"Source": ["she"], "Cue": ["added"], "Content": ["The council", "was ''not in a hurry to pay for it.''"]},
    {"Content": ['"Nobody asked us,"'], "Cue": ["said"], "Source": ["a resident"]},
]


def doc(records: list[dict[str, list[str]]] = RECORDS, text: str = TEXT) -> Document:
    return Document("x_2016-01-01_ferry", "x", text, read_brat(text, ann_for(text, records)))


def test_brat_reader_keeps_roles_fragments_and_offsets():
    ann = ann_for(TEXT, RECORDS) + "#1\tAnnotatorNotes T1\tnot an attribution\nR1\tOther Arg1:T1 Arg2:T2\n"
    first, second, third = read_brat(TEXT, ann)
    assert (first.id, first.cue_text, first.source_text) == ("E1", "said", RECORDS[0]["Source"][0])
    assert first.content_has_quote_marks
    assert third.content_has_quote_marks
    # A discontinuous span ("a;b") is one mention with two fragments, each its exact text.
    assert [f.text for f in second.content[0]] == ["The council", "was ''not in a hurry to pay for it.''"]
    assert all(TEXT[f.start : f.end] == f.text for at in (first, second, third) for m in at.content for f in m)
    assert not second.content_has_quote_marks  # starts with a word, but carries '' marks


def test_numbered_roles_are_more_of_the_same_role():
    text = '"One thing," Lena Oduya said. "And another."'
    records = [{"Content": ['"One thing,"'], "Content2": ['"And another."'], "Cue": ["said"], "Source": ["Lena Oduya"]}]
    (at,) = read_brat(text, ann_for(text, records))
    assert len(at.content) == 2
    assert [g.text for g in gold_quotes(Document("d", "o", text, (at,)))] == ["One thing,", "And another."]


def test_gold_quotes_take_every_mark_style_and_at_least_two_words():
    gold = gold_quotes(doc())
    assert [(g.text, g.source, g.archive_marks) for g in gold] == [
        ("The ferry will run again by May,", RECORDS[0]["Source"][0], False),
        ("not in a hurry to pay for it.", "she", True),
        ("Nobody asked us,", "a resident", False),
    ]
    # Offsets point at the quoted words in the article, across a gap in the content.
    assert all(TEXT[g.start : g.end] == g.text for g in gold)
    one_word = [{"Content": ['"Nobody"'], "Cue": ["said"], "Source": ["a resident"]}]
    assert gold_quotes(doc(one_word, '"Nobody" a resident said.')) == []


def test_a_source_that_is_only_a_speech_verb_is_swapped_with_its_cue():
    text = '"It is late," said Omar Felde.'
    records = [{"Content": ['"It is late,"'], "Cue": ["Omar Felde"], "Source": ["said"]}]
    (g,) = gold_quotes(doc(records, text))
    assert (g.source, g.cue) == ("Omar Felde", "said")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The ferry will run again by May,", "the ferry will run again by May", True),  # normalised
        ("The ferry will run again by May, and not before", "The ferry will run again by May", True),  # 0.6 inside
        ("The ferry will run again", "The ferry will run again by May, and not before, she said", False),
        ("run the ferry again by May will", "The ferry will run again by May", True),  # 70 % of words
        ("", "anything", False),
    ],
)
def test_same_text(a, b, same):
    assert same_text(a, b) is same


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("Harbour Master Ines Calloway, 52, of Port Adley", "calloway"),
        ("Sen. Ada Brisk (D-Ore.)", "ore"),  # as the shared scorer has it: the label's last word
        ("Mr. Felde", "felde"),
        ("the harbour master", None),  # a descriptor, not a name
        ("she", None),
        ("Mr.", None),  # only a title
        ("a spokesman for Port Adley", "adley"),  # the scorer's rule: ends capitalised
    ],
)
def test_surname(source, name):
    assert surname(source) == name


def test_cue_words_leave_out_auxiliaries_and_punctuation():
    assert cue_words("has also said") == ["said"]
    assert cue_words("told reporters") == ["told", "reporters"]
    assert cue_words(":") == []
    assert cue_words("―") == []


def quote(text: str, part: str, speaker: str | None, cue: str | None, kind: str = "direct") -> Prediction:
    start, end = span(text, part)
    return Prediction(start, end, part, kind, speaker, cue)


def test_judging_recall_precision_cue_and_speaker():
    preds = [
        quote(TEXT, "The ferry will run again by May,", "Ines Calloway", "said"),
        quote(TEXT, "not in a hurry to pay for it.", "Ines Calloway", None, kind="partial"),
        quote(TEXT, "Nobody asked us,", None, "said"),
        quote(TEXT, "Port Adley", None, None),  # two words, no gold quote, outside every content span
        quote(TEXT, "council", None, None),  # one word: not judged at all
        quote(TEXT, "Harbour Master Ines", None, None, kind="indirect"),  # not a direct/partial quote
    ]
    result = judge_document(doc(), preds)
    s = result.score
    assert (s.gold, s.matched, s.predicted, s.correct) == (3, 3, 4, 3)
    # Cue: "said" right, the second has none; the third's "said" right. Speaker: only Calloway is named.
    assert (s.cue_n, s.cue_ok, s.speaker_n, s.speaker_ok) == (3, 2, 1, 1)
    assert [j.misses for j in result.judged] == [[], ["no cue (the cue is beside the quote)"], []]
    assert [q.text for q in result.spurious] == ["Port Adley"]


def test_each_prediction_matches_one_gold_quote_and_misses_are_named():
    text = '"We stay open," Rita Vance said. "We stay open," Ben Ashe said.'
    records = [
        {"Content": ['"We stay open,"'], "Cue": ["said"], "Source": ["Rita Vance"]},
        {"Content": ['"We stay open," Ben'], "Cue": ["said"], "Source": ["Ben Ashe"]},
    ]
    d = doc(records, text)
    one = Prediction(1, 13, "We stay open", "direct", "Ben Ashe", "insisted", "he")
    result = judge_document(d, [one])
    assert (result.score.matched, result.score.correct) == (1, 1)
    assert [j.misses for j in result.judged] == [["wrong cue", "wrong speaker (pronoun)"], ["quote not found"]]
    assert result.score.speaker_n == 1
    none = judge_document(d, [Prediction(1, 13, "We stay open", "direct", None, "said")])
    assert none.judged[0].misses == ["no speaker"]
    labelled = [{"Content": ['"We stay open,"'], "Cue": ["said"], "Source": ["Rita Vance (D-Ore.)"]}]
    text = '"We stay open," Rita Vance (D-Ore.) said.'
    result = judge_document(doc(labelled, text), [Prediction(1, 13, "We stay open", "direct", "Rita Vance", "said")])
    assert result.judged[0].misses == ["wrong speaker (judged by a party label)"]


def test_a_prediction_inside_a_gold_content_span_is_not_a_false_positive():
    text = "Ines Calloway said the ferry was \u201cnot ready\u201d and the pier was \u201cfar from safe\u201d."
    records = [{"Source": ["Ines Calloway"], "Cue": ["said"], "Content": ["the ferry was \u201cnot ready\u201d and"]}]
    d = doc(records, text)
    result = judge_document(
        d, [quote(text, "not ready", "Ines Calloway", "said"), quote(text, "far from safe", None, None)]
    )
    assert result.score.gold == 0  # content neither starts nor ends with a mark: no gold quote
    assert (result.score.predicted, result.score.correct) == (2, 1)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(text)


def test_load_split_reads_a_checkout_or_its_data_folder_and_picks_the_first_annotator(tmp_path):
    text = 'Line one.\r\n"We stay open," Rita Vance said.'
    records = [{"Content": ['"We stay open,"'], "Cue": ["said"], "Source": ["Rita Vance"]}]
    base = tmp_path / "data" / "dev"
    write(base / "text" / "gazette_2016-01-02_shop_a1.txt", text)
    write(base / "attributions" / "gazette_2016-01-02_shop_a1_zed.ann", "")
    write(base / "attributions" / "gazette_2016-01-02_shop_a1_amy.ann", ann_for(text, records))
    for root in (tmp_path, tmp_path / "data"):
        (d,) = load_split(root, "dev")
        assert (d.doc_id, d.outlet, len(d.attributions)) == ("gazette_2016-01-02_shop_a1", "gazette", 1)
        # \r\n kept as two characters: the offsets count them.
        assert d.attributions[0].content_text == '"We stay open,"'
    write(tmp_path / "data" / "metadata.tsv", "filename\tpublisher\ngazette_2016-01-02_shop_a1\tThe Gazette\n")
    assert load_split(tmp_path, "dev")[0].outlet == "The Gazette"
    with pytest.raises(FileNotFoundError):
        load_split(tmp_path, "train")


def test_misses_say_where_the_cue_was_and_what_the_quote_was_found_as():
    text = '"We stay open late," Rita Vance said. The shop has stood on Quay Street since 1961.\n"And on Sundays too."\nShe called it "a small miracle for the town."'
    records = [
        {"Content": ['"We stay open late,"'], "Cue": ["said"], "Source": ["Rita Vance"]},
        {"Content": ['"And on Sundays too."'], "Cue": ["said"], "Source": ["Rita Vance"]},
        {"Content": ['"a small miracle for the town."'], "Cue": ["called"], "Source": ["She"]},
    ]
    d = Document("d", "o", text, read_brat(text, ann_for(text, records)))
    # ann_for finds the first "said": both records point at it, as PolNeAR's continuations do.
    preds = [
        quote(text, "We stay open late,", None, None),
        quote(text, "And on Sundays too.", None, None),
        quote(text, "a small miracle for the town.", None, None, kind="scare"),
    ]
    result = judge_document(d, preds)
    assert [j.misses for j in result.judged] == [
        ["no cue (the cue is beside the quote)", "no speaker"],
        ["no cue (the cue is further away: a continuation)", "no speaker"],
        ["quote found as scare"],
    ]
    assert result.score.predicted == 2  # a scare quote is not judged as a quote
