"""Side-by-side comparison of a story's articles (placeholder until the comparison lands)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdesk.models import Story


@require_GET
@login_required
def story_compare(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    return render(request, "newsdesk/story_compare.html", {"story": story})


@require_GET
@login_required
def story_compare_json(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    return JsonResponse({"story": story.slug, "articles": []})
