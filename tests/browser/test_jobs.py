"""Jobs in the browser: a live progress bar (htmx polling), an upload that becomes a job, an export download."""

import json
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from annotations.models import Annotation
from newsdesk.models import Article, Job
from tests.factories import ArticleFactory, CampaignFactory, annotation_on, annotator, editor, reviewer


@pytest.mark.browser
def test_the_progress_bar_follows_the_job_and_stops_polling_when_done(
    live_server: Any, page: Page, login: Any, js_errors: list[str]
) -> None:
    rita = reviewer()
    job = Job.objects.create(
        kind=Job.Kind.IMPORT_ARTICLES, status=Job.Status.RUNNING, total=10, processed=2, succeeded=2, created_by=rita
    )
    login(rita)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    bar = page.get_by_label(f"Progress of job {job.pk}")
    expect(bar).to_have_attribute("value", "20")

    # The worker moves on: the page follows without a reload.
    Job.objects.filter(pk=job.pk).update(
        processed=7, succeeded=6, failures=[{"item": "a.jsonl:3", "reason": "bad row"}]
    )
    expect(bar).to_have_attribute("value", "70", timeout=5000)
    expect(page.get_by_text("7 of 10 items")).to_be_visible()

    Job.objects.filter(pk=job.pk).update(
        processed=10, succeeded=9, status=Job.Status.DONE, message="Imported 9, duplicates 0, failed 1 of 10."
    )
    expect(page.get_by_text("Imported 9, duplicates 0, failed 1 of 10.")).to_be_visible(timeout=5000)
    expect(page.get_by_role("button", name="Retry")).to_be_visible()
    expect(page.get_by_role("cell", name="a.jsonl:3")).to_be_visible()
    expect(page.locator("#job-progress")).not_to_have_attribute("hx-trigger", "every 1s")
    assert js_errors == []


@pytest.mark.browser
def test_an_admin_uploads_articles_and_lands_on_the_finished_job(
    live_server: Any, page: Page, login: Any, js_errors: list[str], tmp_path: Any
) -> None:
    upload = tmp_path / "wire.jsonl"
    rows = [
        {"title": "Ferry service resumes", "body": "The ferry sailed again on Monday, port officials said."},
        {"title": "Missing body"},
        {"title": "Grain convoy delayed", "body": "“We wait for clearance,” a driver said."},
    ]
    upload.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    login(editor())
    page.goto(f"{live_server.url}/jobs/")
    page.get_by_role("link", name="Import articles").click()
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Start the import").click()
    expect(page.get_by_text("Imported 2, duplicates 0, failed 1 of 3.")).to_be_visible()
    expect(page.get_by_role("cell", name="wire.jsonl:2")).to_be_visible()
    assert Article.objects.filter(title__in=["Ferry service resumes", "Grain convoy delayed"]).count() == 2
    assert js_errors == []


@pytest.mark.browser
def test_a_reviewer_downloads_a_doccano_export_and_it_imports_back(
    live_server: Any, page: Page, login: Any, js_errors: list[str], tmp_path: Any
) -> None:
    annie = annotator()
    article = ArticleFactory()
    campaign = CampaignFactory(name="Dam campaign", articles=[article], annotators=[annie])
    annotation_on(article, "Talks resumed", annotator=annie, campaign=campaign)
    annotation_on(article, "the minister said", annotator=annie, campaign=campaign, kind="attribution")
    login(reviewer())
    page.goto(f"{live_server.url}/export/")
    page.get_by_label("Format").select_option("doccano")
    page.get_by_label("Campaign").select_option(label="Dam campaign")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download").click()
    path = tmp_path / "tags.jsonl"
    download_info.value.save_as(path)
    row = json.loads(path.read_text(encoding="utf-8"))
    expected = {(a.start, a.end, f"{a.tag_type.kind}/{a.tag_type.slug}") for a in Annotation.objects.all()}
    assert {tuple(span) for span in row["label"]} == expected
    assert row["text"] == article.body

    # The same file, imported back (as on a fresh instance). The tags are annie's: a reviewer may
    # not import them in her name (each is listed, none made); an admin may, and they come back as they were.
    before = set(Annotation.objects.values_list("start", "end", "tag_type__slug", "annotator__username"))
    Annotation.objects.all().delete()

    def import_back() -> None:
        page.goto(f"{live_server.url}/jobs/import-tags/")
        page.get_by_label("File").set_input_files(str(path))
        page.get_by_label("Format").select_option("doccano")
        page.get_by_role("button", name="Start the import").click()

    import_back()
    expect(page.get_by_text("Imported 0 tags, duplicates 0, not placed 2.")).to_be_visible()
    expect(page.get_by_text("only an admin can import tags in another user's name").first).to_be_visible()
    assert not Annotation.objects.exists()
    login(editor())
    import_back()
    expect(page.get_by_text("Imported 2 tags, duplicates 0, not placed 0.")).to_be_visible()
    after = set(Annotation.objects.values_list("start", "end", "tag_type__slug", "annotator__username"))
    assert after == before
    assert js_errors == []
