"""Export tags from the browser: a streamed download, or a background job for big ones."""

from typing import Any

from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from annotations.export import CONTENT_TYPES, EXTENSIONS, annotations_for_export, export_chunks
from annotations.forms import ExportForm
from annotations.models import Annotation, Campaign
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.jobs import job_start
from newsdesk.models import Job
from newsdesk.roles import REVIEWER, role_required


def export_queryset(request: AuthenticatedHttpRequest, params: dict[str, Any], campaign: Campaign | None) -> Any:
    return annotations_for_export(
        campaign=campaign, status=params["status"], outlet=params["outlet"], story=params["story"], viewer=request.user
    )


def export_response(
    request: AuthenticatedHttpRequest, params: dict[str, Any], campaign: Campaign | None
) -> StreamingHttpResponse:
    """The export as a streamed download (nothing built in memory)."""
    fmt = params["format"]
    chunks = export_chunks(
        fmt,
        export_queryset(request, params, campaign),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        viewer=request.user,
    )
    response = StreamingHttpResponse(chunks, content_type=f"{CONTENT_TYPES[fmt]}; charset=utf-8")
    name = f"newsdesk-tags-{timezone.now():%Y%m%d-%H%M}.{EXTENSIONS[fmt]}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
@role_required(REVIEWER)
def annotation_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The form; its POST streams the file, or (action=background) starts a background job."""
    # A link may pick the filters in advance (the story page: "export its tags").
    initial = {name: request.GET[name] for name in ("story", "outlet", "campaign", "status") if request.GET.get(name)}
    form = ExportForm(request.POST if request.method == "POST" else None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        params = form.params()
        if request.POST.get("action") != "background":
            return export_response(request, params, form.cleaned_data.get("campaign"))
        params["base_url"] = request.build_absolute_uri("/").rstrip("/")
        job = job_start(kind=Job.Kind.EXPORT_ANNOTATIONS, user=request.user, params=params)
        return redirect(job)
    return render(
        request,
        "annotations/export.html",
        {"form": form, "count": Annotation.objects.alive().count()},
        status=422 if form.errors else 200,
    )
