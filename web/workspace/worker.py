"""Evaluation runs in the background: one at a time, in a worker thread of its own, with its
own CareerBot over the same store, at a lower CPU priority than the chat.

The chat never waits for an evaluation: the run holds no lock the chat takes (it has its own
bot, its own index snapshot), Gradio runs it outside the chat's queue, and on Linux its thread
is niced so that the scheduler serves the chat's threads first. The page follows a run
through `wait`; the run goes on (and is kept) if the page is closed.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import BotError
from bot.service import CareerBot
from eval.errors import EvalError
from eval.evaluate import evaluate
from eval.questions import Question
from eval.runs import Run, RunStore
from ingest.errors import IngestError
from ingest.sources import DocumentSource

log = logging.getLogger(__name__)


class Busy(Exception):
    """An evaluation is already running."""


@dataclass
class Job:
    id: str
    name: str  # the question set
    total: int
    configs: list[str]
    started: float = field(default_factory=time.time)
    done: int = 0
    finished: bool = False
    run_id: str | None = None
    error: str | None = None

    @property
    def describe(self) -> str:
        if self.error:
            return f"The evaluation of {self.name} stopped: {self.error}"
        if self.finished:
            return f"Evaluated {self.total} question(s) of {self.name}."
        return f"Evaluating {self.name}: {self.done} of {self.total} answered."


@dataclass
class EvalWorker:
    """Starts runs (one at a time) and keeps each in `runs`."""

    make_bot: Callable[[], CareerBot]  # a new bot over the same store, for each run
    documents: Path | DocumentSource  # what the bot answers from: quotes are checked in it
    runs: RunStore
    settings: dict  # the bot section of the settings, kept with each run
    nice: int = 10  # how much lower the run's thread is scheduled (Linux); 0: as the chat
    on_progress: Callable[[Job], None] | None = None  # called in the run's thread
    _job: Job | None = field(default=None, init=False)
    _changed: threading.Condition = field(default_factory=threading.Condition, init=False)

    def current(self) -> Job | None:
        """The running job, or the last one."""
        return self._job

    def running(self) -> Job | None:
        job = self._job
        return job if job and not job.finished else None

    def start(
        self, questions: Sequence[Question], name: str, configs: Sequence[str] = ("full",)
    ) -> Job:
        """Start a run in the background; Busy when one is running."""
        with self._changed:
            if self.running():
                raise Busy(self._job.describe)
            job = Job(uuid.uuid4().hex[:8], name, len(questions) * len(configs), list(configs))
            self._job = job
        thread = threading.Thread(
            target=self._run, args=(job, list(questions)), name=f"eval-{job.id}", daemon=True
        )
        thread.start()
        return job

    def wait(self, job: Job, seen: int, timeout: float = 1.0) -> Job:
        """Until the job has answered more than `seen` questions or finished (or timeout)."""
        with self._changed:
            self._changed.wait_for(lambda: job.finished or job.done > seen, timeout)
        return job

    def _update(self, job: Job, **changes) -> None:
        with self._changed:
            for key, value in changes.items():
                setattr(job, key, value)
            self._changed.notify_all()

    def _lower_priority(self) -> None:
        if self.nice <= 0 or not hasattr(os, "setpriority"):
            return
        try:  # on Linux a thread's id names it alone: the chat's threads keep their priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), self.nice)
        except OSError as exc:
            log.info("Could not lower the evaluation's priority (%s)", exc)

    def _run(self, job: Job, questions: list[Question]) -> None:
        self._lower_priority()

        def progress(stage: str, done: int, total: int) -> None:
            if stage != "eval":
                return
            self._update(job, done=done, total=total)
            if self.on_progress:
                self.on_progress(job)

        try:
            bot = self.make_bot()
            generation = bot.store.generation()
            report = evaluate(bot, self.documents, questions, job.configs, job.name, progress)
            run = Run.of(report, questions, generation, self.settings, job.name)
            self.runs.save(run)
            self._update(job, run_id=run.id, finished=True)
            log.info("Evaluation %s of %s kept as run %s", job.id, job.name, run.id)
        except (EvalError, BotError, IngestError) as exc:
            self._update(job, error=str(exc), finished=True)
        except Exception as exc:  # a fault: logged, and the page says so
            log.exception("evaluation %s failed", job.id)
            self._update(job, error=f"an unexpected fault ({type(exc).__name__})", finished=True)
