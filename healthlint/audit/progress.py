"""The audit's progress on stderr: articles done, share of the input read, speed.

``healthlint/progress.py`` draws a bar over a list whose length is known before
the run; an archive is streamed, so its length is not known until the end. This
line counts articles as partitions finish and, where the input's size is known
(bytes of a file, rows of a Parquet file), says how much of it has been read.
On a terminal it is redrawn in place and erased at the end; elsewhere (a batch
job's log) it is written as a plain line at most every ``LOG_EVERY`` seconds.
"""

from __future__ import annotations

import time
from typing import TextIO

from healthlint.audit.readers import Meter

ERASE_LINE = "\r\x1b[2K"
LOG_EVERY = 30.0


class AuditProgress:
    """Counts articles linted now and reused from an earlier run."""

    def __init__(self, stream: TextIO, meter: Meter, enabled: bool = True) -> None:
        self.stream = stream
        self.meter = meter
        self.enabled = enabled
        self.live = enabled and stream.isatty()
        self.started = time.monotonic()
        self.last_log = self.started
        self.linted = 0
        self.reused = 0

    def say(self, text: str) -> None:
        """A line for the user on the progress stream (shown even when quiet)."""
        self.stream.write(f"healthlint: {text}\n")
        self.stream.flush()

    def skipped(self, articles: int) -> None:
        """Articles of a partition an earlier run finished."""
        self.reused += articles

    def advance(self, articles: int) -> None:
        """Articles of a partition just linted and written."""
        self.linted += articles
        now = time.monotonic()
        if self.live:
            self.stream.write(ERASE_LINE + self.line(now))
            self.stream.flush()
        elif self.enabled and now - self.last_log >= LOG_EVERY:
            self.stream.write(self.line(now) + "\n")
            self.last_log = now

    @property
    def seconds(self) -> float:
        """Time since the audit started."""
        return time.monotonic() - self.started

    def rate(self) -> float:
        """Articles linted per second by this run."""
        return self.linted / max(self.seconds, 1e-9)

    def line(self, now: float | None = None) -> str:
        """``Auditing: 12,500 articles (43% of the input), 151 articles/s``."""
        elapsed = (now or time.monotonic()) - self.started
        done = self.linted + self.reused
        share = self.meter.fraction
        read = f" ({share:.0%} of the input)" if share is not None else ""
        speed = self.linted / max(elapsed, 1e-9)
        return f"Auditing: {done:,} articles{read}, {speed:,.0f} articles/s"

    def finish(self) -> None:
        """Erase the live line, leaving the terminal for the summary."""
        if self.live and (self.linted or self.reused):
            self.stream.write(ERASE_LINE)
            self.stream.flush()
