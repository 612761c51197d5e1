"""The adjudicated gold layer of a campaign: items beside the annotators' tags, never among them.

Adjudicators (reviewers and admins) build it article by article: take one annotator's
version (`gold_from_annotation`), add their own (`gold_create`), change an item
(`gold_replace`), take it out (`gold_remove`) or put it back (`gold_restore`). Nothing here
writes to `Annotation`, so the annotators' agreement, tag counts and statuses are the same
before and after adjudication. Every write is keyword-only, version-checked where the
client read a version, in one transaction, and recorded as a `GoldEvent` (who, when,
before, after).
"""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from annotations.models import Annotation, Campaign, GoldAnnotation, GoldEvent, TagType
from annotations.services import check_note, respanned
from annotations.spans import span_fields
from newsdesk.models import Article
from newsdesk.roles import AnyUser, is_admin, is_reviewer

Action = GoldEvent.Action


class GoldConflict(Exception):
    """The gold item changed since the adjudicator loaded the page."""

    def __init__(self, item: GoldAnnotation) -> None:
        super().__init__("This gold item was changed since you loaded the page. Reload to see the current version.")
        self.item = item


# Checks


def check_adjudicator(*, user: AnyUser, source: Annotation | None = None) -> None:
    if not is_reviewer(user):
        raise PermissionDenied("Only reviewers and admins build the gold layer.")
    if source is not None and source.annotator_id == user.pk and not is_admin(user):
        raise PermissionDenied("Reviewers do not adjudicate with their own tags.")


def check_in_campaign(*, campaign: Campaign, article: Article) -> None:
    if not campaign.articles.filter(pk=article.pk).exists():
        raise ValidationError("This article is not part of the campaign.", code="article_not_in_campaign")


def check_source(*, source: Annotation, campaign: Campaign, article: Article) -> None:
    if source.deleted_at is not None or source.campaign_id != campaign.pk or source.article_id != article.pk:
        raise ValidationError("That tag is not a live tag of this campaign on this article.", code="source_unknown")


# Reading


def gold_layer(*, campaign: Campaign, article: Article) -> list[GoldAnnotation]:
    """The live gold items of one article in one campaign, in text order."""
    return list(
        GoldAnnotation.objects.alive()
        .filter(campaign=campaign, article=article)
        .select_related("tag_type", "source__annotator", "created_by", "updated_by")
        .order_by("start", "-end", "id")
    )


def gold_history(*, item: GoldAnnotation) -> list[GoldEvent]:
    return list(item.events.select_related("actor").order_by("created_at", "id"))


# Writing


def record(item: GoldAnnotation, *, actor: User, action: str, before: Mapping[str, Any], comment: str = "") -> None:
    GoldEvent.objects.create(
        gold=item, actor=actor, action=action, before=dict(before), after=item.snapshot(), comment=comment
    )


@transaction.atomic
def gold_create(
    *,
    campaign: Campaign,
    article: Article,
    actor: User,
    start: int,
    end: int,
    tag_type: TagType,
    text: str | None = None,
    note: str = "",
    source: Annotation | None = None,
) -> tuple[GoldAnnotation, bool]:
    """A new gold item; (the live item already there, False) when the same span and label are in gold."""
    check_adjudicator(user=actor, source=source)
    check_in_campaign(campaign=campaign, article=article)
    if source is not None:
        check_source(source=source, campaign=campaign, article=article)
    span = span_fields(article.body, start, end, text)
    existing = (
        GoldAnnotation.objects.alive()
        .filter(campaign=campaign, article=article, start=start, end=end, tag_type=tag_type)
        .first()
    )
    if existing is not None:
        return existing, False
    item = GoldAnnotation(
        campaign=campaign,
        article=article,
        **span,
        tag_type=tag_type,
        note=check_note(note),
        source=source,
        created_by=actor,
        updated_by=actor,
    )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # a double submit raced past the lookup above
        found = GoldAnnotation.objects.alive().filter(
            campaign=campaign, article=article, start=start, end=end, tag_type=tag_type
        )
        return found.get(), False
    record(item, actor=actor, action=Action.CREATED, before={})
    return item, True


def gold_from_annotation(*, annotation: Annotation, actor: User) -> tuple[GoldAnnotation, bool]:
    """ "Use X's": the annotator's version becomes the gold item for its span and label.

    If gold already holds that span and label from another version, the item is replaced
    (its note and source become this tag's); the annotator's tag itself is not touched.
    """
    if annotation.campaign is None:
        raise ValidationError("Only tags made in a campaign can go into its gold layer.", code="source_unknown")
    item, created = gold_create(
        campaign=annotation.campaign,
        article=annotation.article,
        actor=actor,
        start=annotation.start,
        end=annotation.end,
        tag_type=annotation.tag_type,
        note=annotation.note,
        source=annotation,
    )
    if created or item.source_id == annotation.pk:
        return item, created
    return gold_replace(item=item, actor=actor, version=item.version, note=annotation.note, source=annotation), False


@transaction.atomic
def gold_change(
    *,
    item: GoldAnnotation,
    actor: User,
    action: str,
    version: Any,
    changes: Mapping[str, Any],
    comment: str = "",
) -> GoldAnnotation:
    """Lock, check the version, apply, bump the version, save, record (the gold layer's one write path)."""
    locked = GoldAnnotation.objects.select_for_update().select_related("tag_type", "article").get(pk=item.pk)
    try:
        expected = int(version)
    except (TypeError, ValueError):
        raise ValidationError("The gold item's version is missing; reload the page.", code="version_missing") from None
    if locked.version != expected:
        raise GoldConflict(locked)
    before = locked.snapshot()
    for name, value in respanned(locked, changes).items():
        setattr(locked, name, value)
    locked.version += 1
    locked.updated_by = actor
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        raise ValidationError(
            "The gold layer already holds that span with that label.", code="gold_duplicate"
        ) from None
    record(locked, actor=actor, action=action, before=before, comment=comment)
    return locked


def gold_replace(
    *,
    item: GoldAnnotation,
    actor: User,
    version: Any,
    start: int | None = None,
    end: int | None = None,
    text: str | None = None,
    tag_type: TagType | None = None,
    note: str | None = None,
    source: Annotation | None | bool = False,
) -> GoldAnnotation:
    """Change a live gold item (span, label, note, or whose version it is); `source=False` keeps the source."""
    check_adjudicator(user=actor, source=source if isinstance(source, Annotation) else None)
    if item.removed_at is not None:
        raise GoldConflict(item)
    changes: dict[str, Any] = {}
    if start is not None and end is not None:
        changes.update(start=start, end=end, text=text)
    if tag_type is not None:
        changes["tag_type"] = tag_type
    if note is not None:
        changes["note"] = check_note(note)
    if isinstance(source, Annotation):
        check_source(source=source, campaign=item.campaign, article=item.article)
    if source is not False:
        changes["source"] = source
    if not changes:
        raise ValidationError("Nothing to change.", code="nothing_changed")
    return gold_change(item=item, actor=actor, action=Action.REPLACED, version=version, changes=changes)


def gold_remove(*, item: GoldAnnotation, actor: User, version: Any, comment: str = "") -> GoldAnnotation:
    """Take an item out of the gold layer (kept, with its history; `gold_restore` puts it back)."""
    check_adjudicator(user=actor)
    if item.removed_at is not None:
        raise GoldConflict(item)
    return gold_change(
        item=item,
        actor=actor,
        action=Action.REMOVED,
        version=version,
        changes={"removed_at": timezone.now()},
        comment=comment,
    )


def gold_restore(*, item: GoldAnnotation, actor: User, version: Any) -> GoldAnnotation:
    """Undo a removal (refused if gold meanwhile holds the same span and label again)."""
    check_adjudicator(user=actor)
    if item.removed_at is None:
        raise GoldConflict(item)
    return gold_change(item=item, actor=actor, action=Action.RESTORED, version=version, changes={"removed_at": None})


@transaction.atomic
def gold_merge(
    *, sources: list[Annotation], actor: Any, tag_type: TagType, note: str = ""
) -> tuple[GoldAnnotation, bool]:
    """One gold item covering the union of several annotators' versions, with the label the adjudicator chose.

    The versions must be live tags of one campaign on one article that overlap one another
    (one span, told differently); none may be the adjudicator's own. The item has no single
    source: the event's comment names whose versions were merged.
    """
    if len(sources) < 2:
        raise ValidationError("Pick two or more versions to merge.", code="merge_too_few")
    first = sources[0]
    if first.campaign is None:
        raise ValidationError("Only tags made in a campaign can go into its gold layer.", code="source_unknown")
    for source in sources:
        check_adjudicator(user=actor, source=source)
        check_source(source=source, campaign=first.campaign, article=first.article)
    ordered = sorted(sources, key=lambda s: (s.start, s.end))
    reach = ordered[0].end
    for source in ordered[1:]:
        if source.start >= reach:
            raise ValidationError("Only overlapping versions of one span can be merged.", code="merge_apart")
        reach = max(reach, source.end)
    item, created = gold_create(
        campaign=first.campaign,
        article=first.article,
        actor=actor,
        start=ordered[0].start,
        end=reach,
        tag_type=tag_type,
        note=note,
    )
    if created:
        names = ", ".join(sorted({s.annotator.get_username() for s in sources}))
        GoldEvent.objects.filter(gold=item).update(comment=f"merged from {names}")
    return item, created


UNDO = "undo"


def gold_last_choice(*, campaign: Campaign, article: Article, actor: Any) -> GoldEvent | None:
    """The actor's latest gold event on this article that no undo has taken back yet.

    Undo events carry the comment "undo"; each takes back the latest choice before it
    that is still standing, so repeated undos walk back one choice at a time.
    """
    standing: list[GoldEvent] = []
    events = GoldEvent.objects.filter(gold__campaign=campaign, gold__article=article, actor=actor).order_by(
        "created_at", "id"
    )
    for event in events.select_related("gold"):
        if event.comment == UNDO:
            if standing:
                standing.pop()
        else:
            standing.append(event)
    return standing[-1] if standing else None


@transaction.atomic
def gold_undo(*, campaign: Campaign, article: Article, actor: Any) -> str | None:
    """Take back the actor's last gold choice on the article (add, take, merge, replace, remove); what was undone."""
    check_adjudicator(user=actor)
    event = gold_last_choice(campaign=campaign, article=article, actor=actor)
    if event is None:
        return None
    item = GoldAnnotation.objects.select_related("tag_type", "article", "campaign").get(pk=event.gold_id)
    if event.action in (Action.CREATED, Action.RESTORED):
        if item.removed_at is None:
            gold_change(
                item=item,
                actor=actor,
                action=Action.REMOVED,
                version=item.version,
                changes={"removed_at": timezone.now()},
                comment=UNDO,
            )
        return "the new gold item" if event.action == Action.CREATED else "the restore"
    if event.action == Action.REMOVED:
        gold_change(
            item=item,
            actor=actor,
            action=Action.RESTORED,
            version=item.version,
            changes={"removed_at": None},
            comment=UNDO,
        )
        return "the removal"
    before = event.before
    source = Annotation.objects.filter(pk=before.get("source")).first() if before.get("source") else None
    changes = {
        "start": before["start"],
        "end": before["end"],
        "text": before["text"],
        "tag_type": TagType.objects.get(pk=before["tag_type"]),
        "note": before.get("note", ""),
        "source": source,
    }
    gold_change(item=item, actor=actor, action=Action.REPLACED, version=item.version, changes=changes, comment=UNDO)
    return "the change"
