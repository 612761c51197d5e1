"""EXPLAIN ANALYZE of the filters and orderings the pages use, on the large corpus (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench uv run python bench/explain.py [--plans]

For each query: the indexes the plan uses, whether it scans a whole large table
(articles, tags, credits, quotes, assignments), and the execution time. Exits non-zero if
a query that should use an index scans a large table sequentially.
"""

import argparse
import re
import sys

from _setup import django_setup, machine_line

LARGE = (
    "newsdesk_article",
    "annotations_annotation",
    "newsdesk_articlecredit",
    "newsdesk_quote",
    "annotations_assignment",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", action="store_true", help="Print each plan in full.")
    args = parser.parse_args()
    django_setup()
    from django.contrib.postgres.search import SearchQuery
    from django.db import connection

    from annotations.models import Annotation, Assignment, ReviewEvent
    from newsdesk.models import Article, ArticleCredit, Outlet, Quote, Story

    if connection.vendor != "postgresql":
        sys.exit("EXPLAIN checks need PostgreSQL: set DATABASE_URL to the generated corpus.")
    article = Article.objects.order_by("-id").first()
    outlet = Outlet.objects.filter(slug="bench-outlet-0").first() or Outlet.objects.first()
    story = Story.objects.order_by("-id").first()
    tag = Annotation.objects.order_by("-id").first()
    annotator = tag.annotator
    queries = {
        "article list (recent first)": Article.objects.order_by("-published_at", "-id")[:25],
        "articles of an outlet": Article.objects.filter(credits__outlet=outlet).order_by("-published_at", "-id")[:25],
        "articles of a story": Article.objects.filter(story=story).order_by("published_at"),
        "full-text search": Article.objects.filter(search_vector=SearchQuery("dam", config="english"))[:25],
        "article by URL (revisions)": Article.objects.filter(url=article.url),
        "article by content hash (duplicates)": Article.objects.filter(content_hash=article.content_hash),
        "review queue (pending, oldest first)": Annotation.objects.alive()
        .filter(status="pending")
        .order_by("created_at", "id")[:25],
        "an annotator's tags on an article": Annotation.objects.filter(article=article, annotator=annotator),
        "a campaign's tags by status": Annotation.objects.filter(campaign=tag.campaign, status="accepted")[:25],
        "tags of an article (compare)": Annotation.objects.filter(article=article, status="accepted"),
        "my assignments": Assignment.objects.filter(annotator=annotator)
        .exclude(status="done")
        .order_by("campaign_id", "position", "id")[:10],
        "quotes of an article": Quote.objects.filter(article=article).order_by("start"),
        "credits of an outlet": ArticleCredit.objects.filter(outlet=outlet, role="primary")[:25],
        "history of a tag": ReviewEvent.objects.filter(annotation=tag).order_by("created_at"),
    }
    print(f"EXPLAIN ANALYZE on {Article.objects.count():,} articles · {machine_line()}")
    print("command: DATABASE_URL=… uv run python bench/explain.py\n")
    print("| query | indexes used | full scan of a large table | time |")
    print("| --- | --- | --- | ---: |")
    bad = []
    for name, qs in queries.items():
        plan = qs.explain(analyze=True)
        indexes = sorted(
            set(re.findall(r"(?:Index|Index Only|Bitmap Index) Scan (?:Backward )?(?:using|on) (\w+)", plan))
        )
        seq = sorted({t for t in re.findall(r"Seq Scan on (\w+)", plan) if t in LARGE})
        took = re.search(r"Execution Time: ([\d.]+) ms", plan)
        print(
            f"| {name} | {', '.join(indexes) or '–'} | {', '.join(seq) or 'no'} | {took.group(1) if took else '?'} ms |"
        )
        if seq:
            bad.append(name)
        if args.plans:
            print("\n```\n" + plan + "\n```\n")
    if bad:
        print(f"\nSequential scans of large tables: {', '.join(bad)}")
        sys.exit(1)


if __name__ == "__main__":
    main()
