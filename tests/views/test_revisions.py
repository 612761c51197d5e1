"""The revisions page (the chain, the diff, the orphans) and placing or retiring an orphan, by role."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import RevisionOrphan
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.models import Article
from tests.factories import reader, reviewer
from tests.revisions_world import SECOND, draft, revision_world


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    return revision_world()


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
