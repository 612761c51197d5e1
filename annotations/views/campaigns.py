"""Campaigns: list, progress and agreement (placeholder until review lands)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from annotations.models import Campaign


@require_GET
@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(request, "annotations/campaign_list.html", {"campaigns": Campaign.objects.all()})


@require_GET
@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    return render(request, "annotations/campaign_detail.html", {"campaign": campaign})
