"""The blind mask and its one offset translation (annotations.visibility.Shown, Masker): no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.visibility import MASK, MASK_TOKEN, Masker, Shown, credit_paragraph_spans, outlet_terms, term_pattern

BODY = "KARSK (Northwind Wire) said\nNorthwind Wire reported, see northwind.example/dam today"


def masker(*outlets: tuple[str, str, str, str]) -> Masker:
    return Masker(term_pattern(outlet_terms(outlets)))


NORTHWIND = ("Northwind Wire", "northwind-wire", "northwind.example", "https://www.northwind.example/")
AP = ("AP", "ap", "ap.example", "")


def test_every_hidden_run_is_the_same_token_whatever_its_length() -> None:
    shown = Shown(BODY, masker(NORTHWIND).spans(BODY))
    assert shown.text == f"KARSK ({MASK_TOKEN}) said\n{MASK_TOKEN} reported, see {MASK_TOKEN} today"
    long, short = masker(NORTHWIND, AP), masker(NORTHWIND, AP)
    assert long.mask("told Northwind Wire") == short.mask("told AP") == f"told {MASK_TOKEN}"


def test_offsets_outside_the_runs_translate_both_ways() -> None:
    shown = Shown(BODY, masker(NORTHWIND).spans(BODY))
    start = BODY.index("reported")
    shown_start, shown_end = shown.shown_span(start, start + len("reported"))
    assert shown.text[shown_start:shown_end] == "reported"
    assert shown.stored_span(shown_start, shown_end) == (start, start + len("reported"))


def test_a_selection_touching_a_token_is_snapped_out_to_the_whole_run() -> None:
    shown = Shown(BODY, masker(NORTHWIND).spans(BODY))
    token = shown.text.index(MASK_TOKEN)
    # Half a token at the end of the selection, or at its start: the whole name either way.
    start, end = shown.stored_span(0, token + 1)
    assert BODY[start:end] == "KARSK (Northwind Wire"
    start, end = shown.stored_span(token + 1, token + len(MASK_TOKEN) + 6)
    assert BODY[start:end] == "Northwind Wire) said"
    assert shown.touches_hidden(BODY.index("Wire"), BODY.index("Wire") + 1)
    assert not shown.touches_hidden(0, 5)


def test_runs_never_cross_a_line_break_and_overlapping_ones_merge() -> None:
    body = "ab cd\nef gh"
    shown = Shown(body, [(1, 4), (3, 8)])
    assert shown.text == f"a{MASK_TOKEN}\n{MASK_TOKEN} gh"  # [1, 8) is one run, cut at the line break
    assert shown.text.count("\n") == 1


def test_names_match_as_whole_words_any_case_and_spacing() -> None:
    m = masker(NORTHWIND)
    assert m.mask("NORTHWIND  WIRE, northwind-wire and www.northwind.example") == (
        f"{MASK_TOKEN}, {MASK_TOKEN} and {MASK_TOKEN}"
    )
    assert (
        m.mask("Northwind Wires are not it; Northwind alone neither")
        == "Northwind Wires are not it; Northwind alone neither"
    )


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by Ana Ruiz; editing by Tom Bell.",
        "By Ana Ruiz, Staff",
        "Additional reporting by Li Wei",
        "By Ana Ruiz",
    ],
)
def test_credit_paragraphs_are_hidden_whole(line: str) -> None:
    body = f"Officials said so.\n{line}"
    assert credit_paragraph_spans(body) == [(19, len(body))]


def test_by_in_a_sentence_is_no_credit_line() -> None:
    assert credit_paragraph_spans("By Tuesday the dam had been repaired, officials said.") == []


TEXT = st.text(alphabet="ab X\n", max_size=60)


@given(TEXT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=6), st.data())
def test_translation_holds_for_any_text_and_runs(body: str, raw: list[tuple[int, int]], data: st.DataObject) -> None:
    spans = [(min(a, b), max(a, b)) for a, b in raw]
    shown = Shown(body, spans)
    hidden = {i for s, e in spans for i in range(s, min(e, len(body))) if body[i] != "\n"}
    # Outside the runs both texts read the same, in the same order; inside, only tokens.
    assert "".join(ch for i, ch in enumerate(body) if i not in hidden) == shown.text.replace(MASK, "")
    assert shown.text.count("\n") == body.count("\n")
    # Any shown selection lands on a stored span that covers it: translating it back gives
    # the selection itself, widened only to whole tokens.
    if shown.text:
        a = data.draw(st.integers(0, len(shown.text)))
        b = data.draw(st.integers(0, len(shown.text)))
        start, end = shown.stored_span(min(a, b), max(a, b))
        assert 0 <= start <= end <= len(body)
        back = shown.shown_span(start, end)
        assert back[0] <= min(a, b)
        assert back[1] >= max(a, b)
        assert shown.text[back[0] : min(a, b)].strip(MASK) == ""
        assert shown.text[max(a, b) : back[1]].strip(MASK) == ""
    # A stored span translates to a shown span that reads the same where nothing is hidden.
    for s, e in [(0, len(body)), *spans]:
        e = min(e, len(body))
        if s < e and not shown.touches_hidden(s, e):
            x, y = shown.shown_span(s, e)
            assert shown.text[x:y] == body[s:e]
