"""Stories: list, detail, create and edit, same-story suggestions."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdesk.models import Story


@require_GET
@login_required
def story_list(request: HttpRequest) -> HttpResponse:
    return render(request, "newsdesk/story_list.html", {"stories": Story.objects.all()})


@require_GET
@login_required
def story_detail(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story, slug=slug)
    return render(request, "newsdesk/story_detail.html", {"story": story})
