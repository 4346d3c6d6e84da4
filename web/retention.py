"""How long what users typed is kept: feedback, gaps (refused and not-covered questions) and
their review state older than the retention period are deleted at start and once a day.

`clock` (wall-clock seconds, as rows are stamped) and `wait` (how the timer sleeps; it
returns True to stop) are seams: tests move time and tick the timer without waiting.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from bot.feedback import FeedbackStore

log = logging.getLogger(__name__)

DAY = 24 * 3600.0


class Retention:
    def __init__(
        self,
        feedback: FeedbackStore,
        days: float,
        clock: Callable[[], float] = time.time,
        wait: Callable[[float], bool] | None = None,
        every: float = DAY,
    ) -> None:
        self.feedback = feedback
        self.days = days
        self.clock = clock
        self.every = every
        self._stop = threading.Event()
        self.wait = wait or self._stop.wait
        self._thread: threading.Thread | None = None

    def apply(self) -> int:
        """Delete what is older than the retention period now; how many rows went."""
        cutoff = self.clock() - self.days * DAY
        try:
            removed = self.feedback.purge(cutoff)
        except Exception:  # a locked or broken file: tried again at the next tick
            log.exception("could not apply the retention period")
            return 0
        if removed:
            log.info("Deleted %d stored question(s) older than %g days", removed, self.days)
        return removed

    def start(self) -> None:
        """Apply now, then once every `every` seconds in a background thread."""
        self.apply()
        self._thread = threading.Thread(target=self._loop, name="retention", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self.wait(self.every):
            self.apply()

    def stop(self) -> None:
        self._stop.set()
