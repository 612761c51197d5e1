"""Curation speed: the campaign's article list (lowest agreement first), an article's curation page,
a take into gold (htmx), a ticked-rows decision and the article review page.

    uv run python bench/curation.py [--articles 300] [--requests 30]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench uv run python bench/curation.py

Django test client in a throwaway test database; two annotators, 20 tags each per 3 KB article.
"cold" requests clear the cache first (the agreement order is computed), the others reuse it.
Prints p50 and p95 in milliseconds.
"""

import argparse
import os
import sys
import time

from _setup import django_setup, machine_line, summary_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("TASKS_IMMEDIATE", "true")
    django_setup()
    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        run(args)
    finally:
        runner.teardown_databases(old)


def run(args: argparse.Namespace) -> None:
    import random

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from annotations.models import Annotation, Assignment, Campaign, TagType
    from newsdesk.models import Article

    rng = random.Random(5)
    users = get_user_model()
    coders = [users.objects.create_user(f"coder{i}", password="x") for i in (1, 2)]
    for coder in coders:
        coder.groups.add(Group.objects.get(name="annotator"))
    rita = users.objects.create_user("rita", password="x")
    rita.groups.add(Group.objects.get(name="reviewer"))
    words = [
        "the",
        "ministry",
        "said",
        "a",
        "strike",
        "on",
        "the",
        "dam",
        "flooded",
        "villages",
        "officials",
        "claimed",
        "on",
        "Monday",
    ]
    campaign = Campaign.objects.create(name="Bench", overlap=2)
    types = list(TagType.objects.all())
    tags = []
    for i in range(args.articles):
        body = " ".join(rng.choice(words) for _ in range(500)) + f" ({i})"
        article = Article.objects.create(title=f"Bench {i}", body=body, content_hash=f"bench-{i}", extraction={})
        campaign.articles.add(article)
        for coder in coders:
            Assignment.objects.create(campaign=campaign, article=article, annotator=coder, status="done")
            for _ in range(20):
                s = rng.randrange(0, len(body) - 40)
                e = s + rng.randint(5, 30)
                tag_type = rng.choice(types)
                tags.append(
                    Annotation(
                        article=article,
                        annotator=coder,
                        campaign=campaign,
                        start=s,
                        end=e,
                        text=body[s:e],
                        tag_type=tag_type,
                    )
                )
    Annotation.objects.bulk_create(tags)
    article = campaign.articles.order_by("id").first()
    assert article is not None
    client = Client()
    client.force_login(rita)
    hx = {"HX-Request": "true"}
    curate = reverse("annotations:campaign_curate", args=[campaign.pk])
    adjudicate = reverse("annotations:campaign_adjudicate", args=[campaign.pk, article.pk])
    review = reverse("annotations:article_review", args=[article.pk])
    own = list(Annotation.objects.filter(article=article).order_by("id"))
    times: dict[str, list[float]] = {}

    def timed(name: str, call) -> None:  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        response = call()
        times.setdefault(name, []).append(time.perf_counter() - t)
        assert response.status_code in (200, 302), (name, response.status_code)

    for i in range(args.requests):
        cache.clear()
        timed("curate list, cold", lambda: client.get(curate))
        timed("curate list", lambda: client.get(curate))
        timed("article curation page", lambda: client.get(adjudicate))
        tag = own[i % len(own)]
        timed("take into gold (htmx)", lambda tag=tag: client.post(adjudicate, {"use": tag.pk}, headers=hx))
        timed("undo (htmx)", lambda: client.post(adjudicate, {"action": "undo"}, headers=hx))
        timed("article review page", lambda: client.get(review))
        tag.refresh_from_db()
        pick = {"pick": [f"{tag.pk}:{tag.version}"], "decision": "needs_changes", "comment": "bench"}
        timed(
            "ticked-rows decision (htmx)",
            lambda pick=pick: client.post(reverse("annotations:review_selected"), pick, headers=hx),
        )

    print(f"Curation benchmark ({connection.vendor}) · {machine_line()}")
    print(f"command: uv run python {' '.join(sys.argv)} — {args.articles} articles of 3 KB, 40 tags each, 2 coders\n")
    print("| request | p50 | p95 |")
    print("| --- | ---: | ---: |")
    for name, samples in times.items():
        p50, p95 = summary_ms(samples)
        print(f"| {name} | {p50:.0f} ms | {p95:.0f} ms |")


if __name__ == "__main__":
    main()
