"""Export tags from the browser: a streamed download, or a background job for big ones."""

from typing import Any

from django import forms
from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from annotations.export import CONTENT_TYPES, EXTENSIONS, annotations_for_export, export_chunks
from annotations.models import Annotation, Campaign
from annotations.visibility import is_blind_anywhere
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.jobs import job_start
from newsdesk.models import Job, Outlet, Story
from newsdesk.roles import REVIEWER, AnyUser, role_required


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[
            ("jsonl", "newsdesk JSONL (everything)"),
            ("csv", "CSV"),
            ("w3c", "W3C Web Annotation (JSON-LD)"),
            ("doccano", "doccano sequence labelling (JSONL)"),
            ("label-studio", "Label Studio (JSON)"),
        ]
    )
    campaign = forms.ModelChoiceField(queryset=Campaign.objects.all(), required=False, empty_label="All campaigns")
    status = forms.ChoiceField(choices=[("", "Any status"), *Annotation.Status.choices], required=False)
    # Picked from lists (by slug, so links like ?story=<slug> fill them in and jobs keep slugs).
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name").only("name", "slug"),
        to_field_name="slug",
        required=False,
        empty_label="All outlets",
        help_text="Only articles it published.",
    )
    story = forms.ModelChoiceField(
        queryset=Story.objects.order_by("title").only("title", "slug"),
        to_field_name="slug",
        required=False,
        empty_label="All stories",
        help_text="Only its articles.",
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_blind_anywhere(user):
            # Lists of outlets and stories are what blind mode hides (as on the article list).
            del self.fields["outlet"], self.fields["story"]

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "format": data["format"],
            "campaign": data["campaign"].pk if data.get("campaign") else None,
            "status": data.get("status") or "",
            "outlet": data["outlet"].slug if data.get("outlet") else "",
            "story": data["story"].slug if data.get("story") else "",
        }


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
