"""The seed article must come out right. Every expectation here was read off the text itself."""

from pathlib import Path

import pytest

from newsdesk.extraction import Extraction, extract

SEED = (Path(__file__).resolve().parents[3] / "newsdesk" / "demo_data" / "seed.txt").read_text(encoding="utf-8")
STOLTENBERG, PUTIN, KREMLIN = "Jens Stoltenberg", "Vladimir Putin", "the Kremlin"

# (text between the marks, kind, speaker, cue) — the eight direct or partial quotes.
QUOTES = [
    (
        "All that indicates that they are prepared to continue the war and also try to potentially launch a new Russian offensive,",
        "direct",
        STOLTENBERG,
        "claimed",
    ),
    (
        "that’s the only way to convince Russia that they have to sit down and negotiate in good faith and respect Ukraine as a sovereign independent nation in Europe.",
        "direct",
        STOLTENBERG,
        "According to",
    ),
    (
        "What we do know is that what Ukraine can achieve around that table is totally dependent on the strength on the battlefield,",
        "direct",
        STOLTENBERG,
        "stressed",
    ),
    ("it may sound paradoxical,", "partial", STOLTENBERG, "claimed"),
    ("the quickest way to peace.", "partial", STOLTENBERG, "claimed"),
    ("a colony", "partial", PUTIN, "accused"),
    ("cannon fodder, a battering ram against Russia.", "partial", PUTIN, "accused"),
    ("recognize the reality on the ground", "partial", KREMLIN, "insisted"),
]
# (start of the reported clause, speaker, cue) — the indirect statements.
INDIRECT = [
    ("The West needs to brace for a new Russian offensive between Ukraine and Russia", STOLTENBERG, "said"),
    ("Russia’s partial mobilization, launched in September, shows that Moscow has no plans", STOLTENBERG, "said"),
    ("the West needs to keep providing arms and other forms of support to Ukraine", STOLTENBERG, "said"),
    ("NATO was using the military potential of nearly all of its member states against Moscow", PUTIN, "stated"),
    ("it is open to talks with Ukraine", KREMLIN, "maintains"),
]


@pytest.fixture(scope="module")
def result() -> Extraction:
    return extract(SEED)


@pytest.mark.parametrize(("text", "kind", "speaker", "cue"), QUOTES)
def test_direct_and_partial_quotes(result: Extraction, text: str, kind: str, speaker: str, cue: str) -> None:
    found = [q for q in result.quotes if q.text == text]
    assert len(found) == 1, [q.text for q in result.quotes]
    quote = found[0]
    assert (quote.kind, quote.speaker) == (kind, speaker)
    assert quote.cue is not None
    assert quote.cue.text == cue
    assert SEED[quote.start : quote.end] == text


def test_exactly_eight_direct_or_partial_quotes(result: Extraction) -> None:
    assert sorted(q.text for q in result.quotes if q.kind in ("direct", "partial")) == sorted(t for t, *_ in QUOTES)


@pytest.mark.parametrize(("clause", "speaker", "cue"), INDIRECT)
def test_indirect_statements(result: Extraction, clause: str, speaker: str, cue: str) -> None:
    found = [q for q in result.quotes if q.kind == "indirect" and q.text.startswith(clause)]
    assert len(found) == 1, [q.text for q in result.quotes if q.kind == "indirect"]
    assert found[0].speaker == speaker
    assert found[0].cue is not None
    assert found[0].cue.text == cue


def test_indirect_statements_are_only_these_and_the_presidents_according_to(result: Extraction) -> None:
    # "According to the president, efforts … have largely failed." is reported speech too
    # (the sentence's only quote marks are the scare quote), so it is found as a sixth.
    indirect = [q for q in result.quotes if q.kind == "indirect"]
    assert len(indirect) == 6
    extra = [q for q in indirect if not any(q.text.startswith(c) for c, *_ in INDIRECT)]
    assert [(q.text[:20], q.speaker, q.cue.text if q.cue else None) for q in extra] == [
        ("efforts to undermine", PUTIN, "According to")
    ]


def test_claimed_and_said_have_different_stances(result: Extraction) -> None:
    stances = {q.cue.text: q.cue.stance for q in result.quotes if q.cue}
    assert stances["said"] == "neutral"
    assert stances["claimed"] == "distancing"
    assert stances["stressed"] == "emphatic"
    assert stances["said"] != stances["claimed"]


def test_three_speakers_with_every_name_they_go_by(result: Extraction) -> None:
    speakers = {s.name: s for s in result.speakers if s.kind != "social_account"}
    assert set(speakers) == {STOLTENBERG, PUTIN, KREMLIN}
    stoltenberg = speakers[STOLTENBERG]
    assert stoltenberg.title == "NATO Secretary General"
    assert set(stoltenberg.aliases) == {"Stoltenberg", "the secretary general", "the head of the US-led military bloc"}
    assert speakers[PUTIN].title == "Russian President"
    assert "the president" in speakers[PUTIN].aliases
    assert speakers[KREMLIN].kind == "government"
    assert "Moscow" in speakers[KREMLIN].aliases


def test_pronouns_resolve_to_the_right_earlier_speaker(result: Extraction) -> None:
    he = [
        (q.speaker_mention.text, q.speaker)
        for q in result.quotes
        if q.speaker_mention and q.speaker_mention.text == "he"
    ]
    assert he == [("he", STOLTENBERG), ("he", STOLTENBERG), ("he", PUTIN), ("he", PUTIN)]


def test_both_credits_and_the_mentioned_bbc(result: Extraction) -> None:
    credits = {(c.outlet, c.role) for c in result.credits}
    assert ("RT", "primary") in credits
    assert ("Global Village Space", "additional_input") in credits
    assert ("BBC", "mentioned") in credits


def test_the_embedded_post(result: Extraction) -> None:
    assert len(result.embedded_posts) == 1
    post = result.embedded_posts[0]
    assert (post.author, post.handle, post.date) == ("ZMiST", "@ZMiST_Ua", "2023-01-02")
    assert "pic.twitter.com/yzOMLFk8Xz" in post.text
    assert SEED[post.start : post.end].endswith("January 2, 2023")
    # Text inside the post is not the article's voice: no quote or mention comes from it.
    assert not any(post.start <= q.start < post.end for q in result.quotes)
    social = [s for s in result.speakers if s.kind == "social_account"]
    assert [(s.name, s.handle) for s in social] == [("ZMiST", "@ZMiST_Ua")]


def test_both_read_more_lines(result: Extraction) -> None:
    assert [c.text for c in result.cross_links] == [
        "Read more: Russia warned NATO leaders against expansion in 2001",
        "Read more: US weapons sales to NATO states nearly doubled in 2022",
    ]


def test_sanctions_war_is_a_scare_quote(result: Extraction) -> None:
    scare = [q for q in result.quotes if q.kind == "scare"]
    assert [q.text for q in scare] == ["sanctions war"]
    assert scare[0].speaker is None


def test_framing_candidates(result: Extraction) -> None:
    found = {(f.text, f.label) for f in result.framing_candidates}
    for expected in [
        ("Kiev", "naming-choice"),
        ("Lugansk", "naming-choice"),
        ("Zaporozhye", "naming-choice"),
        ("US-led military bloc", "actor-label"),
        ("military operation", "euphemism"),
        ("cannon fodder", "loaded-term"),
        ("sanctions war", "scare-quotes"),
    ]:
        assert expected in found
    assert sum(1 for f in result.framing_candidates if f.text == "Kiev") == SEED.count("Kiev") == 3


def test_every_span_slices_the_text(result: Extraction) -> None:
    for quote in result.quotes:
        assert SEED[quote.start : quote.end] == quote.text
        if quote.cue:
            assert SEED[quote.cue.start : quote.cue.end] == quote.cue.text
        if quote.speaker_mention:
            assert SEED[quote.speaker_mention.start : quote.speaker_mention.end] == quote.speaker_mention.text
    for item in (*result.embedded_posts, *result.cross_links, *result.framing_candidates):
        assert SEED[item.start : item.end] == item.text or item in result.embedded_posts


def test_json_shape(result: Extraction) -> None:
    data = result.to_json()
    assert set(data) == {
        "quotes",
        "speakers",
        "credits",
        "embedded_posts",
        "cross_links",
        "framing_candidates",
        "figures",
        "chains",
    }
    assert set(data["quotes"][0]) == {"start", "end", "text", "kind", "speaker", "cue", "stance"}
    assert data["embedded_posts"][0]["date"] == "2023-01-02"
