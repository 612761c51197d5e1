"""Load and faults: 50 annotators saving and editing tags against gunicorn (4 workers) on PostgreSQL.

    uv run python bench/load.py [--clients 50] [--seconds 60] [--kill-worker-at 20] [--restart-db-at 35]

Makes a fresh database (newsdesk_load on the local PostgreSQL, or LOAD_DATABASE_URL), one
article, campaign assignment and API token per annotator, starts gunicorn on loopback and
runs one thread per annotator for `--seconds`: 70 % new tags (each with its own idempotency
key), 30 % edits of its own tags (with the version it last saw). A request that fails
(connection lost, 5xx, 503 while the database is away) is retried with the same key or
version until it is acknowledged, as the workspace does. Mid-run, one gunicorn worker is
killed with SIGKILL and PostgreSQL is restarted.

Then the database is checked against the clients' log of acknowledged writes:
lost tags (acknowledged but missing or different), lost edits (an acknowledged note
replaced by an older one), duplicated tags (two rows for one key or one span and label).
Prints p50/p95 latency of acknowledged writes and the counts.
"""

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import requests
from _setup import ROOT, django_setup, machine_line, percentile

WORDS = [
    "Officials",
    "said",
    "the",
    "bridge",
    "over",
    "the",
    "Vell",
    "river",
    "was",
    "hit",
    "twice",
    "overnight",
    "and",
    "the",
    "regional",
    "governor",
    "claimed",
    "that",
    "the",
    "strike",
    "was",
    "deliberate",
    "while",
    "the",
    "defence",
    "ministry",
    "insisted",
    "it",
    "was",
    "an",
    "accident",
]


@dataclass
class Log:
    """What one client knows: acknowledged tags, their versions, acked and attempted notes."""

    acked: dict[str, int] = field(default_factory=dict)  # idempotency key -> tag id
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    version: dict[int, int] = field(default_factory=dict)
    last_acked_note: dict[int, str] = field(default_factory=dict)
    attempted_after_ack: dict[int, set[str]] = field(default_factory=dict)
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"create": [], "edit": []})
    statuses: Counter = field(default_factory=Counter)
    retries: int = 0
    unexpected: list[str] = field(default_factory=list)


def article_body(n: int) -> str:
    rng = random.Random(n)
    return "\n".join(" ".join(rng.choice(WORDS) for _ in range(60)) + "." for _ in range(20))


def send(session: requests.Session, log: Log, method: str, url: str, json: dict[str, Any], deadline: float) -> Any:
    """One logical write, retried until acknowledged (or the grace period ends)."""
    while time.monotonic() < deadline + 30:
        began = time.perf_counter()
        try:
            response = session.request(method, url, json=json, timeout=15)
        except requests.RequestException:
            log.statuses["connection error"] += 1
            log.retries += 1
            time.sleep(0.2)
            continue
        log.statuses[response.status_code] += 1
        if response.status_code >= 500:
            log.retries += 1
            time.sleep(0.2)
            continue
        return response, time.perf_counter() - began
    return None, 0.0


def client(n: int, base: str, token: str, article_id: int, body: str, stop_at: float, log: Log) -> None:
    rng = random.Random(1000 + n)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    starts = [0] + [i + 1 for i, ch in enumerate(body) if ch == " "]
    made = 0
    while time.monotonic() < stop_at:
        if not log.acked or rng.random() < 0.7:
            key = f"load-{n}-{made}"
            made += 1
            start = rng.choice(starts[:-5])
            end = body.index(" ", start + 1) if " " in body[start + 1 :] else len(body)
            payload = {
                "start": start,
                "end": end,
                "text": body[start:end],
                "label": "claim/factual-claim",
                "note": key,
                "idempotency_key": key,
            }
            response, took = send(session, log, "POST", f"{base}/api/articles/{article_id}/tags", payload, stop_at)
            if response is None:
                continue
            if response.status_code in (200, 201):
                tag = response.json()
                log.acked[key] = tag["id"]
                log.spans[key] = (start, end)
                log.version[tag["id"]] = tag["version"]
                log.last_acked_note.setdefault(tag["id"], key)
                log.latencies["create"].append(took)
            else:
                log.unexpected.append(f"create {response.status_code}: {response.text[:200]}")
        else:
            tag_id = rng.choice(list(log.acked.values()))
            note = f"edit-{n}-{made}-{rng.randint(0, 10**9)}"
            made += 1
            log.attempted_after_ack.setdefault(tag_id, set()).add(note)
            payload = {"version": log.version[tag_id], "note": note}
            response, took = send(session, log, "PATCH", f"{base}/api/tags/{tag_id}", payload, stop_at)
            if response is None:
                continue
            if response.status_code == 200:
                log.version[tag_id] = response.json()["version"]
                log.last_acked_note[tag_id] = note
                log.attempted_after_ack[tag_id] = set()
                log.latencies["edit"].append(took)
            elif response.status_code == 409:
                # A retried edit that had gone through before its answer was lost: read the version again.
                current = session.get(f"{base}/api/tags/{tag_id}", timeout=15)
                if current.status_code == 200:
                    log.version[tag_id] = current.json()["version"]
            else:
                log.unexpected.append(f"edit {response.status_code}: {response.text[:200]}")


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def faults(master: int, began: float, kill_at: float, restart_at: float, events: list[str]) -> None:
    plan = sorted([(kill_at, "kill"), (restart_at, "restart")])
    for at, what in plan:
        if at <= 0:
            continue
        time.sleep(max(0.0, began + at - time.monotonic()))
        if what == "kill":
            pids = worker_pids(master)
            if pids:
                os.kill(pids[0], signal.SIGKILL)
                events.append(f"{at:.0f} s: SIGKILL to gunicorn worker {pids[0]}")
        else:
            t = time.monotonic()
            version = sorted(os.listdir("/etc/postgresql"))[-1]
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
            events.append(f"{at:.0f} s: PostgreSQL restarted ({time.monotonic() - t:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kill-worker-at", type=float, default=20)
    parser.add_argument("--restart-db-at", type=float, default=35)
    parser.add_argument("--port", type=int, default=8899)
    args = parser.parse_args()

    url = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsdesk_load")
    base_url, _, name = url.rpartition("/")
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    media = tempfile.mkdtemp(prefix="newsdesk-load-")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": media,
        "LOG_LEVEL": "ERROR",
    }
    os.environ.update(DATABASE_URL=url, MEDIA_ROOT=media)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    django_setup()
    from django.contrib.auth.models import Group, User
    from django.db import connection

    from annotations.models import Annotation, Assignment, Campaign
    from newsdesk.models import ApiToken, Article

    group = Group.objects.get(name="annotator")
    campaign = Campaign.objects.create(name="Load test")
    people = []
    for n in range(args.clients):
        user = User.objects.create(username=f"load-{n}")
        user.groups.add(group)
        body = article_body(n)
        article = Article.objects.create(title=f"Load article {n}", body=body)
        Assignment.objects.create(campaign=campaign, article=article, annotator=user)
        people.append((n, ApiToken.issue(user=user, name="load")[1], article.pk, article.body))
    connection.close()

    gunicorn = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "newsdesk.wsgi",
            "--workers", str(args.workers), "--bind", f"127.0.0.1:{args.port}", "--timeout", "30",
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    for _ in range(100):
        try:
            requests.get(f"{base}/accounts/login/", timeout=2)
            break
        except requests.RequestException:
            time.sleep(0.2)
    logs = [Log() for _ in people]
    events: list[str] = []
    began = time.monotonic()
    stop_at = began + args.seconds
    threads = [
        threading.Thread(target=client, args=(n, base, token, article, body, stop_at, logs[n]), daemon=True)
        for n, token, article, body in people
    ]
    injector = threading.Thread(
        target=faults, args=(gunicorn.pid, began, args.kill_worker_at, args.restart_db_at, events), daemon=True
    )
    for thread in threads:
        thread.start()
    injector.start()
    for thread in threads:
        thread.join()
    injector.join(timeout=5)
    gunicorn.send_signal(signal.SIGTERM)
    gunicorn.wait(timeout=30)

    # Check the database against what the clients were told.
    lost_tags, lost_edits = [], []
    rows = {a.pk: a for a in Annotation.objects.filter(annotator__username__startswith="load-")}
    for n, log in enumerate(logs):
        for key, tag_id in log.acked.items():
            row = rows.get(tag_id)
            if row is None or (row.start, row.end) != log.spans[key] or row.idempotency_key != key:
                lost_tags.append(key)
        for tag_id, note in log.last_acked_note.items():
            row = rows.get(tag_id)
            if row is not None and row.note != note and row.note not in log.attempted_after_ack.get(tag_id, set()):
                lost_edits.append((n, tag_id, note, row.note))
    by_key = Counter((a.annotator_id, a.idempotency_key) for a in rows.values())
    by_span = Counter((a.annotator_id, a.start, a.end, a.tag_type_id, a.idempotency_key) for a in rows.values())
    duplicated = sum(c - 1 for c in by_key.values() if c > 1) + sum(c - 1 for c in by_span.values() if c > 1)
    acked = sum(len(log.acked) for log in logs)
    unacked_stored = len(rows) - acked
    statuses: Counter = Counter()
    for log in logs:
        statuses.update(log.statuses)
    unexpected = [u for log in logs for u in log.unexpected]

    def row(kind: str) -> str:
        samples = [t * 1000 for log in logs for t in log.latencies[kind]]
        if not samples:
            return f"| {kind} | 0 | – | – |"
        return f"| {kind} | {len(samples):,} | {statistics.median(samples):.0f} ms | {percentile(samples, 95):.0f} ms |"

    print(f"Load test (PostgreSQL, gunicorn × {args.workers}) · {machine_line()}")
    print(
        f"command: uv run python bench/load.py --clients {args.clients} --seconds {args.seconds} "
        f"--kill-worker-at {args.kill_worker_at:g} --restart-db-at {args.restart_db_at:g}\n"
    )
    print("| acknowledged writes | count | p50 | p95 |")
    print("| --- | ---: | ---: | ---: |")
    print(row("create"))
    print(row("edit"))
    print()
    print(f"- faults: {'; '.join(events) or 'none'}")
    print(f"- responses: {', '.join(f'{k}: {v:,}' for k, v in sorted(statuses.items(), key=str))}")
    print(f"- retried requests: {sum(log.retries for log in logs):,}; unexpected answers: {len(unexpected)}")
    for u in unexpected[:5]:
        print(f"  - {u}")
    print(
        f"- tags acknowledged: {acked:,}; rows in the database: {len(rows):,} ({unacked_stored} stored whose answer was lost)"
    )
    print(f"- **lost tags: {len(lost_tags)} · lost edits: {len(lost_edits)} · duplicated tags: {duplicated}**")


if __name__ == "__main__":
    main()
