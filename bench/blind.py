"""What the one visibility rule costs: pages as a blind annotator and a blind reviewer, blind vs not.

    DATABASE_URL=postgres://…/newsdesk_bench uv run python bench/blind.py --repeat 10 [--campaign 1000]

Run it on a corpus from `bench/generate_corpus.py`. It makes (once) a campaign of `--campaign`
articles with an annotator assigned 50 of them, then times each page with the campaign blind
(annotators and reviewers) and with it not blind, same data, and prints median, p95 and the
number of queries of both: the difference is what blindness costs on that page.
"""

import argparse
import statistics
import time

from _setup import django_setup, machine_line, percentile


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--campaign", type=int, default=1000, help="articles in the blind campaign")
    args = parser.parse_args()
    django_setup()
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core import signals
    from django.db import close_old_connections, connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from annotations.models import Annotation, Assignment, Campaign
    from newsdesk.models import ApiToken, Article

    # Keep one connection across requests (as a pooled worker does), so queries can be counted.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.disconnect(reset_queries)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    annotator, _ = User.objects.get_or_create(username="bench-blind-annotator")
    annotator.groups.add(Group.objects.get(name="annotator"))
    reviewer, _ = User.objects.get_or_create(username="bench-blind-reviewer")
    reviewer.groups.add(Group.objects.get(name="reviewer"))
    campaign = Campaign.objects.filter(name="bench blind").first()
    if campaign is None:
        campaign = Campaign.objects.create(name="bench blind")
        ids = list(Article.objects.order_by("-id").values_list("pk", flat=True)[: args.campaign])
        campaign.articles.add(*ids)
        campaign.annotators.add(annotator)
        Assignment.objects.bulk_create(
            Assignment(campaign=campaign, article_id=pk, annotator=annotator, position=i)
            for i, pk in enumerate(ids[:50])
        )
    assigned = Assignment.objects.filter(campaign=campaign, annotator=annotator).order_by("position").first()
    assert assigned is not None
    article = assigned.article_id
    tokens = {u.username: ApiToken.issue(user=u, name="bench")[1] for u in (annotator, reviewer)}
    pages = {
        annotator: [
            ("dashboard", "/"),
            ("article list", "/articles/"),
            ("article search", "/articles/?q=strike+Vell"),
            ("article (reading view)", f"/articles/{article}/"),
            ("workspace", f"/articles/{article}/annotate/"),
            ("my work", "/assignments/"),
            ("API article list", "/api/articles/?limit=50"),
            ("API article", f"/api/articles/{article}"),
        ],
        reviewer: [
            ("review queue", "/review/"),
            ("review queue, campaign", f"/review/?campaign={campaign.pk}&status=all"),
            ("article list", "/articles/"),
            ("workspace (read-only)", f"/articles/{article}/annotate/"),
        ],
    }
    print(
        f"Blind cost on {Article.objects.count():,} articles, {Annotation.objects.count():,} tags, "
        f"a campaign of {campaign.articles.count():,} ({connection.vendor}) · {machine_line()}"
    )
    print(f"command: DATABASE_URL=… uv run python bench/blind.py --repeat {args.repeat}\n")
    print("| user | page | not blind: median | p95 | queries | blind: median | p95 | queries |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    try:
        for user, entries in pages.items():
            client = Client()
            client.force_login(user)
            for name, url in entries:
                headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[user.username]}"} if url.startswith("/api/") else {}
                cells = []
                for blind in (False, True):
                    Campaign.objects.filter(pk=campaign.pk).update(is_blind=blind, is_blind_for_reviewers=blind)
                    with CaptureQueriesContext(connection) as queries:
                        response = client.get(url, **headers)
                    assert response.status_code == 200, (url, response.status_code)
                    times = []
                    for _ in range(args.repeat):
                        began = time.perf_counter()
                        client.get(url, **headers)
                        times.append((time.perf_counter() - began) * 1000)
                    cells.append(f"{statistics.median(times):.0f} ms | {percentile(times, 95):.0f} ms | {len(queries)}")
                print(f"| {user.username.removeprefix('bench-blind-')} | {name} | {cells[0]} | {cells[1]} |")
    finally:
        Campaign.objects.filter(pk=campaign.pk).update(is_blind=True, is_blind_for_reviewers=True)
        ApiToken.objects.filter(user__in=[annotator, reviewer], name="bench").delete()


if __name__ == "__main__":
    main()
