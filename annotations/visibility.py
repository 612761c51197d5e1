"""What a user may see of an article: the one rule behind outlet-blind campaigns.

Who is blind. A campaign with `is_blind` hides the outlet of each of its articles from the
campaign's annotators (whether or not the article is assigned to them), and with
`is_blind_for_reviewers` from every reviewer too, while the campaign is active. The rule holds
for every revision of such an article (revisions share their URL), and an explicit, logged
`BlindReveal` lifts it for one user on the whole revision chain. Admins are never blind.

What they see. Every page, partial, API answer and export takes what it shows of an article
from an `ArticleView` (`article_view_for`, or `article_views_for` for a list, in a bounded
number of queries). For a blind user the view has no credits, URL, story, chains or
extraction; in the title, the body and every string about the article (quotes, speakers,
cues, suggestion labels, notes, comments) the names, slugs and domains of *every* outlet
newsdesk knows are masked, not only the publisher's (a name left visible would tell which
outlets the article is not from), and so are web addresses, credit lines, bylines and "Read
more" links.

The mask. Each hidden run is shown as the same token, `MASK_TOKEN`, whatever its length, so
the mask tells neither the length of a name nor two names apart. The text a blind user sees
is therefore shorter or longer than the stored body: every offset such a user sees or sends
is an offset of the shown text (the workspace, the API, the review queue, adjudication,
exports), and `Shown` is the one translation between the two. A selection that starts or
ends inside a token covers the whole hidden run ("snapped out"), so a tag made on the shown
text always lands on whole words of the stored one, and the answer shows it masked again.
"""

import bisect
import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any, overload
from urllib.parse import urlsplit

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet

from annotations.models import Annotation, Assignment, BlindReveal, Campaign
from annotations.spans import check_span, span_context
from annotations.suggestions import Suggestion, sentences_for, suggestions_for
from newsdesk.extraction.lexicon import alternation
from newsdesk.models import Article, ArticleCredit, Outlet, Speaker
from newsdesk.roles import AnyUser, is_admin, is_reviewer

MASK = "█"
MASK_TOKEN = MASK * 3
# Credit roles whose span in the text (a credit line, a byline, a dateline) is masked whole.
IDENTIFYING_ROLES = (
    ArticleCredit.Role.PRIMARY,
    ArticleCredit.Role.ADDITIONAL_INPUT,
    ArticleCredit.Role.SYNDICATED_FROM,
)
WEB_ADDRESS = re.compile(r"https?://\S+|www\.\S+|\b[\w-]+\.(?:com|org|net|ru|ua|uk|co|info|news|example)\b(?:/\S*)?")
# Paragraphs that credit people, whom a reader could tie to their outlet ("Reporting by Ana
# Ruiz; editing by Tom Bell", "By Ana Ruiz, Staff"), even where extraction found no outlet.
CREDIT_PARAGRAPH = re.compile(
    r"^(?:(?:with )?(?:additional )?(?:reporting|writing|editing|compiled|written|reported)(?: and \w+)? by\b"
    r"|by [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}(?:,|$))",
    re.IGNORECASE,
)
CREDIT_PARAGRAPH_MAX = 300
CLOSED_MESSAGE = (
    "While an outlet-blind campaign you work in is running, pages about outlets and stories are closed to you "
    "(all of them, so that which ones are closed tells nothing)."
)


# Who is blind to what


def blind_campaign_ids(user: AnyUser) -> list[int]:
    """The active campaigns that hide outlets from `user` (one small query; none for an admin).

    Kept on the user object for the request, as its roles are (`newsdesk.roles.user_roles`).
    """
    if not user.is_authenticated or is_admin(user):
        return []
    cached = getattr(user, "_newsdesk_blind_campaigns", None)
    if cached is not None:
        return list(cached)
    active = Campaign.objects.filter(is_active=True).order_by()  # neither part nor whole of a UNION is ordered
    member = active.filter(is_blind=True, annotators=user).values_list("pk", flat=True)
    parts = [active.filter(is_blind=True, assignments__annotator=user).values_list("pk", flat=True)]
    if is_reviewer(user):
        parts.append(active.filter(is_blind_for_reviewers=True).values_list("pk", flat=True))
    found = sorted(set(member.union(*parts).order_by()))  # a UNION cannot take the model's ordering
    user._newsdesk_blind_campaigns = tuple(found)  # type: ignore[attr-defined]
    return found


def hidden_articles(user: AnyUser) -> QuerySet[Article]:
    """The articles whose outlet is hidden from `user`, lazily: use it as `pk__in=…` or ask `.exists()`.

    Which campaigns hide anything is asked at once (one small query, and no more for a user
    who is blind to nothing); the articles are one more, wherever it is evaluated. Unions of
    indexed lookups, not ORs over joins: the cost follows the blind campaigns, not the corpus.
    """
    campaigns = blind_campaign_ids(user)
    if not campaigns or not user.is_authenticated:
        return Article.objects.none()
    listed = Campaign.articles.through.objects.filter(campaign_id__in=campaigns).values_list("article_id", flat=True)
    assigned = Assignment.objects.filter(campaign_id__in=campaigns).order_by().values_list("article_id", flat=True)
    revealed = BlindReveal.objects.filter(user=user).values_list("article_id", flat=True)
    return (
        Article.objects.filter(pk__in=listed.union(assigned, same_url(listed.union(assigned))))
        .exclude(pk__in=revealed)
        .exclude(pk__in=same_url(revealed))
    )


def same_url(article_ids: QuerySet[Any]) -> QuerySet[Any]:
    """Every revision of the given articles (revisions are made only for a URL already stored)."""
    urls = Article.objects.filter(pk__in=article_ids).exclude(url="").values("url")
    return Article.objects.filter(url__in=urls).order_by().values_list("pk", flat=True)


def hidden_ids_among(user: AnyUser, ids: Iterable[int]) -> set[int]:
    """Which of `ids` are hidden from `user` (one query, none for an empty list or an admin)."""
    wanted = set(ids)
    if not wanted or not getattr(user, "is_authenticated", False) or is_admin(user):
        return set()
    return set(hidden_articles(user).filter(pk__in=wanted).values_list("pk", flat=True))


def is_blind_anywhere(user: AnyUser) -> bool:
    return hidden_articles(user).exists()


def check_sees_outlets(user: AnyUser) -> None:
    """403 for pages about outlets or stories (profiles, comparisons) while `user` is blind to any article.

    Called before the page's own lookup, so every slug (a hidden outlet's, another's, one that
    does not exist) gets the same answer: the pages cannot be used to learn what is hidden.
    """
    if is_blind_anywhere(user):
        raise PermissionDenied(CLOSED_MESSAGE)


def without_hidden[QS: QuerySet[Any]](user: AnyUser, qs: QS, field: str = "pk") -> QS:
    """`qs` without the rows of articles hidden from `user` (`field` names the article: "pk", "article").

    For lists filtered or ordered by what blind mode hides (outlet, story, words of the real
    text): with the hidden articles left in, the filter itself would say what is hidden.
    """
    if not getattr(user, "is_authenticated", False) or is_admin(user):
        return qs
    lookup = "pk__in" if field == "pk" else f"{field}__in"
    return qs.exclude(**{lookup: hidden_articles(user).values("pk")})


def blind_campaign(user: AnyUser, article: Article) -> Campaign | None:
    """The campaign that hides `article` from `user` (for the reveal log), or None."""
    if not hidden_ids_among(user, [article.pk]):
        return None
    same = Q(articles=article) | (Q(articles__url=article.url) if article.url else Q(pk__in=[]))
    return Campaign.objects.filter(same, pk__in=blind_campaign_ids(user)).order_by("pk").first()


@transaction.atomic
def blind_reveal(*, user: User, article: Article, reason: str = "") -> BlindReveal | None:
    """Show `user` the outlet of a blind article from now on, logged with the campaign and why; None if not blind."""
    campaign = blind_campaign(user, article)
    if campaign is None:
        return None
    reveal, _ = BlindReveal.objects.get_or_create(
        user=user, article=article, defaults={"campaign": campaign, "reason": reason[:500]}
    )
    return reveal


def campaign_shows_outlets(user: AnyUser, campaign: Campaign) -> bool:
    """Whether the campaign page may break its figures down by outlet for `user`.

    Not for a blind campaign (its annotators read the page), unless an admin asks; and not
    while `user` is blind to any of the campaign's articles.
    """
    if is_admin(user):
        return True
    return not campaign.is_blind and not hidden_articles(user).filter(campaigns=campaign).exists()


# Masking


@lru_cache(maxsize=8)
def term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Any of `terms` (lower case) as a whole word, any case; a trie, so cost does not grow with their number."""
    if not terms:
        return re.compile("(?!)")
    return re.compile(rf"(?<![\w.-])(?:{alternation(list(terms))})(?![\w-])", re.IGNORECASE)


def outlet_terms(rows: Iterable[tuple[str, str, str, str]]) -> tuple[str, ...]:
    """Names, slugs, domains (with and without "www.") of outlets, lower case, longest first."""
    terms: set[str] = set()
    for name, slug, domain, homepage in rows:
        host = urlsplit(homepage).hostname or "" if homepage else ""
        for term in (name, slug, domain, host, domain.removeprefix("www."), host.removeprefix("www.")):
            term = " ".join((term or "").split()).lower()
            if len(term) >= 2:
                terms.add(term)
    return tuple(sorted(terms, key=lambda t: (-len(t), t)))


def corpus_masker() -> "Masker":
    """A masker for every outlet newsdesk knows (one query; the pattern is compiled once per set)."""
    rows = Outlet.objects.values_list("name", "slug", "domain", "homepage")
    return Masker(term_pattern(outlet_terms(rows)))


@dataclass(frozen=True)
class Masker:
    pattern: re.Pattern[str]

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [m.span() for m in self.pattern.finditer(text)] + [m.span() for m in WEB_ADDRESS.finditer(text)]

    def mask(self, text: str) -> str:
        """`text` with every outlet term and web address replaced by the token."""
        if not text:
            return text
        return Shown(text, self.spans(text)).text


def credit_paragraph_spans(body: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in body.split("\n"):
        if len(line) <= CREDIT_PARAGRAPH_MAX and CREDIT_PARAGRAPH.match(line):
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def identifying_spans(article: Article, credits: Sequence[ArticleCredit], masker: Masker) -> list[tuple[int, int]]:
    """Where the text gives an outlet away: credit lines, bylines, cross-links, addresses, outlet names."""
    body = article.body
    extraction: dict[str, Any] = article.extraction or {}
    spans: list[tuple[int, int]] = []
    located: list[tuple[Any, Any, Any]] = [(c.role, c.start, c.end) for c in credits]
    located += [
        (c.get("role"), c.get("start"), c.get("end")) for c in extraction.get("credits") or () if isinstance(c, dict)
    ]
    for role, start, end in located:
        if role not in IDENTIFYING_ROLES or not isinstance(start, int) or not isinstance(end, int):
            continue
        # A credit line or byline goes whole; of a dateline ("KARSK, March 3 (Northwind Wire) —")
        # only the name does (below): the place and the date are the story's.
        if (start == 0 or body[start - 1 : start] == "\n") and (end >= len(body) or body[end : end + 1] == "\n"):
            spans.append((start, end))
    for link in extraction.get("cross_links") or ():
        if isinstance(link, dict) and isinstance(link.get("start"), int) and isinstance(link.get("end"), int):
            spans.append((link["start"], link["end"]))
    spans += credit_paragraph_spans(body)
    spans += masker.spans(body)
    return spans


@dataclass(frozen=True, slots=True)
class Run:
    """One hidden run: `[start, end)` of the stored text, `[shown_start, shown_end)` of the shown one."""

    start: int
    end: int
    shown_start: int
    shown_end: int


class Shown:
    """A text with hidden runs replaced by the token, and the translation of offsets both ways.

    Runs are merged where they overlap or touch, and cut at line breaks (paragraphs stay
    paragraphs). Outside the runs the two texts read the same.
    """

    def __init__(self, stored: str, hidden: Iterable[tuple[int, int]]) -> None:
        n = len(stored)
        clipped = sorted((max(0, s), min(n, e)) for s, e in hidden if min(n, e) > max(0, s))
        merged: list[list[int]] = []
        for s, e in clipped:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        pieces: list[tuple[int, int]] = []
        for s, e in merged:
            at = s
            while at < e:
                nl = stored.find("\n", at, e)
                if nl == -1:
                    pieces.append((at, e))
                    break
                if nl > at:
                    pieces.append((at, nl))
                at = nl + 1
        out: list[str] = []
        runs: list[Run] = []
        last = shift = 0
        for s, e in pieces:
            out.append(stored[last:s])
            shown_start = s + shift
            runs.append(Run(s, e, shown_start, shown_start + len(MASK_TOKEN)))
            out.append(MASK_TOKEN)
            shift += len(MASK_TOKEN) - (e - s)
            last = e
        out.append(stored[last:])
        self.text = "".join(out)
        self.runs = runs
        self._starts = [r.start for r in runs]
        self._shown_starts = [r.shown_start for r in runs]

    def shown_offset(self, pos: int, *, end: bool) -> int:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        run = self.runs[i]
        if pos == run.start:
            return run.shown_start
        if pos < run.end:  # inside a hidden run: the whole token
            return run.shown_end if end else run.shown_start
        return run.shown_end + (pos - run.end)

    def stored_offset(self, pos: int, *, end: bool) -> int:
        i = bisect.bisect_right(self._shown_starts, pos) - 1
        if i < 0:
            return pos
        run = self.runs[i]
        if pos == run.shown_start:
            return run.start
        if pos < run.shown_end:  # inside the token: snapped out to the whole run
            return run.end if end else run.start
        return run.end + (pos - run.shown_end)

    def shown_span(self, start: int, end: int) -> tuple[int, int]:
        return self.shown_offset(start, end=False), self.shown_offset(end, end=True)

    def stored_span(self, start: int, end: int) -> tuple[int, int]:
        return self.stored_offset(start, end=False), self.stored_offset(end, end=True)

    def touches_hidden(self, start: int, end: int) -> bool:
        """Whether stored `[start, end)` overlaps a hidden run."""
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self.runs[i].end > start


# What one user sees of one article


def never_saved(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("A masked copy of an article (ArticleView.as_article) is never saved.")


class ArticleView:
    """What one user may see of one article. Pass it to templates as `article`.

    Only the fields listed here exist (a template asking for anything else gets nothing):
    for a blind user the title is masked, the body is the shown text, and URL, story,
    credits, chains and extraction are empty. The methods present other rows of the article
    (tags, quotes, suggestions, events …) the same way; for a user who is not blind they
    return their input unchanged. Presented rows are for display only and never saved.
    """

    def __init__(
        self,
        article: Article,
        *,
        is_blind: bool,
        masker: Masker | None = None,
        credits: Sequence[ArticleCredit] = (),
    ) -> None:
        self._article = article
        self.is_blind = is_blind
        self._masker = masker
        self._credits = list(credits)
        self.pk = self.id = article.pk

    # Fields

    @cached_property
    def title(self) -> str:
        return self.mask(self._article.title)

    @cached_property
    def body(self) -> str:
        return self._shown.text if self.is_blind else self._article.body

    @property
    def url(self) -> str:
        return "" if self.is_blind else self._article.url

    @property
    def story(self) -> Any:
        return None if self.is_blind else self._article.story

    @property
    def story_id(self) -> int | None:
        return None if self.is_blind else self._article.story_id

    # Fields read on demand: an article loaded with `.only()` costs no query for those not shown.

    @property
    def published_at(self) -> Any:
        return self._article.published_at

    @property
    def created_at(self) -> Any:
        return self._article.created_at

    @property
    def language(self) -> str:
        return self._article.language

    @property
    def revision(self) -> int:
        return self._article.revision

    @property
    def previous_id(self) -> int | None:
        return self._article.previous_id

    @property
    def extraction(self) -> dict[str, Any]:
        return {} if self.is_blind else (self._article.extraction or {})

    def get_absolute_url(self) -> str:
        return self._article.get_absolute_url()

    def __str__(self) -> str:
        return self.title

    def as_article(self) -> Article:
        """A copy of the article with only what this user may see, for code that reads model fields (exports).

        It cannot be saved: it exists to be written out.
        """
        if not self.is_blind:
            return self._article
        shown = copy.copy(self._article)
        shown.title, shown.body, shown.url, shown.content_hash = self.title, self.body, "", ""
        shown.story, shown.extraction = None, {}
        shown.save = never_saved  # type: ignore[method-assign]
        return shown

    @cached_property
    def _shown(self) -> Shown:
        assert self._masker is not None
        return Shown(self._article.body, identifying_spans(self._article, self._credits, self._masker))

    # Strings and offsets

    def mask(self, text: str) -> str:
        """Any string about this article (a speaker, a cue, a note, a comment) as this user may read it."""
        return self._masker.mask(text) if self.is_blind and self._masker is not None and text else text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A stored span as offsets of the text this user sees."""
        return self._shown.shown_span(start, end) if self.is_blind else (start, end)

    def text(self, start: int, end: int) -> str:
        """What this user sees of a stored span."""
        shown_start, shown_end = self.span(start, end)
        return self.body[shown_start:shown_end]

    def stored_span(self, start: int, end: int, text: str | None) -> tuple[int, int, str | None]:
        """The one blind span check: a span this user selected, as (start, end, text to check) of the stored body.

        For a blind user the selection is checked against the text they were shown (422 if it
        does not read `text` there) and translated, snapped out of hidden runs; the stored text
        is then taken as it is (None). Anyone else's span is returned for the service to check.
        """
        if not self.is_blind:
            return start, end, text
        check_span(self.body, start, end, text)
        stored_start, stored_end = self._shown.stored_span(start, end)
        return stored_start, stored_end, None

    def stored_range(self, start: int, end: int) -> tuple[int, int]:
        """A range of the shown text (paragraphs to look tags up in) as stored offsets; no check."""
        return self._shown.stored_span(start, end) if self.is_blind else (start, end)

    def touches_hidden(self, start: int, end: int) -> bool:
        return self.is_blind and self._shown.touches_hidden(start, end)

    def stored_note(self, sent: str | None, stored: str) -> str | None:
        """The note to save when this user sends `sent` for a tag whose note is `stored`.

        A blind user edits the note as shown, masked: sent back unchanged, it keeps the stored
        words instead of overwriting them with tokens.
        """
        if self.is_blind and sent is not None and sent.strip() == self.mask(stored).strip():
            return stored
        return sent

    # Rows of the article, presented

    def credits[T](self, credits: list[T]) -> list[T]:
        return [] if self.is_blind else credits

    def chains[T](self, chains: list[T]) -> list[T]:
        """Attribution chains start with the publishing outlet and relay through others: none for a blind user."""
        return [] if self.is_blind else chains

    @overload
    def speaker(self, speaker: Speaker) -> Speaker: ...
    @overload
    def speaker(self, speaker: None) -> None: ...
    def speaker(self, speaker: Speaker | None) -> Speaker | None:
        if not self.is_blind or speaker is None:
            return speaker
        shown = copy.copy(speaker)
        shown.name, shown.title, shown.affiliation = (
            self.mask(speaker.name),
            self.mask(speaker.title),
            self.mask(speaker.affiliation),
        )
        return shown

    def annotation(self, annotation: Annotation) -> Annotation:
        """A tag with its span, text, note and speaker as this user sees them (in place)."""
        if self.is_blind and not getattr(annotation, "is_presented", False):
            annotation.is_presented = True  # type: ignore[attr-defined]
            annotation.start, annotation.end = self.span(annotation.start, annotation.end)
            annotation.text = self.body[annotation.start : annotation.end]
            annotation.prefix, annotation.suffix = span_context(self.body, annotation.start, annotation.end)
            annotation.note = self.mask(annotation.note)  # notes of suggestions name speakers
            if getattr(annotation, "speaker_id", None):  # a gold item has no speaker
                annotation.speaker = self.speaker(annotation.speaker)
        return annotation

    def annotations(self, annotations: list[Annotation]) -> list[Annotation]:
        for annotation in annotations:
            self.annotation(annotation)
        return annotations

    def quotes(self, quotes: list[Any]) -> list[Any]:
        if self.is_blind:
            for quote in quotes:
                if getattr(quote, "is_presented", False):
                    continue
                quote.is_presented = True
                quote.start, quote.end = self.span(quote.start, quote.end)
                quote.text = self.body[quote.start : quote.end]
                quote.speaker_text, quote.cue_verb = self.mask(quote.speaker_text), self.mask(quote.cue_verb)
                if quote.speaker_id:
                    quote.speaker = self.speaker(quote.speaker)
                if quote.cue_start is not None and quote.cue_end is not None:
                    quote.cue_start, quote.cue_end = self.span(quote.cue_start, quote.cue_end)
        return quotes

    def suggestions(self, suggestions: list[Suggestion]) -> list[Suggestion]:
        """The suggestions this user is offered: none that touches hidden text; keys and offsets as shown."""
        if not self.is_blind:
            return suggestions
        shown = []
        for s in suggestions:
            if self.touches_hidden(s.start, s.end):
                continue
            start, end = self.span(s.start, s.end)
            shown.append(
                replace(
                    s,
                    key=self.suggestion_key(s),
                    start=start,
                    end=end,
                    text=self.body[start:end],
                    label=self.mask(s.label),
                    note=self.mask(s.note),
                    quote_span=None,
                )
            )
        return shown

    def suggestion_key(self, suggestion: Suggestion) -> str:
        """The key this user sees (and sends back): its offsets are those of the shown text."""
        if not self.is_blind:
            return suggestion.key
        start, end = self.span(suggestion.start, suggestion.end)
        return f"{suggestion.kind}:{start}:{end}"

    def suggestion_stored_key(self, key: str) -> str:
        """The stored key of the suggestion this user sent `key` for.

        A suggestion that touches hidden text was never offered to a blind user: its key (or
        any other) gives one that does not exist, whatever they send.
        """
        if not self.is_blind:
            return key
        for s in suggestions_for(self._article):
            if self.suggestion_key(s) == key and not self.touches_hidden(s.start, s.end):
                return s.key
        return "-"

    def sentences(self) -> list[list[int]]:
        found = sentences_for(self._article)
        return [list(self.span(s, e)) for s, e in found] if self.is_blind else found

    def event(self, event: Any) -> Any:
        """An audit-trail entry with the spans and texts of its snapshots as shown (in place)."""
        if self.is_blind and not getattr(event, "is_presented", False):
            event.is_presented = True
            for snapshot in (event.before, event.after):
                if isinstance(snapshot.get("start"), int) and isinstance(snapshot.get("end"), int):
                    snapshot["start"], snapshot["end"] = self.span(snapshot["start"], snapshot["end"])
                    snapshot["text"] = self.body[snapshot["start"] : snapshot["end"]]
                if isinstance(snapshot.get("note"), str):
                    snapshot["note"] = self.mask(snapshot["note"])
            event.comment = self.mask(event.comment)
        return event


def article_views_for(user: AnyUser, articles: Iterable[Article]) -> dict[int, ArticleView]:
    """What `user` may see of each article, by pk: one query, two more when any of them is hidden."""
    unique = {a.pk: a for a in articles}
    hidden = hidden_ids_among(user, unique)
    masker = corpus_masker() if hidden else None
    credits: dict[int, list[ArticleCredit]] = {pk: [] for pk in hidden}
    if hidden:
        for credit in (
            ArticleCredit.objects.filter(article_id__in=hidden)
            .exclude(start=None)
            .only("article_id", "role", "start", "end")
        ):
            credits[credit.article_id].append(credit)
    return {
        pk: ArticleView(article, is_blind=pk in hidden, masker=masker, credits=credits.get(pk, ()))
        for pk, article in unique.items()
    }


def with_article_views[R](user: AnyUser, rows: list[R], *, via: str = "article") -> list[R]:
    """Give each row (a tag, an assignment, a reveal …) an `article_view` of its `via` article, in bulk."""
    views = article_views_for(user, [getattr(row, via) for row in rows])
    for row in rows:
        row.article_view = views[getattr(row, f"{via}_id")]  # type: ignore[attr-defined]
    return rows


def article_view_for(user: AnyUser, article: Article) -> ArticleView:
    """What `user` may see of `article` (one query; two more if it is hidden from them)."""
    return article_views_for(user, [article])[article.pk]
