"""A background import end to end: a 5,000-article JSONL through the real worker (`db_worker`).

    uv run python bench/jobs.py [--articles 5000]

Makes a throwaway database (a SQLite file in a temporary folder; with DATABASE_URL set to
PostgreSQL, a database named newsdesk_bench_jobs beside it), starts `manage.py db_worker`,
queues the file with `import_articles --background --no-wait`, then follows the job row as
the job page does (every 0.5 s) and prints the wall time, articles/s, how many distinct
progress values a watcher saw, and the gaps between them (median and p95).
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _setup import ROOT, django_setup, machine_line, percentile


def database_url(tmp: Path) -> str:
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith("postgres"):
        base, _, _name = given.rpartition("/")
        return f"{base}/newsdesk_bench_jobs"
    return f"sqlite:///{tmp / 'bench.sqlite3'}"


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=5000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from extraction import corpus

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {**os.environ, "DATABASE_URL": database_url(tmp), "MEDIA_ROOT": str(tmp / "media")}
        env.pop("TASKS_IMMEDIATE", None)
        if env["DATABASE_URL"].startswith("postgres"):
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "newsdesk_bench_jobs"], check=True
            )
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "newsdesk_bench_jobs"], check=True)
        manage(env, "migrate", "-v0")
        os.environ.update(DATABASE_URL=env["DATABASE_URL"], MEDIA_ROOT=env["MEDIA_ROOT"])
        django_setup()
        from newsdesk.models import Job

        path = tmp / "wire-5000.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for i, body in enumerate(corpus(args.articles, random.Random(11))):
                row = {
                    "title": f"Generated wire story {i}",
                    "body": f"{body}\nItem {i}.",
                    "outlets": [{"name": f"Bench Wire {i % 9}"}],
                }
                out.write(json.dumps(row) + "\n")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            began = time.perf_counter()
            line = manage(env, "import_articles", str(path), "--background", "--no-wait")
            job_id = line.split()[1]
            seen: list[tuple[float, int]] = []
            while True:
                job = Job.objects.get(pk=job_id)
                now = time.perf_counter() - began
                if not seen or job.processed != seen[-1][1]:
                    seen.append((now, job.processed))
                if job.is_finished:
                    break
                time.sleep(0.5)
            status, total = job.status, job.total
            elapsed = time.perf_counter() - began
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        gaps = [b[0] - a[0] for a, b in zip(seen, seen[1:], strict=False)]
        vendor = "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
        print(f"Background import benchmark ({vendor}) · {machine_line()}")
        print(f"command: uv run python bench/jobs.py --articles {args.articles}\n")
        print("| articles | status | wall time | articles/s | progress values seen | gap median | gap p95 |")
        print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
        print(
            f"| {total} | {status} | {elapsed:.1f} s | {int(total) / elapsed:,.0f} | {len(seen)} | "
            f"{statistics.median(gaps) if gaps else float('nan'):.2f} s | {percentile(gaps, 95):.2f} s |"
        )


if __name__ == "__main__":
    main()
