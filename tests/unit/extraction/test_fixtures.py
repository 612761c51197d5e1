"""Fixture pairs: tests/fixtures/extraction/<slug>.txt + <slug>.expected.json, written from the text.

The expected JSON lists what must be found (a subset: quotes by text with kind, speaker,
cue and stance; speakers with aliases; credits; embedded posts; cross-links; framing)
and what must not (absent_quotes, absent_framing).
"""

import json
from pathlib import Path
from typing import Any

import pytest

from newsdesk.extraction import extract

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "extraction"
CASES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def find_quote(result: Any, expected: dict[str, Any]) -> Any:
    for quote in result.quotes:
        if "text" in expected and quote.text == expected["text"]:
            return quote
        if (
            "contains" in expected
            and expected["contains"] in quote.text
            and quote.kind == expected.get("kind", quote.kind)
        ):
            return quote
    return None


def test_there_are_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("slug", CASES)
def test_fixture(slug: str) -> None:
    text = (FIXTURES / f"{slug}.txt").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{slug}.expected.json").read_text(encoding="utf-8"))
    result = extract(text)
    assert not result.extra.get("error"), result.extra
    summary = [(q.kind, q.text, q.speaker, q.cue.text if q.cue else None) for q in result.quotes]

    for want in expected.get("quotes", []):
        quote = find_quote(result, want)
        if want.get("absent"):
            assert quote is None, f"{want['text']!r} should not be a quote: {summary}"
            continue
        assert quote is not None, f"missing quote {want}: got {summary}"
        assert text[quote.start : quote.end] == quote.text
        for key in ("kind", "speaker"):
            if key in want:
                assert getattr(quote, key) == want[key], (key, want, summary)
        if "cue" in want:
            assert quote.cue is not None, (want, summary)
            assert quote.cue.text == want["cue"], (want, summary)
        if "stance" in want:
            assert quote.cue is not None
            assert quote.cue.stance == want["stance"], (want, summary)
    if expected.get("quotes") == []:
        assert [q for q in result.quotes if q.kind != "scare"] == [], summary
    for absent in expected.get("absent_quotes", []):
        assert all(q.text != absent for q in result.quotes), (absent, summary)

    speakers = {s.name: s for s in result.speakers}
    for name, aliases in expected.get("speakers", {}).items():
        assert name in speakers, (name, list(speakers))
        for alias in aliases:
            assert alias in speakers[name].aliases, (alias, speakers[name])

    credits = {(c.outlet, c.role) for c in result.credits}
    for outlet, role in expected.get("credits", []):
        assert (outlet, role) in credits, (outlet, role, credits)

    posts = [(p.author, p.handle, p.date) for p in result.embedded_posts]
    for want in expected.get("embedded_posts", []):
        assert (want["author"], want["handle"], want["date"]) in posts, posts

    if "cross_links" in expected:
        assert len(result.cross_links) == expected["cross_links"], result.cross_links

    framing = {(f.text, f.label) for f in result.framing_candidates}
    for item in expected.get("framing", []):
        assert tuple(item) in framing, (item, framing)
    for term in expected.get("absent_framing", []):
        assert all(f.text != term for f in result.framing_candidates), term

    if "sentences" in expected:
        assert len(result.sentences) == expected["sentences"], [text[s.start : s.end] for s in result.sentences]
