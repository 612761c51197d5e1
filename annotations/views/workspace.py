"""The annotation workspace (placeholder until the workspace lands)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdesk.models import Article


@require_GET
@login_required
def article_annotate(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    return render(request, "annotations/article_annotate.html", {"article": article})


@require_GET
@login_required
def assignment_list(request: HttpRequest) -> HttpResponse:
    """My assignments with progress (the dashboard loads its partial `my-assignments`)."""
    return render(request, "annotations/assignment_list.html", {})
