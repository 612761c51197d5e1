"""What the annotation workspace shows, in pieces that cost what they show.

The text with its highlights is built in Python from a few columns per tag (no model
instances, no template per segment, no `reverse()` per tag); tag and suggestion cards come
in pages (keyset on the list's order), so the page costs the text plus the tags' marks, and
a write's answer costs the paragraphs and the card it changed. Every offset, text and key
goes through the user's `ArticleView` (annotations/visibility.py), the one visibility rule.
"""

import bisect
import hashlib
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum

from annotations.models import Annotation, Assignment, Campaign, SuggestionDismissal, TagType
from annotations.suggestions import Suggestion, suggestions_for
from annotations.visibility import ArticleView
from newsdesk.models import Article, AttributionChain, Quote

TEXT_CACHE_SECONDS = 3600
PAGE_SIZE = 40  # cards per page of the tag list and of the suggestion list
SUGGESTION_LETTER = {"quote": "q", "cue": "c", "framing": "f"}


# The visible layer


def layer(
    *, article: Article, user: Any, assignment: Assignment | None, can_edit: bool, deleted: bool = False
) -> QuerySet[Annotation]:
    """My tags, plus others' where the campaign allows it (or for reviewers, who see all); unordered.

    With `deleted`, the deleted ones too (where a card removed since the page loaded sorted).
    """
    qs = Annotation.objects.filter(article=article)
    if not deleted:
        qs = qs.alive()
    if can_edit and assignment is not None:
        campaign = assignment.campaign
        others_visible = campaign.visibility == Campaign.Visibility.ALL or (
            campaign.visibility == Campaign.Visibility.AFTER_DONE and assignment.status == Assignment.Status.DONE
        )
        if not others_visible:
            qs = qs.filter(annotator=user)
    elif can_edit:  # an admin working outside a campaign
        qs = qs.filter(annotator=user)
    return qs


def in_order(qs: QuerySet[Annotation]) -> QuerySet[Annotation]:
    return qs.order_by("start", "-end", "id")


def order_key(start: int, end: int, tie: int | str) -> str:
    """A string that sorts like (start, -end, tie): the browser places a changed card with it."""
    return f"{start:07d}.{9_999_999 - end:07d}.{tie}"


def tag_order(annotation: Annotation) -> str:
    return order_key(annotation.start, annotation.end, f"{annotation.pk:010d}")


def suggestion_order(suggestion: Suggestion) -> str:
    return order_key(suggestion.start, suggestion.end, suggestion.kind)


# The text with its highlights


@dataclass(slots=True)
class Mark:
    """A tag as the text shows it: its span (as this user sees it), id, label and whose it is."""

    start: int
    end: int
    pk: int
    tag_type_id: int
    is_mine: bool
    label: str = ""  # shown as a chip where the tag starts


def marks(view: ArticleView, qs: QuerySet[Annotation], user_pk: int) -> list[Mark]:
    rows = in_order(qs).values_list("pk", "start", "end", "tag_type_id", "annotator_id", "tag_type__label")
    found = []
    for pk, start, end, tag_type_id, annotator_id, label in rows:
        shown_start, shown_end = view.span(start, end)
        found.append(Mark(shown_start, shown_end, pk, tag_type_id, annotator_id == user_pk, label))
    return found


def marked_text(view: ArticleView, article: Article, qs: QuerySet[Annotation], user_pk: int) -> tuple[str, int]:
    """The whole text with every tag of the layer marked, and the number of tags.

    Kept in the cache under the layer's version (one aggregate: how many tags, the last id,
    the last change, sums of their spans, labels and annotators) and the tag types' labels
    (shown as chips), so it changes with any write that changes a mark, including bulk
    updates that skip `updated_at`, and with a renamed label. Not for a blind
    user: their text is masked with every outlet newsdesk knows, which is no part of that key.
    """
    if view.is_blind:
        found = marks(view, qs, user_pk)
        return text_html(view.body, found), len(found)
    version = qs.order_by().aggregate(
        n=Count("pk"),
        last=Max("pk"),
        changed=Max("updated_at"),
        starts=Sum("start"),
        ends=Sum("end"),
        types=Sum("tag_type_id"),
        who=Sum("annotator_id"),
    )
    # The chips show labels, which a tag-type rename changes without touching a tag.
    labels = list(TagType.objects.order_by("pk").values_list("pk", "label"))
    stamp = hashlib.md5(repr((sorted(version.items()), labels)).encode(), usedforsecurity=False).hexdigest()
    key = f"workspace:text:v2:{article.pk}:{article.content_hash}:{user_pk}:{stamp}"
    cached = cache.get(key)
    if cached is None:
        found = marks(view, qs, user_pk)
        cached = (text_html(view.body, found), len(found))
        cache.set(key, cached, TEXT_CACHE_SECONDS)
    return cached  # type: ignore[no-any-return]


def paragraph_ranges(body: str) -> list[tuple[int, int]]:
    """[start, end) of each paragraph (lines split on "\\n") of the shown body."""
    ranges, at = [], 0
    for line in body.split("\n"):
        ranges.append((at, at + len(line)))
        at += len(line) + 1
    return ranges


def paragraphs_touching(ranges: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The first and last index of the paragraphs a span [start, end) lies in."""
    starts = [s for s, _ in ranges]
    first = max(0, bisect.bisect_right(starts, start) - 1)
    last = max(first, bisect.bisect_right(starts, max(start, end - 1)) - 1)
    return first, last


def text_html(body: str, found: Sequence[Mark], *, first: int = 0, offset: int = 0) -> str:
    """Paragraphs of `body` (which starts at `offset` of the shown text, paragraph number `first`).

    Unmarked text is bare; a run covered by tags is one `<mark>` whose class names the label
    of the innermost tag (colour), `n` when tags nest or overlap there, `o` when one of them is
    another annotator's, and whose `data-a` lists the tags' ids. Everything is escaped.
    One sweep over the sorted boundaries (tags and line breaks): linear in body plus tags.
    """
    n = len(body)
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    cuts = {0, n}
    for i, m in enumerate(found):
        s, e = max(0, m.start - offset), min(n, m.end - offset)
        if s >= e:
            continue
        opening.setdefault(s, []).append(i)
        closing.setdefault(e, []).append(i)
        cuts.add(s)
        cuts.add(e)
    at = body.find("\n")
    while at != -1:
        cuts.add(at)
        cuts.add(at + 1)
        at = body.find("\n", at + 1)
    boundaries = sorted(cuts)
    active: dict[int, None] = {}
    index = first
    out = [f'<p id="p{index}" data-start="{offset}" data-end="']
    para_at = len(out)
    out.append("")  # the paragraph's end, known when it closes
    out.append('">')
    label: str | None = None
    for left, right in zip(boundaries, boundaries[1:], strict=False):
        for i in closing.get(left, ()):
            active.pop(i, None)
            label = None
        for i in opening.get(left, ()):
            active[i] = None
            label = None
        piece = body[left:right]
        if piece == "\n":
            out[para_at] = str(left + offset)
            out.append("</p>")
            index += 1
            out.append(f'<p id="p{index}" data-start="{right + offset}" data-end="')
            para_at = len(out)
            out.append("")
            out.append('">')
            continue
        if not active:
            out.append(escape_text(piece))
            continue
        if label is None:
            spans = [found[i] for i in sorted(active)]
            css = f"t{spans[-1].tag_type_id}"
            if len(spans) > 1:
                css += " n"
            if not all(m.is_mine for m in spans):
                css += " o"
            label = f'<mark class="{css}" data-a="{" ".join(str(m.pk) for m in spans)}">'
        # Where tags start, the piece names their labels (data-chip, drawn by CSS as a small chip).
        starting = [i for i in opening.get(left, ()) if found[i].start - offset == left]  # not a clipped start
        if starting:
            chip = escape_text(" · ".join(found[i].label for i in starting))
            out.append(f'{label[:-1]} data-chip="{chip}">{escape_text(piece)}</mark>')
            continue
        out.append(f"{label}{escape_text(piece)}</mark>")
    out[para_at] = str(n + offset)
    out.append("</p>")
    return "".join(out)


def escape_text(text: str) -> str:
    """Text content escaped (`<`, `>`, `&`, and quotes like Django's `escape`), without its per-call overhead."""
    return html.escape(text, quote=True)


def paragraphs_html(view: ArticleView, qs: QuerySet[Annotation], user_pk: int, spans: Iterable[tuple[int, int]]) -> str:
    """The paragraphs that the shown spans lie in, rendered with every tag of the layer on them.

    What a write answers for the text: a few paragraphs, whatever the number of tags elsewhere.
    Each paragraph carries `hx-swap-oob` so htmx puts it in place of the one on the page.
    """
    ranges = paragraph_ranges(view.body)
    wanted: set[int] = set()
    for start, end in spans:
        first, last = paragraphs_touching(ranges, start, end)
        wanted.update(range(first, last + 1))
    out = []
    for first, last in runs(sorted(wanted)):
        start, end = ranges[first][0], ranges[last][1]
        stored_start, stored_end = view.stored_range(start, end)
        around = qs.filter(start__lt=stored_end, end__gt=stored_start)
        found = [m for m in marks(view, around, user_pk) if m.start < end and m.end > start]
        html = text_html(view.body[start:end], found, first=first, offset=start)
        out.append(html.replace("<p ", '<p hx-swap-oob="true" '))
    return "".join(out)


def runs(indexes: list[int]) -> list[tuple[int, int]]:
    """[1, 2, 3, 7] → [(1, 3), (7, 7)]."""
    found: list[tuple[int, int]] = []
    for i in indexes:
        if found and found[-1][1] == i - 1:
            found[-1] = (found[-1][0], i)
        else:
            found.append((i, i))
    return found


# Pages of tag cards


def tags_page(
    qs: QuerySet[Annotation],
    everything: QuerySet[Annotation],
    view: ArticleView,
    *,
    after: Any = None,
    through: Any = None,
    size: int = PAGE_SIZE,
) -> tuple[list[Annotation], bool]:
    """The cards of `qs` after the tag `after` in the list's order: `size` of them, or with `through`
    as many as it takes to reach that tag; and whether more follow. `after` and `through` are
    pks looked up in `everything` (the same layer with its deleted tags), anything else is ignored."""
    ordered = in_order(qs).select_related("tag_type", "speaker", "annotator")
    cursor = position(everything, after)
    if cursor is not None:
        start, end, pk = cursor
        ordered = ordered.filter(Q(start__gt=start) | Q(start=start, end__lt=end) | Q(start=start, end=end, pk__gt=pk))
    limit = size
    target = position(everything, through)
    if target is not None:
        start, end, pk = target
        upto = Q(start__lt=start) | Q(start=start, end__gt=end) | Q(start=start, end=end, pk__lte=pk)
        limit = max(size, ordered.filter(upto).count())
    rows = list(ordered[: limit + 1])
    return view.annotations(rows[:limit]), len(rows) > limit


def position(qs: QuerySet[Annotation], pk: Any) -> tuple[int, int, int] | None:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        return None
    if not 0 < key < 2**31:
        return None
    return qs.filter(pk=key).order_by().values_list("start", "end", "pk").first()


def card_context(annotations: list[Annotation], user: Any, can_edit: bool, *, view: ArticleView) -> list[Annotation]:
    """Give each card what the template shows without a tag or filter per card: whose it is,
    its order key, its shortened text, its linked quote and chain (as `view` shows them)."""
    card_links(annotations, view)
    for a in annotations:
        a.is_mine = a.annotator_id == user.pk  # type: ignore[attr-defined]
        a.order = tag_order(a)  # type: ignore[attr-defined]
        a.short = a.text if len(a.text) <= 140 else a.text[:139] + "…"  # type: ignore[attr-defined]
        a.tiny = a.text if len(a.text) <= 40 else a.text[:39] + "…"  # type: ignore[attr-defined]
    return annotations


def card_links(annotations: list[Annotation], view: ArticleView) -> None:
    """Each card's linked quote and chain, read for the page of cards at once and presented by the
    user's view (a blind user reads the quote masked, and no chain): never `annotation.quote` itself."""
    quote_ids = {a.quote_id for a in annotations if a.quote_id}
    chain_ids = {a.chain_id for a in annotations if a.chain_id}
    quotes = {
        q.pk: q
        for q in view.quotes(
            list(Quote.objects.filter(pk__in=quote_ids).select_related("speaker")) if quote_ids else []
        )
    }
    chains = {
        c.pk: c for c in view.chains(list(AttributionChain.objects.filter(pk__in=chain_ids)) if chain_ids else [])
    }
    for a in annotations:
        a.linked_quote = quotes.get(a.quote_id) if a.quote_id else None  # type: ignore[attr-defined]
        a.linked_chain = chains.get(a.chain_id) if a.chain_id else None  # type: ignore[attr-defined]


# Suggestions


def open_suggestions(*, view: ArticleView, article: Article, user: Any, can_edit: bool) -> list[Suggestion]:
    """The suggestions this user is offered: not dismissed, not already taken, as they see them."""
    if not can_edit:
        return []
    dismissed = set(
        SuggestionDismissal.objects.filter(article=article, annotator=user).values_list("suggestion_key", flat=True)
    )
    taken = set(
        Annotation.objects.alive()
        .filter(article=article, annotator=user)
        .exclude(suggestion_key="")
        .order_by()
        .values_list("suggestion_key", flat=True)
    )
    return view.suggestions([s for s in suggestions_for(article) if s.key not in dismissed and s.key not in taken])


def suggestions_page(
    suggestions: list[Suggestion], *, after: str = "", through: str = "", size: int = PAGE_SIZE
) -> tuple[list[Suggestion], bool]:
    """The suggestions after the one keyed `after` (shown key "kind:start:end"), like `tags_page`."""
    begin = 0
    cursor = key_order(after)
    if cursor is not None:
        orders = [suggestion_order(s) for s in suggestions]
        begin = bisect.bisect_right(orders, cursor)
    limit = size
    target = key_order(through)
    if target is not None:
        orders = [suggestion_order(s) for s in suggestions]
        limit = max(size, bisect.bisect_right(orders, target) - begin)
    return suggestions[begin : begin + limit], begin + limit < len(suggestions)


def key_order(key: str) -> str | None:
    parts = (key or "").split(":")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    return order_key(int(parts[1]), int(parts[2]), parts[0])


def suggestion_dom_id(key: str) -> str:
    return "s-" + key.replace(":", "-")


def suggestion_marks(suggestions: Iterable[Suggestion]) -> str:
    """Every open suggestion as "q120-164" (kind letter, shown start-end), for the browser to outline in the text."""
    return " ".join(f"{SUGGESTION_LETTER.get(s.kind, 'q')}{s.start}-{s.end}" for s in suggestions)


def suggestion_context(suggestions: list[Suggestion]) -> list[dict[str, Any]]:
    return [
        {
            "s": s,
            "dom_id": suggestion_dom_id(s.key),
            "order": suggestion_order(s),
            "letter": SUGGESTION_LETTER.get(s.kind, "q"),
            "short": s.text if len(s.text) <= 120 else s.text[:119] + "…",
            "tiny": s.text if len(s.text) <= 40 else s.text[:39] + "…",
        }
        for s in suggestions
    ]
