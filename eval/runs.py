"""Every evaluation run kept: which question set (by content hash), which knowledge base (the
store's generation), which settings, when, and its results, so that runs can be compared.

Storage sits behind a small interface (`RunStore`: save, list, get, clear); `FileRunStore`
keeps each run as a folder of JSON files under the data dir. Another store (a SQL database)
can take its place without the callers changing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from eval.questions import Question
from eval.report import Report, html_page, rows_csv

RUN_FORMAT = 1  # of the files a run is kept in


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


class FileRunStore:
    """Runs as folders under `folder`: run.json (what it ran on, its summary), rows.json and
    report.md. A run is written to a temporary folder and renamed into place: a reader never
    sees half a run."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def save(self, run: Run) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".writing-{run.id}-{os.getpid()}"
        tmp.mkdir()
        head = {k: v for k, v in asdict(run).items() if k not in ("rows", "markdown")}
        (tmp / "run.json").write_text(json.dumps({"format": RUN_FORMAT, **head}, indent=1))
        (tmp / "rows.json").write_text(json.dumps(run.rows, ensure_ascii=False))
        (tmp / "report.md").write_text(run.markdown, encoding="utf-8")
        os.replace(tmp, self.folder / run.id)
        return run.id

    def _head(self, path: Path) -> Run | None:
        try:
            data = json.loads((path / "run.json").read_text())
        except (OSError, ValueError):
            return None  # not a run (or one from an unknown future), skipped
        data.pop("format", None)
        try:
            return Run(**data)
        except TypeError:
            return None

    def list(self) -> list[Run]:
        if not self.folder.is_dir():
            return []
        runs = [self._head(p) for p in sorted(self.folder.iterdir()) if p.is_dir()]
        return sorted((r for r in runs if r), key=lambda r: (r.created, r.id))

    def get(self, run_id: str) -> Run | None:
        if not run_id or "/" in run_id or run_id.startswith("."):
            return None
        path = self.folder / run_id
        run = self._head(path) if path.is_dir() else None
        if run is None:
            return None
        try:
            run.rows = json.loads((path / "rows.json").read_text())
            run.markdown = (path / "report.md").read_text(encoding="utf-8")
        except (OSError, ValueError):
            pass
        return run

    def clear(self) -> int:
        """Delete every run; how many went."""
        runs = self.list()
        if self.folder.is_dir():
            shutil.rmtree(self.folder)
        return len(runs)
