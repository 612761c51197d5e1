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

import bisect
import difflib
import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz

from annotations.models import Annotation, Assignment, Campaign, ReviewEvent, RevisionOrphan
from annotations.review import check_reviewer
from annotations.spans import span_context, span_fields
from newsdesk.models import Article

FUZZY_THRESHOLD = 85.0
Action = ReviewEvent.Action


def system_user() -> User:
    """The author of automatic changes (carrying tags during an import run from the command line)."""
    user, _ = User.objects.get_or_create(
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
    revision_id: int | None = None

    @property
    def summary(self) -> str:
        """One line for the import's report (newsdesk.hooks.RevisionReport)."""
        where = f" (see /articles/{self.revision_id}/revisions/)" if self.orphans and self.revision_id else ""
        return f"tags carried {sum(self.placed.values())}, orphans {self.orphans}{where}"


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


def copy_to(tag: Annotation, new: Article, start: int, end: int, *, actor: User, comment: str) -> Annotation:
    """The tag on the new text. A decision carries over only to the very words it was made on: a
    fuzzy or hand placement that reads differently is pending again (as after any edit)."""
    same_words = new.body[start:end] == tag.text
    moved = Annotation.objects.create(
        article=new,
        annotator=tag.annotator,
        campaign=tag.campaign,
        **span_fields(new.body, start, end),
        tag_type=tag.tag_type,
        note=tag.note,
        speaker=tag.speaker,
        status=tag.status if same_words else Annotation.Status.PENDING,
        suggestion_key=tag.suggestion_key,
    )
    ReviewEvent.record(annotation=moved, actor=actor, action=Action.CREATED, comment=comment)
    return moved


@transaction.atomic
def revision_carry(*, old: Article, new: Article, actor: User) -> CarryReport:
    """Copy every live tag of `old` onto `new` (or list it as an orphan); move assignments along."""
    report = CarryReport(revision_id=new.pk)
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
def orphan_place(*, orphan: RevisionOrphan, text: str, actor: User, occurrence: int = 1) -> Annotation:
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
def orphan_retire(*, orphan: RevisionOrphan, actor: User, comment: str = "") -> None:
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


# The word diff of two revisions

# Past this many characters in either revision the page says so instead of diffing (the
# diff is near-linear, but a page holding two such texts is no longer readable anyway).
MAX_DIFF_CHARS = 400_000
# A region whose two sides multiply to at most this is diffed exactly by difflib (cheap there).
EXACT_REGION = 40_000
# Matching work allowed per word before what is left is shown as replaced: keeps any input,
# even one built to defeat the anchoring (every word repeated), bounded and near-linear.
WORK_PER_WORD = 24

Opcode = tuple[str, int, int, int, int]


def diff_too_long(old: str, new: str) -> str:
    """Why the two revisions are not compared word by word here, or "" when they are."""
    longest = max(len(old), len(new))
    if longest <= MAX_DIFF_CHARS:
        return ""
    return (
        f"These revisions are too long to compare word by word on this page ({longest:,} characters; "
        f"the limit is {MAX_DIFF_CHARS:,}). Compare the two texts with a desktop diff tool instead."
    )


def word_opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """difflib-style opcodes turning `a` into `b`, in time near-linear in len(a) + len(b).

    Patience-style: strip the common prefix and suffix, anchor on words that occur exactly
    once on both sides (longest increasing run of them), and recurse between anchors; small
    regions go to difflib, which is exact. A work budget caps the whole: regions left when it
    runs out are shown as replaced (still a correct diff, only coarser).
    """
    budget = WORK_PER_WORD * (len(a) + len(b)) + 10_000
    ops: list[Opcode] = []
    stack: list[tuple[bool, Opcode]] = [(False, ("region", 0, len(a), 0, len(b)))]
    while stack:
        done, item = stack.pop()
        if done:
            ops.append(item)
            continue
        _, alo, ahi, blo, bhi = item
        pieces = diff_region(a, b, alo, ahi, blo, bhi, spend=budget > 0)
        budget -= (ahi - alo) + (bhi - blo)
        stack.extend(reversed(pieces))
    return merged(ops)


def diff_region(a: list[str], b: list[str], alo: int, ahi: int, blo: int, bhi: int, *, spend: bool) -> list[Any]:
    """One step for the region a[alo:ahi] / b[blo:bhi]: finished opcodes (True, op) and regions left (False, …)."""
    head = 0
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    tail = 0
    while ahi - tail > alo + head and bhi - tail > blo + head and a[ahi - 1 - tail] == b[bhi - 1 - tail]:
        tail += 1
    out: list[Any] = []
    if head:
        out.append((True, ("equal", alo, alo + head, blo, blo + head)))
    i1, i2, j1, j2 = alo + head, ahi - tail, blo + head, bhi - tail
    if i1 == i2 and j1 < j2:
        out.append((True, ("insert", i1, i1, j1, j2)))
    elif j1 == j2 and i1 < i2:
        out.append((True, ("delete", i1, i2, j1, j1)))
    elif i1 < i2:
        out += middle(a, b, i1, i2, j1, j2, spend=spend)
    if tail:
        out.append((True, ("equal", ahi - tail, ahi, bhi - tail, bhi)))
    return out


def middle(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int, *, spend: bool) -> list[Any]:
    """A region with differences at both ends: exact if small, else split at unique common words."""
    if (i2 - i1) * (j2 - j1) <= EXACT_REGION:
        matcher = difflib.SequenceMatcher(a=a[i1:i2], b=b[j1:j2], autojunk=False)
        return [(True, (op, x1 + i1, x2 + i1, y1 + j1, y2 + j1)) for op, x1, x2, y1, y2 in matcher.get_opcodes()]
    anchors = unique_anchors(a, b, i1, i2, j1, j2) if spend else []
    if not anchors:
        return [(True, ("replace", i1, i2, j1, j2))]
    out: list[Any] = []
    x, y = i1, j1
    for i, j in anchors:
        if x < i or y < j:
            out.append((False, ("region", x, i, y, j)))
        out.append((True, ("equal", i, i + 1, j, j + 1)))
        x, y = i + 1, j + 1
    if x < i2 or y < j2:
        out.append((False, ("region", x, i2, y, j2)))
    return out


def unique_anchors(a: list[str], b: list[str], i1: int, i2: int, j1: int, j2: int) -> list[tuple[int, int]]:
    """Words occurring once on each side, as (i, j) pairs forming the longest run increasing on both."""
    count_a = Counter(a[i1:i2])
    count_b = Counter(b[j1:j2])
    where_b = {b[j]: j for j in range(j1, j2) if count_b[b[j]] == 1 and count_a.get(b[j]) == 1}
    pairs = [(i, where_b[a[i]]) for i in range(i1, i2) if a[i] in where_b]
    return longest_increasing(pairs)


def longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `pairs` (sorted by i) whose j also increases (patience sorting)."""
    tops: list[int] = []  # j at the top of each pile
    top_index: list[int] = []  # index into pairs of each pile's top
    back: list[int] = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        pile = bisect.bisect_left(tops, j)
        if pile:
            back[index] = top_index[pile - 1]
        if pile == len(tops):
            tops.append(j)
            top_index.append(index)
        else:
            tops[pile], top_index[pile] = j, index
    run: list[tuple[int, int]] = []
    at = top_index[-1] if top_index else -1
    while at != -1:
        run.append(pairs[at])
        at = back[at]
    return run[::-1]


def merged(ops: list[Opcode]) -> list[Opcode]:
    """Adjacent opcodes of the same kind as one."""
    out: list[Opcode] = []
    for op in ops:
        if out and out[-1][0] == op[0]:
            kind, i1, _, j1, _ = out[-1]
            out[-1] = (kind, i1, op[2], j1, op[4])
        else:
            out.append(op)
    return out


def diff_html(old: str, new: str) -> SafeString:
    """Word-level differences as <del>/<ins>, paragraph breaks kept; every piece escaped.

    Callers check `diff_too_long` first; past the cap this refuses rather than take minutes.
    """
    if diff_too_long(old, new):
        raise ValidationError(diff_too_long(old, new), code="diff_too_long")
    a, b = old.replace("\n", " \n ").split(" "), new.replace("\n", " \n ").split(" ")
    out: list[str] = []

    def words(items: list[str]) -> str:
        return " ".join(html.escape(w) for w in items).replace(" \n ", "</p><p>").replace("\n", "</p><p>")

    for op, i1, i2, j1, j2 in word_opcodes(a, b):
        if op == "equal":
            out.append(words(a[i1:i2]))
        if op in ("delete", "replace"):
            out.append(f"<del>{words(a[i1:i2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{words(b[j1:j2])}</ins>")
    return mark_safe("<p>" + " ".join(out) + "</p>")  # noqa: S308 - every word escaped above
