"""Stories: putting articles in them, and "possibly the same story" suggestions.

A suggestion weighs three overlaps between a candidate article and the story: its wording
(the words of the title and opening, tf-idf cosine), the names it shares (proper names of
the title and opening, and the speakers it quotes) and how close in time it was published.
Words and names most of the candidates share (the country at war, "said") count less. The story's own title, description and date take
part as one more "member", so a story with no articles yet gets suggestions too.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Substr

from newsdesk.comparison.align import normalise
from newsdesk.models import Article, Quote, Story, StorySuggestionRejection

WINDOW = timedelta(days=3)  # coverage of one event appears within a few days of it
LEAD_CHARS = 600  # the opening the wording and names are read from
MAX_CANDIDATES = 500  # articles read per suggestion page, whatever the corpus size
MAX_SEARCHED = 100  # of which found by words rather than by date
# Weights of wording, names and date; without a date to compare, wording and names share its weight.
WEIGHTS = (0.5, 0.35, 0.15)
# Tested in tests/unit/test_stories.py: coverage of the same event scores 50 and more, even reworded;
# the same town on the same day about something else stays under 40, an unrelated article near 15.
THRESHOLD = 40.0


# Filling a story


@dataclass(frozen=True)
class StoryFill:
    story: Story
    added: int  # articles now in the story that were not before
    moved: int  # of those, how many were in another story
    already: int  # articles that were in the story already


def story_add_articles(*, story: Story, articles: QuerySet[Article]) -> StoryFill:
    """Put `articles` in `story` (an article is in one story at a time, so this moves it there)."""
    with transaction.atomic():
        chosen = Article.objects.filter(pk__in=articles.values("pk"))
        already = chosen.filter(story=story).count()
        moved = chosen.exclude(story=story).exclude(story=None).count()
        added = chosen.exclude(story=story).update(story=story)
    return StoryFill(story=story, added=added, moved=moved, already=already)


def story_suggestion_reject(*, story: Story, article: Article, user: User) -> None:
    """Never suggest `article` for `story` again (whoever said so first is kept)."""
    StorySuggestionRejection.objects.get_or_create(story=story, article=article, defaults={"rejected_by": user})


def story_fill_message(fill: StoryFill, *, created: bool = False) -> str:
    """What a story fill did, in words for the page."""
    n = fill.added
    if created:
        text = f"Made the new story “{fill.story.title}” with {n} article{'s' if n != 1 else ''}"
    else:
        text = f"Added {n} article{'s' if n != 1 else ''} to “{fill.story.title}”"
    if fill.moved:
        text += f" ({fill.moved} moved from another story)"
    if fill.already:
        text += f"; {fill.already} {'was' if fill.already == 1 else 'were'} in it already"
    return text + "."


# Suggestions: the pure part


@dataclass(frozen=True)
class Profile:
    """What a suggestion compares of an article, or of the story itself (`article` None)."""

    article: Any
    words: Counter[str]  # content words of the title and opening (title words twice), crudely stemmed
    names: frozenset[str]  # lower-case words of the proper names and speakers
    maybe: frozenset[str]  # words that are names if the pool has them as names elsewhere (see name_words)
    when: datetime | None


@dataclass(frozen=True)
class Candidate:
    article: Any
    score: float  # 0–100
    wording: float  # 0–100, the best wording match with the story
    names: float = 0.0  # 0–100, how much the two sets of names overlap (rare names weigh more)
    shared: tuple[str, ...] = ()  # names shared with the story, rarest first
    apart: timedelta | None = None  # from the nearest dated member

    @property
    def apart_text(self) -> str:
        """How far apart in time, in words ("" when there was nothing to compare)."""
        if self.apart is None:
            return ""
        hours = self.apart.total_seconds() / 3600
        if hours < 1:
            return "within the hour"
        return f"{round(hours)} h apart" if hours < 36 else f"{round(hours / 24)} days apart"


NAME_RUN = re.compile(r"[A-Z][\w’'-]*(?:\s+(?:of\s+|the\s+|de\s+|al-)?[A-Z][\w’'-]*)*")
# Capitalised words that name nothing: sentence openers, days, months, titles ("Governor Anna Sorel").
NOT_NAMES = frozenset([
    "a", "an", "the", "and", "or", "but", "if", "as", "at", "by", "for", "from", "in", "into", "of", "on", "to",
    "with", "after", "before", "when", "while", "this", "that", "these", "those", "it", "its", "he", "she", "they",
    "we", "you", "i", "his", "her", "their", "our", "there", "here", "what", "who", "how", "why", "where",
    "according", "read", "more", "also", "said", "says", "officials", "official", "reporting", "update", "updated",
    "live", "breaking", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "president", "prime", "minister", "ministry", "secretary", "general", "governor", "mayor", "chief", "head",
    "spokesman", "spokeswoman", "spokesperson", "commander", "ambassador", "deputy", "director", "foreign", "defence",
])  # fmt: skip


SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|[“\"(]\s*)$")


def name_words(text: str) -> tuple[set[str], set[str]]:
    """Lower-case words of the proper names in `text` (runs of capitalised words that name something).

    Returns (names, maybe): a lone capitalised word opening a sentence ("Shelling hit …", "Vell dam
    strike") may be a name or not; it counts once some text of the pool has it inside a sentence.
    """
    names: set[str] = set()
    maybe: set[str] = set()
    for match in NAME_RUN.finditer(text):
        run = match.group()
        opening = " " not in run and SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()])
        for word in re.findall(r"\w[\w’'-]*", run):
            low = word.lower().strip("’'-")
            if len(low) > 2 and low not in NOT_NAMES:
                (maybe if opening else names).add(low)
    return names, maybe - names


def headline_names(title: str) -> tuple[set[str], set[str]]:
    """Names in a headline; a headline In Title Case Capitalises Everything, so it only says "maybe"."""
    words = re.findall(r"[A-Za-z][\w’'-]*", title)
    capitalised = sum(1 for w in words if w[0].isupper())
    names, maybe = name_words(title)
    return (set(), names | maybe) if len(words) > 3 and capitalised / len(words) > 0.6 else (names, maybe)


def as_datetime(when: datetime | date | None) -> datetime | None:
    if when is None or isinstance(when, datetime):
        return when
    return datetime.combine(when, time(12), tzinfo=UTC)  # a story's day: its middle


def profile_of(
    article: Any, *, title: str, lead: str, when: datetime | date | None, speakers: Iterable[str] = ()
) -> Profile:
    (title_names, title_maybe), (lead_names, lead_maybe) = headline_names(title), name_words(lead[:LEAD_CHARS])
    names = title_names | lead_names
    for speaker in speakers:
        names |= {w for w in re.findall(r"\w+", speaker.lower()) if len(w) > 2 and w not in NOT_NAMES}
    words = Counter(content_words(title) * 2 + content_words(lead[:LEAD_CHARS]))
    maybe = frozenset((title_maybe | lead_maybe) - names)
    return Profile(article=article, words=words, names=frozenset(names), maybe=maybe, when=as_datetime(when))


SUFFIXES = ("ings", "ing", "ed", "es", "s")


def content_words(text: str) -> list[str]:
    """The words that carry meaning, lower case, with common endings cut ("flooded", "floods" → "flood")."""
    found = []
    for word in normalise(text).split():
        if len(word) < 3 or word in NOT_NAMES or word.isdigit():
            continue
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        found.append(word)
    return found


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(weight * b[word] for word, weight in a.items() if word in b)
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def story_candidates(
    members: Sequence[Profile], others: Sequence[Profile], *, threshold: float = THRESHOLD
) -> list[Candidate]:
    """Profiles of `others` close to the story (its `members`, the story itself among them), best first.

    A candidate dated more than WINDOW away from every dated member is not the same story;
    one without a date (or a story without any) is judged on wording and names alone.
    """
    pool = [*members, *others]
    known = frozenset().union(*(p.names for p in pool))
    pool = [replace(p, names=p.names | (p.maybe & known)) for p in pool]
    members, others = pool[: len(members)], pool[len(members) :]
    # A word or name most candidates share (the country at war, the capital) tells little: weigh by rarity.
    frequency = Counter(name for profile in pool for name in profile.names)
    word_frequency = Counter(word for profile in pool for word in profile.words)
    total = len(pool)

    def weight(name: str) -> float:
        return math.log(1 + total / frequency[name])

    def vector(profile: Profile) -> dict[str, float]:
        return {w: n * math.log(1 + total / word_frequency[w]) for w, n in profile.words.items()}

    member_vectors = [vector(m) for m in members if m.words]
    story_names = frozenset().union(*(m.names for m in members))

    found = []
    dated = [m.when for m in members if m.when is not None]
    for other in others:
        when = other.when
        apart = min((abs(when - m) for m in dated), default=None) if when is not None else None
        if apart is not None and apart > WINDOW:
            continue
        mine = vector(other)
        wording = 100 * max((cosine(mine, v) for v in member_vectors), default=0.0)
        shared = other.names & story_names
        # Like a cosine of the two sets: one shared name of many is a weak sign, of one or two a strong one.
        both = math.sqrt(sum(weight(n) for n in other.names) * sum(weight(n) for n in story_names))
        names = sum(weight(n) for n in shared) / both if both else 0.0
        w_text, w_names, w_date = WEIGHTS
        if apart is None:  # nothing to compare in time: wording and names decide between them
            w_text, w_names, w_date = w_text / (1 - w_date), w_names / (1 - w_date), 0.0
        closeness = 1 - apart / WINDOW if apart is not None else 0.0
        score = 100 * (w_text * wording / 100 + w_names * names + w_date * closeness)
        if score >= threshold:
            ordered = tuple(sorted(shared, key=lambda n: (frequency[n], n)))
            found.append(Candidate(other.article, round(score, 1), round(wording), round(100 * names), ordered, apart))
    return sorted(found, key=lambda c: -c.score)


# Suggestions: reading the database


def story_profiles(articles: Iterable[Any]) -> list[Profile]:
    """Profiles of articles loaded with `lead` (see `leads`), with the speakers they quote (one query)."""
    articles = list(articles)
    speakers: dict[int, set[str]] = {}
    for article_id, name in (
        Quote.objects.filter(article_id__in=[a.pk for a in articles], speaker__isnull=False)
        .order_by()
        .values_list("article_id", "speaker__name")
        .distinct()
    ):
        speakers.setdefault(article_id, set()).add(name)
    return [
        profile_of(a, title=a.title, lead=a.lead, when=a.published_at, speakers=speakers.get(a.pk, ()))
        for a in articles
    ]


def leads(qs: QuerySet[Article]) -> QuerySet[Article]:
    """Only what a suggestion reads: the opening of the body, not all of it."""
    return qs.annotate(lead=Substr("body", 1, LEAD_CHARS)).only("id", "title", "published_at")


def story_suggest(story: Story) -> list[Candidate]:
    """Articles that are possibly the same story, best first (a fixed number of queries)."""
    from newsdesk.search import articles_search

    members = list(leads(Article.objects.filter(story=story, next_revision__isnull=True)).order_by("id")[:50])
    itself = profile_of(None, title=story.title, lead=story.description, when=story.date)
    profiles = [itself, *story_profiles(members)]
    others = Article.objects.exclude(story=story).exclude(
        pk__in=StorySuggestionRejection.objects.filter(story=story).values("article_id")
    )
    dates = [p.when for p in profiles if p.when is not None]
    chosen: dict[int, Article] = {}
    if dates:
        near = others.filter(published_at__gte=min(dates) - WINDOW, published_at__lte=max(dates) + WINDOW)
        chosen.update((a.pk, a) for a in leads(near).order_by("published_at", "id")[: MAX_CANDIDATES - MAX_SEARCHED])
    # By words too: undated articles, and a story without a date at all. The story's title first,
    # then the names its articles use most.
    names = Counter(name for p in profiles for name in p.names)
    words = list(dict.fromkeys([*re.findall(r"\w{4,}", story.title.lower()), *(n for n, _ in names.most_common())]))
    if words:
        found = articles_search(leads(others), " or ".join(words[:30]))[:MAX_SEARCHED]
        chosen.update((a.pk, a) for a in found if a.pk not in chosen)
    return story_candidates(profiles, story_profiles(chosen.values()))
