"""Extraction never raises, and every offset it reports slices the input to exactly the reported text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdesk.extraction import Extraction, extract

MARKS = "“”\"«»„‘’'‹› \n.,:;—-–()"
WORDS = [
    "said",
    "claimed",
    "he",
    "she",
    "According to",
    "the minister",
    "Kiev",
    "Read more:",
    "— X (@x) January 2, 2023",
    "Mr.",
    "U.S.",
    "’90s",
    "rock ’n’ roll",
    "Stoltenberg",
    "officials",
    "that",
]
newsy = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(list(MARKS)), st.text(max_size=8)), max_size=80).map(
    " ".join
)


def assert_consistent(text: str, result: Extraction) -> None:
    for quote in result.quotes:
        assert 0 <= quote.start <= quote.end <= len(text)
        assert text[quote.start : quote.end] == quote.text
        if quote.cue:
            assert text[quote.cue.start : quote.cue.end] == quote.cue.text
        if quote.speaker_mention:
            assert text[quote.speaker_mention.start : quote.speaker_mention.end] == quote.speaker_mention.text
    for figure in result.figures:
        assert text[figure.start : figure.end] == figure.text
        assert figure.sentence_start <= figure.start <= figure.end <= figure.sentence_end
    for item in (*result.cross_links, *result.framing_candidates):
        assert text[item.start : item.end] == item.text
    for post in result.embedded_posts:
        assert 0 <= post.start < post.end <= len(text)
    for sentence in result.sentences:
        assert 0 <= sentence.start < sentence.end <= len(text)
    assert result.to_json() is not None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text())
def test_random_unicode_never_raises(text: str) -> None:
    result = extract(text)
    assert "error" not in result.extra
    assert_consistent(text, result)


@settings(max_examples=300, deadline=None)
@given(newsy)
def test_news_like_noise_never_raises(text: str) -> None:
    result = extract(text)
    assert "error" not in result.extra
    assert_consistent(text, result)


def test_edge_inputs() -> None:
    for text in [
        "",
        " ",
        "\n\n\n",
        "“",
        "”",
        '"',
        "“““”””",
        "'’‘",
        "“" * 10_000,
        "a“b”c" * 2000,
        "\u0000\ufeff",
        "🇺🇦" * 100,
    ]:
        result = extract(text)
        assert "error" not in result.extra
        assert_consistent(text, result)


def test_five_megabytes_in_linear_time() -> None:
    paragraph = "“We will hold,” the mayor of Vell said on Monday. According to officials, 14 people died in Kiev.\n"
    text = paragraph * (5 * 1024 * 1024 // len(paragraph))
    result = extract(text)
    assert "error" not in result.extra
    assert len(result.quotes) >= 2 * (len(text) // len(paragraph))
