"""Campaigns: balanced assignments with overlap k, added to later without touching finished work."""

from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from annotations.models import Annotation, Assignment, Campaign
from newsdesk.models import Article


@transaction.atomic
def campaign_assign(*, campaign: Campaign) -> int:
    """Give each article of the campaign to `overlap` annotators, least-loaded first.

    Existing assignments (done or not) stay as they are; only missing ones are added,
    so new articles or new annotators can join a running campaign.
    """
    annotators = list(campaign.annotators.order_by("id"))
    if not annotators:
        return 0
    existing = list(Assignment.objects.filter(campaign=campaign).values_list("article_id", "annotator_id"))
    load = Counter(annotator for _, annotator in existing)
    for user in annotators:
        load.setdefault(user.pk, 0)
    by_article: dict[int, set[int]] = {}
    for article_id, annotator_id in existing:
        by_article.setdefault(article_id, set()).add(annotator_id)
    position = Assignment.objects.filter(campaign=campaign).count()
    made = []
    k = min(campaign.overlap, len(annotators))
    for article_id in campaign.articles.order_by("published_at", "id").values_list("id", flat=True):
        have = by_article.get(article_id, set())
        candidates = sorted((u for u in annotators if u.pk not in have), key=lambda u: (load[u.pk], u.pk))
        for user in candidates[: max(0, k - len(have))]:
            made.append(Assignment(campaign=campaign, article_id=article_id, annotator=user, position=position))
            load[user.pk] += 1
            position += 1
    Assignment.objects.bulk_create(made)
    return len(made)


def campaign_progress(campaign: Campaign) -> dict[str, Any]:
    from django.db.models import Count

    counts = Counter(
        dict(Assignment.objects.filter(campaign=campaign).values_list("status").annotate(n=Count("id")).order_by())
    )
    total = sum(counts.values())
    return {
        "total": total,
        "done": counts.get(Assignment.Status.DONE, 0),
        "in_progress": counts.get(Assignment.Status.IN_PROGRESS, 0),
        "todo": counts.get(Assignment.Status.TODO, 0),
        "percent": round(100 * counts.get(Assignment.Status.DONE, 0) / total) if total else 0,
    }


def annotator_stats(campaign: Campaign) -> list[dict[str, Any]]:
    from datetime import timedelta

    from django.db.models import Count, Q, Sum

    from annotations.models import Annotation

    time = dict(
        Assignment.objects.filter(campaign=campaign)
        .values("annotator__username")
        .annotate(t=Sum("time_spent"))
        .values_list("annotator__username", "t")
    )
    stats = (
        Annotation.objects.alive()
        .filter(campaign=campaign)
        .values("annotator__username")
        .annotate(
            tags=Count("id"),
            accepted=Count("id", filter=Q(status=Annotation.Status.ACCEPTED)),
            rejected=Count("id", filter=Q(status=Annotation.Status.REJECTED)),
            needs_changes=Count("id", filter=Q(status=Annotation.Status.NEEDS_CHANGES)),
        )
        .order_by("annotator__username")
    )
    result = []
    for row in stats:
        spent: timedelta = time.get(row["annotator__username"]) or timedelta()
        hours = spent.total_seconds() / 3600
        decided = row["accepted"] + row["rejected"]
        result.append(
            {
                "annotator": row["annotator__username"],
                "tags": row["tags"],
                "hours": hours,
                "tags_per_hour": row["tags"] / hours if hours > 0 else None,
                "acceptance": row["accepted"] / decided if decided else None,
                **{k: row[k] for k in ("accepted", "rejected", "needs_changes")},
            }
        )
    return result


@transaction.atomic
def campaign_add_articles(*, campaign: Campaign, articles: QuerySet[Article]) -> tuple[int, int]:
    """Add `articles` (a queryset) to the campaign and assign them: (articles added, assignments made).

    Articles already in the campaign stay as they are, their assignments and work too.
    """
    wanted = set(articles.values_list("pk", flat=True))
    present = set(campaign.articles.filter(pk__in=wanted).values_list("pk", flat=True))
    campaign.articles.add(*(wanted - present))
    return len(wanted - present), campaign_assign(campaign=campaign)


def acceptance_rows(tags: QuerySet[Annotation], *group_by: str) -> list[dict[str, Any]]:
    """Tags counted by decision per group, with the acceptance rate (percent of decided)."""
    rows = (
        tags.values(*group_by)
        .annotate(
            accepted=Count("id", filter=Q(status=Annotation.Status.ACCEPTED)),
            rejected=Count("id", filter=Q(status=Annotation.Status.REJECTED)),
            needs_changes=Count("id", filter=Q(status=Annotation.Status.NEEDS_CHANGES)),
            total=Count("id"),
        )
        .order_by("-total")[:40]
    )
    return [
        {
            **row,
            "acceptance": round(100 * row["accepted"] / done) if (done := row["accepted"] + row["rejected"]) else None,
        }
        for row in rows
    ]


def campaign_breakdown(campaign: Campaign) -> dict[str, list[dict[str, Any]]]:
    """Acceptance by label and by the outlet that published the article, and the reasons given
    (by label, by outlet): where the guidelines need work."""
    tags = Annotation.objects.alive().filter(campaign=campaign)
    reasoned = Annotation.objects.filter(campaign=campaign, events__reason__isnull=False)
    return {
        "by_label": acceptance_rows(tags, "tag_type__kind", "tag_type__label"),
        "by_outlet": acceptance_rows(tags.filter(article__credits__role="primary"), "article__credits__outlet__name"),
        "reasons": [
            dict(row)
            for row in reasoned.values("events__reason__label", "tag_type__label")
            .annotate(n=Count("id"))
            .order_by("-n")[:30]
        ],
        "reasons_by_outlet": [
            dict(row)
            for row in reasoned.filter(article__credits__role="primary")
            .values("events__reason__label", "article__credits__outlet__name")
            .annotate(n=Count("id"))
            .order_by("-n")[:30]
        ],
    }
