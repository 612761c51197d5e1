"""Article revisions: a known URL with new text is a new revision; every tag is carried or listed as an orphan."""

import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from annotations.models import Annotation, Assignment, ReviewEvent, RevisionOrphan
from annotations.review import review_decide
from annotations.revisions import FUZZY_THRESHOLD, diff_html, orphan_place, orphan_retire, place
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.models import Article
from tests.factories import reviewer
from tests.revisions_world import FIRST, SECOND, URL, draft, revision_world


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    return revision_world()


def test_same_url_new_text_is_a_new_revision_and_same_text_a_duplicate(world: dict[str, Any]) -> None:
    again = article_ingest(draft=draft(FIRST))
    assert again.created is False
    assert again.article == world["old"]
    result = article_ingest(draft=draft(SECOND))
    new = result.article
    assert result.created
    assert result.previous == world["old"]
    assert (new.revision, new.previous, new.url) == (2, world["old"], URL)
    assert Article.objects.get(pk=world["old"].pk).body == FIRST, "the old text is kept, not overwritten"
    third = article_ingest(draft=draft(SECOND + "\nCorrection appended."))
    assert third.previous == new
    assert third.article.revision == 3


def test_every_tag_is_carried_or_listed_as_an_orphan(world: dict[str, Any]) -> None:
    result = article_ingest(draft=draft(SECOND))
    new = result.article
    assert result.carried.placed == {"position": 0, "quote": 2, "fuzzy": 1}
    assert result.carried.orphans == 1
    carried = {a.text: a for a in Annotation.objects.filter(article=new)}
    assert set(carried) == {"Officials said", "We will rebuild it by spring", "At least 21 people were killed"}
    for tag in carried.values():
        assert new.body[tag.start : tag.end] == tag.text
    orphan = RevisionOrphan.objects.get()
    assert orphan.annotation == world["tags"]["orphan"]
    assert orphan.revision == new
    assert orphan.best_score < FUZZY_THRESHOLD
    # The old revision keeps its tags; every move is in the audit trail.
    assert Annotation.objects.alive().filter(article=world["old"]).count() == 4
    assert ReviewEvent.objects.filter(action="moved").count() == 3
    assert ReviewEvent.objects.filter(annotation__article=new, action="created").count() == 3
    fuzzy = ReviewEvent.objects.get(annotation=world["tags"]["fuzzy"], action="moved")
    assert "fuzzy match" in fuzzy.comment
    # The work moves on to the new text.
    assert Assignment.objects.get().article == new
    assert new in world["campaign"].articles.all()


def test_position_is_used_when_the_text_before_is_unchanged(world: dict[str, Any]) -> None:
    edited = FIRST.replace("The ministry blamed saboteurs", "The ministry has blamed saboteurs")
    result = article_ingest(draft=draft(edited))
    assert result.carried.placed["position"] == 3
    assert result.carried.placed["fuzzy"] == 1
    assert result.carried.orphans == 0
    fuzzy = Annotation.objects.get(article=result.article, tag_type__kind="framing")
    assert fuzzy.text == "The ministry has blamed saboteurs", "widened to whole words"


def test_the_fuzzy_threshold(world: dict[str, Any]) -> None:
    tag = world["tags"]["fuzzy"]
    close = Article(body="Reports: at least 15 people were killed, the governor said.")
    far = Article(body="The governor gave no figure for the dead.")
    placement, score = place(world["old"], close, tag)
    assert placement is not None
    assert placement.how == "fuzzy"
    assert score >= FUZZY_THRESHOLD
    assert close.body[placement.start : placement.end] == "at least 15 people were killed"
    placement, score = place(world["old"], far, tag)
    assert placement is None
    assert score < FUZZY_THRESHOLD


def test_a_reviewer_places_or_retires_orphans(world: dict[str, Any]) -> None:
    article_ingest(draft=draft(SECOND))
    rita = reviewer()
    orphan = RevisionOrphan.objects.get()
    with pytest.raises(Exception, match="not in the new revision"):
        orphan_place(orphan=orphan, text="saboteurs", actor=rita)
    moved = orphan_place(orphan=orphan, text="UPDATED", actor=rita)
    orphan.refresh_from_db()
    assert (orphan.resolution, orphan.placed_as, moved.text) == ("placed", moved, "UPDATED")
    other = RevisionOrphan.objects.create(annotation=world["tags"]["position"], revision=orphan.revision)
    orphan_retire(orphan=other, actor=rita, comment="gone")
    other.refresh_from_db()
    assert other.resolution == "retired"
    assert ReviewEvent.objects.filter(annotation=world["tags"]["position"], comment__contains="Retired").exists()


def test_the_diff_marks_changes_and_escapes_text() -> None:
    out = str(diff_html("A <b>bold</b> claim.\nSecond.", "A <b>bold</b> statement.\nSecond.\nThird <script>."))
    assert "<del>claim.</del>" in out
    assert "<ins>statement.</ins>" in out
    assert "&lt;b&gt;bold&lt;/b&gt;" in out
    assert "<script>" not in out
    assert "&lt;script&gt;" in out


def test_a_decision_is_carried_only_to_the_same_words(world: dict[str, Any]) -> None:
    rita = reviewer()
    for tag in (world["tags"]["position"], world["tags"]["fuzzy"]):
        review_decide(annotation=tag, reviewer=rita, decision="accept", version=tag.version)
    new = article_ingest(draft=draft(SECOND)).article
    carried = {a.text: a.status for a in Annotation.objects.filter(article=new)}
    assert carried["Officials said"] == "accepted"  # the very words the reviewer accepted
    assert carried["At least 21 people were killed"] == "pending"  # fuzzy: words no reviewer saw


def test_the_import_command_reports_the_revision(world: dict[str, Any], tmp_path: Any) -> None:
    path = tmp_path / "update.jsonl"
    path.write_text(json.dumps({"title": "Dam hit twice", "body": SECOND, "url": URL}) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert "revision 2 of article" in out.getvalue()
    assert "tags carried 3, orphans 1" in out.getvalue()


def test_the_comparison_takes_the_latest_revision_only(world: dict[str, Any]) -> None:
    from newsdesk.queries import story_articles
    from tests.factories import StoryFactory

    story = StoryFactory(slug="dam")
    Article.objects.filter(pk=world["old"].pk).update(story=story)
    new = article_ingest(draft=draft(SECOND)).article
    assert new.story == story, "a revision stays in its story"
    assert story_articles(story) == [new]
