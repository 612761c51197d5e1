"""The revision diff: a correct word diff of any input, near-linear (bounded) in time, refused past a size cap."""

import difflib
import random
import time

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from annotations.revisions import MAX_DIFF_CHARS, diff_html, diff_too_long, word_opcodes

VOCABULARY = ["the", "dam", "was", "hit", "twice", "said", "officials", "a", "of", "\n"]


def rebuilt(a: list[str], b: list[str]) -> tuple[list[str], list[str]]:
    """Both texts again from the opcodes: equal and deleted words give `a`, equal and inserted give `b`."""
    old: list[str] = []
    new: list[str] = []
    position_a = position_b = 0
    for op, i1, i2, j1, j2 in word_opcodes(a, b):
        assert (i1, j1) == (position_a, position_b), "opcodes must be contiguous"
        if op == "equal":
            assert a[i1:i2] == b[j1:j2]
        if op in ("equal", "delete", "replace"):
            old += a[i1:i2]
        if op in ("equal", "insert", "replace"):
            new += b[j1:j2]
        position_a, position_b = i2, j2
    return old, new


@given(
    st.lists(st.sampled_from(VOCABULARY + [f"w{i}" for i in range(30)]), max_size=400),
    st.lists(st.sampled_from(VOCABULARY + [f"w{i}" for i in range(30)]), max_size=400),
)
def test_the_opcodes_rebuild_both_texts_whatever_they_are(a: list[str], b: list[str]) -> None:
    assert rebuilt(a, b) == (a, b)


def edited_pair(words: int, rng: random.Random) -> tuple[list[str], list[str]]:
    vocabulary = [f"word{i}" for i in range(3000)] + ["the", "a", "of", "said"] * 300
    a = [rng.choice(vocabulary) for _ in range(words)]
    b = list(a)
    for _ in range(words // 50):
        b[rng.randrange(len(b))] = rng.choice(vocabulary)
    b[words // 2 : words // 2] = [rng.choice(vocabulary) for _ in range(40)]
    return a, b


def changed_words(ops: list[tuple[str, int, int, int, int]]) -> int:
    return sum((i2 - i1) + (j2 - j1) for op, i1, i2, j1, j2 in ops if op != "equal")


@pytest.mark.parametrize("seed", range(5))
def test_on_an_edited_revision_it_marks_as_few_words_as_difflib_does(seed: int) -> None:
    a, b = edited_pair(3000, random.Random(seed))
    reference = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    assert changed_words(word_opcodes(a, b)) <= changed_words(reference) * 1.02 + 2
    assert rebuilt(a, b) == (a, b)


def test_small_texts_get_exactly_difflibs_diff() -> None:
    a = ["A", "<b>bold</b>", "claim", "that", "the", "dam", "was", "hit"]
    b = ["A", "<b>bold</b>", "statement", "that", "the", "dam", "was", "hit", "twice"]
    assert word_opcodes(a, b) == difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()


@pytest.mark.parametrize("case", ["edited", "unrelated", "repeated"])
def test_two_100_kb_revisions_are_diffed_in_well_under_a_second(case: str) -> None:
    rng = random.Random(7)
    vocabulary = [f"word{i}" for i in range(4000)] + ["the", "a", "of", "said"] * 400

    def text() -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(17_000))[:100_000]

    if case == "edited":
        old = text()
        words = old.split(" ")
        for _ in range(200):
            words[rng.randrange(len(words))] = "changed"
        new = " ".join(words)
    elif case == "unrelated":
        old, new = text(), text()
    else:  # no word occurs once: the anchoring finds nothing and the budget must bound the work
        old, new = ("the cat " * 12_500)[:100_000], ("the dog " * 12_500)[:100_000]
    started = time.perf_counter()
    html = diff_html(old, new)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{case}: {elapsed:.2f} s (difflib on the whole text took 4–34 s)"
    assert html.startswith("<p>")


def test_past_the_cap_the_diff_is_refused_with_a_clear_message() -> None:
    long = "word " * (MAX_DIFF_CHARS // 5 + 1)
    assert diff_too_long("short", "short") == ""
    reason = diff_too_long("short", long)
    assert f"{MAX_DIFF_CHARS:,}" in reason
    with pytest.raises(ValidationError, match="too long to compare"):
        diff_html("short", long)
