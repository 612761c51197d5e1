"""Multi-model reads for the comparison and outlet profiles, with a fixed number of queries."""

import re
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth

from annotations.models import Annotation
from newsdesk.comparison.align import QuoteItem, align_quotes
from newsdesk.comparison.balance import by_affiliation, speaker_balance
from newsdesk.comparison.figures import figure_table
from newsdesk.comparison.framing import framing_contrast, framing_terms
from newsdesk.extraction import lexicon
from newsdesk.models import Article, ArticleCredit, AttributionChain, Outlet, Quote, Story

MAX_COLUMNS = 6


def story_articles(story: Story) -> list[Article]:
    """The story's articles as they stand now: of an edited article, only its latest revision."""
    return list(
        Article.objects.filter(story=story, next_revision__isnull=True)
        .prefetch_related(Prefetch("credits", queryset=ArticleCredit.objects.select_related("outlet").order_by("role")))
        .order_by("published_at", "id")
    )


def naming_choices(articles: list[Article]) -> list[dict[str, Any]]:
    """For each lexicon term with alternatives (Kiev/Kyiv…), how often each article uses each form."""
    terms, _, _ = lexicon.framing()
    rows = []
    for term in terms.values():
        if term.label != "naming-choice" or not term.alternatives:
            continue
        forms = [term.term, *term.alternatives]
        counts = {
            a.pk: {f: len(re.findall(rf"(?<![\w-]){re.escape(f)}(?![\w-])", a.body)) for f in forms} for a in articles
        }
        if sum(sum(c.values()) for c in counts.values()) == 0:
            continue
        used = {f for c in counts.values() for f, n in c.items() if n}
        if len(used) < 1:
            continue
        rows.append({"forms": forms, "counts": counts, "contested": len(used) > 1})
    return rows


def compare_data(story: Story, article_ids: list[int] | None = None, *, tags: str = "accepted") -> dict[str, Any]:
    """Everything the comparison shows, as plain data (the page, compare.json and compare.csv)."""
    all_articles = story_articles(story)
    chosen = [a for a in all_articles if not article_ids or a.pk in article_ids][:MAX_COLUMNS]
    ids = [a.pk for a in chosen]
    quotes = list(Quote.objects.filter(article_id__in=ids).select_related("speaker").order_by("article_id", "start"))
    items = [
        QuoteItem(
            article=q.article_id,
            text=q.text,
            kind=q.kind,
            speaker=q.speaker.name if q.speaker else "",
            speaker_text=q.speaker_text or (q.speaker.name if q.speaker else ""),
            cue=q.cue_verb,
            stance=q.stance,
            ref=q,
        )
        for q in quotes
        if q.kind in ("direct", "partial", "indirect")
    ]
    # Shared quotes first (in order of first appearance), then the ones only one outlet carries.
    groups = align_quotes(items)
    groups.sort(key=lambda g: (not g.is_shared, min(m.ref.start for m in g.members.values()) if g.members else 0))

    class Row:
        def __init__(self, q: Quote) -> None:
            self.article = q.article_id
            self.kind = q.kind
            self.speaker = q.speaker.name if q.speaker else ""
            self.affiliation = q.speaker.affiliation if q.speaker else ""
            self.text = q.text

    balance = speaker_balance(Row(q) for q in quotes)
    terms = {a.pk: framing_terms(a.extraction or {}) for a in chosen}
    tag_qs = Annotation.objects.filter(article_id__in=ids, deleted_at__isnull=True)
    if tags != "all":
        tag_qs = tag_qs.filter(status=Annotation.Status.ACCEPTED)
    tag_counts: dict[int, Counter[str]] = defaultdict(Counter)
    for article_id, kind, label in tag_qs.values_list("article_id", "tag_type__kind", "tag_type__label"):
        tag_counts[article_id][f"{kind} · {label}"] += 1
    outlet_of = {a.pk: next((c.outlet for c in a.credits.all() if c.role == "primary"), None) for a in chosen}
    return {
        "story": story,
        "all_articles": all_articles,
        "articles": chosen,
        "outlet_of": outlet_of,
        "groups": groups,
        "balance": balance,
        "balance_affiliation": by_affiliation(balance),
        "framing_terms": terms,
        "framing_only": framing_contrast(terms),
        "naming": naming_choices(chosen),
        "tag_counts": tag_counts,
        "extraction": {a.pk: a.extraction or {} for a in chosen},
        "figures": figure_table([(a.pk, figures_of(a)) for a in chosen]),
        "chains": chains_by_article(ids, outlet_of),
    }


def chains_by_article(ids: list[int], outlet_of: dict[int, Any]) -> dict[int, list[AttributionChain]]:
    found: dict[int, list[AttributionChain]] = {pk: [] for pk in ids}
    for chain in (
        AttributionChain.objects.filter(article_id__in=ids).select_related("quote").order_by("article_id", "start")
    ):
        outlet = outlet_of.get(chain.article_id)
        chain.publisher = outlet.name if outlet else None
        found[chain.article_id].append(chain)
    return found


FIGURE_FIELDS = ("text", "value", "value_high", "qualifier", "unit", "counted", "date", "source")


def figures_of(article: Article) -> list[dict[str, Any]]:
    """The article's figures as stored by extraction (run again for articles stored before figures existed)."""
    stored = (article.extraction or {}).get("figures")
    if stored is not None:
        return list(stored)
    from dataclasses import asdict

    from newsdesk.extraction import extract

    return [asdict(f) for f in extract(article.body).figures]


def compare_json(data: dict[str, Any]) -> dict[str, Any]:
    """The documented JSON shape of /stories/<slug>/compare.json."""
    story = data["story"]
    outlet = lambda pk: data["outlet_of"][pk].name if data["outlet_of"].get(pk) else None  # noqa: E731
    return {
        "story": {"slug": story.slug, "title": story.title, "date": story.date.isoformat() if story.date else None},
        "articles": [
            {
                "id": a.pk,
                "title": a.title,
                "url": a.url,
                "published_at": a.published_at.isoformat() if a.published_at else None,
                "outlet": outlet(a.pk),
                "credits": [{"outlet": c.outlet.name, "role": c.role} for c in a.credits.all()],
            }
            for a in data["articles"]
        ],
        "quote_groups": [
            {
                "shared": g.is_shared,
                "score": round(g.score, 1),
                "members": [
                    {
                        "article": m.article,
                        "outlet": outlet(m.article),
                        "text": m.text,
                        "kind": m.kind,
                        "cue": m.cue,
                        "stance": m.stance,
                        "speaker": m.speaker,
                        "speaker_as_named": m.speaker_text,
                    }
                    for m in g.members.values()
                ],
            }
            for g in data["groups"]
        ],
        "speaker_balance": {str(a): rows for a, rows in data["balance"].items()},
        "framing_terms": {
            str(a): [{"term": t, "label": label, "count": n} for (t, label), n in terms.items()]
            for a, terms in data["framing_terms"].items()
        },
        "framing_only_in": {
            str(a): [{"term": t, "label": label} for t, label in only] for a, only in data["framing_only"].items()
        },
        "tag_counts": {str(a): dict(c) for a, c in data["tag_counts"].items()},
        "chains": {
            str(a): [{"path": c.path, "links": c.links, "quote": c.quote.text if c.quote else None} for c in found]
            for a, found in data["chains"].items()
        },
        "figures": [
            {
                "category": row["key"],
                "label": row["label"],
                "disagree": row["disagree"],
                "disagreeing_outlets": [[outlet(a), outlet(b)] for a, b in row["pairs"]],
                "by_article": {
                    str(a): {"outlet": outlet(a), "figures": [{k: f.get(k) for k in FIGURE_FIELDS} for f in found]}
                    for a, found in row["cells"].items()
                },
            }
            for row in data["figures"]
        ],
    }


# Outlet profiles


def outlet_profile(outlet: Outlet) -> dict[str, Any]:
    article_ids = list(
        ArticleCredit.objects.filter(outlet=outlet, role=ArticleCredit.Role.PRIMARY).values_list(
            "article_id", flat=True
        )
    )
    stances = Counter(
        dict(
            Quote.objects.filter(article_id__in=article_ids)
            .exclude(stance="")
            .values("stance")
            .annotate(n=Count("id"))
            .values_list("stance", "n")
        )
    )
    speakers = list(
        Quote.objects.filter(
            article_id__in=article_ids, speaker__isnull=False, kind__in=["direct", "partial", "indirect"]
        )
        .values("speaker__name", "speaker__affiliation")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker__name")[:10]
    )
    labels = list(
        Annotation.objects.filter(
            article_id__in=article_ids, deleted_at__isnull=True, status=Annotation.Status.ACCEPTED
        )
        .values("tag_type__kind", "tag_type__label")
        .annotate(n=Count("id"))
        .order_by("-n")[:15]
    )
    over_time = list(
        Annotation.objects.filter(article_id__in=article_ids, deleted_at__isnull=True)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    stories = list(
        Story.objects.filter(articles__in=article_ids)
        .annotate(n=Count("articles", filter=Q(articles__in=article_ids)))
        .order_by("-date", "title")
        .distinct()[:30]
    )
    cues = list(
        Quote.objects.filter(article_id__in=article_ids)
        .exclude(cue_verb="")
        .values("cue_verb", "stance")
        .annotate(n=Count("id"))
        .order_by("-n")[:12]
    )
    return {
        "articles": len(article_ids),
        "stances": stances,
        "speakers": speakers,
        "labels": labels,
        "over_time": over_time,
        "stories": stories,
        "cues": cues,
    }


def outlets_shared_stories(a: Outlet, b: Outlet) -> list[Story]:
    primary = ArticleCredit.Role.PRIMARY
    return list(
        Story.objects.filter(articles__credits__outlet=a, articles__credits__role=primary)
        .filter(articles__credits__outlet=b)
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
