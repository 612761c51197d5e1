"""Reading views: the dashboard, the article list with search and filters, the reading view."""

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from newsdesk.highlight import paragraphs_with_spans
from newsdesk.hooks import hooks
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import LATEST_REVISION, Article, ArticleCredit, ArticleQuerySet, Outlet, Quote, Speaker, Story
from newsdesk.queries import story_choices
from newsdesk.reading import reading_spans
from newsdesk.roles import is_reviewer
from newsdesk.search import search_snippets
from newsdesk.selection import ArticleFilters

PAGE_SIZE = 25


def partial(request: AuthenticatedHttpRequest, template: str, name: str) -> str:
    """The named partial for an htmx request that is not boosted, else the full page."""
    return f"{template}#{name}" if request.htmx and not request.htmx.boosted else template


@require_GET
@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
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
    }
    context = {
        "stories": stories,
        "figures": figures,
        # Listed with their outlets: none hidden from this user.
        "recent_articles": hooks.visibility.without_hidden(
            request.user, Article.objects.with_primary_outlets()
        ).order_by("-created_at")[:6],
        **hooks.page_context("dashboard", request),  # the user's assignments, the number of tags
    }
    return render(request, "newsdesk/dashboard.html", context)


@require_GET
@login_required
def article_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = ArticleFilters.from_params(request.GET)
    qs = filters.articles(request.user)
    blind = hooks.visibility.is_blind_anywhere(request.user)
    qs = cast(ArticleQuerySet, qs.select_related("story")).with_primary_outlets()
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
        "outlets": [] if blind else Outlet.objects.order_by("name").only("name", "slug"),
        "stories": story_choices(request.GET.get("story", "")),
        "selected": {
            "outlet": filters.outlet,
            "story": filters.story,
            "tag": filters.tag,
            "from": filters.since,
            "to": filters.until,
        },
        # Who may put the listed articles in a story (reviewers) or a campaign (admins).
        "can_fill": can_fill,
        **hooks.page_context("article_list", request),  # the tag filter's labels, the campaigns to fill
    }
    return render(request, partial(request, "newsdesk/article_list.html", "article-results"), context)


def chains_with_publisher(article: Article, credits: list[ArticleCredit]) -> list[Any]:
    """The article's attribution chains, each with the publishing outlet in front."""
    publisher = next((c.outlet.name for c in credits if c.role == ArticleCredit.Role.PRIMARY), None)
    chains = list(article.chains.select_related("quote"))
    for chain in chains:
        chain.publisher = publisher  # type: ignore[attr-defined]  # read by the template, beside the masked chain
    return chains


@require_GET
@login_required
def article_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("story"), pk=pk)
    view = hooks.visibility.article_view_for(request.user, article)  # what this user may see of it
    credits = view.credits(list(article.credits.select_related("outlet").order_by("role", "outlet__name")))
    quotes = view.quotes(list(article.quotes.select_related("speaker").order_by("start")))
    speakers = {}
    for quote in quotes:
        if quote.speaker_id and quote.speaker_id not in speakers:
            speakers[quote.speaker_id] = quote.speaker
    context = {
        "article": view,
        "blind": view.is_blind,
        "credits": credits,
        "primary": [c for c in credits if c.role == ArticleCredit.Role.PRIMARY],
        "quotes": quotes,
        "speakers": list(speakers.values()),
        "paragraphs": paragraphs_with_spans(view.body, reading_spans(view.extraction, quotes)),
        "extraction": view.extraction,
        "has_newer": Article.objects.filter(previous_id=article.pk).exists(),
        "chains": view.chains(chains_with_publisher(article, credits)),
        **hooks.page_context("article_detail", request, article=article),  # can_annotate
    }
    return render(request, "newsdesk/article_detail.html", context)


@require_GET
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask for /favicon.ico on pages without a <link rel="icon"> (JSON, the API docs)."""
    return HttpResponseRedirect(static("img/favicon.svg"))  # resolved per request: no manifest needed at import
