"""Bad input to import_articles and import_annotations: one row's clear error, never a traceback, and
the rows around it still read (jobs) or reported (the all-or-nothing command line)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from annotations.models import Annotation
from newsdesk.ingestion.readers import CSV_FIELD_MAX_CHARS, ImportProblem, read_each
from newsdesk.jobs import job_start
from newsdesk.models import Article, Job
from tests.factories import ArticleFactory, editor

NESTED = "[" * 100_000 + "]" * 100_000
GOOD = json.dumps({"title": "Port reopens", "body": "The port reopened on Friday, officials said."})
LONG_CSV = (
    "title,body\n"
    f"Too long,{'x' * 140_000}\n"
    'Port reopens,"The port reopened on Friday, officials said."\n'
    'Cranes idle,"Dock workers stayed home, union officials said."\n'
)


def command(name: str, *args: Any, **options: Any) -> tuple[str, str, str]:
    """(stdout, stderr, CommandError message or ""): any other exception fails the test (it would be a traceback)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err, **options)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), str(exc)
    return out.getvalue(), err.getvalue(), ""


def test_a_row_of_100000_nested_brackets_is_that_rows_error_and_the_next_row_is_read() -> None:
    items = list(read_each(f"{NESTED}\n{GOOD}\n", fmt="jsonl", source="batch.jsonl"))
    assert isinstance(items[0], ImportProblem)
    assert (items[0].source, items[0].reason) == ("batch.jsonl:1", items[0].reason)
    assert "nested too deeply" in items[0].reason
    assert items[1].title == "Port reopens"  # type: ignore[union-attr]


def test_a_csv_row_with_a_140_kb_field_is_that_rows_error_and_the_rows_after_it_are_read() -> None:
    items = list(read_each(LONG_CSV, fmt="csv", source="batch.csv"))
    assert isinstance(items[0], ImportProblem)
    assert items[0].source == "batch.csv:2"
    assert f"over the CSV limit of {CSV_FIELD_MAX_CHARS:,}" in items[0].reason
    assert [getattr(i, "title", None) for i in items[1:]] == ["Port reopens", "Cranes idle"]


def test_a_long_quoted_field_over_several_lines_is_not_read_as_rows() -> None:
    paragraphs = "\n".join(["y" * 50_000] * 3)
    text = f'title,body\nLong one,"{paragraphs}"\nPort reopens,The port reopened.\n'
    items = list(read_each(text, fmt="csv", source="b.csv"))
    assert len(items) == 2
    assert isinstance(items[0], ImportProblem)
    assert getattr(items[1], "title", None) == "Port reopens"


@pytest.mark.django_db(transaction=True)
def test_a_background_import_fails_only_those_rows() -> None:
    user = editor()
    for name, data in (("b.jsonl", f"{NESTED}\n{GOOD}\n"), ("b.csv", LONG_CSV)):
        job = job_start(kind=Job.Kind.IMPORT_ARTICLES, user=user, params={}, upload=data.encode(), upload_name=name)
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.message
        assert len(job.failures) == 1
        assert job.failures[0]["item"] == f"{name}:{'1' if name.endswith('jsonl') else '2'}"
    assert set(Article.objects.values_list("title", flat=True)) == {"Port reopens", "Cranes idle"}


HOSTILE_ARTICLE_FILES: dict[str, bytes] = {
    "nested.jsonl": f"{NESTED}\n{GOOD}\n".encode(),
    "long.csv": LONG_CSV.encode(),
    "outlets-nested.csv": ('title,body,outlets\nT,"A body, officials said.",' + "[" * 50_000 + "\n").encode(),
    "infinity.jsonl": b'{"title": "T", "body": "B said.", "published_at": Infinity, "outlets": [{"name": NaN}]}\n',
    "types.jsonl": b'{"title": ["T"], "body": {"a": 1}, "url": 5, "story": [], "language": {}}\n[1, 2]\n"text"\nnull\n',
    "binary.txt": b"\x00\x01\x02\xff" * 100,
    "latin1.txt": "Caf\xe9 au lait, officials said.".encode("latin-1"),
    "empty.csv": b"",
    "nul.csv": b'title,body\nT,"a\x00b"\n',
    "bom-utf16.jsonl": "\ufeff".encode("utf-16") + GOOD.encode("utf-16-le"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(HOSTILE_ARTICLE_FILES))
def test_import_articles_answers_any_file_without_a_traceback(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE_ARTICLE_FILES[name])
    _out, err, failed = command("import_articles", str(path))
    assert failed or "imported" in _out
    if failed:
        assert str(path) in err or str(path) in failed, (err, failed)


@pytest.mark.django_db
def test_import_articles_answers_a_folder_and_a_missing_path_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "a.unknown").write_text("x")
    assert command("import_articles", str(tmp_path / "folder"))[2]
    assert command("import_articles", str(tmp_path / "missing.jsonl"))[2]


HOSTILE_TAG_FILES: dict[str, tuple[str, bytes]] = {
    "nested.jsonl": ("jsonl", f"{NESTED}\n".encode()),
    "nested-ls.json": ("label-studio", NESTED.encode()),
    "types.jsonl": ("jsonl", b'{"start": Infinity, "end": 1e999, "label": [], "note": {"x": 1}, "prefix": 5}\n'),
    "exact.jsonl": (
        "jsonl",
        b'{"start": 0, "end": 3, "label": "claim/factual-claim", "exact": 7, "annotator": ["x"]}\n',
    ),
    "ls-dict.json": ("label-studio", b'{"tasks": []}'),
    "ls-types.json": (
        "label-studio",
        b'[{"data": {"text": "abc"}, "annotations": 5}, {"data": {"text": "abc"}, "annotations": ["x", {"result": 3}]},'
        b' {"data": {"text": "abc"}, "annotations": [{"result": [{"value": {"start": "a", "end": [], "labels": ["x"],'
        b' "text": 1}, "meta": {"text": [1, {}]}}]}]}]',
    ),
    "doccano.jsonl": ("doccano", b'{"text": 5, "label": {}}\n{"text": "abc", "label": [[0, 1], "x", [0, 1, {}]]}\n'),
    "binary.jsonl": ("jsonl", b"\x00\xff" * 50),
    "latin1.jsonl": ("jsonl", "\xe9".encode("latin-1")),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(HOSTILE_TAG_FILES))
def test_import_annotations_answers_any_file_without_a_traceback(name: str, tmp_path: Path) -> None:
    editor()
    ArticleFactory(body="abc")
    fmt, data = HOSTILE_TAG_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    out, err, failed = command("import_annotations", str(path), format=fmt, by="eddie")
    assert failed or "imported 0 tags" in out, (out, err, failed)
    assert not Annotation.objects.exists()


@pytest.mark.django_db
def test_tag_files_past_the_size_limit_are_refused_like_article_files(tmp_path: Path) -> None:
    editor()
    path = tmp_path / "big.jsonl"
    path.write_text("\n" * 2000)
    with override_settings(NEWSDESK_MAX_IMPORT_FILE_SIZE=1000):
        failed = command("import_annotations", str(path), format="jsonl", by="eddie")[2]
    assert "over the limit of 1,000 bytes" in failed


def test_the_real_command_prints_no_traceback_for_100000_nested_brackets(tmp_path: Path) -> None:
    """In a process of its own, as a user runs it: a RecursionError would print a traceback here."""
    path = tmp_path / "nested.jsonl"
    path.write_text(f"{NESTED}\n{GOOD}\n")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    done = subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_articles", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{path}:1: invalid JSON: nested too deeply" in done.stderr
