"""Campaigns: list, create/edit (admins), progress and agreement, adjudication into a gold layer."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from annotations import gold
from annotations.agreement import campaign_agreement, campaign_coders
from annotations.campaigns import annotator_stats, campaign_assign, campaign_breakdown, campaign_progress
from annotations.forms import CampaignForm, GoldTagForm
from annotations.models import Annotation, BlindReveal, Campaign, GoldAnnotation
from annotations.selectors import campaigns_for_user, get_campaign_for_user
from annotations.visibility import (
    ArticleView,
    article_view_for,
    article_views_for,
    campaign_shows_outlets,
    with_article_views,
)
from newsdesk.charts import bar_chart
from newsdesk.highlight import paragraphs_with_spans
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.markup import markdown_html
from newsdesk.models import Article
from newsdesk.params import id_or_404
from newsdesk.roles import ADMIN, REVIEWER, AnyUser, is_admin, is_reviewer, role_required


@require_GET
@login_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    campaigns = (
        campaigns_for_user(request.user)
        .annotate(
            n_articles=Count("articles", distinct=True),
            n_assignments=Count("assignments", distinct=True),
            n_done=Count("assignments", filter=Q(assignments__status="done"), distinct=True),
        )
        .order_by("-is_active", "-created_at")
    )
    return render(
        request, "annotations/campaign_list.html", {"campaigns": campaigns, "can_create": is_admin(request.user)}
    )


@require_GET
@login_required
def campaign_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(user=request.user, pk=pk)
    stats = annotator_stats(campaign)
    agreement = campaign_agreement(campaign)
    kinds = agreement.get("kinds", {})
    charts = {
        "tags": bar_chart([(s["annotator"], s["tags"]) for s in stats], title="Tags per annotator"),
        "acceptance": bar_chart(
            [(s["annotator"], round(100 * s["acceptance"]) if s["acceptance"] is not None else None) for s in stats],
            title="Acceptance rate per annotator",
            unit="%",
            series=1,
        ),
        "alpha": bar_chart(
            [(kind, round(v["alpha"], 2) if v.get("alpha") is not None else None) for kind, v in kinds.items()],
            title="Krippendorff's alpha per kind",
            series=2,
        ),
    }
    shared_articles = Article.objects.filter(pk__in=agreement["article_ids"]).order_by("id").only("id", "title")
    context = {
        "campaign": campaign,
        "progress": campaign_progress(campaign),
        "stats": stats,
        "agreement": agreement,
        "charts": charts,
        **campaign_breakdown(campaign),
        "guidelines": markdown_html(campaign.guidelines),
        "shared_articles": list(article_views_for(request.user, shared_articles).values()),
        "reveals": reveals_as_seen(request.user, campaign),
        "shows_outlets": campaign_shows_outlets(request.user, campaign),
        "can_review": is_reviewer(request.user),
        "can_edit": is_admin(request.user),
    }
    return render(request, "annotations/campaign_detail.html", context)


def reveals_as_seen(user: AnyUser, campaign: Campaign) -> list[BlindReveal]:
    """The campaign's reveal log, with titles and reasons masked where the viewer is blind."""
    reveals = with_article_views(
        user,
        list(
            BlindReveal.objects.filter(campaign=campaign)
            .select_related("user", "article")
            .only("user__username", "article__title", "created_at", "reason", "campaign_id")[:100]
        ),
    )
    for reveal in reveals:
        reveal.shown_reason = reveal.article_view.mask(reveal.reason)  # type: ignore[attr-defined]
    return reveals


@require_http_methods(["GET", "POST"])
@role_required(ADMIN)
def campaign_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk) if pk else None
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save(commit=False)
            if saved.pk is None:
                saved.created_by = request.user
            saved.save()
            form.save_m2m()
            saved.articles.add(*form.selected_articles())
            made = campaign_assign(campaign=saved)
        messages.success(request, f"Saved “{saved.name}”: {saved.articles.count()} articles, {made} new assignments.")
        return redirect("annotations:campaign_detail", pk=saved.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "annotations/campaign_form.html", {"form": form, "campaign": campaign}, status=status)


# Adjudication: the gold layer, beside the annotators' tags


def adjudication_rows(annotations: list[Annotation], coders: list[str]) -> list[dict[str, Any]]:
    """The annotators' versions grouped by span and label, with who has each and who does not."""
    groups: dict[tuple[int, int, int], list[Annotation]] = {}
    for a in annotations:
        groups.setdefault((a.start, a.end, a.tag_type_id), []).append(a)
    rows = []
    for (start, end, _), members in groups.items():
        who = {m.annotator.get_username() for m in members}
        rows.append(
            {
                "start": start,
                "end": end,
                "text": members[0].text,
                "tag_type": members[0].tag_type,
                "members": members,
                "agreed": len(coders) > 1 and set(coders) <= who,
                "missing": sorted(set(coders) - who),
            }
        )
    return rows


def adjudication_post(
    request: AuthenticatedHttpRequest, campaign: Campaign, article: Article, view: ArticleView, form: GoldTagForm
) -> str:
    """Apply one adjudication form; the message to show. Raises ValidationError / GoldConflict.

    Offsets and texts come as `view` shows them (masked for a blind reviewer) and are stored on the real text.
    """
    data = request.POST
    if data.get("use"):
        annotation = get_object_or_404(
            Annotation.objects.alive().select_related("annotator", "tag_type", "campaign", "article"),
            pk=id_or_404(data["use"]),
            article=article,
            campaign=campaign,
        )
        gold.gold_from_annotation(annotation=annotation, actor=request.user)
        shown = view.text(annotation.start, annotation.end)[:50]
        return f"Took {annotation.annotator.get_username()}’s version of “{shown}” into the gold layer."
    if data.get("remove"):
        item = get_object_or_404(GoldAnnotation, pk=id_or_404(data["remove"]), article=article, campaign=campaign)
        gold.gold_remove(item=item, actor=request.user, version=data.get("version"))
        return f"Removed “{view.text(item.start, item.end)[:50]}” from the gold layer."
    if not form.is_valid():
        raise ValidationError("Check the form: " + "; ".join(str(e) for errors in form.errors.values() for e in errors))
    d = form.cleaned_data
    start, end, text = view.stored_span(d["start"], d["end"], d["text"] or None)
    gold.gold_create(
        campaign=campaign,
        article=article,
        actor=request.user,
        start=start,
        end=end,
        text=text,
        tag_type=d["tag_type"],
        note=d["note"],
    )
    return "Added your item to the gold layer."


@require_http_methods(["GET", "POST"])
@role_required(REVIEWER)
def campaign_adjudicate(request: AuthenticatedHttpRequest, pk: int, article_pk: int) -> HttpResponse:
    """The annotators' versions side by side (never changed here) and the gold layer built from them."""
    campaign = get_object_or_404(Campaign, pk=pk)
    article = get_object_or_404(Article, pk=article_pk, campaigns=campaign)
    view = article_view_for(request.user, article)  # offsets and texts as this reviewer sees them
    adding = request.method == "POST" and not (request.POST.get("use") or request.POST.get("remove"))
    form = GoldTagForm(request.POST if adding else None)
    if request.method == "POST":
        try:
            messages.success(request, adjudication_post(request, campaign, article, view, form))
            return redirect("annotations:campaign_adjudicate", pk=pk, article_pk=article_pk)
        except ValidationError as exc:
            if not form.errors:
                form.add_error(None, " ".join(exc.messages))
        except gold.GoldConflict as exc:
            form.add_error(None, str(exc))
        problem = True
    else:
        problem = False
    annotations = list(
        Annotation.objects.alive()
        .filter(article=article, campaign=campaign)
        .select_related("tag_type", "annotator")
        .order_by("start", "-end", "annotator__username")
    )
    coders = list(campaign_coders(campaign, article_ids=[article.pk]).get(article.pk, ()))
    layer = gold.gold_layer(campaign=campaign, article=article)
    in_gold = {item.source_id for item in layer}
    for a in annotations:
        a.in_gold = a.pk in in_gold  # type: ignore[attr-defined]
    view.annotations(annotations)
    for item in layer:
        view.annotation(item)  # type: ignore[arg-type]  # a gold item has the same span fields
    rows = adjudication_rows(annotations, coders)
    context = {
        "campaign": campaign,
        "article": view,
        "annotators": coders,
        "rows": rows,
        "gold": layer,
        "paragraphs": paragraphs_with_spans(view.body, annotations),
        "form": form,
        "agreed": sum(1 for r in rows if r["agreed"]),
    }
    return render(request, "annotations/campaign_adjudicate.html", context, status=422 if problem else 200)
