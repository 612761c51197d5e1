"""Extraction speed: articles/s and MB/s on ~1,000 generated articles and on one 5 MB text.

    uv run python bench/extraction.py [--articles 1000] [--repeat 5]

Prints median and p95 over repeats (pure Python, one core, no database).
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _setup import machine_line, percentile  # noqa: E402

from newsdesk.extraction import extract  # noqa: E402

SEED = (Path(__file__).resolve().parents[1] / "newsdesk" / "demo_data" / "seed.txt").read_text(encoding="utf-8")
FIXTURES = sorted((Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "extraction").glob("*.txt"))


def corpus(n: int, rng: random.Random) -> list[str]:
    """Articles made by shuffling the seed's and the fixtures' paragraphs (wire-copy shaped)."""
    paragraphs = SEED.split("\n") + [p for f in FIXTURES for p in f.read_text(encoding="utf-8").split("\n")]
    return ["\n".join(rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 20)))) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(1)
    articles = corpus(args.articles, rng)
    size_mb = sum(len(a.encode()) for a in articles) / 1e6
    big = ("\n".join(articles) * 5)[: 5 * 1024 * 1024]
    big_mb = len(big.encode()) / 1e6

    corpus_times, big_times = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        for article in articles:
            extract(article)
        corpus_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        extract(big)
        big_times.append(time.perf_counter() - t)

    def row(name: str, times: list[float], mb: float, n: int) -> str:
        med, p95 = statistics.median(times), percentile(times, 95)
        return f"| {name} | {n / med:,.0f} | {mb / med:.2f} | {med:.2f} s | {p95:.2f} s |"

    print(f"Extraction benchmark · {machine_line()}")
    print(f"command: uv run python bench/extraction.py --articles {args.articles} --repeat {args.repeat}\n")
    print("| input | articles/s | MB/s | median | p95 |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(row(f"{args.articles} articles ({size_mb:.1f} MB)", corpus_times, size_mb, args.articles))
    print(row(f"one {big_mb:.1f} MB text", big_times, big_mb, 1))


if __name__ == "__main__":
    main()
