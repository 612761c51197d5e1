"""Property-based fuzzing of every importer: it never crashes, and a batch is written whole or not at all.

Readers (txt, html, jsonl, csv) may only yield drafts or raise ImportProblem; the batch
importer leaves the database unchanged when it reports an error; the tag importer turns any
input into created / duplicate / problem counts; HTML never carries markup into a body.
"""

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotations.importer import annotations_import
from annotations.models import Annotation
from newsdesk.ingestion.pipeline import articles_import
from newsdesk.ingestion.readers import ArticleDraft, ImportProblem, read_each, read_text
from newsdesk.models import Article
from tests.factories import ArticleFactory, annotator

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
row_like = st.fixed_dictionaries(
    {},
    optional={
        "title": st.one_of(st.text(max_size=40), json_values),
        "body": st.one_of(st.text(max_size=200), json_values),
        "html": st.one_of(st.text(max_size=200), st.just("<p>Hi</p><script>alert(1)</script>")),
        "url": st.one_of(st.text(max_size=20), st.just("https://wire.example/a"), json_values),
        "published_at": st.one_of(st.text(max_size=25), st.just("2023-01-02T10:00:00Z"), json_values),
        "outlets": st.one_of(
            json_values,
            st.lists(st.fixed_dictionaries({"name": st.text(max_size=10), "role": st.text(max_size=12)}), max_size=2),
        ),
        "credit": st.one_of(st.text(max_size=30), json_values),
        "story": st.one_of(st.text(max_size=20), json_values),
        "language": st.one_of(st.text(max_size=5), json_values),
    },
)
jsonl_text = st.lists(
    st.one_of(row_like.map(json.dumps), json_values.map(json.dumps), st.text(max_size=40)), max_size=6
).map("\n".join)
csv_text = st.lists(
    st.lists(
        st.one_of(st.text(max_size=20), st.sampled_from(["title", "body", "html", "url", '"', ",", "\n"])), max_size=5
    ),
    max_size=5,
).map(lambda rows: "\n".join(",".join(cells) for cells in rows))
html_text = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<script>alert(1)</script>",
                "<style>p{}</style>",
                '<iframe src="x"></iframe>',
                '<img src=x onerror="alert(1)">',
                "<title>T</title>",
                '<meta property="og:site_name" content="Wire">',
                "<article>",
                "&amp;",
                "<!--",
            ]
        ),
        st.text(max_size=30),
    ),
    max_size=20,
).map("".join)


def only_drafts_or_problems(fmt: str, text: str) -> list[ArticleDraft]:
    try:
        return list(read_text(text, fmt=fmt, source="fuzz"))
    except ImportProblem as problem:
        where = problem.source
    assert where.startswith("fuzz"), "a problem names where it is"
    return []


@FUZZ
@given(text=st.text(max_size=400))
def test_txt_reader_never_crashes(text: str) -> None:
    for draft in only_drafts_or_problems("txt", text):
        assert draft.body
        assert draft.title


@FUZZ
@given(text=html_text)
def test_html_reader_never_crashes_and_drops_markup(text: str) -> None:
    for draft in only_drafts_or_problems("html", text):
        for banned in ("<script", "<style", "<iframe", "onerror", "alert(1)</script>"):
            assert banned not in draft.body


@FUZZ
@given(text=jsonl_text)
def test_jsonl_reader_never_crashes(text: str) -> None:
    only_drafts_or_problems("jsonl", text)
    for item in read_each(text, fmt="jsonl", source="fuzz"):
        assert isinstance(item, ArticleDraft | ImportProblem)


@FUZZ
@given(text=csv_text)
def test_csv_reader_never_crashes(text: str) -> None:
    only_drafts_or_problems("csv", text)
    for item in read_each(text, fmt="csv", source="fuzz"):
        assert isinstance(item, ArticleDraft | ImportProblem)


@pytest.mark.django_db
@FUZZ
@given(text=jsonl_text)
@example(  # JSON escapes for NUL and a lone surrogate in every field (PostgreSQL and UTF-8 refuse them)
    text=r'{"title": "T\u0000", "body": "Ships\u0000 moved \ud800 again.", "outlets": [{"name": "Ledger\u0000"}], '
    r'"story": "s\u0000", "url": "https://wire.example/\u0000", "language": "e\ud800n"}'
)
def test_a_batch_is_written_whole_or_not_at_all(tmp_path: Path, text: str) -> None:
    before = Article.objects.count()
    path = tmp_path / "fuzz.jsonl"
    path.write_text(text, encoding="utf-8")
    report = articles_import(paths=[path])
    after = Article.objects.count()
    if report.errors:
        assert after == before, "a failed batch left articles behind"
    else:
        assert after == before + len(report.imported)


@pytest.mark.django_db
@FUZZ
@given(
    fmt=st.sampled_from(["jsonl", "doccano", "label-studio"]),
    text=st.one_of(jsonl_text, json_values.map(json.dumps), st.text(max_size=100)),
    spans=st.lists(
        st.tuples(st.integers(-5, 200), st.integers(-5, 200), st.sampled_from(["claim/factual-claim", "x", ""])),
        max_size=4,
    ),
)
def test_the_tag_importer_never_crashes(fmt: str, text: str, spans: list[Any]) -> None:
    article = ArticleFactory()
    user = annotator(username=f"fuzz-{Article.objects.count()}")
    # Half of the inputs are near-valid: the right article text with random spans.
    near = json.dumps({"text": article.body, "label": [list(s) for s in spans]})
    tasks = json.dumps(
        [
            {
                "data": {"text": article.body},
                "annotations": [{"result": [{"value": {"start": s[0], "end": s[1], "labels": [s[2]]}} for s in spans]}],
            }
        ]
    )
    for candidate, kind in ((text, fmt), (near, "doccano"), (tasks, "label-studio")):
        before = Annotation.objects.count()
        result = annotations_import(text=candidate, fmt=kind, actor=user)
        assert Annotation.objects.count() == before + result.created
        for tag in Annotation.objects.filter(article=article):
            assert article.body[tag.start : tag.end] == tag.text


# Any JSON where the formats expect text, numbers or lists: each item is imported or reported, never a crash.
native_rows = st.fixed_dictionaries(
    {"start": json_values | st.integers(-5, 200), "end": json_values | st.integers(-5, 200)},
    optional={
        "label": json_values | st.just("claim/factual-claim"),
        "exact": json_values,
        "prefix": json_values,
        "suffix": json_values,
        "note": json_values,
        "annotator": json_values,
        "article": json_values | st.fixed_dictionaries({}, optional={"content_hash": json_values, "url": json_values}),
    },
)
label_studio_tasks = st.lists(
    st.fixed_dictionaries(
        {"data": st.fixed_dictionaries({"text": st.text(max_size=30)}) | json_values},
        optional={
            "annotations": json_values
            | st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "completed_by": json_values,
                        "result": json_values
                        | st.lists(
                            st.fixed_dictionaries(
                                {},
                                optional={
                                    "value": json_values
                                    | st.fixed_dictionaries(
                                        {},
                                        optional={
                                            "start": json_values,
                                            "end": json_values,
                                            "text": json_values,
                                            "labels": json_values,
                                        },
                                    ),
                                    "meta": json_values,
                                },
                            ),
                            max_size=2,
                        ),
                    },
                ),
                max_size=2,
            )
        },
    ),
    max_size=3,
)


@pytest.mark.django_db
@FUZZ
@given(rows=st.lists(native_rows, max_size=4), tasks=label_studio_tasks)
def test_the_tag_importer_takes_any_json_in_any_field(rows: list[Any], tasks: list[Any]) -> None:
    user = annotator(username="fuzz-fields")
    for text, fmt in (("\n".join(json.dumps(r) for r in rows), "jsonl"), (json.dumps(tasks), "label-studio")):
        before = Annotation.objects.count()
        result = annotations_import(text=text, fmt=fmt, actor=user)
        assert Annotation.objects.count() == before + result.created
        assert all(isinstance(where, str) and reason for where, reason in result.problems)
