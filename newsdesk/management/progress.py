"""Progress bars for management commands: for work done in the command, or a background job followed."""

import sys
import time
from typing import Any

from newsdesk.models import Job


class ProgressBar:
    """A one-line progress bar on stderr (only when stderr is a terminal or asked for)."""

    def __init__(self, stream: Any, *, enabled: bool, verb: str = "importing") -> None:
        self.stream = stream
        self.enabled = enabled
        self.verb = verb

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        width = 30
        filled = width * min(done, total) // total
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r  {self.verb} [{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def bar_wanted(options: dict[str, Any]) -> bool:
    return bool(options.get("progress")) or sys.stderr.isatty()


def follow(job: Job, *, bar: ProgressBar, interval: float = 0.5, timeout: float | None = None) -> Job:
    """Redraw the bar from the job row until the job finishes (or `timeout` seconds pass)."""
    began = time.monotonic()
    while True:
        job.refresh_from_db()
        if job.total:
            bar(job.processed if not job.is_finished else job.total, job.total)
        if job.is_finished or (timeout is not None and time.monotonic() - began > timeout):
            return job
        time.sleep(interval)
