"""The story comparison at real sizes: 6 and 20 articles of 5,000 words, ~333 tags per article.

    uv run python bench/sizes_compare.py [--repeat 20] [--cache db]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_comparison_bench \\
        uv run python bench/sizes_compare.py [--repeat 20] [--cache db]

Builds its stories itself in its own database (SQLite: /tmp/newsdesk-sizes-compare.sqlite3
unless DATABASE_URL is set; `migrate` runs first): invented wire copy stored through
`article_ingest` (so quotes, speakers, figures and framing come from the real extraction),
statements carried by several outlets in full, trimmed, as fragments and split by "X said",
and 2,000 tags per 6 articles. The "similar" cases add about 80 near-identical quotes per
article (a transcript's statements repeated with small changes): the worst case for quote
alignment. Then, as a reader, GETs the compare page, compare.json and compare.csv through
Django's test client (view, ORM, template; no network) and prints per case and endpoint the
server time median and p95 of the repeated requests, the first ("cold") request after the
story changed, the answer's bytes and its SQL queries.

Exits 1 when a cost grows faster than linearly with the number of articles: the time per
article of the 20-article story (fastest of its requests) above 1.5 × that of the 6-article
one, more bytes per article, or more queries.
`cases()` is the entry point for bench/sizes.py.
"""

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from _setup import django_setup, machine_line, summary_ms

WORDS_PER_ARTICLE = 5000
TAGS_PER_6 = 2000
SIMILAR_PER_ARTICLE = 80
SIZES = (6, 20)
# Time per article may grow by this factor from 6 to 20 articles before the run fails (noise).
LINEAR_SLACK = 1.5

# Invented material: outlets, people, places. Never real articles.
OUTLETS = [f"Sizes Wire {i}" for i in range(20)]
PEOPLE = [
    ("Delia Markham", "the interior minister"),
    ("Owen Hallett", "the congressman"),
    ("Tobias Wren", "an analyst at Northgate Capital"),
    ("Clara Mendes", "the regional governor"),
    ("Paul Rivet", "the army spokesman"),
    ("Edna Pruitt", "a resident of Vell"),
    ("Ray Dunmore", "the city councilman"),
    ("Noor Haddad", "the aid coordinator"),
    ("Bram Ostrowski", "the deputy mayor"),
    ("Carla Nunes", "the ministry spokeswoman"),
]
PLACES = ["Northport", "Vell", "Karsk", "Dorin", "Lake Amber", "the border district", "Kiev", "Kyiv"]
TERMS = ["military operation", "invasion", "regime", "terrorists", "fighters", "militants", "liberation"]
NOUNS = ["house", "bridge", "school", "road", "clinic", "village", "dam", "market", "station", "port"]
VERBS = ["said", "said", "said", "claimed", "stressed", "insisted", "warned", "added", "told reporters"]
FILLER = [
    "Talks between the two delegations resumed in {place} on {day} after a pause of {n} weeks.",
    "Residents of {place} said the water supply had been cut for {n} days.",
    "At least {n} people were killed and {m} were injured near {place}, the emergencies service said.",
    "About {m} people were evacuated from {place} overnight, officials said.",
    "The {term} near {place} has lasted {n} weeks, according to local officials.",
    "Prices of bread in {place} rose by {n} percent in a month.",
    "The road between {place} and {place2} was closed to traffic on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def statement(rng: random.Random) -> str:
    """A quotable sentence of 14-24 words."""
    place, noun, term = rng.choice(PLACES), rng.choice(NOUNS), rng.choice(TERMS)
    forms = [
        f"We will rebuild every {noun} in {place}, and we will not wait for the {term} to end before we start",
        f"Nobody in {place} asked for this {term}, and nobody here will forget who brought it to our {noun}",
        f"The {noun} at {place} was hit twice in one night, which tells you everything about the {term}",
        f"If the {term} continues, the {noun} in {place} will be the first thing we lose and the last we rebuild",
        f"We have asked for help for {rng.randint(3, 40)} days and what reached {place} was one truck for each {noun}",
    ]
    return rng.choice(forms)


def filler(rng: random.Random) -> str:
    return rng.choice(FILLER).format(
        place=rng.choice(PLACES),
        place2=rng.choice(PLACES),
        day=rng.choice(DAYS),
        n=rng.randint(2, 60),
        m=rng.randint(60, 900),
        term=rng.choice(TERMS),
    )


def carried(rng: random.Random, text: str, name: str) -> str:
    """One outlet's version of a shared statement: in full, trimmed, a fragment, or split by "X said"."""
    words = text.split()
    verb = rng.choice(VERBS)
    how = rng.random()
    if how < 0.4:
        return f"“{text},” {name} {verb}."
    if how < 0.6:
        return f"“{' '.join(words[2:])},” {name} {verb}."
    if how < 0.8:
        cut = rng.randint(len(words) // 2, len(words) - 4)
        return f"{name} said that “{' '.join(words[cut:])}.”"
    half = len(words) // 2
    return f"“{' '.join(words[:half])},” {name} {verb}, “{' '.join(words[half:])}.”"


def article_body(rng: random.Random, shared: list[tuple[str, str]], *, similar: int, tag: str) -> str:
    """About WORDS_PER_ARTICLE words: shared statements, own quotes, figures, framing, filler."""
    sentences: list[str] = []
    for text, name in shared:
        if rng.random() < 0.6:
            sentences.append(carried(rng, text, name))
    for _ in range(60 - similar // 2):  # the transcript's quotes take the place of some of these
        name, role = rng.choice(PEOPLE)
        sentences.append(f"“{statement(rng)},” {name}, {role}, {rng.choice(VERBS)}.")
    place = rng.choice(PLACES)
    for i in range(similar):
        # A transcript: the same statement again and again with a small change.
        name, _ = PEOPLE[i % 3]
        sentences.append(
            f"“We will not accept any {TERMS[i % len(TERMS)]} near {place}, not on day {i % 9 + 1} and not ever,” {name} said."
        )
    words = sum(len(s.split()) for s in sentences)
    while words < WORDS_PER_ARTICLE:
        sentences.append(filler(rng))
        words += len(sentences[-1].split())
    rng.shuffle(sentences)
    paragraphs = [f"Dateline {tag}."] + [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return "\n".join(paragraphs)


# Building the stories


def story_ensure(*, articles: int, similar: bool, seed: int = 11) -> Any:
    """The bench story of that size, built once (a rerun reuses it)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from annotations.models import Annotation, TagType
    from newsdesk.ingestion.pipeline import article_ingest, outlet_get_or_create
    from newsdesk.ingestion.readers import ArticleDraft
    from newsdesk.models import Article, Story

    slug = f"bench-compare-{articles}{'-similar' if similar else ''}"
    story = Story.objects.filter(slug=slug).first()
    if story is not None and Article.objects.filter(story=story).count() == articles:
        return story
    rng = random.Random(seed * 1000 + articles + similar)
    annotator, _ = get_user_model().objects.get_or_create(username="bench-compare-annotator")
    tag_types = list(TagType.objects.order_by("pk"))
    with transaction.atomic():
        if story is not None:
            Annotation.objects.filter(article__story=story).delete()
            Article.objects.filter(story=story).delete()
        story, _ = Story.objects.get_or_create(slug=slug, defaults={"title": f"Bench comparison, {articles} articles"})
        shared = [(statement(rng), rng.choice(PEOPLE)[0]) for _ in range(60)]
        per_article = TAGS_PER_6 // 6
        for i in range(articles):
            body = article_body(rng, shared, similar=SIMILAR_PER_ARTICLE if similar else 0, tag=f"{slug}-{i}")
            outlet = outlet_get_or_create(name=OUTLETS[i % len(OUTLETS)])
            draft = ArticleDraft(
                title=f"Strikes near Vell as talks stall ({OUTLETS[i]})",
                body=body,
                source=f"bench:{slug}:{i}",
                source_format="jsonl",
                url=f"https://bench.invalid/{slug}/{i}",
            )
            article = article_ingest(draft=draft, story=story, outlet=outlet).article
            tags = []
            for t in range(per_article):
                start = rng.randrange(0, len(body) - 60)
                end = start + rng.randint(5, 50)
                tags.append(
                    Annotation(
                        article=article,
                        annotator=annotator,
                        start=start,
                        end=end,
                        text=body[start:end],
                        tag_type=tag_types[(start + t) % len(tag_types)],
                        status=rng.choice(["pending", "accepted", "accepted", "rejected"]),
                    )
                )
            Annotation.objects.bulk_create(tags)
    return story


# Measuring


@dataclass(frozen=True)
class Row:
    case: str  # "6 articles", "20 articles, similar quotes" …
    articles: int
    quotes: int
    tags: int
    endpoint: str  # page, json, csv
    median_ms: float
    p95_ms: float
    min_ms: float  # the least noisy estimate of the cost, used by the growth check
    cold_ms: float  # the first request after one article of the story changed
    bytes: int
    queries: int


def client_for_bench() -> Any:
    """A logged-in test client that keeps one connection across requests (as a pooled worker does)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core import signals
    from django.db import close_old_connections, reset_queries
    from django.test import Client

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.disconnect(reset_queries)
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    reader, _ = get_user_model().objects.get_or_create(username="bench-compare-reader")
    client = Client()
    client.force_login(reader)
    return client


def touch(story: Any) -> None:
    """Change one article's extraction the way `reextract` does, so the next request is a cold one."""
    from newsdesk.models import Article

    article = Article.objects.filter(story=story).order_by("pk").first()
    assert article is not None
    extraction = dict(article.extraction or {})
    extraction["extra"] = {**(extraction.get("extra") or {}), "bench_touch": time.time_ns()}
    Article.objects.filter(pk=article.pk).update(extraction=extraction)


def measure(
    client: Any, url: str, repeat: int, on_change: Callable[[], None]
) -> tuple[float, float, float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get() -> tuple[float, int]:
        began = time.perf_counter()
        response = client.get(url)
        size = len(b"".join(response.streaming_content) if response.streaming else response.content)
        elapsed = time.perf_counter() - began
        assert response.status_code == 200, (url, response.status_code)
        return elapsed, size

    on_change()
    cold, _ = get()
    with CaptureQueriesContext(connection) as queries:
        _, size = get()
    times = [get()[0] for _ in range(repeat)]
    median, p95 = summary_ms(times)
    return median, p95, min(times) * 1000, cold * 1000, size, len(queries)


def cases(*, repeat: int = 20, sizes: tuple[int, ...] = SIZES, similar: tuple[bool, ...] = (False, True)) -> list[Row]:
    """Build (or reuse) the bench stories and time the three comparison endpoints of each."""
    from django.urls import reverse

    from annotations.models import Annotation
    from newsdesk.models import Quote

    client = client_for_bench()
    rows = []
    for is_similar in similar:
        for n in sizes:
            story = story_ensure(articles=n, similar=is_similar)
            quotes = Quote.objects.filter(article__story=story).count()
            tags = Annotation.objects.filter(article__story=story).count()
            case = f"{n} articles" + (", similar quotes" if is_similar else "")
            for endpoint, name in (
                ("page", "story_compare"),
                ("json", "story_compare_json"),
                ("csv", "story_compare_csv"),
            ):
                url = reverse(name, args=[story.slug])
                median, p95, least, cold, size, queries = measure(client, url, repeat, partial(touch, story))
                rows.append(Row(case, n, quotes, tags, endpoint, median, p95, least, cold, size, queries))
    return rows


def growth_failures(rows: list[Row]) -> list[str]:
    """Where the 20-article cost per article exceeds the 6-article one by more than the slack."""
    failures = []
    by_key = {(r.case.replace(f"{r.articles} articles", "N articles"), r.endpoint, r.articles): r for r in rows}
    for (case, endpoint, n), big in by_key.items():
        small = by_key.get((case, endpoint, min(SIZES)))
        if small is None or n == small.articles:
            continue
        # The fastest of the repeated requests: on a shared machine the median carries others' load.
        per_small, per_big = small.min_ms / small.articles, big.min_ms / big.articles
        if per_big > LINEAR_SLACK * per_small:
            failures.append(
                f"{case} {endpoint}: {per_big:.2f} ms per article at {n} vs {per_small:.2f} at {small.articles}"
            )
        if big.queries > small.queries:
            failures.append(f"{case} {endpoint}: {big.queries} queries at {n} vs {small.queries} at {small.articles}")
        if big.bytes / big.articles > LINEAR_SLACK * small.bytes / small.articles:
            failures.append(f"{case} {endpoint}: {big.bytes / big.articles:,.0f} bytes per article at {n}")
    return failures


def print_rows(rows: list[Row]) -> None:
    print("| case | quotes | tags | endpoint | median | p95 | min | cold | bytes | queries |")
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r.case} | {r.quotes:,} | {r.tags:,} | {r.endpoint} | {r.median_ms:.1f} ms | {r.p95_ms:.1f} ms | {r.min_ms:.1f} ms "
            f"| {r.cold_ms:.0f} ms | {r.bytes:,} | {r.queries} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="articles per story, e.g. 6,20")
    parser.add_argument("--only", choices=["normal", "similar"], help="only the normal or only the similar cases")
    parser.add_argument(
        "--cache", choices=["default", "db"], default="default", help="db: Django's database cache, as workers share it"
    )
    args = parser.parse_args()
    os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/newsdesk-sizes-compare.sqlite3")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from contextlib import nullcontext

    from django.test import override_settings

    cache_setting: Any = nullcontext()
    if args.cache == "db":
        cache_setting = override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "bench_cache"}}
        )
        call_command("createcachetable", "bench_cache", verbosity=0)
    similar = {"normal": (False,), "similar": (True,)}.get(args.only or "", (False, True))
    sizes = tuple(int(s) for s in args.sizes.split(","))
    print(f"Story comparison at real sizes ({connection.vendor}) · {machine_line()}")
    print(f"command: DATABASE_URL=… uv run python bench/sizes_compare.py --repeat {args.repeat} --cache {args.cache}\n")
    with cache_setting:
        rows = cases(repeat=args.repeat, sizes=sizes, similar=similar)
    print_rows(rows)
    failures = growth_failures(rows)
    for failure in failures:
        print(f"FAIL grows faster than linearly: {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
