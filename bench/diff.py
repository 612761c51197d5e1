"""Time the revision diff (`annotations.revisions.diff_html`) on revisions of 10 KB to the size cap.

    uv run python bench/diff.py [--repeat 5] [--old]

Cases: an edited revision (1 % of the words changed, a paragraph added and one dropped), two
unrelated texts, paragraphs shuffled, and a text built to defeat the anchoring (two words
repeated). Prints median and p95 per case and size; `--old` also times difflib on the whole
text (what the diff did before), at 100 KB only, once.
"""

import argparse
import difflib
import random
import time
from collections.abc import Callable

from _setup import django_setup, machine_line, summary_ms

WORDS = [f"word{i}" for i in range(4000)] + ["the", "a", "of", "and", "to", "in", "said", "was"] * 400


def text(size: int, rng: random.Random) -> str:
    paragraphs, length = [], 0
    while length < size:
        paragraph = " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 90)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 1
    return "\n".join(paragraphs)[:size]


def edited(size: int, rng: random.Random) -> tuple[str, str]:
    old = text(size, rng)
    words = old.split(" ")
    for _ in range(len(words) // 100):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    paragraphs = " ".join(words).split("\n")
    paragraphs.insert(len(paragraphs) // 3, text(600, rng))
    del paragraphs[2 * len(paragraphs) // 3]
    return old, "\n".join(paragraphs)[:size]


def unrelated(size: int, rng: random.Random) -> tuple[str, str]:
    return text(size, rng), text(size, rng)


def shuffled(size: int, rng: random.Random) -> tuple[str, str]:
    old = text(size, rng)
    paragraphs = old.split("\n")
    rng.shuffle(paragraphs)
    return old, "\n".join(paragraphs)


def repetitive(size: int, rng: random.Random) -> tuple[str, str]:
    return ("the cat " * (size // 8))[:size], ("the dog " * (size // 8))[:size]


CASES: dict[str, Callable[[int, random.Random], tuple[str, str]]] = {
    "edited": edited,
    "unrelated": unrelated,
    "shuffled paragraphs": shuffled,
    "two words repeated": repetitive,
}


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return summary_ms(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--old", action="store_true", help="also time difflib on the whole text at 100 KB")
    args = parser.parse_args()
    django_setup()
    from annotations.revisions import MAX_DIFF_CHARS, diff_html

    print(machine_line())
    sizes = [10_000, 100_000, MAX_DIFF_CHARS]
    print(f"| case | size | median | p95 |   (repeat {args.repeat}; cap {MAX_DIFF_CHARS:,} characters)")
    print("| --- | ---: | ---: | ---: |")
    for name, make in CASES.items():
        for size in sizes:
            old, new = make(size, random.Random(size))
            median, p95 = timed(lambda old=old, new=new: diff_html(old, new), args.repeat)
            print(f"| {name} | {size // 1000} KB | {median:.0f} ms | {p95:.0f} ms |", flush=True)
    if args.old:
        for name in ("edited", "unrelated"):
            old, new = CASES[name](100_000, random.Random(100_000))
            a, b = old.replace("\n", " \n ").split(" "), new.replace("\n", " \n ").split(" ")
            started = time.perf_counter()
            difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
            print(f"| {name}, difflib on the whole text (before) | 100 KB | {time.perf_counter() - started:.1f} s | |")


if __name__ == "__main__":
    main()
