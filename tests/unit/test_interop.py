"""Export and import of tags: every format round-trips, W3C output is well formed, nothing is guessed."""

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from annotations.export import FORMATS, annotations_for_export, export_chunks
from annotations.importer import annotations_import
from annotations.models import Annotation, ReviewEvent
from tests.factories import (
    ArticleFactory,
    CampaignFactory,
    annotation_on,
    annotator,
    editor,
    second_annotator,
    tag_type,
)

# An astral character (a flag) before the tags: offsets are code points in every format.
BODY = (
    "🇺🇦 Kyiv — Officials said the bridge was hit twice overnight, the “special operation” continuing.\n"
    "“We will rebuild it,” the mayor said on Tuesday, according to the Northwind Wire.\n"
    "The bridge was hit again on Wednesday."
)


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    annie, bert, eddie = annotator(), second_annotator(), editor()
    article = ArticleFactory(body=BODY, title="Bridge hit twice", url="https://northwind.example/bridge")
    other = ArticleFactory()
    campaign = CampaignFactory(articles=[article, other], annotators=[annie, bert])
    tags = [
        annotation_on(article, "Officials said", annotator=annie, kind="attribution", campaign=campaign),
        annotation_on(
            article,
            "“special operation”",
            annotator=annie,
            kind="framing",
            campaign=campaign,
            tag_type=tag_type("framing", "euphemism"),
            note="a euphemism, per guidelines §3",
        ),
        annotation_on(article, "We will rebuild it", annotator=bert, kind="claim", campaign=campaign),
        annotation_on(article, "The bridge", annotator=bert, kind="claim", occurrence=0, campaign=campaign),
        annotation_on(other, "Talks resumed", annotator=annie, kind="claim", campaign=campaign),
    ]
    return {
        "annie": annie,
        "bert": bert,
        "eddie": eddie,
        "article": article,
        "other": other,
        "campaign": campaign,
        "tags": tags,
    }


def export_text(fmt: str, **filters: Any) -> str:
    return "".join(export_chunks(fmt, annotations_for_export(**filters)))


def tag_set() -> set[tuple[str, int, int, str, str]]:
    return {
        (a.article.content_hash, a.start, a.end, f"{a.tag_type.kind}/{a.tag_type.slug}", a.annotator.username)
        for a in Annotation.objects.alive().select_related("article", "tag_type", "annotator")
    }


def wipe_tags() -> None:
    """As on a fresh instance that holds the same articles and users but no tags."""
    ReviewEvent.objects.all().delete()
    Annotation.objects.all().delete()


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "label-studio"])
def test_export_then_import_gives_the_same_tags(world: dict[str, Any], fmt: str) -> None:
    before = tag_set()
    exported = export_text(fmt, campaign=world["campaign"])
    wipe_tags()
    result = annotations_import(text=exported, fmt=fmt, actor=world["eddie"])
    assert result.problems == []
    assert result.created == len(before) == 5
    assert tag_set() == before
    again = annotations_import(text=exported, fmt=fmt, actor=world["eddie"])
    assert (again.created, again.duplicates) == (0, 5), "importing twice adds nothing"


def test_native_round_trip_keeps_notes_and_writes_the_audit_trail(world: dict[str, Any]) -> None:
    exported = export_text("jsonl")
    wipe_tags()
    annotations_import(text=exported, fmt="jsonl", actor=world["eddie"])
    euphemism = Annotation.objects.get(tag_type__slug="euphemism")
    assert euphemism.note == "a euphemism, per guidelines §3"
    assert euphemism.text == "“special operation”"
    assert ReviewEvent.objects.filter(annotation=euphemism, action="created").count() == 1


def test_native_jsonl_carries_offsets_text_and_context(world: dict[str, Any]) -> None:
    rows = [json.loads(line) for line in export_text("jsonl").splitlines()]
    row = next(r for r in rows if r["label"] == "framing/euphemism")
    assert BODY[row["start"] : row["end"]] == row["exact"] == "“special operation”"
    assert row["prefix"].endswith("overnight, the ")
    assert row["suffix"].startswith(" continuing")
    assert row["article"]["title"] == "Bridge hit twice"
    assert row["annotator"] == "annie"
    assert row["status"] == "pending"
    assert row["kind"] == "framing"


def test_w3c_output_has_the_models_required_fields(world: dict[str, Any]) -> None:
    document = json.loads(export_text("w3c"))
    assert document["type"] == "AnnotationCollection"
    items = document["first"]["items"]
    assert len(items) == document["total"] == 5
    for item in items:
        # Web Annotation Data Model §3.1: @context, id (an IRI), type "Annotation", target; a body here.
        assert item["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert item["id"].startswith("urn:newsdesk:tag:")
        assert item["type"] == "Annotation"
        assert item["body"][0]["type"] == "TextualBody"
        assert "/" in item["body"][0]["value"]
        selectors = {s["type"]: s for s in item["target"]["selector"]}
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        assert set(quote) >= {"exact", "prefix", "suffix"}
        assert isinstance(position["start"], int)
        assert position["end"] > position["start"]
        if item["target"]["source"] == "https://northwind.example/bridge":
            assert BODY[position["start"] : position["end"]] == quote["exact"]


def test_w3c_ids_are_addresses_when_a_site_url_is_given(world: dict[str, Any]) -> None:
    chunks = "".join(export_chunks("w3c", annotations_for_export(), base_url="https://newsdesk.example"))
    item = json.loads(chunks)["first"]["items"][0]
    assert item["id"].startswith("https://newsdesk.example/api/tags/")


def test_csv_has_a_header_and_one_row_per_tag(world: dict[str, Any]) -> None:
    rows = list(csv.DictReader(io.StringIO(export_text("csv"))))
    assert len(rows) == 5
    flagged = next(r for r in rows if r["label"] == "attribution/" + world["tags"][0].tag_type.slug)
    assert flagged["exact"] == "Officials said"
    assert int(flagged["start"]) == BODY.index("Officials said")


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_defused(world: dict[str, Any]) -> None:
    tag = world["tags"][0]
    Annotation.objects.filter(pk=tag.pk).update(note='=HYPERLINK("http://evil.example","x")')
    rows = list(csv.DictReader(io.StringIO(export_text("csv"))))
    note = next(r["note"] for r in rows if r["id"] == str(tag.pk))
    assert note == '\'=HYPERLINK("http://evil.example","x")'
    assert all(not value.startswith(("=", "+", "@")) for row in rows for value in row.values())


def test_doccano_rows_are_per_article_and_annotator(world: dict[str, Any]) -> None:
    rows = [json.loads(line) for line in export_text("doccano").splitlines()]
    assert len(rows) == 3  # (article, annie), (article, bert), (other, annie)
    for row in rows:
        for start, end, label in row["label"]:
            assert row["text"][start:end]
            assert label.count("/") == 1


def test_label_studio_is_a_list_of_tasks_with_one_annotation_per_annotator(world: dict[str, Any]) -> None:
    tasks = json.loads(export_text("label-studio"))
    assert len(tasks) == 2
    task = next(t for t in tasks if t["data"]["text"] == BODY)
    assert {a["completed_by"]["username"] for a in task["annotations"]} == {"annie", "bert"}
    result = task["annotations"][0]["result"][0]
    assert result["type"] == "labels"
    assert result["to_name"] == "text"
    assert BODY[result["value"]["start"] : result["value"]["end"]] == result["value"]["text"]


def test_filters_narrow_the_export(world: dict[str, Any]) -> None:
    Annotation.objects.filter(pk=world["tags"][0].pk).update(status=Annotation.Status.ACCEPTED)
    assert len(export_text("jsonl", status="accepted").splitlines()) == 1
    assert len(export_text("jsonl", annotator=world["bert"]).splitlines()) == 2
    Annotation.objects.filter(pk=world["tags"][1].pk).update(deleted_at="2026-01-01T00:00:00Z")
    assert len(export_text("jsonl").splitlines()) == 4, "deleted tags are not exported"


def test_moved_offsets_are_reanchored_by_unique_quote_context(world: dict[str, Any]) -> None:
    row = json.loads(export_text("jsonl").splitlines()[0])
    wipe_tags()
    row["start"] += 3  # the exporting tool counted differently (e.g. UTF-16 units)
    row["end"] += 3
    result = annotations_import(text=json.dumps(row), fmt="jsonl", actor=world["eddie"])
    assert result.problems == []
    assert result.created == 1
    tag = Annotation.objects.get()
    assert BODY[tag.start : tag.end] == row["exact"]


def test_control_characters_and_lone_surrogates_do_not_break_an_import(world: dict[str, Any]) -> None:
    # JSON escapes decode to characters PostgreSQL or UTF-8 refuse; they are dropped, not stored.
    row = json.loads(export_text("jsonl").splitlines()[0])
    wipe_tags()
    row["note"] = "checked\x00 twice \ud800"
    row["annotator"] = "annie\x00"
    hostile = json.dumps({**row, "article": {"content_hash": "\x00"}})
    result = annotations_import(text=f"{json.dumps(row)}\n{hostile}", fmt="jsonl", actor=world["eddie"])
    assert result.created == 1
    assert "no stored article" in dict(result.problems)["line 2"]
    tag = Annotation.objects.get()
    assert tag.note == "checked twice"
    assert tag.annotator == world["annie"]


def test_ambiguous_or_missing_text_is_reported_not_guessed(world: dict[str, Any]) -> None:
    wipe_tags()
    ambiguous = {
        "article": {"content_hash": world["article"].content_hash},
        "start": 0,
        "end": 6,
        "exact": "bridge",  # not at 0–6, and in the text twice with no context given
        "label": "claim/factual-claim",
        "annotator": "annie",
    }
    missing = {**ambiguous, "exact": "a sentence that is not there"}
    unknown_article = {**ambiguous, "article": {"content_hash": "0" * 64}}
    unknown_label = {**ambiguous, "exact": None, "label": "claim/nonsense"}
    bad_json = "{not json"
    text = "\n".join(
        [json.dumps(ambiguous), json.dumps(missing), json.dumps(unknown_article), json.dumps(unknown_label), bad_json]
    )
    result = annotations_import(text=text, fmt="jsonl", actor=world["eddie"])
    assert result.created == 0
    reasons = dict(result.problems)
    assert "occurs 2 times" in reasons["line 1"]
    assert "does not occur" in reasons["line 2"]
    assert "no stored article" in reasons["line 3"]
    assert "unknown label" in reasons["line 4"]
    assert "invalid JSON" in reasons["line 5"]
    assert not Annotation.objects.exists()


def test_doccano_spans_outside_the_text_are_reported(world: dict[str, Any]) -> None:
    wipe_tags()
    row = {"text": BODY, "label": [[0, 5000, "claim/factual-claim"], [5, 4, "claim/factual-claim"], "junk"]}
    result = annotations_import(text=json.dumps(row), fmt="doccano", actor=world["annie"])
    assert result.created == 0
    assert len(result.problems) == 3


def test_unknown_users_fall_back_to_the_default_annotator(world: dict[str, Any]) -> None:
    row = json.loads(export_text("doccano").splitlines()[0])
    wipe_tags()
    row["annotator"] = "someone-not-here"
    result = annotations_import(text=json.dumps(row), fmt="doccano", actor=world["bert"])
    assert result.created == len(row["label"])
    assert set(Annotation.objects.values_list("annotator__username", flat=True)) == {"bert"}


def test_dry_run_writes_nothing(world: dict[str, Any]) -> None:
    exported = export_text("jsonl")
    wipe_tags()
    result = annotations_import(text=exported, fmt="jsonl", actor=world["eddie"], dry_run=True)
    assert result.created == 5
    assert not Annotation.objects.exists()


def test_label_studio_garbage_is_reported(world: dict[str, Any]) -> None:
    assert annotations_import(text="{", fmt="label-studio", actor=world["eddie"]).problems[0][0] == "file"
    assert "JSON list" in annotations_import(text="{}", fmt="label-studio", actor=world["eddie"]).problems[0][1]
    result = annotations_import(text='[{"data": {}}, 5]', fmt="label-studio", actor=world["eddie"])
    assert len(result.problems) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_command_writes_the_file_atomically(world: dict[str, Any], fmt: str, tmp_path: Any) -> None:
    out = tmp_path / f"tags.{fmt}"
    call_command("export_annotations", format=fmt, output=str(out), campaign=world["campaign"].pk)
    assert out.exists()
    assert not list(tmp_path.glob("*.part"))
    assert out.read_text(encoding="utf-8").strip()


def test_import_command_reports_per_item(world: dict[str, Any], tmp_path: Any) -> None:
    path = tmp_path / "tags.jsonl"
    call_command("export_annotations", format="doccano", output=str(path))
    wipe_tags()
    out, err = io.StringIO(), io.StringIO()
    call_command("import_annotations", str(path), format="doccano", by="eddie", stdout=out, stderr=err)
    assert "imported 5 tags, duplicates 0, not placed 0" in out.getvalue()
    assert err.getvalue() == ""


def test_commands_refuse_unknown_names_clearly(world: dict[str, Any], tmp_path: Any) -> None:
    from django.core.management.base import CommandError

    path = tmp_path / "tags.jsonl"
    path.write_text("")
    with pytest.raises(CommandError, match="no user named"):
        call_command("import_annotations", str(path), format="jsonl", annotator="nobody")
    with pytest.raises(CommandError, match="no campaign"):
        call_command("export_annotations", format="jsonl", campaign=999999)
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_annotations", str(tmp_path / "missing.jsonl"), format="jsonl", by="eddie")
    with pytest.raises(CommandError, match="say who runs the import"):
        call_command("import_annotations", str(path), format="jsonl")


def test_review_decisions_and_reasons_are_exported(world: dict[str, Any]) -> None:
    from annotations.models import ReasonCode
    from annotations.review import review_decide
    from tests.factories import reviewer

    tag = world["tags"][1]
    reason = (
        ReasonCode.objects.get(slug="wrong-label")
        if ReasonCode.objects.filter(slug="wrong-label").exists()
        else ReasonCode.objects.first()
    )
    review_decide(
        annotation=tag,
        reviewer=reviewer(),
        decision="reject",
        version=tag.version,
        reason=reason,
        comment="a naming choice, not a euphemism",
    )
    rows = {r["id"]: r for r in map(json.loads, export_text("jsonl").splitlines())}
    review = rows[tag.pk]["review"]
    assert review["decision"] == "rejected"
    assert review["reason"] == reason.slug
    assert review["comment"] == "a naming choice, not a euphemism"
    assert review["reviewer"] == "rita"
    assert rows[world["tags"][0].pk]["review"] is None
    csv_rows = {r["id"]: r for r in csv.DictReader(io.StringIO(export_text("csv")))}
    assert csv_rows[str(tag.pk)]["review_reason"] == reason.label
