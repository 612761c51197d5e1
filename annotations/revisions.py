"""Article revisions: carry every tag from the old text to the new one, or list it as an orphan.

Outlets edit stories after publication. When a known URL comes back with different text,
ingestion stores a new revision (`Article.previous`) and calls `revision_carry`, which
places each live tag of the old revision on the new text, in this order:

1. **position**: the new text reads the same at the same offsets;
2. **quote**: the exact text with its prefix and suffix occurs once in the new text, or
   failing that the exact text alone occurs once;
3. **fuzzy**: rapidfuzz's best partial alignment scores at least `FUZZY_THRESHOLD`.

What cannot be placed becomes a `RevisionOrphan` for a reviewer to place or retire.
Nothing is lost: the old tags stay on the old revision, every copy and every orphan is in
the audit trail (ReviewEvent "moved" on the old tag, "created" on the new one).
"""

import difflib
import html
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz

from annotations.models import Annotation, Assignment, Campaign, ReviewEvent, RevisionOrphan
from annotations.review import check_reviewer
from annotations.spans import span_context
from newsdesk.models import Article

FUZZY_THRESHOLD = 85.0
Action = ReviewEvent.Action


def system_user() -> Any:
    """The author of automatic changes (carrying tags during an import run from the command line)."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="newsdesk-system", defaults={"is_active": False, "first_name": "newsdesk"}
    )
    return user


@dataclass(frozen=True)
class Placement:
    start: int
    end: int
    how: str  # position | quote | fuzzy
    score: float = 100.0


@dataclass
class CarryReport:
    placed: dict[str, int] = field(default_factory=lambda: {"position": 0, "quote": 0, "fuzzy": 0})
    orphans: int = 0


def find_once(body: str, needle: str) -> int | None:
    first = body.find(needle)
    if first == -1 or body.find(needle, first + 1) != -1:
        return None
    return first


def place(old: Article, new: Article, tag: Annotation) -> tuple[Placement | None, float]:
    """Where `tag` goes on the new text (or None) and the best fuzzy score seen."""
    body, text = new.body, tag.text
    if new.body[tag.start : tag.end] == text and old.body[: tag.start] == new.body[: tag.start]:
        return Placement(tag.start, tag.end, "position"), 100.0
    if body[tag.start : tag.end] == text and span_context(body, tag.start, tag.end) == (tag.prefix, tag.suffix):
        return Placement(tag.start, tag.end, "position"), 100.0
    at = find_once(body, tag.prefix + text + tag.suffix)
    if at is not None:
        return Placement(at + len(tag.prefix), at + len(tag.prefix) + len(text), "quote"), 100.0
    at = find_once(body, text)
    if at is not None:
        return Placement(at, at + len(text), "quote"), 100.0
    if len(text.strip()) < 4:
        return None, 0.0
    aligned = fuzz.partial_ratio_alignment(text, body)
    if aligned is None:
        return None, 0.0
    if aligned.score >= FUZZY_THRESHOLD and aligned.dest_end > aligned.dest_start:
        start, end = snap(body, aligned.dest_start, aligned.dest_end, text)
        return Placement(start, end, "fuzzy", aligned.score), aligned.score
    return None, aligned.score


def snap(body: str, start: int, end: int, text: str) -> tuple[int, int]:
    """Widen a fuzzy match to whole words, and drop punctuation the tag did not cover."""
    while start > 0 and body[start - 1].isalnum():
        start -= 1
    while end < len(body) and body[end].isalnum():
        end += 1
    while end > start + 1 and body[end - 1] in " ,.;:!?" and not text.endswith(body[end - 1]):
        end -= 1
    while start < end - 1 and body[start] == " ":
        start += 1
    return start, end


def copy_to(tag: Annotation, new: Article, start: int, end: int, *, actor: Any, comment: str) -> Annotation:
    """The tag on the new text. A decision carries over only to the very words it was made on: a
    fuzzy or hand placement that reads differently is pending again (as after any edit)."""
    prefix, suffix = span_context(new.body, start, end)
    same_words = new.body[start:end] == tag.text
    moved = Annotation.objects.create(
        article=new,
        annotator=tag.annotator,
        campaign=tag.campaign,
        start=start,
        end=end,
        text=new.body[start:end],
        prefix=prefix,
        suffix=suffix,
        tag_type=tag.tag_type,
        note=tag.note,
        speaker=tag.speaker,
        status=tag.status if same_words else Annotation.Status.PENDING,
        suggestion_key=tag.suggestion_key,
    )
    ReviewEvent.record(annotation=moved, actor=actor, action=Action.CREATED, comment=comment)
    return moved


@transaction.atomic
def revision_carry(*, old: Article, new: Article, actor: Any) -> CarryReport:
    """Copy every live tag of `old` onto `new` (or list it as an orphan); move assignments along."""
    report = CarryReport()
    for tag in Annotation.objects.alive().filter(article=old).select_related("tag_type").order_by("start", "id"):
        placement, score = place(old, new, tag)
        if placement is None:
            RevisionOrphan.objects.create(annotation=tag, revision=new, best_score=round(score, 1))
            ReviewEvent.record(
                annotation=tag,
                actor=actor,
                action=Action.COMMENTED,
                comment=f"Not placed on revision {new.revision} (article {new.pk}): best match {score:.0f} "
                f"< {FUZZY_THRESHOLD:.0f}. Listed for a reviewer to place or retire.",
            )
            report.orphans += 1
            continue
        how = placement.how if placement.how != "fuzzy" else f"fuzzy match {placement.score:.0f}"
        moved = copy_to(
            tag,
            new,
            placement.start,
            placement.end,
            actor=actor,
            comment=f"Carried from revision {old.revision} (tag {tag.pk}) by {how}.",
        )
        ReviewEvent.record(
            annotation=tag,
            actor=actor,
            action=Action.MOVED,
            comment=f"Carried to revision {new.revision} as tag {moved.pk} by {how}.",
        )
        report.placed[placement.how] += 1
    # The work continues on the new text: assignments and campaign membership follow it.
    Assignment.objects.filter(article=old).update(article=new)
    for campaign in Campaign.objects.filter(articles=old):
        campaign.articles.add(new)
    return report


@transaction.atomic
def orphan_place(*, orphan: RevisionOrphan, text: str, actor: Any, occurrence: int = 1) -> Annotation:
    """A reviewer places an orphan on the new text by the words it should cover (not their own tag)."""
    check_reviewer(user=actor, annotation=orphan.annotation)
    body = orphan.revision.body
    text = text.strip()
    if not text:
        raise ValidationError("Give the words the tag should cover in the new text.", code="place_empty")
    positions, at = [], body.find(text)
    while at != -1:
        positions.append(at)
        at = body.find(text, at + 1)
    if not positions:
        raise ValidationError("Those words are not in the new revision.", code="place_not_found")
    if occurrence < 1 or occurrence > len(positions):
        raise ValidationError(
            f"Those words occur {len(positions)} times; say which occurrence (1–{len(positions)}).",
            code="place_ambiguous",
        )
    start = positions[occurrence - 1]
    moved = copy_to(
        orphan.annotation,
        orphan.revision,
        start,
        start + len(text),
        actor=actor,
        comment=f"Placed by a reviewer from orphaned tag {orphan.annotation_id}.",
    )
    ReviewEvent.record(
        annotation=orphan.annotation, actor=actor, action=Action.MOVED, comment=f"Placed by hand as tag {moved.pk}."
    )
    orphan.resolution, orphan.placed_as = RevisionOrphan.Resolution.PLACED, moved
    orphan.resolved_by, orphan.resolved_at = actor, timezone.now()
    orphan.save()
    return moved


@transaction.atomic
def orphan_retire(*, orphan: RevisionOrphan, actor: Any, comment: str = "") -> None:
    """The tag does not apply to the new text: closed, with the reason in the audit trail."""
    check_reviewer(user=actor, annotation=orphan.annotation)
    ReviewEvent.record(
        annotation=orphan.annotation,
        actor=actor,
        action=Action.COMMENTED,
        comment="Retired: not carried to the new revision." + (f" {comment}" if comment else ""),
    )
    orphan.resolution, orphan.resolved_by, orphan.resolved_at = RevisionOrphan.Resolution.RETIRED, actor, timezone.now()
    orphan.save()


def diff_html(old: str, new: str) -> SafeString:
    """Word-level differences as <del>/<ins>, paragraph breaks kept; every piece escaped."""
    a, b = old.replace("\n", " \n ").split(" "), new.replace("\n", " \n ").split(" ")
    out: list[str] = []

    def words(items: list[str]) -> str:
        return " ".join(html.escape(w) for w in items).replace(" \n ", "</p><p>").replace("\n", "</p><p>")

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(words(a[i1:i2]))
        if op in ("delete", "replace"):
            out.append(f"<del>{words(a[i1:i2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{words(b[j1:j2])}</ins>")
    return mark_safe("<p>" + " ".join(out) + "</p>")  # noqa: S308 - every word escaped above
