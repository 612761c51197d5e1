"""Stories: the list and one story's articles (the comparison lives in compare.py)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from newsdesk.hooks import hooks
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import LATEST_REVISION, Article, Story


@require_GET
@login_required
def story_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    stories = Story.objects.annotate(
        n_articles=Count("articles", filter=LATEST_REVISION), first_published=Min("articles__published_at")
    ).order_by("-date", "-id")
    return render(request, "newsdesk/story_list.html", {"stories": stories})


@require_GET
@login_required
def story_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    hooks.visibility.check_sees_outlets(request.user)  # before the lookup: every slug gets the same answer
    story = get_object_or_404(Story, slug=slug)
    articles = (
        Article.objects.filter(story=story, next_revision__isnull=True)  # an edited article once, as it is now
        .defer("body", "extraction")
        .annotate(n_quotes=Count("quotes"))
        .with_primary_outlets()
        .order_by("published_at", "id")
    )
    return render(request, "newsdesk/story_detail.html", {"story": story, "articles": articles})
