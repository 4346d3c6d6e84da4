"""Every evaluation run kept: which question set (by content hash), which knowledge base (the
store's generation), which settings, when, and its results, so that runs can be compared.

Storage sits behind a small interface (`RunStore`: save, list, get, clear);
`DatabaseRunStore` keeps the runs in the application database, shared by every replica.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import delete, select

from db import Database
from db.schema import eval_runs
from eval.questions import Question
from eval.report import Report, html_page, rows_csv


def questions_hash(questions: Sequence[Question]) -> str:
    """A digest of a question set's content (not of its file: the same questions in CSV or
    YAML, or with other comments, hash the same)."""
    data = json.dumps([asdict(q) for q in questions], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


@dataclass
class Run:
    """One evaluation run: what it ran on and what came out."""

    id: str
    created: str  # ISO 8601, UTC
    questions_file: str  # the set's name as the counselor knows it
    questions_hash: str
    questions: int
    kb_generation: str  # Store.generation() when the run started
    settings: dict  # the bot section of the settings in effect
    summaries: dict[str, dict[str, float]]  # configuration -> metric -> value
    rows: list[dict] = field(default_factory=list, repr=False)  # per question (eval.report.row)
    markdown: str = field(default="", repr=False)  # the report

    @classmethod
    def of(
        cls,
        report: Report,
        questions: Sequence[Question],
        kb_generation: str,
        settings: dict,
        name: str | None = None,
    ) -> Run:
        now = datetime.now(UTC)
        return cls(
            id=f"{now:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}",
            created=now.isoformat(timespec="seconds"),
            questions_file=name or report.questions_file,
            questions_hash=questions_hash(questions),
            questions=len(questions),
            kb_generation=kb_generation,
            settings=settings,
            summaries=report.summaries,
            rows=report.rows(),
            markdown=report.markdown(),
        )

    @property
    def summary(self) -> dict[str, float]:
        """The full pipeline's summary (or the first configuration's)."""
        return self.summaries.get("full") or next(iter(self.summaries.values()), {})

    def html(self) -> str:
        return html_page(self.markdown)

    def csv(self) -> str:
        return rows_csv(self.rows)


class RunStore(Protocol):
    def save(self, run: Run) -> str: ...

    def list(self) -> list[Run]:
        """Every run, oldest first, without its rows and report (get(id) has them)."""
        ...

    def get(self, run_id: str) -> Run | None: ...

    def clear(self) -> int: ...


class DatabaseRunStore:
    """Runs in the application database (db/), which every replica shares: a run saved
    through one replica is listed by all. A run is one row, written in one transaction: a
    reader never sees half a run."""

    _JSON = ("settings", "summaries", "rows")

    def __init__(self, database: Database) -> None:
        self.database = database

    def save(self, run: Run) -> str:
        row = asdict(run)
        row.update({k: json.dumps(row[k], ensure_ascii=False) for k in self._JSON})
        with self.database.begin() as conn:
            conn.execute(eval_runs.insert().values(**row))
        return run.id

    def list(self) -> list[Run]:
        light = [c for c in eval_runs.c if c.name not in ("rows", "markdown")]
        with self.database.connect() as conn:
            found = conn.execute(select(*light).order_by(eval_runs.c.created, eval_runs.c.id)).all()
        return [self._run(dict(r._mapping)) for r in found]

    def get(self, run_id: str) -> Run | None:
        with self.database.connect() as conn:
            found = conn.execute(select(eval_runs).where(eval_runs.c.id == str(run_id))).first()
        return self._run(dict(found._mapping)) if found else None

    def clear(self) -> int:
        """Delete every run; how many went."""
        with self.database.begin() as conn:
            return conn.execute(delete(eval_runs)).rowcount

    def _run(self, row: dict) -> Run:
        for key in self._JSON:
            if key in row:
                row[key] = json.loads(row[key])
        return Run(**row)
