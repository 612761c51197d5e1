"""Writes on annotations by annotators: create, edit, delete, undo, suggestions, assignments.

Every function is keyword-only, runs in one transaction and writes a ReviewEvent for
each change, so the audit trail is complete whatever the entry point (workspace,
API, import). Input is checked here (`check_*`), not only in forms.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypedDict

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from annotations.models import (
    Annotation,
    Assignment,
    Campaign,
    ReasonCode,
    ReviewEvent,
    SuggestionDismissal,
    TagType,
)
from annotations.spans import span_fields
from annotations.suggestions import Suggestion, suggestions_for
from newsdesk.models import Article, AttributionChain, Quote, Speaker
from newsdesk.params import id_or_none
from newsdesk.roles import AnyUser, is_admin, is_reviewer

NOTE_MAX_CHARS = 2000
Action = ReviewEvent.Action


class AnnotationConflict(Exception):
    """The annotation changed since the client read it (optimistic concurrency)."""

    def __init__(self, annotation: Annotation) -> None:
        super().__init__(
            "This tag was changed (or deleted) since you loaded the page. Reload to see the current version."
        )
        self.annotation = annotation


# Permissions


def assignment_for(*, user: User, article: Article) -> Assignment | None:
    return (
        Assignment.objects.filter(annotator=user, article=article, campaign__is_active=True)
        .select_related("campaign")
        .order_by("status", "id")
        .first()
    )


def can_annotate(*, user: AnyUser, article: Article, assignment: Assignment | None) -> bool:
    return assignment is not None or is_admin(user)


def check_can_annotate(*, user: User, article: Article) -> Assignment | None:
    """The user's assignment on the article (None for an admin without one); 403 otherwise."""
    assignment = assignment_for(user=user, article=article)
    if not can_annotate(user=user, article=article, assignment=assignment):
        raise PermissionDenied("You can only tag articles assigned to you.")
    return assignment


def check_can_view(*, user: User, article: Article) -> Assignment | None:
    assignment = assignment_for(user=user, article=article)
    if assignment is None and not (is_admin(user) or is_reviewer(user)):
        raise PermissionDenied("This article is not assigned to you.")
    return assignment


# Input checks


def check_tag_type(*, tag_type_id: Any, campaign: Campaign | None) -> TagType:
    try:
        tag_type = TagType.objects.get(pk=int(tag_type_id), is_active=True)
    except (TypeError, ValueError, TagType.DoesNotExist):
        raise ValidationError("Choose a label: the one sent is unknown.", code="tag_type_unknown") from None
    if campaign is not None and campaign.tag_types.exists() and not campaign.tag_types.filter(pk=tag_type.pk).exists():
        raise ValidationError(
            f"The label “{tag_type.label}” is not used in this campaign.", code="tag_type_not_in_campaign"
        )
    return tag_type


def check_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_CHARS:
        raise ValidationError(
            f"The note is too long ({len(note)} characters; at most {NOTE_MAX_CHARS}).", code="note_too_long"
        )
    return note


def check_link(model: type, value: Any, *, article: Article | None = None) -> Any:
    if value in (None, ""):
        return None
    pk = id_or_none(value)  # text that is no id, or one too big for the column, links nothing
    obj = model.objects.filter(pk=pk).first() if pk else None  # type: ignore[attr-defined]
    if obj is None:
        raise ValidationError(f"The linked {model.__name__.lower()} does not exist.", code="link_unknown")
    if article is not None and getattr(obj, "article_id", article.pk) != article.pk:
        raise ValidationError("The linked quote belongs to another article.", code="link_other_article")
    return obj


class Links(TypedDict):
    speaker: Speaker | None
    quote: Quote | None
    chain: AttributionChain | None


def check_links(*, article: Article, speaker: Any, quote: Any, chain: Any) -> Links:
    """What a new tag on `article` links to, from the ids a client sent (a quote or chain of this article)."""
    return {
        "speaker": check_link(Speaker, speaker),
        "quote": check_link(Quote, quote, article=article),
        "chain": check_link(AttributionChain, chain, article=article),
    }


def check_offsets(start: Any, end: Any) -> tuple[int, int]:
    try:
        return int(start), int(end)
    except (TypeError, ValueError):
        raise ValidationError("The selection's offsets are missing or not numbers.", code="offsets_invalid") from None


# Annotations


@transaction.atomic
def annotation_create(
    *,
    article: Article,
    annotator: User,
    start: int,
    end: int,
    text: str | None,
    tag_type: TagType,
    note: str = "",
    speaker: Speaker | None = None,
    quote: Quote | None = None,
    campaign: Campaign | None = None,
    idempotency_key: str | None = None,
    suggestion_key: str = "",
    chain: AttributionChain | None = None,
    actor: User | None = None,
    comment: str = "",
) -> tuple[Annotation, bool]:
    """A new tag of `annotator`; (the existing tag, False) when the same idempotency key was seen before.

    `actor` is who made it, when that is not the annotator (an admin importing someone's tags):
    the audit trail names the actor, the tag names its annotator (its provenance).
    """
    if idempotency_key:
        existing = Annotation.objects.filter(annotator=annotator, idempotency_key=idempotency_key).first()
        if existing:
            return check_same_article(existing, article), False
    annotation = Annotation(
        article=article,
        annotator=annotator,
        campaign=campaign,
        **span_fields(article.body, start, end, text),
        tag_type=tag_type,
        note=check_note(note),
        speaker=speaker,
        quote=quote,
        chain=chain,
        idempotency_key=idempotency_key or None,
        suggestion_key=suggestion_key,
    )
    try:
        with transaction.atomic():
            annotation.save()
    except IntegrityError:
        # Two identical requests raced past the lookup above: the other one won.
        existing = Annotation.objects.filter(annotator=annotator, idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return check_same_article(existing, article), False
    ReviewEvent.record(annotation=annotation, actor=actor or annotator, action=Action.CREATED, comment=comment)
    return annotation, True


def check_same_article(existing: Annotation, article: Article) -> Annotation:
    """A retried create finds its tag; a key already spent on another article is refused, not answered
    with a tag elsewhere (the client would report "saved" for nothing)."""
    if existing.article_id != article.pk:
        raise ValidationError(
            "This request's idempotency key was already used for a tag on another article.",
            code="idempotency_key_reused",
        )
    return existing


def check_version(annotation: Annotation, version: Any) -> None:
    try:
        expected = int(version)
    except (TypeError, ValueError):
        raise ValidationError("The tag's version is missing; reload the page.", code="version_missing") from None
    if annotation.version != expected or annotation.deleted_at is not None:
        raise AnnotationConflict(annotation)


def locked(annotation: Annotation) -> Annotation:
    return Annotation.objects.select_for_update().select_related("tag_type").get(pk=annotation.pk)


# The one way an existing tag changes

# What a reviewer judges when deciding on a tag. Changing any of it after a decision means
# nobody has decided on what the tag now says, so the tag goes back to pending.
REVIEWED_FIELDS = ("start", "end", "text", "tag_type", "note", "speaker", "quote", "chain")
# Snapshot keys (ids) → model attributes, for restoring a snapshot (undo).
SNAPSHOT_ATTRIBUTES = {"tag_type": "tag_type_id", "speaker": "speaker_id", "quote": "quote_id", "chain": "chain_id"}


# Passed as `version` where no client version exists to check: undo, and rows already locked
# by the caller (bulk decisions, the acceptance that follows a correction).
UNCHECKED: Any = object()


def reviewed_content(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    return {name: snapshot.get(name) for name in REVIEWED_FIELDS}


@transaction.atomic
def annotation_change(
    *,
    annotation: Annotation,
    actor: User,
    action: str,
    version: Any,
    changes: Mapping[str, Any] | None = None,
    comment: str = "",
    reason: ReasonCode | None = None,
    lock: bool = True,
    skip_if_unchanged: bool = False,
) -> Annotation:
    """Lock the tag, check the version the client read, apply `changes`, bump the version, save, record the event.

    Every change of an existing tag goes through here (edits, deletes, undo, review decisions,
    corrections), so the audit trail and the status rule cannot differ between entry points.
    `changes` maps model attributes to values; a new "start"/"end" re-anchors text, prefix and
    suffix on the article ("text", if given, must read the new span). A change of what a
    reviewer judged (REVIEWED_FIELDS) puts a decided tag back to pending, unless the change
    sets the status itself (a decision). `version` is the one the client read (a missing or
    stale one is refused); `UNCHECKED` skips the check where no client read the tag (undo,
    bulk decisions on rows the caller locked with `lock=False`). With `skip_if_unchanged`, a change that changes
    nothing records nothing and keeps the version.
    """
    if lock:
        annotation = locked(annotation)
    if version is not UNCHECKED:
        check_version(annotation, version)
    before = annotation.snapshot()
    pending = respanned(annotation, changes or {})
    for name, value in pending.items():
        setattr(annotation, name, value)
    after = annotation.snapshot()
    if skip_if_unchanged and after == before:
        return annotation
    if "status" not in pending and reviewed_content(after) != reviewed_content(before):
        annotation.status = Annotation.Status.PENDING
    annotation.version += 1
    annotation.save()
    ReviewEvent.record(annotation=annotation, actor=actor, action=action, before=before, comment=comment, reason=reason)
    return annotation


def respanned(item: Any, changes: Mapping[str, Any]) -> dict[str, Any]:
    """`changes` with a new "start"/"end" (and the "text" it must read) turned into all the span's fields."""
    pending = dict(changes)
    if "start" in pending or "end" in pending:
        start, end = pending.pop("start", item.start), pending.pop("end", item.end)
        pending.update(span_fields(item.article.body, start, end, pending.pop("text", None)))
    return pending


def annotation_update(
    *,
    annotation: Annotation,
    actor: User,
    version: Any,
    tag_type: TagType | None = None,
    note: str | None = None,
    speaker: Speaker | None | bool = False,
    quote: Quote | None | bool = False,
    chain: AttributionChain | None | bool = False,
    start: int | None = None,
    end: int | None = None,
    text: str | None = None,
) -> Annotation:
    """Change label, note, links or span; `False` leaves a link as it is. A decided tag goes back to pending.

    A new span (`start` and `end`, with the `text` the client read there, if any) is checked
    and re-anchored on the article like a new tag's.
    """
    changes: dict[str, Any] = {}
    if start is not None and end is not None:
        changes.update(start=start, end=end, text=text)
    if tag_type is not None:
        changes["tag_type"] = tag_type
    if note is not None:
        changes["note"] = check_note(note)
    for name, value in (("speaker", speaker), ("quote", quote), ("chain", chain)):
        if value is not False:
            changes[name] = value
    return annotation_change(
        annotation=annotation,
        actor=actor,
        action=Action.EDITED,
        version=version,
        changes=changes,
        skip_if_unchanged=True,
    )


def annotation_delete(*, annotation: Annotation, actor: User, version: Any) -> Annotation:
    """Soft delete: the row and its history stay; it leaves the layer and the queue."""
    return annotation_change(
        annotation=annotation,
        actor=actor,
        action=Action.DELETED,
        version=version,
        changes={"deleted_at": timezone.now()},
    )


@dataclass(frozen=True, slots=True)
class Undone:
    """What an undo did: a phrase for the message, the tag it changed and that tag's span before."""

    what: str
    annotation: Annotation
    before: tuple[int, int]


def annotation_undo(*, article: Article, actor: User) -> str | None:
    """Undo the actor's last create, edit or delete on this article; returns what was undone."""
    undone = annotation_undo_last(article=article, actor=actor)
    return undone.what if undone else None


@transaction.atomic
def annotation_undo_last(*, article: Article, actor: User) -> Undone | None:
    """Undo the actor's last create, edit or delete on this article; None when there is nothing to undo.

    Undoing an edit puts back every field that edit changed (label, note, links, span). It
    never puts back a status: a decision is a reviewer's, so an undone edit of a decided
    tag leaves it pending, like any other edit.
    """
    event = (
        ReviewEvent.objects.filter(
            annotation__article=article,
            actor=actor,
            action__in=[Action.CREATED, Action.EDITED, Action.DELETED, Action.RESTORED],
        )
        .exclude(comment="undo")
        .select_related("annotation")
        .order_by("-created_at", "-id")
        .first()
    )
    if event is None:
        return None
    changes: dict[str, Any]
    if event.action == Action.CREATED:
        changes, undone, action = {"deleted_at": timezone.now()}, "the new tag", Action.DELETED
    elif event.action == Action.DELETED:
        changes, undone, action = {"deleted_at": None}, "the deletion", Action.RESTORED
    elif event.action == Action.RESTORED:
        changes, undone, action = {"deleted_at": timezone.now()}, "the restore", Action.DELETED
    else:
        previous, made = event.before, event.after
        changed = [name for name in REVIEWED_FIELDS if name != "text" and previous.get(name) != made.get(name)]
        changes = {SNAPSHOT_ATTRIBUTES.get(name, name): previous.get(name) for name in changed}
        undone, action = "the edit", Action.EDITED
    before = (event.annotation.start, event.annotation.end)
    annotation = annotation_change(
        annotation=event.annotation, actor=actor, action=action, version=UNCHECKED, changes=changes, comment="undo"
    )
    # Marked so a second undo goes one step further back instead of undoing the undo.
    ReviewEvent.objects.filter(pk=event.pk).update(comment="undo")
    return Undone(undone, annotation, before)


# Suggestions


# What accepting a suggestion makes: a quote is a statement (a claim of its speaker);
# a cue is an attribution verb; framing candidates carry their own label.
SUGGESTION_TAG = {"quote": ("claim", "factual-claim"), "cue": ("attribution", "attribution-verb")}


def suggestion_tag_type(suggestion: Suggestion) -> TagType:
    if suggestion.kind == "framing":
        found = TagType.objects.filter(kind="framing", slug=suggestion.label, is_active=True).first()
        if found:
            return found
    kind, slug = SUGGESTION_TAG.get(suggestion.kind, ("claim", "factual-claim"))
    found = TagType.objects.filter(kind=kind, slug=slug, is_active=True).first()
    return found or TagType.objects.filter(kind=kind, is_active=True).order_by("order").first()  # type: ignore[return-value]


def suggestion_get(*, article: Article, key: str) -> Suggestion:
    for suggestion in suggestions_for(article):
        if suggestion.key == key:
            return suggestion
    raise ValidationError("That suggestion no longer exists for this article.", code="suggestion_unknown")


@transaction.atomic
def suggestion_accept(
    *, article: Article, annotator: User, key: str, campaign: Campaign | None = None
) -> tuple[Annotation, bool]:
    suggestion = suggestion_get(article=article, key=key)
    quote_span = suggestion.quote_span or (suggestion.start, suggestion.end)
    quote = (
        Quote.objects.filter(article=article, start=quote_span[0], end=quote_span[1]).select_related("speaker").first()
    )
    return annotation_create(
        article=article,
        annotator=annotator,
        start=suggestion.start,
        end=suggestion.end,
        text=None,
        tag_type=suggestion_tag_type(suggestion),
        note=suggestion.note,
        quote=quote,
        speaker=quote.speaker if quote else None,
        campaign=campaign,
        # Per article: the same offsets on a twin article are another suggestion.
        idempotency_key=f"suggestion:{article.pk}:{key}",
        suggestion_key=key,
    )


def suggestion_dismiss(*, article: Article, annotator: User, key: str) -> None:
    suggestion_get(article=article, key=key)
    SuggestionDismissal.objects.get_or_create(article=article, annotator=annotator, suggestion_key=key)


# Assignments

PING_MAX = timedelta(minutes=2)


def assignment_touch(*, assignment: Assignment) -> None:
    """Opening the workspace starts the assignment."""
    if assignment.status == Assignment.Status.TODO:
        assignment.status = Assignment.Status.IN_PROGRESS
        assignment.started_at = assignment.started_at or timezone.now()
        assignment.save(update_fields=["status", "started_at"])


def assignment_add_time(*, assignment: Assignment, seconds: Any) -> None:
    """Time on task, reported by the page while it is visible (each report capped)."""
    try:
        spent = timedelta(seconds=max(0.0, min(float(seconds), PING_MAX.total_seconds())))
    except (TypeError, ValueError):
        raise ValidationError("Time must be a number of seconds.", code="time_invalid") from None
    Assignment.objects.filter(pk=assignment.pk).update(time_spent=F("time_spent") + spent)


@transaction.atomic
def assignment_finish(*, assignment: Assignment) -> Assignment:
    assignment.status = Assignment.Status.DONE
    assignment.completed_at = timezone.now()
    assignment.save(update_fields=["status", "completed_at"])
    return assignment


def assignment_next(
    *, user: User, after: Assignment | None = None, campaign: Campaign | None = None
) -> Assignment | None:
    """The user's next article not done yet; within `campaign` when given.

    After `after` (within a campaign) it is the next one in the queue's order, wrapping round to
    the first still open, so finishing an article moves forward through the campaign.
    """
    qs = Assignment.objects.for_user(user).open().filter(campaign__is_active=True)
    if after is not None:
        qs = qs.exclude(pk=after.pk)
    if campaign is None:
        return qs.order_by("status", "campaign_id", "position", "id").first()
    qs = qs.filter(campaign=campaign).order_by("position", "id")
    if after is not None:
        later = qs.filter(Q(position__gt=after.position) | Q(position=after.position, id__gt=after.pk)).first()
        if later is not None:
            return later
    return qs.first()


def assignment_progress(*, assignment: Assignment) -> tuple[int, int]:
    """(done, total) of the user's articles in the assignment's campaign."""
    counts = Assignment.objects.filter(
        annotator_id=assignment.annotator_id, campaign_id=assignment.campaign_id
    ).aggregate(total=Count("id"), done=Count("id", filter=Q(status=Assignment.Status.DONE)))
    return counts["done"], counts["total"]
