"""Tags as the corpus pages see them (story comparison, outlet profiles, the article list's tag filter).

The corpus knows nothing of tags: this module answers its `hooks.tags` (see annotations/hooks.py).
Each count is one aggregate query.
"""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from annotations.models import Annotation, TagType
from newsdesk.models import Article


def tag_counts_by_label(*, article_ids: Iterable[int], accepted_only: bool = True) -> dict[int, dict[str, int]]:
    """article id -> "kind · label" -> number of live tags (accepted ones only, unless `accepted_only` is off)."""
    tags = Annotation.objects.alive().filter(article_id__in=list(article_ids))
    if accepted_only:
        tags = tags.accepted()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for article_id, kind, label, n in (
        tags.values("article_id", "tag_type__kind", "tag_type__label")
        .annotate(n=Count("id"))
        .order_by("article_id", "tag_type__kind", "tag_type__label")
        .values_list("article_id", "tag_type__kind", "tag_type__label", "n")
    ):
        counts[article_id][f"{kind} · {label}"] = n
    return dict(counts)


def tag_labels_top(*, articles: QuerySet[Article], limit: int = 15) -> list[dict[str, Any]]:
    """The most used labels of accepted tags on these articles: [{"tag_type__kind", "tag_type__label", "n"}]."""
    return [
        dict(row)
        for row in Annotation.objects.alive()
        .accepted()
        .filter(article__in=articles)
        .values("tag_type__kind", "tag_type__label")
        .annotate(n=Count("id"))
        .order_by("-n", "tag_type__kind", "tag_type__label")[:limit]
    ]


def tags_by_month(*, articles: QuerySet[Article]) -> list[dict[str, Any]]:
    """Live tags on these articles per month of tagging: [{"month", "n"}]."""
    return [
        dict(row)
        for row in Annotation.objects.alive()
        .filter(article__in=articles)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    ]


def tag_exists(slug: str) -> bool:
    return TagType.objects.filter(slug=slug).exists()


def articles_tagged(articles: QuerySet[Article], slug: str) -> QuerySet[Article]:
    """The articles with a live tag of the label `slug` (each once)."""
    return articles.filter(pk__in=Annotation.objects.alive().filter(tag_type__slug=slug).values("article_id"))
