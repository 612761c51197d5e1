"""Article revisions: a known URL with new text is a new revision; every tag is carried or listed as an orphan."""

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from annotations.models import Annotation, Assignment, ReviewEvent, RevisionOrphan
from annotations.review import review_decide
from annotations.revisions import FUZZY_THRESHOLD, diff_html, orphan_place, orphan_retire, place
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ArticleDraft
from newsdesk.models import Article
from tests.factories import CampaignFactory, annotation_on, annotator, reader, reviewer

URL = "https://northwind.example/dam-strike"
FIRST = (
    "Officials said the Vell dam was hit twice overnight.\n"
    "“We will rebuild it by spring,” the mayor said on Tuesday.\n"
    "At least 14 people were killed, the regional governor said.\n"
    "The ministry blamed saboteurs for the blast."
)
# The outlet's silent edit: a new first paragraph, a changed toll, a reworded sentence, one sentence gone.
SECOND = (
    "UPDATED: This story has been updated with a new death toll.\n"
    "Officials said the Vell dam was hit twice overnight.\n"
    "“We will rebuild it by spring,” the mayor said on Tuesday.\n"
    "At least 21 people were killed, the regional governor said."
)


def draft(body: str) -> ArticleDraft:
    return ArticleDraft(title="Dam hit twice", body=body, source="test", source_format="txt", url=URL)


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    annie = annotator()
    old = article_ingest(draft=draft(FIRST)).article
    campaign = CampaignFactory(articles=[old], annotators=[annie])
    Assignment.objects.create(campaign=campaign, article=old, annotator=annie)
    tags = {
        "position": annotation_on(old, "Officials said", annotator=annie, kind="attribution", campaign=campaign),
        "quote": annotation_on(old, "We will rebuild it by spring", annotator=annie, campaign=campaign),
        "fuzzy": annotation_on(old, "At least 14 people were killed", annotator=annie, campaign=campaign),
        "orphan": annotation_on(
            old, "The ministry blamed saboteurs", annotator=annie, kind="framing", campaign=campaign
        ),
    }
    return {"annie": annie, "old": old, "campaign": campaign, "tags": tags}


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


def test_revisions_page_and_orphan_resolution_by_role(world: dict[str, Any]) -> None:
    new = article_ingest(draft=draft(SECOND)).article
    orphan = RevisionOrphan.objects.get()
    client = Client()
    url = reverse("annotations:article_revisions", args=[new.pk])
    assert client.get(url).status_code == 302
    client.force_login(reader())
    page = client.get(url)
    assert page.status_code == 200
    content = page.content.decode()
    assert "<ins>UPDATED:" in content
    assert "<del>14</del>" in content
    assert "<ins>21</ins>" in content
    assert "The ministry blamed saboteurs" in content
    assert "Place" not in content.split("Tags carried across")[1]
    resolve = reverse("annotations:orphan_resolve", args=[orphan.pk])
    assert client.post(resolve, {"action": "retire"}).status_code == 403
    client.force_login(reviewer())
    assert client.post(resolve, {"text": "UPDATED", "occurrence": "1"}).status_code == 302
    orphan.refresh_from_db()
    assert orphan.resolution == "placed"
    assert "Revision 2" in client.get(reverse("article_detail", args=[new.pk])).content.decode()


def test_past_the_size_cap_the_revisions_page_says_so_instead_of_diffing(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("annotations.revisions.MAX_DIFF_CHARS", 100)
    new = article_ingest(draft=draft(SECOND)).article
    client = Client()
    client.force_login(reader())
    page = client.get(reverse("annotations:article_revisions", args=[new.pk]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "too long to compare word by word" in content
    assert "<ins>" not in content


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


def test_the_revisions_page_does_not_query_per_revision(world: dict[str, Any]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(reader())

    def queries_for(article: Article) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("annotations:article_revisions", args=[article.pk])).status_code == 200
        return len(captured)

    second = article_ingest(draft=draft(SECOND)).article
    with_two = queries_for(second)
    latest = second
    for n in range(3):
        latest = article_ingest(draft=draft(SECOND + f"\nCorrection {n}.")).article
    assert latest.revision == 5
    assert queries_for(latest) == with_two
    chain = client.get(reverse("annotations:article_revisions", args=[second.pk])).context["chain"]
    assert [rev.revision for rev in chain] == [1, 2, 3, 4, 5]
