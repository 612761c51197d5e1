"""Multi-model reads for the outlet profiles and the filter menus, with a fixed number of queries.

The story comparison is computed in `newsdesk.comparison.story`.
"""

from collections import Counter
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from newsdesk.models import Article, ArticleCredit, Outlet, Quote, Story


def story_articles(story: Story) -> list[Article]:
    """The story's articles as they stand now: of an edited article, only its latest revision."""
    return list(
        Article.objects.filter(story=story, next_revision__isnull=True)
        .prefetch_related(Prefetch("credits", queryset=ArticleCredit.objects.select_related("outlet").order_by("role")))
        .order_by("published_at", "id")
    )


# Outlet profiles


def outlet_articles(outlet: Outlet) -> "QuerySet[Article]":
    """The articles the outlet published (primary credit), as a subquery for the profile's counts."""
    return Article.objects.filter(credits__outlet=outlet, credits__role=ArticleCredit.Role.PRIMARY)


def outlet_profile(outlet: Outlet) -> dict[str, Any]:
    """Stances, speakers, stories and cues of the outlet's articles (tag figures come from annotations)."""
    articles = outlet_articles(outlet)
    stances = Counter(
        dict(
            Quote.objects.filter(article__in=articles)
            .exclude(stance="")
            .values("stance")
            .annotate(n=Count("id"))
            .values_list("stance", "n")
        )
    )
    speakers = list(
        Quote.objects.filter(article__in=articles, speaker__isnull=False, kind__in=["direct", "partial", "indirect"])
        .values("speaker__name", "speaker__affiliation")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker__name")[:10]
    )
    stories = list(
        Story.objects.filter(articles__in=articles)
        .annotate(n=Count("articles", filter=Q(articles__in=articles)))
        .order_by("-date", "title")
        .distinct()[:30]
    )
    cues = list(
        Quote.objects.filter(article__in=articles)
        .exclude(cue_verb="")
        .values("cue_verb", "stance")
        .annotate(n=Count("id"))
        .order_by("-n")[:12]
    )
    return {
        "articles": articles.count(),
        "stances": stances,
        "speakers": speakers,
        "stories": stories,
        "cues": cues,
    }


def stance_table(a: Counter[str], b: Counter[str]) -> list[dict[str, Any]]:
    """Each stance with its count and share (of that outlet's quotes with a stance) in two outlets."""
    total_a, total_b = sum(a.values()) or 1, sum(b.values()) or 1
    return [
        {
            "stance": s,
            "a": a.get(s, 0),
            "a_percent": round(100 * a.get(s, 0) / total_a),
            "b": b.get(s, 0),
            "b_percent": round(100 * b.get(s, 0) / total_b),
        }
        for s in sorted(set(a) | set(b))
    ]


def outlets_shared_stories(a: Outlet, b: Outlet) -> list[Story]:
    """Stories with an article published by each outlet (primary credit on both sides: A vs B is B vs A)."""
    return list(
        Story.objects.filter(articles__in=outlet_articles(a))
        .filter(articles__in=outlet_articles(b))
        .distinct()
        .order_by("-date", "title")
    )


STORY_CHOICES = 200


def story_choices(selected: str = "") -> list[Story]:
    """Stories for a filter menu: the most recent ones (a menu of 20,000 helps no one) and the chosen one."""
    recent = list(Story.objects.order_by("-date", "-id").only("title", "slug")[:STORY_CHOICES])
    if selected and all(s.slug != selected for s in recent):
        recent += list(Story.objects.filter(slug=selected).only("title", "slug"))
    return sorted(recent, key=lambda s: s.title.lower())
