"""Adding articles picked on the article list to a campaign (admins), in one action."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST

from annotations.campaigns import campaign_add_articles as campaign_fill
from annotations.models import Campaign
from newsdesk.http import AuthenticatedHttpRequest
from newsdesk.params import id_or_none
from newsdesk.roles import ADMIN, role_required
from newsdesk.selection import articles_selected, selection_done


@require_POST
@role_required(ADMIN)
def campaign_add_articles(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The selected articles (checked rows, or every match of the list's filters) into `campaign`."""
    fallback = reverse("article_list")
    campaign_id = id_or_none(request.POST.get("campaign"))
    if campaign_id is None:
        return selection_done(request, "Choose the campaign to add them to.", ok=False, fallback=fallback)
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    articles = articles_selected(request)
    if not articles.exists():
        return selection_done(request, "Select some articles first.", ok=False, fallback=fallback)
    added, made = campaign_fill(campaign=campaign, articles=articles)
    total = articles.count()
    message = f"Added {added} article{'s' if added != 1 else ''} to “{campaign.name}”"
    if total > added:
        message += f" ({total - added} {'was' if total - added == 1 else 'were'} in it already)"
    return selection_done(
        request, f"{message}; {made} new assignment{'s' if made != 1 else ''}.", ok=True, fallback=fallback
    )
