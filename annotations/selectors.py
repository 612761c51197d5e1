"""Reads with a permission: the rows a user may act on, or 403/404 (views and the API call the same ones)."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from annotations.models import Annotation, Campaign
from annotations.services import check_can_annotate
from newsdesk.roles import AnyUser, is_reviewer


def get_annotation_for_write(*, user: User, pk: int) -> Annotation:
    """The user's own tag on an article they may tag (404 if there is no such tag, 403 if it is not theirs)."""
    annotation = get_object_or_404(Annotation.objects.select_related("article", "tag_type", "campaign"), pk=pk)
    check_can_annotate(user=user, article=annotation.article)
    if annotation.annotator_id != user.pk:
        raise PermissionDenied("You can only change your own tags.")
    return annotation


def get_annotation_for_read(*, user: User, pk: int, include_deleted: bool = False) -> Annotation:
    """A tag and its history are for its annotator, reviewers and admins (404 if none, 403 for anyone else)."""
    tags = Annotation.objects.all() if include_deleted else Annotation.objects.alive()
    annotation = get_object_or_404(tags.select_related("tag_type", "annotator", "article"), pk=pk)
    if annotation.annotator_id != user.pk and not is_reviewer(user):
        raise PermissionDenied("You can only see your own tags.")
    return annotation


def campaigns_for_user(user: AnyUser) -> QuerySet[Campaign]:
    """The campaigns whose pages `user` may open: all for reviewers and admins, else the ones they work in."""
    if is_reviewer(user):
        return Campaign.objects.all()
    mine = Campaign.objects.filter(Q(annotators=user) | Q(assignments__annotator=user)).values("pk")
    return Campaign.objects.filter(pk__in=mine)


def get_campaign_for_user(*, user: AnyUser, pk: int) -> Campaign:
    """A campaign's page is for its annotators, reviewers and admins (404 if none, 403 for anyone else)."""
    campaign = get_object_or_404(Campaign, pk=pk)
    if not campaigns_for_user(user).filter(pk=campaign.pk).exists():
        raise PermissionDenied("This campaign's page is for its annotators, its reviewers and admins.")
    return campaign
