"""Page times and query counts on a large corpus (made by bench/generate_corpus.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench \\
        uv run python bench/pages.py [--repeat 20]

Times full GETs through Django's test client (the whole view, template and ORM; no network)
for the dashboard, the article list and search, an article, the workspace, a story's
comparison, an outlet profile, the review queue, the campaign page and the API list, as a
reviewer-admin. Prints median and p95 and the number of SQL queries of each page.
"""

import argparse
import os
import statistics
import time

from _setup import django_setup, machine_line, percentile


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    django_setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core import signals
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from annotations.models import Annotation, Campaign
    from newsdesk.models import ApiToken, Article, Outlet, Story

    # Keep one connection across requests (as a pooled worker does), so queries can be counted.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.disconnect(reset_queries)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True})
    admin.groups.add(*Group.objects.filter(name__in=["admin", "reviewer"]))
    articles = Article.objects.count()
    tags = Annotation.objects.count()
    busiest = Article.objects.order_by("-id").first()
    story = Story.objects.filter(slug__startswith="bench-story-").order_by("-id").first()
    outlet = Outlet.objects.filter(slug="bench-outlet-0").first() or Outlet.objects.first()
    campaign = Campaign.objects.order_by("-id").first()
    token = ApiToken.issue(user=admin, name="bench")[1]
    client = Client()
    client.force_login(admin)
    pages = [
        ("dashboard", "/"),
        ("article list", "/articles/"),
        ("article list, page 200", "/articles/?page=200"),
        ("article search", "/articles/?q=strike+Vell"),
        ("article list, outlet filter", f"/articles/?outlet={outlet.slug}"),
        ("article", f"/articles/{busiest.pk}/"),
        ("workspace", f"/articles/{busiest.pk}/annotate/"),
        ("story compare", f"/stories/{story.slug}/compare/"),
        ("outlet profile", f"/outlets/{outlet.slug}/"),
        ("review queue", "/review/"),
        ("campaign", f"/campaigns/{campaign.pk}/") if campaign else None,
        ("API article list", "/api/articles/?limit=50"),
    ]
    print(f"Pages on {articles:,} articles and {tags:,} tags ({connection.vendor}) · {machine_line()}")
    print(f"command: DATABASE_URL=… uv run python bench/pages.py --repeat {args.repeat}\n")
    print("| page | median | p95 | queries |")
    print("| --- | ---: | ---: | ---: |")
    for entry in pages:
        if entry is None:
            continue
        name, url = entry
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if url.startswith("/api/") else {}
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            client.get(url, **headers)
            times.append((time.perf_counter() - began) * 1000)
        print(f"| {name} | {statistics.median(times):.0f} ms | {percentile(times, 95):.0f} ms | {len(queries)} |")
    # Tag save on the big corpus: the workspace's POST (re-renders the workspace fragment).
    from annotations.models import TagType

    tag_type = TagType.objects.filter(kind="claim").first()
    times = []
    with CaptureQueriesContext(connection) as queries:
        for i in range(args.repeat + 1):
            start = i * 7
            began = time.perf_counter()
            response = client.post(
                f"/articles/{busiest.pk}/annotations/",
                {"start": start, "end": start + 5, "text": busiest.body[start : start + 5], "tag_type": tag_type.pk},
                HTTP_HX_REQUEST="true",
            )
            assert response.status_code == 200, response.status_code
            times.append((time.perf_counter() - began) * 1000)
    times = times[1:]
    per_save = len(queries) // (args.repeat + 1)
    print(
        f"| tag save (workspace POST) | {statistics.median(times):.0f} ms | {percentile(times, 95):.0f} ms | {per_save} |"
    )
    Annotation.objects.filter(article=busiest, annotator=admin).delete()
    ApiToken.objects.filter(user=admin, name="bench").delete()


if __name__ == "__main__":
    main()
