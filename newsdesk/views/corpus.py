"""Reading views: the dashboard, the article list with search and filters, the reading view."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from annotations.blind import blind_article_ids, blind_campaign, identifying_spans, masked
from annotations.models import Annotation, Assignment, Campaign, TagType
from newsdesk.highlight import paragraphs_with_spans
from newsdesk.models import LATEST_REVISION, Article, ArticleCredit, Outlet, Quote, Speaker, Story
from newsdesk.queries import story_choices
from newsdesk.roles import is_admin, is_annotator, is_reviewer
from newsdesk.search import search_snippets
from newsdesk.views.reading import reading_spans
from newsdesk.views.selection import ArticleFilters

PAGE_SIZE = 25


def partial(request: Any, template: str, name: str) -> str:
    """The named partial for an htmx request that is not boosted, else the full page."""
    return f"{template}#{name}" if request.htmx and not request.htmx.boosted else template


@require_GET
@login_required
def dashboard(request: Any) -> HttpResponse:
    assignments = (
        Assignment.objects.filter(annotator=request.user)
        .exclude(status=Assignment.Status.DONE)
        .select_related("article", "campaign")
        .order_by("campaign_id", "position", "id")[:10]
    )
    # The 8 most recent stories first, then their article counts: not a count over every story.
    recent = Story.objects.order_by("-date", "-id").values("pk")[:8]
    stories = (
        Story.objects.filter(pk__in=Subquery(recent))
        .annotate(n_articles=Count("articles", filter=LATEST_REVISION))
        .order_by("-date", "-id")
    )
    figures = {
        "articles": Article.objects.count(),
        "stories": Story.objects.count(),
        "outlets": Outlet.objects.count(),
        "speakers": Speaker.objects.count(),
        "quotes": Quote.objects.count(),
        "tags": Annotation.objects.filter(deleted_at__isnull=True).count(),
    }
    context = {
        "assignments": assignments,
        "show_assignments": is_annotator(request.user) or assignments,
        "stories": stories,
        "figures": figures,
        "recent_articles": Article.objects.with_primary_outlets()
        .exclude(pk__in=blind_article_ids(request.user))
        .order_by("-created_at")[:6],
    }
    return render(request, "newsdesk/dashboard.html", context)


@require_GET
@login_required
def article_list(request: Any) -> HttpResponse:
    filters = ArticleFilters.from_params(request.GET)
    blind_ids = blind_article_ids(request.user)
    qs = filters.articles(blind_ids)
    qs = qs.select_related("story").prefetch_related(*Article.objects.with_primary_outlets()._prefetch_related_lookups)
    # An article the outlet edited is listed per revision; each row says which one it is.
    qs = qs.annotate(has_newer=Exists(Article.objects.filter(previous_id=OuterRef("pk"))))
    page = Paginator(qs.defer("body", "extraction"), PAGE_SIZE).get_page(request.GET.get("page"))
    snippets = search_snippets(filters.query, [a.pk for a in page]) if filters.query else {}
    for article in page:
        article.snippet = snippets.get(article.pk)  # type: ignore[attr-defined]
    can_fill = is_reviewer(request.user)
    context = {
        "page": page,
        "query": filters.query,
        "filters": filters.params(),
        # While a blind campaign hides outlets from this user, no outlet menu either.
        "outlets": [] if blind_ids else Outlet.objects.order_by("name").only("name", "slug"),
        "stories": story_choices(request.GET.get("story", "")),
        "tag_types": TagType.objects.filter(is_active=True).order_by("kind", "order"),
        "selected": {
            "outlet": filters.outlet,
            "story": filters.story,
            "tag": filters.tag,
            "from": filters.since,
            "to": filters.until,
        },
        # Who may put the listed articles in a story (reviewers) or a campaign (admins).
        "can_fill": can_fill,
        "fill_campaigns": Campaign.objects.filter(is_active=True).only("name") if is_admin(request.user) else [],
    }
    return render(request, partial(request, "newsdesk/article_list.html", "article-results"), context)


def chains_with_publisher(article: Article, credits: list[ArticleCredit]) -> list[Any]:
    """The article's attribution chains, each with the publishing outlet in front."""
    publisher = next((c.outlet.name for c in credits if c.role == ArticleCredit.Role.PRIMARY), None)
    chains = list(article.chains.select_related("quote"))
    for chain in chains:
        chain.publisher = publisher
    return chains


@require_GET
@login_required
def article_detail(request: Any, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("story"), pk=pk)
    credits = list(article.credits.select_related("outlet").order_by("role", "outlet__name"))
    quotes = list(article.quotes.select_related("speaker").order_by("start"))
    blind = blind_campaign(request.user, article) is not None
    body, extraction = article.body, article.extraction or {}
    if blind:  # an outlet-blind campaign: nothing that gives the outlet away
        body = masked(article.body, identifying_spans(article, credits))
        credits, extraction = [], {}
        for quote in quotes:
            quote.text = body[quote.start : quote.end]  # shown only, never saved
    spans = reading_spans(article, quotes)
    speakers = {}
    for quote in quotes:
        if quote.speaker_id and quote.speaker_id not in speakers:
            speakers[quote.speaker_id] = quote.speaker
    context = {
        "article": article,
        "blind": blind,
        "credits": credits,
        "primary": [c for c in credits if c.role == ArticleCredit.Role.PRIMARY],
        "quotes": quotes,
        "speakers": list(speakers.values()),
        "paragraphs": paragraphs_with_spans(body, spans),
        "extraction": extraction,
        "can_annotate": Assignment.objects.filter(article=article, annotator=request.user).exists(),
        "has_newer": Article.objects.filter(previous_id=article.pk).exists(),
        "chains": [] if blind else chains_with_publisher(article, credits),
    }
    return render(request, "newsdesk/article_detail.html", context)


@require_GET
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico on pages without a <link rel="icon"> (JSON, the API docs)."""
    return HttpResponseRedirect(static("img/favicon.svg"))  # resolved per request: no manifest needed at import
