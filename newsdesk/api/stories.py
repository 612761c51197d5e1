"""/api/stories/: list, one story, its comparison (the same data as /stories/<slug>/compare.json)."""

from typing import Any, Literal

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from newsdesk.api.base import Pages
from newsdesk.api.schemas import StoryOut
from newsdesk.comparison.story import comparison_json, story_comparison
from newsdesk.hooks import hooks
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Story

router = Router(tags=["stories"])


@router.get("/", response=list[StoryOut])
@paginate(Pages)
def story_list(request: AuthenticatedHttpRequest) -> Any:
    return Story.objects.annotate(article_count=Count("articles")).order_by("-date", "title")


@router.get("/{slug:slug}", response=StoryOut)
def story_get(request: AuthenticatedHttpRequest, slug: str) -> Any:
    return get_object_or_404(Story, slug=slug)


@router.get("/{slug:slug}/compare", response=dict[str, Any])
def story_compare(request: AuthenticatedHttpRequest, slug: str, tags: Literal["accepted", "all"] = "accepted") -> Any:
    """The side-by-side comparison as data (the same as /stories/<slug>/compare.json)."""
    hooks.visibility.check_sees_outlets(request.user)
    story = get_object_or_404(Story, slug=slug)
    comparison = story_comparison(story)
    return comparison_json(
        comparison, hooks.tags.tag_counts_by_label(article_ids=comparison.ids, accepted_only=tags != "all")
    )
