"""Review workflow: accept, reject, send back, correct, bulk decisions and the adjudicated gold layer.

Only reviewers and admins decide, everywhere (app, admin, API); a reviewer never
decides on their own tags. Each change is version-checked and recorded as a ReviewEvent.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from annotations.models import Annotation, ReasonCode, ReviewEvent, TagType
from annotations.services import AnnotationConflict, check_note, check_version, locked
from annotations.spans import check_span, span_context
from newsdesk.models import Article
from newsdesk.roles import is_admin, is_reviewer

Status = Annotation.Status
Action = ReviewEvent.Action
DECISIONS: dict[str, tuple[str, str]] = {
    "accept": (Status.ACCEPTED, Action.ACCEPTED),
    "reject": (Status.REJECTED, Action.REJECTED),
    "needs_changes": (Status.NEEDS_CHANGES, Action.NEEDS_CHANGES),
    "reopen": (Status.PENDING, Action.REOPENED),
}
COMMENT_MAX_CHARS = 2000


def check_reviewer(*, user: Any, annotation: Annotation | None = None) -> None:
    if not is_reviewer(user):
        raise PermissionDenied("Only reviewers and admins can change a tag's status.")
    if annotation is not None and annotation.annotator_id == user.pk and not is_admin(user):
        raise PermissionDenied("Reviewers do not decide on their own tags.")


def check_reason(slug: Any) -> ReasonCode | None:
    if not slug:
        return None
    reason = ReasonCode.objects.filter(slug=slug, is_active=True).first()
    if reason is None:
        raise ValidationError("Unknown reason.", code="reason_unknown")
    return reason


def check_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX_CHARS:
        raise ValidationError(
            f"The comment is too long (at most {COMMENT_MAX_CHARS} characters).", code="comment_too_long"
        )
    return comment


@transaction.atomic
def review_decide(
    *,
    annotation: Annotation,
    reviewer: Any,
    decision: str,
    version: Any,
    comment: str = "",
    reason: ReasonCode | None = None,
) -> Annotation:
    if decision not in DECISIONS:
        raise ValidationError("Unknown decision.", code="decision_unknown")
    check_reviewer(user=reviewer, annotation=annotation)
    annotation = locked(annotation)
    check_version(annotation, version)
    status, action = DECISIONS[decision]
    if decision in ("reject", "needs_changes") and not (reason or comment.strip()):
        raise ValidationError("Say why: pick a reason or write a comment.", code="reason_missing")
    before = annotation.snapshot()
    annotation.status = status
    annotation.version += 1
    annotation.save()
    ReviewEvent.record(
        annotation=annotation,
        actor=reviewer,
        action=action,
        before=before,
        comment=check_comment(comment),
        reason=reason,
    )
    return annotation


@transaction.atomic
def review_correct(
    *,
    annotation: Annotation,
    reviewer: Any,
    version: Any,
    tag_type: TagType | None = None,
    start: int | None = None,
    end: int | None = None,
    text: str | None = None,
    comment: str = "",
) -> Annotation:
    """The reviewer fixes the label or the span themselves; the corrected tag counts as accepted."""
    check_reviewer(user=reviewer, annotation=annotation)
    annotation = locked(annotation)
    check_version(annotation, version)
    before = annotation.snapshot()
    if start is not None and end is not None:
        body = annotation.article.body
        check_span(body, start, end, text)
        annotation.start, annotation.end, annotation.text = start, end, body[start:end]
        annotation.prefix, annotation.suffix = span_context(body, start, end)
    if tag_type is not None:
        annotation.tag_type = tag_type
    if annotation.snapshot() == before:
        raise ValidationError("Nothing to correct: change the label or the span.", code="nothing_changed")
    annotation.status = Status.ACCEPTED
    annotation.version += 1
    annotation.save()
    ReviewEvent.record(
        annotation=annotation,
        actor=reviewer,
        action=Action.EDITED,
        before=before,
        comment=check_comment(comment) or "corrected by reviewer",
    )
    return annotation


@transaction.atomic
def review_bulk(
    *,
    annotations: QuerySet[Annotation],
    reviewer: Any,
    decision: str,
    comment: str = "",
    reason: ReasonCode | None = None,
) -> int:
    """Decide on a whole filtered set; tags the reviewer made themselves are skipped."""
    check_reviewer(user=reviewer)
    if decision not in ("accept", "reject"):
        raise ValidationError("Bulk decisions are accept or reject.", code="decision_unknown")
    if decision == "reject" and not (reason or comment.strip()):
        raise ValidationError("Say why: pick a reason or write a comment.", code="reason_missing")
    count = 0
    for annotation in annotations.exclude(annotator=reviewer).select_for_update().select_related("tag_type"):
        status, action = DECISIONS[decision]
        before = annotation.snapshot()
        annotation.status = status
        annotation.version += 1
        annotation.save(update_fields=["status", "version", "updated_at"])
        ReviewEvent.record(
            annotation=annotation,
            actor=reviewer,
            action=action,
            before=before,
            comment=check_comment(comment),
            reason=reason,
        )
        count += 1
    return count


# Adjudication: the gold layer of an article


@transaction.atomic
def gold_accept(*, annotation: Annotation, reviewer: Any) -> Annotation:
    """One annotator's version becomes part of the gold layer (and is accepted)."""
    check_reviewer(user=reviewer)
    annotation = locked(annotation)
    if annotation.deleted_at is not None:
        raise AnnotationConflict(annotation)
    before = annotation.snapshot()
    annotation.is_gold = True
    annotation.status = Status.ACCEPTED
    annotation.version += 1
    annotation.save()
    ReviewEvent.record(annotation=annotation, actor=reviewer, action=Action.ACCEPTED, before=before, comment="gold")
    return annotation


@transaction.atomic
def gold_add(
    *,
    article: Article,
    reviewer: Any,
    start: int,
    end: int,
    text: str | None,
    tag_type: TagType,
    note: str = "",
    campaign: Any = None,
) -> Annotation:
    """The reviewer's own tag in the gold layer (merging versions, or something all annotators missed)."""
    check_reviewer(user=reviewer)
    check_span(article.body, start, end, text)
    prefix, suffix = span_context(article.body, start, end)
    annotation = Annotation.objects.create(
        article=article,
        annotator=reviewer,
        campaign=campaign,
        start=start,
        end=end,
        text=article.body[start:end],
        prefix=prefix,
        suffix=suffix,
        tag_type=tag_type,
        note=check_note(note),
        status=Status.ACCEPTED,
        is_gold=True,
    )
    ReviewEvent.record(annotation=annotation, actor=reviewer, action=Action.CREATED, comment="gold")
    return annotation
