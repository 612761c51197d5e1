"""Article search on a large corpus (made by bench/generate_corpus.py): the list with ?q=, and the API.

    DATABASE_URL=sqlite:////tmp/newsdesk_bench.sqlite3 uv run python bench/search.py [--repeat 20]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench uv run python bench/search.py

Times full GETs through Django's test client (view, template, ORM; no network) as a reviewer,
for queries that match most articles, a few, one phrase, and nothing; prints median, p95, the
number of matches and of SQL queries. Reads only, so the same corpus can be timed before and
after a change of the search code.
"""

import argparse
import os
import re
import statistics
import time

from _setup import django_setup, machine_line, percentile

QUERIES = [
    ("common words (most articles)", "strike Vell"),
    ("two words, a few hundred articles", "Karsk liberation"),
    ("a phrase", '"military operation near Dorin"'),
    ("a word in no article", "zeppelin"),
]


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

    from newsdesk.models import Article

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.disconnect(reset_queries)
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    user, _ = User.objects.get_or_create(username="bench-search")
    user.groups.add(*Group.objects.filter(name="reviewer"))
    client = Client()
    client.force_login(user)
    print(f"Search on {Article.objects.count():,} articles ({connection.vendor}) · {machine_line()}")
    print(f"command: DATABASE_URL=… uv run python bench/search.py --repeat {args.repeat}\n")
    print("| request | query | median | p95 | matches | queries |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for label, query in QUERIES:
        for kind, url, params in (
            ("article list", "/articles/", {"q": query}),
            ("API", "/api/articles/", {"q": query, "limit": 20}),
        ):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, params)
            assert response.status_code == 200, (url, response.status_code)
            if kind == "API":
                matches = response.json()["count"]
            else:  # "1,234 articles matching …" as the page says it
                matches = int(re.search(r"([\d,]+) articles?", response.content.decode())[1].replace(",", ""))
            times = []
            for _ in range(args.repeat):
                began = time.perf_counter()
                client.get(url, params)
                times.append((time.perf_counter() - began) * 1000)
            median, p95 = statistics.median(times), percentile(times, 95)
            print(f"| {kind}: {label} | `{query}` | {median:.0f} ms | {p95:.0f} ms | {matches:,} | {len(queries)} |")


if __name__ == "__main__":
    main()
