"""Background jobs in the browser: start one (upload), watch its progress bar, retry, download."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from newsdesk.forms import ArticleImportForm
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.jobs import job_retry, job_start
from newsdesk.models import Job, Story
from newsdesk.roles import ADMIN, REVIEWER, role_required
from newsdesk.selectors import get_job_for_user, jobs_for_user

FAILURES_SHOWN = 200


def job_for(request: AuthenticatedHttpRequest, pk: int) -> Job:
    return get_job_for_user(user=request.user, pk=pk)


@require_GET
@role_required(REVIEWER)
def job_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    jobs = jobs_for_user(request.user)[:100]
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
