"""Tag import as a background job: upload a file, then watch the job's progress (newsdesk/views/jobs.py)."""

from django.http import HttpResponse
from django.views.decorators.http import require_http_methods

from annotations.forms import AnnotationImportForm
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Job
from newsdesk.roles import REVIEWER, is_admin, role_required
from newsdesk.views.jobs import upload_job


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
