from dataclasses import dataclass

import pytest

from newsdesk.highlight import paragraphs_with_spans


@dataclass
class S:
    start: int
    end: int
    name: str = ""


def flatten(body: str, spans: list[S]) -> list[tuple[str, list[str]]]:
    return [(seg.text, [s.name for s in seg.spans]) for p in paragraphs_with_spans(body, spans) for seg in p.segments]


def test_no_spans_gives_paragraphs_of_plain_text() -> None:
    paragraphs = paragraphs_with_spans("One.\nTwo two.", [])
    assert [(p.start, p.end) for p in paragraphs] == [(0, 4), (5, 13)]
    assert [seg.text for p in paragraphs for seg in p.segments] == ["One.", "Two two."]


def test_nested_and_overlapping_spans_cover_each_segment() -> None:
    body = "abcdefghij"
    spans = [S(0, 6, "outer"), S(2, 4, "inner"), S(5, 9, "overlap")]
    assert flatten(body, spans) == [
        ("ab", ["outer"]),
        ("cd", ["outer", "inner"]),
        ("e", ["outer"]),
        ("f", ["outer", "overlap"]),
        ("ghi", ["overlap"]),
        ("j", []),
    ]


def test_span_across_paragraphs_is_split_at_the_newline() -> None:
    body = "first line\nsecond line"
    paragraphs = paragraphs_with_spans(body, [S(6, 17, "x")])
    assert [[(seg.text, bool(seg.spans)) for seg in p.segments] for p in paragraphs] == [
        [("first ", False), ("line", True)],
        [("second", True), (" line", False)],
    ]


def test_segments_reassemble_the_body_exactly_with_astral_characters() -> None:
    body = "🇺🇦 flag 😀 then\ntext é\u0301 end"
    spans = [S(0, 2, "flag"), S(8, 9, "smile"), S(18, 21, "accent")]
    paragraphs = paragraphs_with_spans(body, spans)
    rebuilt = "\n".join("".join(seg.text for seg in p.segments) for p in paragraphs)
    assert rebuilt == body
    for p in paragraphs:
        for seg in p.segments:
            assert body[seg.start : seg.end] == seg.text


@pytest.mark.parametrize("spans", [[S(-5, 3)], [S(5, 500)], [S(4, 4)], [S(6, 2)]])
def test_out_of_range_and_empty_spans_are_clipped_or_ignored(spans: list[S]) -> None:
    body = "hello world"
    rebuilt = "".join(seg.text for p in paragraphs_with_spans(body, spans) for seg in p.segments)
    assert rebuilt == body


def test_empty_body() -> None:
    paragraphs = paragraphs_with_spans("", [S(0, 1)])
    assert len(paragraphs) == 1
    assert paragraphs[0].segments == []
