"""Tag save: newsdesk against Label Studio 1.23 and a bare Django one-INSERT view, same load client.

    PEER_ROOT=/work/peer-root uv run python bench/peer.py [--db sqlite|pg] [--rounds 2] [--engine httpx]

Needs the peer harness installed as ../shared/peer/README.md says, with a copy of that folder
at $PEER_ROOT/harness (shared/ is read-only): $PEER_ROOT/ls-venv (Label Studio), $PEER_ROOT/base-venv
(Django 6.1 for the bare view, and the load client's Python). Starts all three servers, each
gunicorn with 2 sync workers on 127.0.0.1 (Label Studio :8080, bare view :8100, newsdesk :8031;
newsdesk with DEBUG off, as bench/sizes.py --load), on fresh SQLite files or the local PostgreSQL
(databases lsbench and bench owned by role bench, newsdesk_sizes). Then, interleaved so the
shared machine's load falls on all alike, for each round, each size (1 tag, 3,000 tags) and
each client count (1, 8): one run of $PEER_ROOT/harness/load.py per system, saving one tag:
  newsdesk      POST /articles/<id>/annotations/ (htmx form, session cookie + CSRF token)
  Label Studio  POST /api/tasks/<id>/annotations/ (one span result, token auth); the 3,000 case
                is a task imported with 3,000 annotations
  bare Django   POST /spans/ (no middleware; one INSERT): the stack's limit, the same at any size
Prints every run and the medians over rounds with the ratios newsdesk / Label Studio (goal ≥ 10)
and newsdesk / bare (goal ≥ 0.5).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import sizes
from _setup import django_setup, machine_line

LS_PORT, BARE_PORT = 8080, 8100
SIZES = (1, 3000)
CLIENTS = ((1, 300), (8, 1000))  # (clients, requests)


def harness() -> Path:
    path = sizes.peer_root() / "harness"
    if not (path / "ls_start.sh").exists():
        sys.exit(f"copy ../shared/peer to {path} first (see the docstring)")
    return path


def peer_env(**extra: str) -> dict[str, str]:
    """A clean environment for the peers: nothing of newsdesk's (settings module, database URL) leaks in."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")
    return {**{k: v for k, v in os.environ.items() if k in keep}, "PEER_ROOT": str(sizes.peer_root()), **extra}


def sh(command: str, *, env: dict[str, str] | None = None, check: bool = True) -> str:
    done = subprocess.run(["bash", "-c", command], env=env or peer_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0 and not check:
        print(f"warning: {command}: {done.stdout.strip()} {done.stderr.strip()}", file=sys.stderr)
    elif done.returncode != 0:
        sys.exit(f"failed: {command}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def pg_fresh(name: str, owner: str) -> None:
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "-O", owner, name], check=True)


# Label Studio


def ls_start(db: str) -> dict[str, Any]:
    """Fresh Label Studio (gunicorn, 2 workers); its project, a 1-annotation task and a 3,000-annotation task."""
    import requests

    here, root = harness(), sizes.peer_root()
    env = peer_env(LS_DB=db)
    if db == "pg":
        pg_fresh("lsbench", "bench")
    else:
        sh(f"rm -rf {root}/ls-data")
    print(sh(f"{here}/ls_start.sh gunicorn", env=env).strip())
    sh(f"source {here}/ls_env.sh && {root}/base-venv/bin/python {here}/ls_setup.py", env=env)
    ids = json.loads((root / "ls-ids.json").read_text())
    base, token = ids["base"], ids["token"]
    api = requests.Session()
    api.headers["Authorization"] = f"Token {token}"
    seed = Path(here, "..", "..", "shared", "seed", "000_b4b2ce16cedb27a1.txt")
    text = seed.read_text(encoding="utf-8") if seed.exists() else "x" * 2500
    result = [
        {
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": 0, "end": 42, "text": text[:42], "labels": ["claim"]},
        }
    ]
    body = json.dumps({"result": result, "lead_time": 3.2})
    # One annotation on the short task, then a task that already holds 3,000 (imported in one call).
    api.post(
        f"{base}/api/tasks/{ids['short_task']}/annotations/", data=body, headers={"Content-Type": "application/json"}
    ).raise_for_status()
    task: dict[str, Any] = {
        "data": {"text": text + " (3,000 annotations)"},
        "annotations": [{"result": result} for _ in range(3000)],
    }
    api.post(f"{base}/api/projects/{ids['pid']}/import", json=[task], timeout=600).raise_for_status()
    tasks = api.get(f"{base}/api/tasks/", params={"project": ids["pid"], "page_size": 10}).json()
    tasks = tasks["tasks"] if isinstance(tasks, dict) else tasks
    big = max(tasks, key=lambda t: t.get("total_annotations", 0))
    print(
        f"Label Studio: task {ids['short_task']} (1 annotation), task {big['id']} ({big.get('total_annotations')} annotations)"
    )
    headers = {"Authorization": f"Token {token}"}
    return {
        "urls": {
            1: f"{base}/api/tasks/{ids['short_task']}/annotations/",
            3000: f"{base}/api/tasks/{big['id']}/annotations/",
        },
        "headers": headers,
        "json": body,
        "expect": 201,
    }


def ls_stop() -> None:
    """By PID; a loaded machine may take longer than ls_stop.sh's 15 s, so wait once more."""
    if "still alive" in sh(f"PEER_ROOT={sizes.peer_root()} {harness()}/ls_stop.sh", check=False):
        sh(f"sleep 15; PEER_ROOT={sizes.peer_root()} {harness()}/ls_stop.sh", check=False)


# The bare view


def bare_start(db: str) -> dict[str, Any]:
    here, root = harness(), sizes.peer_root()
    if db == "sqlite":
        sh(f"rm -f {root}/base-data/bench.sqlite3*")
    print(sh(f"PEER_ROOT={root} {here}/baseline/start.sh {db}").strip())
    url = f"http://127.0.0.1:{BARE_PORT}/spans/"
    return {
        "urls": dict.fromkeys(SIZES, url),
        "headers": {},
        "json": '{"start":0,"end":42,"label":"claim"}',
        "expect": 201,
    }


def bare_stop() -> None:
    pid = (sizes.peer_root() / "base.pid").read_text().strip()
    subprocess.run(["kill", pid], check=False)


# newsdesk


def newsdesk_start(db: str) -> tuple[dict[str, Any], Any]:
    from django.db import connection

    articles = {n: sizes.article_ensure(n) for n in SIZES}
    connection.close()
    server = sizes.server_start(sizes.database_url(db))
    base = f"http://127.0.0.1:{sizes.PORT}"
    headers = sizes.login(base)
    requests_ = {n: sizes.save_request(base, article) for n, article in articles.items()}
    return {"urls": {n: u for n, (u, _) in requests_.items()}, "data": {n: d for n, (_, d) in requests_.items()},
            "headers": headers, "expect": 200, "articles": articles, "server": server}, server  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--engine", choices=["httpx", "stdlib"], default="httpx")
    parser.add_argument("--systems", default="newsdesk,ls,bare")
    parser.add_argument("--max-seconds", type=float, default=40, help="bound on one run (a slow server)")
    parser.add_argument("--from", dest="source", help="only summarize the runs of an earlier results file")
    args = parser.parse_args()
    if args.source:
        summarize(args.source)
        return
    os.environ["DATABASE_URL"] = sizes.database_url(args.db)
    os.environ["PEER_ROOT"] = str(sizes.peer_root())
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    systems = args.systems.split(",")
    print(f"Tag save, newsdesk vs peers ({args.db}) · {machine_line()}")
    print(f"command: PEER_ROOT={sizes.peer_root()} uv run python bench/peer.py {' '.join(sys.argv[1:])}\n")
    targets: dict[str, dict[str, Any]] = {}
    server = None
    try:
        if "newsdesk" in systems:
            targets["newsdesk"], server = newsdesk_start(args.db)
        if "ls" in systems:
            targets["ls"] = ls_start(args.db)
        if "bare" in systems:
            targets["bare"] = bare_start(args.db)
        out = str(sizes.peer_root() / "results" / f"peer-{args.db}-{time.strftime('%Y%m%d-%H%M%S')}.jsonl")
        Path(out).parent.mkdir(exist_ok=True)
        print(f"results: {out} (again: bench/peer.py --from {out})")
        results: list[dict[str, Any]] = []
        for r in range(args.rounds):
            for n in SIZES:
                for clients, count in CLIENTS:
                    for system in systems:
                        target = targets[system]
                        if system == "newsdesk":
                            sizes.bench_writes_delete([target["articles"][n]])  # back to exactly n tags
                        res = sizes.load_run(
                            target["urls"][n], target["headers"], data=target.get("data", {}).get(n, ""),
                            json_body=target.get("json", ""), clients=clients, requests=count,
                            expect=target["expect"], engine=args.engine, max_seconds=args.max_seconds,
                            label=f"{system} {n} tags c={clients} r{r + 1}", out=out,
                        )  # fmt: skip
                        results.append({**res, "system": system, "tags": n, "round": r + 1})
    finally:
        if server is not None:
            sizes.server_stop(server)
            sizes.bench_writes_delete(list(targets["newsdesk"]["articles"].values()))
        if "ls" in targets:
            ls_stop()
        if "bare" in targets:
            bare_stop()
    print()
    sizes.print_load(results)
    print_ratios(results, systems)


def summarize(path: str) -> None:
    """The tables again from a results file (labels read "<system> <tags> tags c=<clients> r<round>")."""
    results = []
    for line in Path(path).read_text().splitlines():
        res = json.loads(line)
        system, tags, *_ = res["label"].split()
        results.append({**res, "system": system, "tags": int(tags)})
    sizes.print_load(results)
    print_ratios(results, list(dict.fromkeys(r["system"] for r in results)))


def print_ratios(results: list[dict[str, Any]], systems: list[str]) -> None:
    def med(system: str, n: int, c: int, key: str) -> float:
        values = [r[key] for r in results if r["system"] == system and r["tags"] == n and r["concurrency"] == c]
        return statistics.median(values) if values else float("nan")

    print("\nMedians over rounds (req/s; p50 and p95 in ms); ratios of throughput\n")
    head = " | ".join(f"{s} req/s · p50 · p95" for s in systems)
    print(f"| tags | clients | {head} | newsdesk/LS (goal ≥ 10) | newsdesk/bare (goal ≥ 0.5) |")
    print("| ---: | ---: |" + " ---: |" * len(systems) + " ---: | ---: |")
    for n in SIZES:
        for c, _ in CLIENTS:
            cells = " | ".join(
                f"{med(s, n, c, 'ok_rps'):.1f} · {med(s, n, c, 'p50_ms'):.1f} · {med(s, n, c, 'p95_ms'):.1f}"
                for s in systems
            )
            nd = med("newsdesk", n, c, "ok_rps")
            print(
                f"| {n:,} | {c} | {cells} | {nd / med('ls', n, c, 'ok_rps'):.2f} | {nd / med('bare', n, c, 'ok_rps'):.2f} |"
            )


if __name__ == "__main__":
    main()
