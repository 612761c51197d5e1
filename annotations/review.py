"""Review workflow: accept, reject, send back, correct and bulk decisions (the gold layer is `annotations.gold`).

Only reviewers and admins decide, everywhere (app, admin, API); a reviewer never
decides on their own tags. Each change is version-checked and recorded as a ReviewEvent.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet

from annotations.models import Annotation, ReasonCode, ReviewEvent, TagType
from annotations.services import UNCHECKED, AnnotationConflict, annotation_change
from newsdesk.roles import AnyUser, is_admin, is_reviewer

__all__ = ["AnnotationConflict", "review_bulk", "review_correct", "review_decide", "review_selected"]

Status = Annotation.Status
Action = ReviewEvent.Action
DECISIONS: dict[str, tuple[str, str]] = {
    "accept": (Status.ACCEPTED, Action.ACCEPTED),
    "reject": (Status.REJECTED, Action.REJECTED),
    "needs_changes": (Status.NEEDS_CHANGES, Action.NEEDS_CHANGES),
    "reopen": (Status.PENDING, Action.REOPENED),
}
COMMENT_MAX_CHARS = 2000
SELECTION_MAX = 500  # ticked rows in one decision (a page of the queue holds 30)


def check_reviewer(*, user: AnyUser, annotation: Annotation | None = None) -> None:
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


def review_decide(
    *,
    annotation: Annotation,
    reviewer: User,
    decision: str,
    version: Any,
    comment: str = "",
    reason: ReasonCode | None = None,
) -> Annotation:
    """A decision on the tag as the reviewer saw it: `version` is the one on their page."""
    if decision not in DECISIONS:
        raise ValidationError("Unknown decision.", code="decision_unknown")
    check_reviewer(user=reviewer, annotation=annotation)
    if decision in ("reject", "needs_changes") and not (reason or comment.strip()):
        raise ValidationError("Say why: pick a reason or write a comment.", code="reason_missing")
    status, action = DECISIONS[decision]
    return annotation_change(
        annotation=annotation,
        actor=reviewer,
        action=action,
        version=version,
        changes={"status": status},
        comment=check_comment(comment),
        reason=reason,
    )


@transaction.atomic
def review_correct(
    *,
    annotation: Annotation,
    reviewer: User,
    version: Any,
    tag_type: TagType | None = None,
    start: int | None = None,
    end: int | None = None,
    text: str | None = None,
    comment: str = "",
) -> Annotation:
    """The reviewer fixes the label or the span themselves, and accepts the corrected tag.

    A correction is a decision of the reviewer who makes it, on the version they wrote: the
    trail records the edit (which, like every edit, makes the tag pending) and then that
    reviewer's acceptance of it. So reviewers cannot correct their own tags either.
    """
    check_reviewer(user=reviewer, annotation=annotation)
    changes: dict[str, Any] = {}
    if start is not None and end is not None:
        changes.update(start=start, end=end, text=text)
    if tag_type is not None:
        changes["tag_type"] = tag_type
    corrected = annotation_change(
        annotation=annotation,
        actor=reviewer,
        action=Action.EDITED,
        version=version,
        changes=changes,
        comment=check_comment(comment) or "corrected by reviewer",
        skip_if_unchanged=True,
    )
    if corrected.version == int(version):
        raise ValidationError("Nothing to correct: change the label or the span.", code="nothing_changed")
    return annotation_change(
        annotation=corrected,
        actor=reviewer,
        action=Action.ACCEPTED,
        changes={"status": Status.ACCEPTED},
        comment="accepted as corrected",
        version=UNCHECKED,
        lock=False,
    )


@transaction.atomic
def review_bulk(
    *,
    annotations: QuerySet[Annotation],
    reviewer: User,
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
    status, action = DECISIONS[decision]
    comment = check_comment(comment)
    count = 0
    for annotation in annotations.exclude(annotator=reviewer).select_for_update().select_related("tag_type"):
        annotation_change(
            annotation=annotation,
            actor=reviewer,
            action=action,
            changes={"status": status},
            comment=comment,
            reason=reason,
            version=UNCHECKED,
            lock=False,
        )
        count += 1
    return count


@dataclass
class Selected:
    """What a decision on selected rows did: the tags decided, and the rows left alone and why."""

    decided: list[Annotation] = field(default_factory=list)
    own: list[int] = field(default_factory=list)  # the reviewer's own tags: never decided by them
    changed: list[int] = field(default_factory=list)  # changed or deleted since the reviewer's page loaded
    missing: list[int] = field(default_factory=list)


def check_selection(values: Sequence[str]) -> list[tuple[int, int]]:
    """Row picks as sent by the queue ("<id>:<version>"), deduplicated; anything else is refused."""
    if len(values) > SELECTION_MAX:
        raise ValidationError(
            f"Select at most {SELECTION_MAX} rows at once, or decide on the whole filter.", code="selection_too_big"
        )
    picks: dict[int, int] = {}
    for value in values:
        pk, _, version = str(value).partition(":")
        if not (pk.isdigit() and version.isdigit()) or len(pk) > 18 or len(version) > 9:
            raise ValidationError("A selected row was not understood; reload the page.", code="selection_invalid")
        picks[int(pk)] = int(version)
    if not picks:
        raise ValidationError("Select the rows to decide on first.", code="selection_empty")
    return list(picks.items())


@transaction.atomic
def review_selected(
    *,
    selections: Sequence[tuple[int, int]],
    reviewer: Any,
    decision: str,
    comment: str = "",
    reason: ReasonCode | None = None,
) -> Selected:
    """One decision on the rows a reviewer ticked, each on the version they saw (`(id, version)` pairs).

    Each row is decided through `review_decide` (its own savepoint): a row that changed since
    the page loaded, or that is the reviewer's own, is left as it is and reported, the others
    are decided. Reject and needs-changes need a reason or a comment, as one by one.
    """
    check_reviewer(user=reviewer)
    if decision not in ("accept", "reject", "needs_changes"):
        raise ValidationError("Decide accept, reject or needs changes.", code="decision_unknown")
    if decision != "accept" and not (reason or (comment or "").strip()):
        raise ValidationError("Say why: pick a reason or write a comment.", code="reason_missing")
    comment = check_comment(comment)
    versions = dict(selections)
    found = {a.pk: a for a in Annotation.objects.filter(pk__in=versions).select_related("tag_type")}
    result = Selected()
    for pk, version in selections:
        annotation = found.get(pk)
        if annotation is None:
            result.missing.append(pk)
            continue
        try:
            result.decided.append(
                review_decide(
                    annotation=annotation,
                    reviewer=reviewer,
                    decision=decision,
                    version=version,
                    comment=comment,
                    reason=reason,
                )
            )
        except PermissionDenied:
            result.own.append(pk)
        except AnnotationConflict:
            result.changed.append(pk)
    return result
