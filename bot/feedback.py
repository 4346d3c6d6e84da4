"""What users tell us: thumbs up and down on answers (a thumbs-down with its reason), and the
gaps of the knowledge base: questions the bot refused and answers that say "The documents do
not state ...".

Kept in SQLite under the data dir; counselors review it in /admin and export it as CSV, and
`careerbot drafts` turns it into draft rows of a question set. Every row has its creation
time: `purge` drops rows past the retention period (see web/retention.py). The methods are
kept few and small, so that another store (a SQL server) can take them over.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
import time
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    role TEXT,
    reason TEXT
);
CREATE TABLE IF NOT EXISTS refused (
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    role TEXT
);
"""
# Columns added since the first schema: (table, column, declaration). A file written by an
# earlier version gets them on open; its rows keep their values.
ADDED_COLUMNS = (
    ("feedback", "reason", "TEXT"),
    ("feedback", "review", "TEXT"),  # None, REVIEWED or ADDED
    ("feedback", "reviewed", "REAL"),  # when
    ("feedback", "question_id", "TEXT"),  # the question-set row it became
    ("refused", "kind", "TEXT NOT NULL DEFAULT 'refused'"),  # REFUSED or NOT_COVERED
    ("refused", "request", "TEXT NOT NULL DEFAULT 'information'"),  # bot.guard's kinds
    ("refused", "roles", "TEXT NOT NULL DEFAULT '[]'"),  # roles of the knowledge base, JSON
    ("refused", "others", "TEXT NOT NULL DEFAULT '[]'"),  # occupations it does not hold
    ("refused", "topics", "TEXT NOT NULL DEFAULT '[]'"),
    ("refused", "gaps", "TEXT NOT NULL DEFAULT ''"),  # what the documents do not state
)
TABLES = ("feedback", "refused")
_LISTS = ("roles", "others", "topics")

# What the chat offers after a thumbs-down; the user may also write their own reason.
REASONS = ("wrong", "not what I asked", "missing information", "outdated")
MAX_REASON_CHARS = 1000
# The kinds of gap, and what a counselor did with a thumbs-down.
REFUSED, NOT_COVERED = "refused", "not covered"
REVIEWED, ADDED = "reviewed", "added to question set"


def _cell(value):
    """A spreadsheet never runs what a user typed: text that starts like a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _names(value) -> list[str]:
    return [str(v) for v in value or () if str(v).strip()]


class FeedbackStore:
    def __init__(self, path: Path, clock=time.time) -> None:
        """`clock` gives the wall-clock time rows are stamped with (a seam for tests)."""
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.clock = clock
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(SCHEMA)
            for table, column, declaration in ADDED_COLUMNS:
                columns = {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}
                if column not in columns:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        return db

    # -- writing -----------------------------------------------------------------------------
    def rate(
        self, rating: str, answer: dict, role: str | None = None, reason: str | None = None
    ) -> int:
        """Store a thumbs up or down with the question, answer and citations it was given on,
        and for a thumbs-down what was wrong (one of REASONS or the user's own words)."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be up or down, not {rating!r}")
        reason = (reason or "").strip()[:MAX_REASON_CHARS] or None
        with self._lock, self._connect() as db:
            cur = db.execute(
                "INSERT INTO feedback (created, rating, question, answer, citations, role, reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    self.clock(),
                    rating,
                    answer.get("question", ""),
                    answer.get("answer", ""),
                    json.dumps(answer.get("citations", []), ensure_ascii=False),
                    role,
                    reason,
                ),
            )
            return int(cur.lastrowid)

    def gap(self, record: dict, role: str | None = None) -> int:
        """Keep a question the knowledge base could not answer: refused, or answered with what
        the documents do not state. `record` is an answer's JSON with what the bot resolved
        (bot.inspect.gap_record): roles, others, topics, gaps, request."""
        kind = REFUSED if record.get("refused") else NOT_COVERED
        with self._lock, self._connect() as db:
            cur = db.execute(
                "INSERT INTO refused (created, question, answer, role, kind, request, roles,"
                " others, topics, gaps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.clock(),
                    record.get("question", ""),
                    record.get("answer", ""),
                    role,
                    kind,
                    record.get("request") or "information",
                    *(json.dumps(_names(record.get(k)), ensure_ascii=False) for k in _LISTS),
                    record.get("gaps") or "",
                ),
            )
            return int(cur.lastrowid)

    def refused(self, answer: dict, role: str | None = None) -> int:
        """Keep a refused question: it shows what the knowledge base lacks."""
        return self.gap({**answer, "refused": True}, role)

    def review(self, feedback_id: int, outcome: str, question_id: str | None = None) -> bool:
        """Mark a thumbs-down REVIEWED, or ADDED to a question set (as row question_id);
        False when there is no such row (removed meanwhile)."""
        if outcome not in (REVIEWED, ADDED):
            raise ValueError(f"outcome must be {REVIEWED!r} or {ADDED!r}, not {outcome!r}")
        with self._lock, self._connect() as db:
            cur = db.execute(
                "UPDATE feedback SET review = ?, reviewed = ?, question_id = ? WHERE id = ?",
                (outcome, self.clock(), question_id, int(feedback_id)),
            )
            return cur.rowcount > 0

    # -- forgetting --------------------------------------------------------------------------
    def purge(self, before: float) -> int:
        """Delete every row (feedback, gaps, their review state) created before `before`
        (seconds since the epoch); how many went."""
        with self._lock, self._connect() as db:
            return sum(
                db.execute(f"DELETE FROM {table} WHERE created < ?", (before,)).rowcount
                for table in TABLES
            )

    def clear(self, table: str) -> int:
        """Delete every row of one table ("feedback" or "refused"); how many went."""
        self._check(table)
        with self._lock, self._connect() as db:
            return db.execute(f"DELETE FROM {table}").rowcount

    # -- reading -----------------------------------------------------------------------------
    @staticmethod
    def _check(table: str) -> None:
        if table not in TABLES:
            raise ValueError(f"no table {table!r}; known: {', '.join(TABLES)}")

    def rows(self, table: str) -> list[dict]:
        """Every row of a table, oldest first, as stored (lists as JSON text)."""
        self._check(table)
        with self._connect() as db:
            return [dict(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY id")]

    def count(self, table: str) -> int:
        self._check(table)
        with self._connect() as db:
            return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def gaps(self) -> list[dict]:
        """The gaps, newest first, their lists decoded."""
        rows = self.rows("refused")[::-1]
        for row in rows:
            for key in _LISTS:
                row[key] = json.loads(row[key] or "[]")
        return rows

    def thumbs_down(self) -> list[dict]:
        """Thumbs-down answers, newest first, their citations decoded."""
        rows = [r for r in self.rows("feedback") if r["rating"] == "down"][::-1]
        for row in rows:
            row["citations"] = json.loads(row["citations"] or "[]")
        return rows

    def csv(self, table: str) -> str:
        """The table as CSV with ISO time columns, for a spreadsheet."""
        rows = self.rows(table)
        out = io.StringIO()
        fields = ["time", *[k for k in (rows[0] if rows else {"id": 0}) if k not in ("created",)]]
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            row["time"] = _iso(row.pop("created"))
            if row.get("reviewed"):
                row["reviewed"] = _iso(row["reviewed"])
            writer.writerow({k: _cell(v) for k, v in row.items()})
        return out.getvalue()


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))
