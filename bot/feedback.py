"""What users tell us: thumbs up and down on answers (a thumbs-down with its reason), and the
questions the bot refused.

Kept in SQLite under the data dir; counselors export it as CSV, and `careerbot drafts`
turns it into draft rows of the question set.
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

# What the chat offers after a thumbs-down; the user may also write their own reason.
REASONS = ("wrong", "not what I asked", "missing information", "outdated")
MAX_REASON_CHARS = 1000


def _cell(value):
    """A spreadsheet never runs what a user typed: text that starts like a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.executescript(SCHEMA)
            columns = {row["name"] for row in db.execute("PRAGMA table_info(feedback)")}
            if "reason" not in columns:  # a file written before thumbs-down had reasons
                db.execute("ALTER TABLE feedback ADD COLUMN reason TEXT")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10)
        db.row_factory = sqlite3.Row
        return db

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
                    time.time(),
                    rating,
                    answer.get("question", ""),
                    answer.get("answer", ""),
                    json.dumps(answer.get("citations", []), ensure_ascii=False),
                    role,
                    reason,
                ),
            )
            return int(cur.lastrowid)

    def refused(self, answer: dict, role: str | None = None) -> None:
        """Keep a refused question: it shows what the knowledge base lacks."""
        with self._lock, self._connect() as db:
            db.execute(
                "INSERT INTO refused (created, question, answer, role) VALUES (?, ?, ?, ?)",
                (time.time(), answer.get("question", ""), answer.get("answer", ""), role),
            )

    def rows(self, table: str) -> list[dict]:
        if table not in ("feedback", "refused"):
            raise ValueError(table)
        with self._connect() as db:
            return [dict(r) for r in db.execute(f"SELECT * FROM {table} ORDER BY id")]

    def csv(self, table: str) -> str:
        """The table as CSV with an ISO time column, for a spreadsheet."""
        rows = self.rows(table)
        out = io.StringIO()
        fields = ["time", *[k for k in (rows[0] if rows else {"id": 0}) if k not in ("created",)]]
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            row["time"] = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row.pop("created")))
            writer.writerow({k: _cell(v) for k, v in row.items()})
        return out.getvalue()
