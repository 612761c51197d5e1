"""Import throughput: articles/s for a generated JSONL batch through the whole pipeline (with extraction).

    uv run python bench/ingest.py [--articles 500]

Runs in a throwaway test database (SQLite by default, PostgreSQL with DATABASE_URL).
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from _setup import django_setup, machine_line


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=500)
    args = parser.parse_args()
    os.environ.setdefault("TASKS_IMMEDIATE", "true")
    django_setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0, interactive=False)
    old = runner.setup_databases()
    try:
        sys.path.insert(0, str(Path(__file__).parent))
        from extraction import corpus

        from newsdesk.ingestion.pipeline import articles_import

        texts = corpus(args.articles, random.Random(5))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "batch.jsonl"
            with path.open("w", encoding="utf-8") as f:
                for i, body in enumerate(texts):
                    f.write(
                        json.dumps(
                            {
                                "title": f"Generated article {i}",
                                "body": body + f"\nItem {i}.",
                                "outlets": [{"name": f"Bench Outlet {i % 7}"}],
                            }
                        )
                        + "\n"
                    )
            t = time.perf_counter()
            report = articles_import(paths=[path])
            elapsed = time.perf_counter() - t
        assert report.ok
        assert len(report.imported) == args.articles
        print(f"Import benchmark ({connection.vendor}) · {machine_line()}")
        print(f"command: uv run python bench/ingest.py --articles {args.articles}\n")
        print("| batch | articles/s | total |")
        print("| --- | ---: | ---: |")
        print(
            f"| {args.articles} JSONL articles with extraction, one transaction | {args.articles / elapsed:,.0f} | {elapsed:.1f} s |"
        )
    finally:
        runner.teardown_databases(old)


if __name__ == "__main__":
    main()
