"""Attribution chains: who passed a statement to whom (own passages and the seed)."""

from pathlib import Path

import pytest

from newsdesk.extraction import extract

SEED = (Path(__file__).resolve().parents[3] / "newsdesk" / "demo_data" / "seed.txt").read_text(encoding="utf-8")


def paths(text: str) -> list[list[tuple[str, str]]]:
    return [[(link.name, link.role) for link in chain.links] for chain in extract(text).chains]


def test_the_seeds_interview_chain_ends_at_stoltenberg_and_carries_his_quote() -> None:
    result = extract(SEED)
    chain = next(c for c in result.chains if c.links[0].name == "BBC")
    assert [(link.name, link.role) for link in chain.links] == [("BBC", "interviewer"), ("Jens Stoltenberg", "speaker")]
    assert chain.links[0].text == "the BBC"
    assert chain.links[1].text == "Stoltenberg"
    assert SEED[chain.start : chain.end].startswith("Speaking to the BBC, Stoltenberg said")
    assert chain.quote_start is not None
    assert SEED[chain.quote_start : chain.quote_end] in SEED[chain.start : chain.end]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "RT, citing the BBC, reported that Stoltenberg said the war could last years.",
            [("RT", "relayed"), ("BBC", "cited"), ("Stoltenberg", "speaker")],
        ),
        (
            "Interfax, citing a source in the defence ministry, reported that the convoy turned back.",
            [("Interfax", "relayed"), ("a source in the defence ministry", "cited")],
        ),
        (
            "According to TASS, the governor told reporters that the bridge was closed.",
            [("TASS", "relayed"), ("the governor", "speaker")],
        ),
        (
            "The Baltic Ledger quoted Defence Minister Tomas Kral as saying the line would hold.",
            [("Baltic Ledger", "relayed"), ("Defence Minister Tomas Kral", "speaker")],
        ),
        (
            "Mayor Ivan Petrenko told Northwind Wire that 300 people had fled.",
            [("Northwind Wire", "interviewer"), ("Ivan Petrenko", "speaker")],
        ),
    ],
)
def test_chain_patterns(text: str, expected: list[tuple[str, str]]) -> None:
    assert paths(text) == [expected]


def test_plain_statements_are_not_chains() -> None:
    assert paths("The minister said the talks would resume on Monday.") == []
    assert paths("According to officials, 14 people died.") == []


def test_offsets_slice_the_text() -> None:
    text = "🇺🇦 Speaking to the BBC, Stoltenberg said “we must prepare,” he added."
    for chain in extract(text).chains:
        assert text[chain.start : chain.end] == chain.text
