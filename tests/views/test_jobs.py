"""Job pages: roles, htmx partials, starting, retrying, downloads, query counts."""

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from newsdesk.models import Article, Job
from tests.factories import annotator, editor, reviewer

HTMX = {"HTTP_HX_REQUEST": "true"}


class JobPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin, cls.rita, cls.annie = editor(), reviewer(), annotator()
        cls.running = Job.objects.create(
            kind=Job.Kind.IMPORT_ARTICLES,
            status=Job.Status.RUNNING,
            total=10,
            processed=4,
            succeeded=4,
            created_by=cls.rita,
        )
        cls.failed = Job.objects.create(
            kind=Job.Kind.IMPORT_ARTICLES,
            status=Job.Status.FAILED,
            total=3,
            processed=3,
            succeeded=1,
            failures=[{"item": "batch.jsonl:2", "reason": "<script>alert(1)</script> invalid JSON"}],
            message="Stopped after 3 of 3 items",
            created_by=cls.rita,
        )
        cls.admins_job = Job.objects.create(kind=Job.Kind.REEXTRACT, status=Job.Status.QUEUED, created_by=cls.admin)

    def test_a_running_job_polls_and_shows_its_progress(self) -> None:
        self.client.force_login(self.rita)
        with self.assertNumQueries(4):  # session, user, groups, job
            response = self.client.get(reverse("job_detail", args=[self.running.pk]))
        self.assertContains(response, "<html")
        self.assertContains(response, 'hx-trigger="every 1s"')
        self.assertContains(response, 'value="40"')
        self.assertContains(response, "4 of 10 items")

    def test_htmx_gets_only_the_progress_fragment(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.get(reverse("job_detail", args=[self.running.pk]), **HTMX)
        self.assertNotContains(response, "<html")
        self.assertContains(response, 'id="job-progress"')

    def test_a_finished_job_stops_polling_and_lists_failures_escaped(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.get(reverse("job_detail", args=[self.failed.pk]), **HTMX)
        self.assertNotContains(response, "hx-trigger")
        self.assertContains(response, "batch.jsonl:2")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        self.assertNotContains(response, "<script>alert(1)")
        self.assertContains(response, "Retry")

    def test_others_jobs_are_403_except_for_admins(self) -> None:
        self.client.force_login(self.rita)
        assert self.client.get(reverse("job_detail", args=[self.admins_job.pk])).status_code == 403
        self.client.force_login(self.admin)
        assert self.client.get(reverse("job_detail", args=[self.running.pk])).status_code == 200

    def test_list_shows_own_jobs_with_bounded_queries(self) -> None:
        self.client.force_login(self.rita)
        with self.assertNumQueries(4):
            response = self.client.get(reverse("job_list"))
        self.assertContains(response, f"#{self.running.pk}")
        self.assertNotContains(response, f"Re-run extraction #{self.admins_job.pk}")

    def test_annotators_have_no_job_pages(self) -> None:
        self.client.force_login(self.annie)
        for url in (
            reverse("job_list"),
            reverse("job_detail", args=[self.running.pk]),
            reverse("job_import_annotations"),
        ):
            assert self.client.get(url).status_code == 403

    def test_retry_of_a_running_job_says_why_not(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.post(reverse("job_retry", args=[self.running.pk]), follow=True)
        self.assertContains(response, "still running")

    def test_retry_requeues_a_finished_job(self) -> None:
        self.client.force_login(self.rita)
        with self.captureOnCommitCallbacks(execute=False):
            response = self.client.post(reverse("job_retry", args=[self.failed.pk]))
        assert response.status_code == 302
        self.failed.refresh_from_db()
        assert self.failed.status == Job.Status.QUEUED
        assert self.failed.failures == []

    def test_download_only_when_done_with_a_file(self) -> None:
        done = Job.objects.create(kind=Job.Kind.EXPORT_ANNOTATIONS, status=Job.Status.DONE, created_by=self.rita)
        done.output_file.save("export.jsonl", ContentFile(b'{"id": 1}\n'))
        self.client.force_login(self.rita)
        response = self.client.get(reverse("job_download", args=[done.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b'{"id": 1}\n'
        assert "attachment" in response["Content-Disposition"]
        assert self.client.get(reverse("job_download", args=[self.running.pk])).status_code == 404


class StartJobTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.admin, cls.rita = editor(), reviewer()

    def test_upload_starts_an_import_job_and_lands_on_its_page(self) -> None:
        self.client.force_login(self.admin)
        upload = SimpleUploadedFile(
            "two.jsonl",
            b'{"title": "Port reopens", "body": "The port reopened on Friday, officials said."}\n{"title": "x"}\n',
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("job_import_articles"), {"file": upload, "format": "auto"})
        job = Job.objects.get()
        self.assertRedirects(response, reverse("job_detail", args=[job.pk]))
        job.refresh_from_db()
        assert job.status == Job.Status.DONE
        assert job.succeeded == 1
        assert len(job.failures) == 1
        assert Article.objects.filter(title="Port reopens").exists()

    def test_a_missing_file_is_a_422_with_the_form(self) -> None:
        self.client.force_login(self.admin)
        response = self.client.post(reverse("job_import_articles"), {"format": "auto"})
        assert response.status_code == 422
        self.assertContains(response, "This field is required", status_code=422)
        assert not Job.objects.exists()

    def test_a_file_whose_format_cannot_be_told_is_refused_before_any_job(self) -> None:
        self.client.force_login(self.admin)
        upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 not an article")
        response = self.client.post(reverse("job_import_articles"), {"file": upload, "format": "auto"})
        assert response.status_code == 422
        self.assertContains(response, "Cannot tell the format", status_code=422)
        assert not Job.objects.exists()

    def test_reviewers_cannot_import_articles_or_reextract(self) -> None:
        self.client.force_login(self.rita)
        assert self.client.get(reverse("job_import_articles")).status_code == 403
        assert self.client.post(reverse("job_reextract")).status_code == 403

    def test_reextract_starts_a_job(self) -> None:
        self.client.force_login(self.admin)
        assert self.client.get(reverse("job_reextract")).status_code == 200
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("job_reextract"))
        job = Job.objects.get(kind=Job.Kind.REEXTRACT)
        self.assertRedirects(response, job.get_absolute_url())
