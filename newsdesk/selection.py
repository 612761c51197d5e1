"""Which articles a request means: the article list's filters and search, and a selection made on it.

The list, its "add to a story / campaign" actions and the finished-import page all read
the same parameters here, so "every article matching" means the same rows everywhere:
the filters of the list (q, outlet, story, tag, from, to), without the articles a blind
campaign hides from the user.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django_htmx.http import reswap, retarget

from newsdesk.hooks import hooks
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Article, Outlet, Story
from newsdesk.params import id_or_none, ids_from, next_url
from newsdesk.roles import AnyUser
from newsdesk.search import articles_search
from newsdesk.selectors import get_job_for_user

FILTER_NAMES = ("q", "outlet", "story", "tag", "from", "to")


def parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class ArticleFilters:
    query: str = ""
    outlet: Outlet | None = None
    story: Story | None = None
    tag: str = ""  # a tag label's slug (tags come from an app built on the corpus: hooks.tags)
    since: date | None = None
    until: date | None = None

    @classmethod
    def from_params(cls, params: Any) -> "ArticleFilters":
        """From query (or form) parameters; an unknown slug or a bad date is no filter."""

        def by_slug(model: Any, name: str) -> Any:
            value = (params.get(name) or "")[:200]
            return model.objects.filter(slug=value).first() if value else None

        return cls(
            query=(params.get("q") or "").strip()[:200],
            outlet=by_slug(Outlet, "outlet"),
            story=by_slug(Story, "story"),
            tag=tag if (tag := (params.get("tag") or "")[:200]) and hooks.tags.tag_exists(tag) else "",
            since=parse_date(params.get("from")),
            until=parse_date(params.get("to")),
        )

    def articles(self, user: AnyUser) -> QuerySet[Article]:
        """The matching articles, best match first when searching (else newest first)."""
        qs: QuerySet[Article] = Article.objects.all()
        if self.outlet:
            qs = qs.filter(credits__outlet=self.outlet)
        if self.story:
            qs = qs.filter(story=self.story)
        if self.tag:
            qs = hooks.tags.articles_tagged(qs, self.tag)
        if self.since:
            qs = qs.filter(published_at__date__gte=self.since)
        if self.until:
            qs = qs.filter(published_at__date__lte=self.until)
        if self.outlet:
            qs = qs.distinct()
        if self.query:
            qs = articles_search(qs, self.query)
        # Not listed: the list shows outlets and searches the real text (the workspace reaches them, masked).
        return hooks.visibility.without_hidden(user, qs)

    def params(self) -> dict[str, str]:
        """The filters as parameters again (for links and the selection form's hidden fields)."""
        values = {
            "q": self.query,
            "outlet": self.outlet.slug if self.outlet else "",
            "story": self.story.slug if self.story else "",
            "tag": self.tag,
            "from": self.since.isoformat() if self.since else "",
            "to": self.until.isoformat() if self.until else "",
        }
        return {name: value for name, value in values.items() if value}


def articles_selected(request: AuthenticatedHttpRequest) -> QuerySet[Article]:
    """The articles a selection form names: an import job's (`job`), every match of the list's filters
    (`all`), else the checked rows (`article`). Rows a blind campaign hides from the user are never in it.
    """
    job_id = id_or_none(request.POST.get("job"))
    if job_id is not None:
        # Whose job it is decides, as on the job's own page.
        chosen = Article.objects.filter(pk__in=get_job_for_user(user=request.user, pk=job_id).articles.values("pk"))
    elif request.POST.get("all"):
        return ArticleFilters.from_params(request.POST).articles(request.user)
    else:
        chosen = Article.objects.filter(pk__in=ids_from(request.POST.getlist("article")))
    return hooks.visibility.without_hidden(request.user, chosen)


def selection_done(request: AuthenticatedHttpRequest, message: str, *, ok: bool, fallback: str) -> HttpResponse:
    """After a selection action: back where the form was (an htmx request gets the list partial there)."""
    if ok:
        messages.success(request, message)
    elif request.htmx:
        response = render(request, "newsdesk/article_list.html#selection-message", {"message": message}, status=422)
        return reswap(retarget(response, "#selection-message"), "outerHTML")
    else:
        messages.error(request, message)
    return redirect(next_url(request, fallback))
