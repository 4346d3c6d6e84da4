"""The counselor's workspace in /admin: Evaluate, Gaps, Feedback, Retrieval test and Stored
data, one module a view; the composition root fills in a Workspace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eval.runs import FileRunStore, RunStore
from web.workspace.sets import QuestionSets
from web.workspace.worker import EvalWorker


@dataclass
class Workspace:
    worker: EvalWorker
    runs: RunStore
    sets: QuestionSets
    retention_days: float = 90.0

    @classmethod
    def under(
        cls, data_dir: Path, kb_dir: Path, make_bot, settings: dict, retention_days: float = 90.0
    ) -> Workspace:
        """The workspace keeping its runs and question sets under data_dir."""
        runs = FileRunStore(Path(data_dir) / "eval-runs")
        return cls(
            EvalWorker(make_bot, Path(kb_dir), runs, settings),
            runs,
            QuestionSets(Path(data_dir) / "question-sets"),
            retention_days,
        )
