"""Background jobs in the browser: start one (upload), watch its progress bar, retry, download."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations.importer import FORMATS as ANNOTATION_FORMATS
from annotations.models import Campaign
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.ingestion.readers import FORMATS as ARTICLE_FORMATS
from newsdesk.ingestion.readers import ImportProblem, format_for
from newsdesk.jobs import job_retry, job_start
from newsdesk.models import Job, Story
from newsdesk.roles import ADMIN, REVIEWER, is_admin, role_required

FAILURES_SHOWN = 200


def check_upload_size(upload: Any) -> Any:
    """Every import upload (articles or tags) has the same limit as `import_articles`."""
    if upload.size > settings.NEWSDESK_MAX_IMPORT_FILE_SIZE:
        raise forms.ValidationError(
            f"The file is {upload.size:,} bytes, over the limit of {settings.NEWSDESK_MAX_IMPORT_FILE_SIZE:,}."
        )
    return upload


class ArticleImportForm(forms.Form):
    file = forms.FileField(help_text="A .jsonl or .csv file of articles (or one .txt / .html article).")
    format = forms.ChoiceField(choices=[("auto", "From the file name"), *[(f, f) for f in ARTICLE_FORMATS]])
    story = forms.CharField(
        required=False, max_length=300, help_text="Put every article in this story (slug or title)."
    )
    outlet = forms.CharField(required=False, max_length=200, help_text="Credit this outlet where none is found.")

    def clean_file(self) -> Any:
        return check_upload_size(self.cleaned_data["file"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            try:
                format_for(Path(upload.name), data.get("format") or "auto")
            except ImportProblem:
                self.add_error(
                    "format", f"Cannot tell the format from the name “{upload.name}”: choose one of the formats."
                )
        return data


class AnnotationImportForm(forms.Form):
    file = forms.FileField(help_text="An export of newsdesk (JSONL), doccano (JSONL) or Label Studio (JSON).")
    format = forms.ChoiceField(choices=[(f, f) for f in ANNOTATION_FORMATS])
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.all(), required=False)

    def clean_file(self) -> Any:
        return check_upload_size(self.cleaned_data["file"])


def visible_jobs(user: User) -> QuerySet[Job]:
    jobs = Job.objects.select_related("created_by")
    return jobs if is_admin(user) else jobs.filter(created_by=user)


def job_for(request: AuthenticatedHttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("created_by"), pk=pk)
    if not is_admin(request.user) and job.created_by_id != request.user.pk:
        raise PermissionDenied("This job belongs to someone else.")
    return job


@require_GET
@role_required(REVIEWER)
def job_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    jobs = visible_jobs(request.user)[:100]
    return render(request, "newsdesk/job_list.html", {"jobs": jobs})


@require_GET
@role_required(REVIEWER)
def job_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = job_for(request, pk)
    imported = job.kind == Job.Kind.IMPORT_ARTICLES and job.is_finished
    key = (job.params.get("story") or "").strip()
    context = {
        "job": job,
        "failures": job.failures[:FAILURES_SHOWN],
        "failures_hidden": max(0, len(job.failures) - FAILURES_SHOWN),
        # A finished import offers to make a story of its articles (new and already stored).
        "n_articles": job.articles.count() if imported else 0,
        "story": Story.objects.filter(Q(slug=key) | Q(title__iexact=key)).first() if imported and key else None,
        "story_title": Path(job.input_name).stem.replace("_", " ").replace("-", " ").strip().capitalize(),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "newsdesk/job_detail.html#progress", context)
    return render(request, "newsdesk/job_detail.html", context)


@require_POST
@role_required(REVIEWER)
def job_retry_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = job_for(request, pk)
    try:
        job_retry(job=job)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The job is queued again.")
    return redirect(job)


@require_GET
@role_required(REVIEWER)
def job_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    job = job_for(request, pk)
    if not job.output_file or job.status != Job.Status.DONE:
        raise Http404("This job has no file to download.")
    try:
        handle = job.output_file.open("rb")
    except FileNotFoundError:
        raise Http404("The job's file is gone; run the job again.") from None
    return FileResponse(handle, as_attachment=True, filename=Path(job.output_file.name or "").name)


def upload_job(
    request: AuthenticatedHttpRequest,
    form: forms.Form,
    *,
    kind: str,
    params: Callable[[dict[str, Any]], dict[str, Any]],
    context: dict[str, Any],
) -> HttpResponse:
    """A job that starts from an uploaded file: start it and go to its progress, or show the form."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = job_start(kind=kind, user=request.user, params=params(data), upload=data["file"])
        return redirect(job)
    return render(
        request,
        "newsdesk/job_form.html",
        {"form": form, "multipart": True, "button": "Start the import", **context},
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@role_required(ADMIN)
def job_import_articles(request: AuthenticatedHttpRequest) -> HttpResponse:
    return upload_job(
        request,
        ArticleImportForm(request.POST or None, request.FILES or None),
        kind=Job.Kind.IMPORT_ARTICLES,
        params=lambda data: {"format": data["format"], "story": data["story"], "outlet": data["outlet"]},
        context={"title": "Import articles"},
    )


@require_http_methods(["GET", "POST"])
@role_required(REVIEWER)
def job_import_annotations(request: AuthenticatedHttpRequest) -> HttpResponse:
    return upload_job(
        request,
        AnnotationImportForm(request.POST or None, request.FILES or None),
        kind=Job.Kind.IMPORT_ANNOTATIONS,
        params=lambda data: {"format": data["format"], "campaign": data["campaign"].pk if data["campaign"] else None},
        context={
            "title": "Import tags",
            "intro": "Tags are placed on articles already in newsdesk, matched by their exact text. "
            "Tags whose text or position does not match are listed, never guessed. "
            + (
                "Tags keep the annotator the file names; tags of users unknown here become yours."
                if is_admin(request.user)
                else "The tags become yours: a tag the file attributes to another user here is listed, "
                "not imported (only an admin imports tags in someone else's name)."
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(ADMIN)
def job_reextract(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        job = job_start(kind=Job.Kind.REEXTRACT, user=request.user, params={})
        return redirect(job)
    return render(
        request,
        "newsdesk/job_form.html",
        {
            "form": None,
            "title": "Re-run extraction",
            "button": "Re-run extraction on every article",
            "intro": "Runs the extraction again on the whole corpus (after a lexicon change). "
            "Quotes that carry tags are kept; the other extracted quotes are replaced.",
        },
    )
