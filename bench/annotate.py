"""Workspace speed: tag-save POST and workspace GET on a 60 KB article with 1,000 tags.

    uv run python bench/annotate.py [--requests 200]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench uv run python bench/annotate.py

Runs through Django's test client (the whole middleware and view stack, no network),
in a throwaway test database. Prints p50 and p95 in milliseconds.
"""

import argparse
import os
import sys
import time

from _setup import django_setup, machine_line, summary_ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--tags", type=int, default=1000)
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
    from django.test import Client
    from django.urls import reverse

    from annotations.models import Annotation, Assignment, Campaign, TagType
    from annotations.spans import span_context
    from newsdesk.extraction import extract
    from newsdesk.models import Article

    rng = random.Random(3)
    sentence = (
        "“We will not accept any military operation near Vell,” the minister said on Monday, according to officials. "
    )
    body = "\n".join(sentence * 4 for _ in range(60_000 // (len(sentence) * 4)))
    article = Article.objects.create(title="Bench article", body=body, extraction={})
    article.extraction = extract(body).to_storage()
    article.save()
    user = get_user_model().objects.create_user("bench", password="x")
    user.groups.add(Group.objects.get(name="annotator"))
    campaign = Campaign.objects.create(name="Bench")
    Assignment.objects.create(campaign=campaign, article=article, annotator=user)
    types = list(TagType.objects.all())
    tags = []
    for i in range(args.tags):
        s = rng.randrange(0, len(body) - 50)
        e = s + rng.randint(3, 40)
        prefix, suffix = span_context(body, s, e)
        tags.append(
            Annotation(
                article=article,
                annotator=user,
                campaign=campaign,
                start=s,
                end=e,
                text=body[s:e],
                prefix=prefix,
                suffix=suffix,
                tag_type=types[i % len(types)],
            )
        )
    Annotation.objects.bulk_create(tags)

    client = Client()
    client.force_login(user)
    url = reverse("annotations:article_annotate", args=[article.pk])
    create = reverse("annotations:annotation_create", args=[article.pk])
    get_times, post_times = [], []
    for i in range(args.requests):
        t = time.perf_counter()
        response = client.get(url)
        get_times.append(time.perf_counter() - t)
        assert response.status_code == 200
        s = rng.randrange(0, len(body) - 50)
        data = {
            "start": s,
            "end": s + 12,
            "text": body[s : s + 12],
            "tag_type": types[0].pk,
            "idempotency_key": f"b{i}",
        }
        t = time.perf_counter()
        response = client.post(create, data, headers={"HX-Request": "true"})
        post_times.append(time.perf_counter() - t)
        assert response.status_code == 200, response.content[:200]

    from django.db import connection

    print(f"Workspace benchmark ({connection.vendor}) · {machine_line()}")
    print(
        f"command: uv run python {' '.join(sys.argv)} — Django test client, {len(body) / 1000:.0f} KB article, {args.tags:,}+ tags\n"
    )
    print("| request | p50 | p95 |")
    print("| --- | ---: | ---: |")
    for name, times in (("workspace GET", get_times), ("tag-save POST (htmx, answers what changed)", post_times)):
        p50, p95 = summary_ms(times)
        print(f"| {name} | {p50:.0f} ms | {p95:.0f} ms |")


if __name__ == "__main__":
    main()
