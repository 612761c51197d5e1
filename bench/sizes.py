"""The workspace and tag writes at real sizes: a 60 KB article with 1, 100, 1,000 and 3,000 tags.

    uv run python bench/sizes.py [--db sqlite|pg|both] [--repeat 20] [--skip-stories] [--load]

Builds its cases itself in its own database (SQLite: /tmp/newsdesk-sizes.sqlite3; PostgreSQL:
SIZES_PG_URL, default postgres://postgres@127.0.0.1:5432/newsdesk_sizes; `migrate` runs
first, a rerun reuses what is there): one 60 KB article per size, assigned in a campaign to
one annotator who holds that many tags. Then, as that annotator, through Django's test client
(middleware, view, ORM, template; no network), for each size: GET the workspace, POST a new
tag (htmx), edit its note and delete it; prints the server time median, p95 and fastest of
the repeated requests, the answer's bytes and its SQL queries. The stories of 6 and 20
articles come from bench/sizes_compare.py (`cases()`), the same figures for the comparison.

Exits 1 when a cost grows faster than linearly with tags (see `growth_failures`): from one
size to the next, the growth per tag may exceed that of the step below by GROWTH_SLACK (plus
a noise allowance); the queries of a request must not grow with tags at all; and a tag write
must cost about the same at 3,000 tags as at 1 (FLAT_SLACK).

--load: the tag-save throughput against gunicorn (2 sync workers, DEBUG off, on 127.0.0.1:8031)
on the same database: logs in (session cookie and CSRF token, as the browser does) and drives
`POST /articles/<id>/annotations/` (htmx) with the peer harness's load client
($PEER_ROOT/harness/load.py, run by $PEER_ROOT/base-venv/bin/python; see ../shared/peer/README.md)
at 1 and 8 clients, on the 1-tag and the 3,000-tag article (each reset to its size before a run).
bench/peer.py runs the same load against Label Studio and the bare Django view.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _setup import ROOT, django_setup, machine_line, summary_ms

TAG_SIZES = (1, 100, 1000, 3000)
ARTICLE_CHARS = 60_000
# From one size to the next, the growth per tag may exceed the step below's by this factor.
GROWTH_SLACK = 1.5
# What a shared 2-core machine adds to the fastest of 20 requests: ms, plus a share of the cost
# (seen: ±20 % between sizes whose cost is the same, with other work on the machine).
NOISE_MS = 3.0
NOISE_SHARE = 0.25
NOISE_BYTES = 1000
# A tag write at the largest size may cost this factor of the write at the smallest (plus noise).
FLAT_SLACK = 1.5
WRITES = ("tag create", "tag edit", "tag delete")
BENCH_KEY = "bench-sizes-"  # idempotency keys (and the load's note) of what the bench writes itself
LOAD_NOTE = "bench-sizes-load"
USERNAME = "bench-sizes-annotator"
PASSWORD = "bench-sizes-pass-1234"  # noqa: S105 - a local bench account
PORT = int(os.environ.get("SIZES_PORT", "8031"))
PG_URL = os.environ.get("SIZES_PG_URL", "postgres://postgres@127.0.0.1:5432/newsdesk_sizes")
SQLITE_URL = "sqlite:////tmp/newsdesk-sizes.sqlite3"


@dataclass(frozen=True)
class Row:
    tags: int
    request: str  # "workspace GET", "tag create", …
    median_ms: float
    p95_ms: float
    min_ms: float  # the least noisy estimate of the cost, used by the growth check
    bytes: int
    queries: int


# Building the cases


def article_body(tags: int) -> str:
    """About ARTICLE_CHARS of invented wire copy (quotes, figures, filler), different per size."""
    from sizes_compare import PEOPLE, VERBS, filler, statement

    rng = random.Random(tags)
    paragraphs = [f"Dateline bench-sizes-{tags}."]
    length = len(paragraphs[0])
    while length < ARTICLE_CHARS:
        sentences = []
        for _ in range(3):
            if rng.random() < 0.4:
                name, role = rng.choice(PEOPLE)
                sentences.append(f"“{statement(rng)},” {name}, {role}, {rng.choice(VERBS)}.")
            else:
                sentences.append(filler(rng))
        paragraphs.append(" ".join(sentences))
        length += len(paragraphs[-1]) + 1
    return "\n".join(paragraphs)


def annotator_ensure() -> Any:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, made = get_user_model().objects.get_or_create(username=USERNAME)
    if made or not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name="annotator"))
    return user


def bench_writes_delete(articles: list[Any]) -> None:
    """Remove the tags the bench (or its load) made, and their audit events, so each size is itself again."""
    from django.db.models import Q

    from annotations.models import Annotation, ReviewEvent

    made = Annotation.objects.filter(article__in=articles).filter(
        Q(idempotency_key__startswith=BENCH_KEY) | Q(note=LOAD_NOTE)
    )
    ReviewEvent.objects.filter(annotation__in=made).delete()
    made.delete()


def article_ensure(tags: int, *, seed: int = 5) -> Any:
    """The bench article with exactly `tags` tags of the bench annotator, built once (a rerun reuses it)."""
    from django.db import transaction

    from annotations.models import Annotation, Assignment, Campaign, TagType
    from annotations.spans import span_context
    from newsdesk.extraction import extract
    from newsdesk.models import Article

    user = annotator_ensure()
    campaign, _ = Campaign.objects.get_or_create(name="Bench sizes")
    title = f"Bench sizes: {tags:,} tags"
    article = Article.objects.filter(title=title).order_by("-pk").first()
    if article is not None:
        bench_writes_delete([article])
        if Annotation.objects.alive().filter(article=article).count() == tags:
            return article
    rng = random.Random(seed * 10_000 + tags)
    body = article_body(tags)
    types = list(TagType.objects.filter(is_active=True).order_by("pk"))
    with transaction.atomic():
        if article is not None:
            Assignment.objects.filter(article=article).delete()
            Article.objects.filter(pk=article.pk).update(title=f"{title} (old)")
            Article.objects.filter(pk=article.pk).update(content_hash=f"old-{article.pk}-{time.time_ns()}")
        article = Article.objects.create(title=title, body=body, extraction=extract(body).to_storage())
        Assignment.objects.create(campaign=campaign, article=article, annotator=user)
        made = []
        for i in range(tags):
            start = rng.randrange(0, len(body) - 60)
            end = start + rng.randint(3, 50)
            prefix, suffix = span_context(body, start, end)
            made.append(
                Annotation(
                    article=article,
                    annotator=user,
                    campaign=campaign,
                    start=start,
                    end=end,
                    text=body[start:end],
                    prefix=prefix,
                    suffix=suffix,
                    tag_type=types[i % len(types)],
                )
            )
        Annotation.objects.bulk_create(made, batch_size=500)
    return article


# Measuring in process


def client_for(user: Any) -> Any:
    """A test client logged in as `user`, keeping one connection across requests (as a pooled worker does)."""
    from django.conf import settings
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
    client = Client()
    client.force_login(user)
    return client


def timed(call: Any, repeat: int) -> tuple[list[float], int, int]:
    """Run `call(i)` once to warm up and count queries, then `repeat` times: (seconds, bytes, queries)."""
    from django.db import connection

    queries = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):  # whatever resets connection.queries between requests
        size = call(0)
    times = []
    for i in range(1, repeat + 1):
        began = time.perf_counter()
        call(i)
        times.append(time.perf_counter() - began)
    return times, size, len(queries)


def row(tags: int, request: str, measured: tuple[list[float], int, int]) -> Row:
    times, size, queries = measured
    median, p95 = summary_ms(times)
    return Row(tags, request, median, p95, min(times) * 1000, size, queries)


def workspace_rows(client: Any, article: Any, tags: int, repeat: int) -> list[Row]:
    return [
        row(tags, request, measured) for request, measured in workspace_measure(client, article, tags, repeat).items()
    ]


def workspace_measure(client: Any, article: Any, tags: int, repeat: int) -> dict[str, tuple[list[float], int, int]]:
    """GET the workspace, then create `repeat + 1` tags, edit each one's note, delete each one:
    per request (seconds of each timed one, bytes, queries)."""
    from django.urls import reverse

    from annotations.models import Annotation, TagType

    hx = {"HX-Request": "true"}
    body = article.body
    tag_type = TagType.objects.filter(is_active=True).order_by("pk").first()
    assert tag_type is not None, "no active tag type (migrate makes them)"
    run = f"{BENCH_KEY}{time.time_ns()}-"
    rng = random.Random(tags)
    starts = [rng.randrange(0, len(body) - 40) for _ in range(repeat + 1)]
    ids: list[int] = []
    versions: dict[int, int] = {}

    def get(_: int) -> int:
        response = client.get(reverse("annotations:article_annotate", args=[article.pk]))
        assert response.status_code == 200, response.status_code
        return len(response.content)

    def create(i: int) -> int:
        s = starts[i]
        data = {
            "start": s,
            "end": s + 12,
            "text": body[s : s + 12],
            "tag_type": tag_type.pk,
            "idempotency_key": f"{run}{i}",
        }
        response = client.post(reverse("annotations:annotation_create", args=[article.pk]), data, headers=hx)
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return len(response.content)

    def edit(i: int) -> int:
        pk = ids[i]
        data = {"version": versions[pk], "note": f"edited {i}"}
        response = client.post(reverse("annotations:annotation_update", args=[pk]), data, headers=hx)
        assert response.status_code == 200, (response.status_code, response.content[:300])
        versions[pk] += 1
        return len(response.content)

    def delete(i: int) -> int:
        pk = ids[i]
        response = client.post(
            reverse("annotations:annotation_delete", args=[pk]), {"version": versions[pk]}, headers=hx
        )
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return len(response.content)

    measured = {"workspace GET": timed(get, repeat), "tag create": timed(create, repeat)}
    for pk, version in (
        Annotation.objects.filter(idempotency_key__startswith=run).order_by("pk").values_list("pk", "version")
    ):
        ids.append(pk)
        versions[pk] = version
    measured["tag edit"] = timed(edit, repeat)
    measured["tag delete"] = timed(delete, repeat)
    return measured


def cases(*, repeat: int = 20, sizes: tuple[int, ...] = TAG_SIZES, rounds: int = 4) -> list[Row]:
    """Each size measured in `rounds` interleaved rounds of repeat/rounds requests, so a burst of
    other work on the machine falls on all sizes alike instead of on one."""
    articles = {n: article_ensure(n) for n in sizes}
    client = client_for(annotator_ensure())
    samples: dict[tuple[int, str], tuple[list[float], int, int]] = {}
    try:
        workspace_rows(client, articles[min(sizes)], min(sizes), 3)  # warm up: the first size is not measured cold
        for _ in range(rounds):
            for n, article in articles.items():
                for request, (times, size, queries) in workspace_measure(
                    client, article, n, max(1, repeat // rounds)
                ).items():
                    samples[(n, request)] = ([*samples.get((n, request), ([], 0, 0))[0], *times], size, queries)
                bench_writes_delete([article])
    finally:
        bench_writes_delete(list(articles.values()))
    return [row(n, request, measured) for (n, request), measured in samples.items()]


# The growth check


def noise_ms(cost: float) -> float:
    return NOISE_MS + NOISE_SHARE * cost


def faster_than_linear(
    series: list[tuple[int, float]], noise: Any, what: str, slack: float = GROWTH_SLACK
) -> list[str]:
    """(size, cost) pairs in size order: fail where the growth from b to c per tag exceeds `slack` times
    the growth per tag from a to b (each growth widened by the noise allowance at b)."""
    failures = []
    for (a, cost_a), (b, cost_b), (c, cost_c) in zip(series, series[1:], series[2:], strict=False):
        per_tag = max(0.0, cost_b - cost_a + noise(cost_b)) / (b - a)
        allowed = cost_b + slack * per_tag * (c - b) + noise(cost_b)
        if cost_c > allowed:
            failures.append(
                f"{what}: {cost_c:,.1f} at {c:,} tags, more than the {allowed:,.1f} that linear growth from "
                f"{a:,} ({cost_a:,.1f}) and {b:,} ({cost_b:,.1f}) allows"
            )
    return failures


def growth_failures(rows: list[Row], *, flat: tuple[str, ...] = WRITES) -> list[str]:
    """Where a request's cost grows faster than linearly with tags; writes (`flat`) must not grow at all."""
    failures = []
    for request in dict.fromkeys(r.request for r in rows):
        series = sorted((r for r in rows if r.request == request), key=lambda r: r.tags)
        failures += faster_than_linear([(r.tags, r.min_ms) for r in series], noise_ms, f"{request} ms")
        failures += faster_than_linear(
            [(r.tags, float(r.bytes)) for r in series], lambda b: NOISE_BYTES + 0.02 * b, f"{request} bytes"
        )
        first, last = series[0], series[-1]
        grown = [r for r in series if r.queries > first.queries]
        if grown:
            failures.append(
                f"{request}: {grown[-1].queries} queries at {grown[-1].tags:,} tags vs {first.queries} at {first.tags:,}"
            )
        if request in flat and last.tags > first.tags:
            if last.min_ms > FLAT_SLACK * first.min_ms + noise_ms(first.min_ms):
                failures.append(
                    f"{request}: {last.min_ms:.1f} ms at {last.tags:,} tags vs {first.min_ms:.1f} ms at {first.tags:,}"
                    f" (a write must cost the same whatever the number of tags)"
                )
            if last.bytes > FLAT_SLACK * first.bytes + NOISE_BYTES:
                failures.append(
                    f"{request}: answers {last.bytes:,} bytes at {last.tags:,} tags vs {first.bytes:,} at {first.tags:,}"
                )
    return failures


def print_rows(rows: list[Row]) -> None:
    print("| tags | request | median | p95 | min | bytes | bytes per tag | queries |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r.tags:,} | {r.request} | {r.median_ms:.1f} ms | {r.p95_ms:.1f} ms | {r.min_ms:.1f} ms "
            f"| {r.bytes:,} | {r.bytes / max(r.tags, 1):,.0f} | {r.queries} |"
        )


# Where one save's time goes

# (label, file ending, function): cumulative time of each in a cProfile of the saves. Indented
# labels are inside the one above them.
PHASES = (
    ("request, all of it", "django/test/client.py", "request"),
    ("  connect to the database (per request without persistent connections)", "base/base.py", "connect"),
    ("  session: load", "sessions/backends/db.py", "load"),
    ("  session: save", "sessions/backends/db.py", "save"),
    ("  CSRF check", "middleware/csrf.py", "process_view"),
    ("  auth: the user from the session", "contrib/auth/__init__.py", "get_user"),
    ("  CSP header and nonce", "middleware/csp.py", "process_response"),
    ("  messages", "contrib/messages/middleware.py", "process_response"),
    ("  view", "annotations/views/workspace.py", "annotation_create"),
    ("    article", "annotations/views/workspace.py", "article_for"),
    ("    permission check (assignment)", "annotations/services.py", "check_can_annotate"),
    ("    what the user may see (blind campaigns)", "annotations/visibility.py", "article_view_for"),
    ("    validation: label", "annotations/services.py", "check_tag_type"),
    ("    validation: span", "annotations/visibility.py", "stored_span"),
    ("    write (transaction)", "annotations/services.py", "annotation_create"),
    ("      insert", "django/db/models/base.py", "save"),
    ("      audit event", "annotations/models.py", "record"),
    ("    answer: only what changed", "annotations/views/workspace.py", "change_answer"),
    ("      template", "django/shortcuts.py", "render"),
    ("  close the connection", "django/db/__init__.py", "close_old_connections"),
)


def profile_save(tags: int, saves: int) -> None:
    """cProfile `saves` tag saves through the whole stack, with the request signals a server has
    (a connection closed after each request unless CONN_MAX_AGE keeps it); ms per save by phase."""
    import cProfile
    import pstats

    from django.test import Client
    from django.urls import reverse

    from annotations.models import TagType

    article = article_ensure(tags)
    client = Client()
    client.force_login(annotator_ensure())
    tag_type = TagType.objects.filter(is_active=True).order_by("pk").first()
    assert tag_type is not None
    url = reverse("annotations:annotation_create", args=[article.pk])
    start = article.body.index("“") + 1
    data = {"start": start, "end": start + 12, "text": article.body[start : start + 12], "tag_type": tag_type.pk}
    data["note"] = LOAD_NOTE  # so bench_writes_delete takes them away again

    def save() -> None:
        response = client.post(url, data, headers={"HX-Request": "true"})
        assert response.status_code == 200, response.status_code

    for _ in range(5):
        save()
    from django.db import connection

    statements: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        save()
    print(f"The {len(statements)} SQL statements of one save:\n")
    for sql in statements:
        print(f"- `{sql[:150]}{'…' if len(sql) > 150 else ''}`")
    print()
    wall = []
    for _ in range(saves):
        began = time.perf_counter()
        save()
        wall.append(time.perf_counter() - began)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(saves):
        save()
    profiler.disable()
    bench_writes_delete([article])
    stats = pstats.Stats(profiler)
    cumulative: dict[tuple[str, str], float] = {}
    for (filename, _, name), (_, _, _, cum, _) in stats.stats.items():  # type: ignore[attr-defined]
        for _, ending, function in PHASES:
            if name == function and filename.endswith(ending):
                cumulative[(ending, function)] = cumulative.get((ending, function), 0.0) + cum
    median, p95 = summary_ms(wall)
    print(
        f"One tag save at {tags:,} tags: {median:.1f} ms median, {p95:.1f} ms p95 without the profiler ({saves} saves)"
    )
    print("Under cProfile (which slows Python code about 2×; the shares are what counts):\n")
    total = cumulative.get(("django/test/client.py", "request"), 0.0)
    print("| phase | ms per save | share |")
    print("| --- | ---: | ---: |")
    for label, ending, function in PHASES:
        spent = cumulative.get((ending, function), 0.0)
        indent = " " * (len(label) - len(label.lstrip()))
        print(f"| {indent}{label.strip()} | {spent * 1000 / saves:.2f} | {spent / total:.0%} |")
    print("\nThe project's and Django's middleware functions by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(r"annotations/|newsdesk/|middleware", 30)


# Load against gunicorn


def peer_root() -> Path:
    return Path(os.environ.get("PEER_ROOT", str(Path.home() / ".cache" / "newsdesk-peer")))


def load_client() -> tuple[str, str]:
    """(python, load.py) of the peer harness: the same client for newsdesk, Label Studio and the bare view."""
    root = peer_root()
    script = Path(os.environ.get("LOAD_CLIENT", str(root / "harness" / "load.py")))
    python = root / "base-venv" / "bin" / "python"
    if not script.exists() or not python.exists():
        sys.exit(f"--load needs the peer harness: {script} and {python} (see ../shared/peer/README.md; set PEER_ROOT)")
    return str(python), str(script)


def server_env(database_url: str) -> dict[str, str]:
    """Production-like: DEBUG off, a real secret key, loopback only, warnings to stderr."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-sizes-only-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


def server_start(database_url: str, *, port: int = PORT, workers: int = 2) -> subprocess.Popen[bytes]:
    """gunicorn, `workers` sync workers, on 127.0.0.1:`port`; waits until it answers."""
    import requests

    env = server_env(database_url)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    log = open(Path(tempfile.gettempdir()) / f"newsdesk-sizes-gunicorn-{port}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsdesk.wsgi", "--workers", str(workers), "--worker-class", "sync",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except requests.RequestException:
            if server.poll() is not None:
                sys.exit(f"gunicorn exited; see {log.name}")
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not answer on port {port}; see {log.name}")


def server_stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def login(base: str) -> dict[str, str]:
    """Log in as the browser does; the headers a tag save then sends (session cookie, CSRF token, htmx)."""
    import requests

    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=10).raise_for_status()
    token = str(session.cookies["csrftoken"])
    answer = session.post(
        f"{base}/accounts/login/",
        data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, f"login failed: {answer.status_code}"
    cookies = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    csrf = str(session.cookies.get("csrftoken") or token)
    return {"Cookie": cookies, "X-CSRFToken": csrf, "HX-Request": "true"}


def save_request(base: str, article: Any) -> tuple[str, str]:
    """URL and form body of one tag save, as the workspace posts it."""
    from annotations.models import TagType

    tag_type = TagType.objects.filter(is_active=True).order_by("pk").first()
    assert tag_type is not None, "no active tag type (migrate makes them)"
    start = article.body.index("“") + 1
    form = {"start": start, "end": start + 12, "text": article.body[start : start + 12], "tag_type": tag_type.pk}
    form["note"] = LOAD_NOTE
    return f"{base}/articles/{article.pk}/annotations/", urllib.parse.urlencode(form)


def load_run(
    url: str, headers: dict[str, str], *, data: str = "", json_body: str = "", clients: int, requests: int,
    label: str, out: str, expect: int, engine: str = "httpx", warmup: int = 20, max_seconds: float = 60,
) -> dict[str, Any]:  # fmt: skip
    """One run of the peer harness's load client; its JSON line."""
    python, script = load_client()
    command = [python, script, url, "-X", "POST", "-n", str(requests), "-c", str(clients), "--warmup", str(warmup),
               "--expect", str(expect), "--engine", engine, "--label", label, "--out", out,
               "--max-seconds", str(max_seconds)]  # fmt: skip
    command += ["--json", json_body] if json_body else ["--data", data]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    subprocess.run(command, check=False)
    with open(out) as f:
        result: dict[str, Any] = json.loads(f.readlines()[-1])
    return result


def load_newsdesk(database_url: str, *, sizes: tuple[int, ...], rounds: int, engine: str) -> list[dict[str, Any]]:
    from newsdesk.models import Article

    articles = {n: article_ensure(n) for n in sizes}
    from django.db import connection

    connection.close()
    server = server_start(database_url)
    results = []
    out = tempfile.mktemp(prefix="newsdesk-sizes-load-", suffix=".jsonl")  # noqa: S306
    try:
        base = f"http://127.0.0.1:{PORT}"
        headers = login(base)
        for r in range(rounds):
            for n, article in articles.items():
                for clients, count in ((1, 500), (8, 2000)):
                    bench_writes_delete([article])  # back to exactly n tags
                    url, data = save_request(base, Article.objects.get(pk=article.pk))
                    res = load_run(url, headers, data=data, clients=clients, requests=count, expect=200,
                                   label=f"newsdesk {n} tags c={clients} round {r + 1}", out=out, engine=engine)  # fmt: skip
                    results.append({**res, "tags": n})
    finally:
        server_stop(server)
        bench_writes_delete(list(articles.values()))
    return results


def print_load(results: list[dict[str, Any]]) -> None:
    print("| run | tags | clients | req/s | p50 | p95 | bytes | ok/sent |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['label']} | {r['tags']:,} | {r['concurrency']} | {r['ok_rps']} | {r['p50_ms']} ms | {r['p95_ms']} ms "
            f"| {r['resp_bytes_mean']:,} | {r['ok']}/{r['sent']} |"
        )


# Running


def database_url(db: str) -> str:
    return PG_URL if db == "pg" else SQLITE_URL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "pg", "both"], default="sqlite")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--tags", default=",".join(map(str, TAG_SIZES)), help="tags per article, e.g. 1,100,1000,3000")
    parser.add_argument("--skip-stories", action="store_true", help="leave out the 6- and 20-article comparisons")
    parser.add_argument("--load", action="store_true", help="also the tag-save throughput against gunicorn")
    parser.add_argument("--load-only", action="store_true", help="only the throughput")
    parser.add_argument("--load-tags", default="1,3000")
    parser.add_argument("--rounds", type=int, default=1, help="load rounds (repeat on a shared machine)")
    parser.add_argument("--engine", choices=["httpx", "stdlib"], default="httpx", help="the load client's HTTP engine")
    parser.add_argument("--profile", type=int, metavar="TAGS", help="only: where one save's time goes, at TAGS tags")
    args = parser.parse_args()
    if args.db == "both":  # one Django per database: run each in its own process
        codes = [
            subprocess.run([sys.executable, __file__, *swap_db(sys.argv[1:], db)]).returncode for db in ("sqlite", "pg")
        ]
        sys.exit(max(codes))
    url = database_url(args.db)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    if args.db == "pg":
        name = url.rpartition("/")[2]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True, check=False)
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    sizes = tuple(int(s) for s in args.tags.split(","))
    print(f"Workspace and tag writes at real sizes ({connection.vendor}) · {machine_line()}")
    print(f"command: uv run python bench/sizes.py {' '.join(sys.argv[1:])}\n")
    failures: list[str] = []
    if args.profile is not None:
        profile_save(args.profile, args.repeat)
        return
    if not args.load_only:
        rows = cases(repeat=args.repeat, sizes=sizes)
        print(
            f"60 KB article, Django test client, {args.repeat} requests each in 4 interleaved rounds (writes: htmx POSTs)\n"
        )
        print_rows(rows)
        failures += growth_failures(rows)
        if not args.skip_stories:
            import sizes_compare

            print("\nStory comparison (bench/sizes_compare.py's cases)\n")
            story_rows = sizes_compare.cases(repeat=args.repeat)
            sizes_compare.print_rows(story_rows)
            failures += sizes_compare.growth_failures(story_rows)
    if args.load or args.load_only:
        print(
            f"\nTag save against gunicorn (2 sync workers, DEBUG off, 127.0.0.1:{PORT}), load client {load_client()[1]}\n"
        )
        load_sizes = tuple(int(s) for s in args.load_tags.split(","))
        print_load(load_newsdesk(url, sizes=load_sizes, rounds=args.rounds, engine=args.engine))
    for failure in failures:
        print(f"FAIL (cost grows with tags): {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)


def swap_db(argv: list[str], db: str) -> list[str]:
    out, skip = [], False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg == "--db":
            skip = i + 1 < len(argv)
            continue
        if arg.startswith("--db="):
            continue
        out.append(arg)
    return [*out, "--db", db]


if __name__ == "__main__":
    main()
