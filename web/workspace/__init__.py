"""The counselor's workspace in /admin: Evaluate, Gaps, Feedback, Retrieval test and Stored
data, one module a view; the composition root fills in a Workspace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db import Database
from eval.question_sets import QuestionSets
from eval.runs import DatabaseRunStore, RunStore
from ingest.sources import DocumentSource
from web.workspace.worker import EvalWorker


@dataclass
class Workspace:
    worker: EvalWorker
    runs: RunStore
    sets: QuestionSets
    retention_days: float = 90.0

    @classmethod
    def over(
        cls,
        database: Database,
        documents: DocumentSource,
        make_bot,
        settings: dict,
        cache: Path,
        retention_days: float = 90.0,
    ) -> Workspace:
        """The workspace keeping its runs and question sets in the application database (each
        replica sees the same), evaluating against `documents`, what the bot answers from;
        `cache`: where this replica writes a question set out to read it."""
        runs = DatabaseRunStore(database)
        return cls(
            EvalWorker(make_bot, documents, runs, settings),
            runs,
            QuestionSets(database, Path(cache)),
            retention_days,
        )
