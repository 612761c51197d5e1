"""The review queue (placeholder until review lands)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from newsdesk.roles import REVIEWER, role_required


@require_GET
@role_required(REVIEWER)
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "annotations/review_queue.html", {})
