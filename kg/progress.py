"""Progress of a long build: a tqdm bar on a terminal, plain log lines otherwise.

The bar shows documents done and total, the rate and the time left. Without a terminal
(a log file, CI) a line is printed every ten seconds and at the end, so logs stay
readable and still say how far the build got.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from tqdm import tqdm

LOG_EVERY = 10.0  # seconds between plain log lines


class Progress:
    """Counts done items of `total`; `enabled` None means: when the stream is a terminal
    show a bar, else log lines; False shows nothing."""

    def __init__(self, total: int, unit: str, enabled: bool | None = None,
                 stream: TextIO | None = None) -> None:
        self.total, self.unit, self.done = total, unit, 0
        self.stream = stream or sys.stderr
        self.started = self.last = time.monotonic()
        terminal = self.stream.isatty()
        self.log = enabled is None and not terminal
        self.bar = (tqdm(total=total, unit=f" {unit}", file=self.stream, dynamic_ncols=True)
                    if enabled or (enabled is None and terminal) else None)

    def update(self, n: int = 1) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        elif self.log and time.monotonic() - self.last >= LOG_EVERY:
            self._line()

    def _line(self) -> None:
        self.last = time.monotonic()
        elapsed = max(self.last - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        print(f"{self.unit}: {self.done}/{self.total}, {rate:.1f}/s, "
              f"{left:.0f} s left", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.log and self.total:
            self._line()
