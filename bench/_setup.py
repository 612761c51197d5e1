"""Make `bench/*.py` scripts runnable from the project root: `uv run python bench/x.py`."""

import os
import platform
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    import django

    django.setup()


def machine_line() -> str:
    cpus = os.cpu_count()
    return f"{platform.node()} · {platform.machine()} · {cpus} cores · Python {platform.python_version()} · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary_ms(samples_s: list[float]) -> tuple[float, float]:
    """(median, p95) in milliseconds."""
    ms = [s * 1000 for s in samples_s]
    return statistics.median(ms), percentile(ms, 95)
