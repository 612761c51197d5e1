"""Revisions of an article: the chain, what changed, and the tags that could not be carried across."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from annotations.models import Annotation, RevisionOrphan
from annotations.revisions import FUZZY_THRESHOLD, diff_html, diff_too_long, orphan_place, orphan_retire
from annotations.visibility import article_view_for, article_views_for
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.models import Article
from newsdesk.roles import REVIEWER, is_reviewer, role_required


def revision_chain(article: Article) -> list[Article]:
    """Every revision of the article, oldest first, from one query.

    Revisions are made only for a URL already stored, so they all share the article's URL;
    the links between them (`previous`) say which of those rows form this chain.
    """
    if not article.url:
        return [article]
    rows = Article.objects.filter(url=article.url).only("id", "title", "revision", "created_at", "previous_id")
    by_pk = {row.pk: row for row in rows}
    following = {row.previous_id: row for row in by_pk.values() if row.previous_id in by_pk}
    first = by_pk.get(article.pk, article)
    while first.previous_id in by_pk:
        first = by_pk[first.previous_id]
    chain = [first]
    while chain[-1].pk in following:
        chain.append(following[chain[-1].pk])
    return chain


@require_GET
@login_required
def article_revisions(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk)
    previous = Article.objects.filter(pk=article.previous_id).first() if article.previous_id else None
    chain = revision_chain(article)
    # Every revision as this user may see it: a blind user reads the diff of the masked texts.
    views = article_views_for(request.user, [article, *chain, *([previous] if previous else [])])
    view = views[article.pk]
    refused = diff_too_long(views[previous.pk].body, view.body) if previous else ""
    orphans = list(
        RevisionOrphan.objects.filter(revision=article)
        .select_related("annotation__tag_type", "annotation__annotator", "placed_as", "resolved_by")
        .order_by("resolution", "annotation__start")
    )
    for orphan in orphans:
        if orphan.annotation.article_id in views:
            views[orphan.annotation.article_id].annotation(orphan.annotation)
        if orphan.placed_as is not None:
            view.annotation(orphan.placed_as)
    context = {
        "article": view,
        "previous": views[previous.pk] if previous else None,
        "chain": [views[rev.pk] for rev in chain],
        "diff_refused": refused,
        "diff": diff_html(views[previous.pk].body, view.body) if previous and not refused else None,
        "orphans": orphans,
        "open_orphans": sum(1 for o in orphans if not o.resolution),
        "carried": Annotation.objects.alive()
        .filter(article=article, events__action="created", events__comment__startswith="Carried")
        .count()
        if previous
        else 0,
        # Placing matches words against the real text: not for a user who sees it masked.
        "can_resolve": is_reviewer(request.user) and not view.is_blind,
        "threshold": FUZZY_THRESHOLD,
    }
    return render(request, "annotations/article_revisions.html", context)


@require_POST
@role_required(REVIEWER)
def orphan_resolve(request: AuthenticatedHttpRequest, orphan_pk: int) -> HttpResponse:
    orphan = get_object_or_404(RevisionOrphan.objects.select_related("revision", "annotation"), pk=orphan_pk)
    back = redirect("annotations:article_revisions", pk=orphan.revision_id)
    if article_view_for(request.user, orphan.revision).is_blind:
        raise PermissionDenied("Placing a tag matches words against the real text, which this article hides from you.")
    if orphan.resolution:
        messages.info(request, "This tag was already dealt with.")
        return back
    if request.POST.get("action") == "retire":
        orphan_retire(orphan=orphan, actor=request.user, comment=(request.POST.get("comment") or "")[:500])
        messages.success(request, "Retired: the tag stays on the old revision only.")
        return back
    try:
        occurrence = int(request.POST.get("occurrence") or 1)
    except ValueError:
        occurrence = 0
    try:
        moved = orphan_place(
            orphan=orphan, text=request.POST.get("text", ""), actor=request.user, occurrence=occurrence
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return back
    messages.success(request, f"Placed on “{moved.text[:60]}”.")
    return back
