"""Outlet-blind annotation: who must not see an article's outlet, and the text they see instead.

A campaign with `is_blind` hides the outlet from its annotators (and, with
`is_blind_for_reviewers`, from its reviewers): credits, byline, URL, the credit line, "Read
more" links, web addresses and the publishing outlet's own name in the text. The text is
masked character for character ("█"), so offsets stay those of the stored body and tags
made on the masked text land on the real one. Admins are never blind; a user who reveals
an article (a logged `BlindReveal`) sees it in full from then on.
"""

import re
from typing import Any

from annotations.models import Assignment, BlindReveal, Campaign
from newsdesk.models import Article, ArticleCredit
from newsdesk.roles import is_admin, is_reviewer

MASK = "█"
IDENTIFYING_ROLES = (
    ArticleCredit.Role.PRIMARY,
    ArticleCredit.Role.ADDITIONAL_INPUT,
    ArticleCredit.Role.SYNDICATED_FROM,
)
WEB_ADDRESS = re.compile(r"https?://\S+|www\.\S+|\b[\w-]+\.(?:com|org|net|ru|ua|uk|co|info|news|example)\b(?:/\S*)?")


UNKNOWN = object()


def blind_campaign(user: Any, article: Article, assignment: Any = UNKNOWN) -> Campaign | None:
    """The campaign that hides this article's outlet from `user`, or None.

    Pass the user's assignment on the article when the view already has it (None if it
    has none): an annotator in an ordinary campaign then costs no query at all.
    """
    if not user.is_authenticated or is_admin(user):
        return None
    if assignment is UNKNOWN:
        assignment = (
            Assignment.objects.filter(
                annotator=user, article=article, campaign__is_active=True, campaign__is_blind=True
            )
            .select_related("campaign")
            .first()
        )
    campaign = assignment.campaign if assignment is not None and assignment.campaign.is_blind else None
    if campaign is None and is_reviewer(user):
        campaign = Campaign.objects.filter(articles=article, is_active=True, is_blind_for_reviewers=True).first()
    if campaign is not None and BlindReveal.objects.filter(user=user, article=article).exists():
        return None
    return campaign


def blind_article_ids(user: Any) -> set[int]:
    """Every article whose outlet is hidden from `user` (one or two queries)."""
    if not user.is_authenticated or is_admin(user):
        return set()
    ids = set(
        Assignment.objects.filter(annotator=user, campaign__is_active=True, campaign__is_blind=True).values_list(
            "article_id", flat=True
        )
    )
    if is_reviewer(user):
        ids |= set(
            Campaign.articles.through.objects.filter(
                campaign__is_active=True, campaign__is_blind_for_reviewers=True
            ).values_list("article_id", flat=True)
        )
    if ids:
        ids -= set(BlindReveal.objects.filter(user=user, article_id__in=ids).values_list("article_id", flat=True))
    return ids


def identifying_spans(article: Article, credits: list[ArticleCredit]) -> list[tuple[int, int]]:
    """Where the text gives its outlet away: credit lines, cross-links, addresses, the outlet's name."""
    body = article.body
    spans: list[tuple[int, int]] = []
    names: set[str] = set()
    for credit in credits:
        if credit.role not in IDENTIFYING_ROLES:
            continue
        names.add(credit.outlet.name)
        if credit.outlet.domain:
            names.add(credit.outlet.domain)
        if credit.start is not None and credit.end is not None and 0 <= credit.start < credit.end <= len(body):
            spans.append((credit.start, credit.end))
    for link in (article.extraction or {}).get("cross_links", []):
        if isinstance(link, dict) and isinstance(link.get("start"), int) and isinstance(link.get("end"), int):
            spans.append((link["start"], link["end"]))
    for name in names:
        if name.strip():
            spans += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name.strip())}(?!\w)", body, re.IGNORECASE)]
    spans += [m.span() for m in WEB_ADDRESS.finditer(body)]
    return sorted(spans)


def masked(body: str, spans: list[tuple[int, int]]) -> str:
    """`body` with every character inside `spans` (except line breaks) replaced by the mask."""
    if not spans:
        return body
    chars = list(body)
    for start, end in spans:
        for i in range(max(0, start), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = MASK
    return "".join(chars)


def blind_body(article: Article, credits: list[ArticleCredit] | None = None) -> str:
    if credits is None:
        credits = list(article.credits.select_related("outlet"))
    return masked(article.body, identifying_spans(article, credits))


def check_not_blind(user: Any, articles: Any) -> None:
    """403 if `articles` (a queryset) holds an article whose outlet is hidden from `user`.

    Story, comparison and outlet pages are about outlets: they stay closed to an annotator
    while a blind campaign hides the outlet of one of their articles.
    """
    from django.core.exceptions import PermissionDenied

    ids = blind_article_ids(user)
    if ids and articles.filter(pk__in=ids).exists():
        raise PermissionDenied(
            "This page shows outlets, and a blind campaign you work in hides the outlet of one of its articles."
        )
