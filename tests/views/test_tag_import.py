"""Tag import as a background job (annotations/views/tag_import.py): the form, who may use it, the job it starts."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from newsdesk.models import Job
from tests.factories import annotator, editor, reviewer


class TagImportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.annie, cls.rita, cls.eddie = annotator(), reviewer(), editor()

    def test_reviewers_get_the_form_saying_whose_tags_they_become(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.get(reverse("job_import_annotations"))
        self.assertContains(response, "Import tags")
        self.assertContains(response, "The tags become yours")
        self.client.force_login(self.eddie)
        self.assertContains(
            self.client.get(reverse("job_import_annotations")), "Tags keep the annotator the file names"
        )

    def test_annotators_cannot_import_tags(self) -> None:
        self.client.force_login(self.annie)
        assert self.client.get(reverse("job_import_annotations")).status_code == 403
        assert not Job.objects.exists()

    def test_an_upload_starts_an_import_job_and_lands_on_its_page(self) -> None:
        self.client.force_login(self.rita)
        upload = SimpleUploadedFile("tags.jsonl", b'{"text": "Officials said", "label": [[0, 9, "attribution"]]}\n')
        with self.captureOnCommitCallbacks(execute=False):
            response = self.client.post(reverse("job_import_annotations"), {"file": upload, "format": "doccano"})
        job = Job.objects.get()
        assert (job.kind, job.created_by, job.params) == (
            Job.Kind.IMPORT_ANNOTATIONS,
            self.rita,
            {"format": "doccano", "campaign": None},
        )
        self.assertRedirects(response, job.get_absolute_url(), fetch_redirect_response=False)

    def test_a_missing_file_is_a_422_with_the_form(self) -> None:
        self.client.force_login(self.rita)
        response = self.client.post(reverse("job_import_annotations"), {"format": "doccano"})
        assert response.status_code == 422
        assert not Job.objects.exists()
