"""Campaigns: list, create/edit (admins), progress and agreement, adjudication into a gold layer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from annotations.agreement import campaign_agreement
from annotations.campaigns import annotator_stats, campaign_assign, campaign_breakdown, campaign_progress
from annotations.forms import CampaignForm
from annotations.models import BlindReveal, Campaign
from annotations.selectors import campaigns_for_user, get_campaign_for_user
from annotations.visibility import (
    article_views_for,
    campaign_shows_outlets,
    with_article_views,
)
from newsdesk.charts import bar_chart
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.markup import markdown_html
from newsdesk.models import Article
from newsdesk.roles import ADMIN, AnyUser, is_admin, is_reviewer, role_required


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
