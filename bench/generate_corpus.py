"""Generate a large synthetic corpus for benchmarks: articles, credits, quotes, stories, tags.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench \
        uv run python bench/generate_corpus.py --articles 100000 --tags 1000000

Runs `migrate` first. Writes in batches with bulk_create; prints progress and the rate.
The text is generated wire copy from invented outlets, never real articles.
"""

import argparse
import hashlib
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from _setup import django_setup

PLACES = ["Northport", "Vell", "Karsk", "Dorin", "the eastern region", "the border district", "Lake Amber"]
ACTORS = [
    "the defence ministry",
    "a senior official",
    "the regional governor",
    "the foreign minister",
    "rebel commanders",
]
VERBS = ["said", "claimed", "stressed", "insisted", "warned", "stated", "alleged"]
TERMS = ["military operation", "invasion", "regime", "terrorists", "fighters", "militants", "liberation"]


def paragraph(rng: random.Random, n: int) -> str:
    place = rng.choice(PLACES)
    actor = rng.choice(ACTORS)
    return (
        f"“We will not accept any {rng.choice(TERMS)} near {place},” {actor} {rng.choice(VERBS)} on day {n}. "
        f"According to {rng.choice(ACTORS)}, {rng.randint(2, 900)} people were moved from {place} after the strike. "
        f"The {rng.choice(TERMS)} has lasted {rng.randint(2, 40)} weeks, {rng.choice(ACTORS)} {rng.choice(VERBS)}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--tags", type=int, default=1_000_000)
    parser.add_argument("--paragraphs", type=int, default=6, help="paragraphs per article (~230 characters each)")
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    django_setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from annotations.models import Annotation, Assignment, Campaign, TagType
    from newsdesk.models import Article, ArticleCredit, Outlet, Quote, Story

    call_command("migrate", verbosity=0)
    rng = random.Random(args.seed)
    User = get_user_model()
    annotators = [User.objects.get_or_create(username=f"bench-annotator-{i}")[0] for i in range(50)]
    outlets = [
        Outlet.objects.get_or_create(name=f"Bench Outlet {i}", defaults={"slug": f"bench-outlet-{i}"})[0]
        for i in range(40)
    ]
    tag_types = list(TagType.objects.all())
    start_id = (Article.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    campaign = Campaign.objects.create(name=f"Bench campaign {datetime.now(UTC):%H%M%S}")
    began = time.perf_counter()
    base_date = datetime(2023, 1, 2, tzinfo=UTC)

    stories: list[Story] = []
    made = 0
    while made < args.articles:
        count = min(args.batch, args.articles - made)
        new_stories = Story.objects.bulk_create(
            [
                Story(title=f"Bench story {start_id + made + i}", slug=f"bench-story-{start_id + made + i}")
                for i in range(0, count, 5)
            ]
        )
        stories.extend(new_stories)
        drafts = []
        for i in range(count):
            n = start_id + made + i
            body = "\n".join(paragraph(rng, n * 10 + p) for p in range(args.paragraphs))
            drafts.append(
                Article(
                    title=f"Strike near {rng.choice(PLACES)} as talks stall ({n})",
                    body=body,
                    url=f"https://bench.invalid/{n}",
                    published_at=base_date + timedelta(minutes=n),
                    content_hash=hashlib.sha256(body.encode()).hexdigest(),
                    story=new_stories[i // 5],
                    source_format="jsonl",
                )
            )
        articles = Article.objects.bulk_create(drafts)
        ArticleCredit.objects.bulk_create(
            [ArticleCredit(article=a, outlet=outlets[(a.pk or 0) % len(outlets)], role="primary") for a in articles]
        )
        quotes = []
        for a in articles:
            start = 1
            end = a.body.index("”")
            quotes.append(
                Quote(article=a, start=start, end=end, text=a.body[start:end], kind="direct", cue_verb="said")
            )
        Quote.objects.bulk_create(quotes)
        Assignment.objects.bulk_create(
            [
                Assignment(campaign=campaign, article=a, annotator=annotators[(a.pk or 0) % len(annotators)])
                for a in articles
            ]
        )
        made += count
        per_article = args.tags // args.articles
        extra = args.tags % args.articles
        tags = []
        for j, a in enumerate(articles):
            k = per_article + (1 if (made - count + j) < extra else 0)
            for t in range(k):
                s = rng.randrange(0, len(a.body) - 40)
                e = s + rng.randint(5, 40)
                tags.append(
                    Annotation(
                        article=a,
                        annotator=annotators[(a.pk or 0) % len(annotators)],
                        start=s,
                        end=e,
                        text=a.body[s:e],
                        prefix=a.body[max(0, s - 32) : s],
                        suffix=a.body[e : e + 32],
                        campaign=campaign,
                        tag_type=tag_types[(s + t) % len(tag_types)],
                        status=rng.choice(["pending", "accepted", "accepted", "rejected"]),
                    )
                )
        Annotation.objects.bulk_create(tags, batch_size=5000)
        elapsed = time.perf_counter() - began
        print(
            f"\r{made:>8}/{args.articles} articles · {made / elapsed:,.0f} articles/s",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)
    print(f"generated {made} articles and about {args.tags} tags in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
