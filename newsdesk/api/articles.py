"""/api/articles/: list (filtered, searched), add one (admins). An article with the caller's tags: annotations/api.py."""

from dataclasses import replace
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from ninja import Query, Router, Status
from ninja.pagination import paginate

from newsdesk.api.base import Pages, Problem, require
from newsdesk.api.schemas import ArticleCreated, ArticleFilters, ArticleIn, ArticleSummary, Duplicate
from newsdesk.hooks import hooks
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.ingestion.pipeline import article_ingest
from newsdesk.ingestion.readers import ImportProblem, draft_from_row
from newsdesk.models import Article, ArticleCredit, ArticleQuerySet
from newsdesk.roles import is_admin
from newsdesk.search import articles_search

router = Router(tags=["articles"])


def article_queryset() -> ArticleQuerySet:
    return Article.objects.select_related("story").prefetch_related(
        Prefetch("credits", queryset=ArticleCredit.objects.select_related("outlet").order_by("role", "id"))
    )


@router.get("/", response=list[ArticleSummary])
@paginate(Pages)
def article_list(request: AuthenticatedHttpRequest, filters: Query[ArticleFilters]) -> Any:
    qs: QuerySet[Article] = article_queryset().defer("body", "extraction").order_by("-published_at", "-id")
    if filters.outlet:
        qs = qs.filter(credits__outlet__slug=filters.outlet).distinct()
    if filters.story:
        qs = qs.filter(story__slug=filters.story)
    if filters.q.strip():
        qs = articles_search(qs, filters.q.strip())
    # Not listed: the list shows outlets and searches the real text (GET /api/articles/{id} reaches them, masked).
    return hooks.visibility.without_hidden(request.user, qs)


@router.post("/", response={201: ArticleCreated, 409: Duplicate, 403: Problem, 422: Problem})
def article_create(request: AuthenticatedHttpRequest, payload: ArticleIn) -> Any:
    """Store an article and run extraction on it (admins).

    The same text twice is a 409 naming the stored article; with a `story`, that article is put in
    the story (the 409 says so), as an import with a story does.
    """
    require(is_admin(request.user), "Only admins add articles.")
    row = payload.dict()
    row["outlets"] = [dict(c) for c in row["outlets"]]
    row["published_at"] = payload.published_at.isoformat() if payload.published_at else None
    try:
        draft = replace(draft_from_row(row, source="request", fmt="jsonl"), source_format=Article.SourceFormat.API)
    except ImportProblem as problem:
        return Status(422, {"detail": problem.reason})
    with transaction.atomic():  # as every other ingest path: the article with all it found, or nothing
        result = article_ingest(draft=draft, user=request.user)
    if not result.created:  # the same text, found by its content hash
        story = result.article.story
        detail = "This text is already stored."
        if result.attached:
            detail += f" It is now in the story “{story}”" + (
                f" (it was in “{result.former_story}”)." if result.former_story else "."
            )
        return Status(409, {"detail": detail, "article_id": result.article.pk, "story": story.slug if story else None})
    return Status(
        201,
        {
            "id": result.article.pk,
            "title": result.article.title,
            "quotes": result.article.quotes.count(),
            "speakers": result.article.quotes.exclude(speaker=None).values("speaker").distinct().count(),
        },
    )
