"""What users tell us: thumbs up and down on answers (a thumbs-down with its reason), and the
questions the bot refused.

Kept in the application database (db/), which every replica shares; counselors export it as
CSV, and `careerbot drafts` turns it into draft rows of the question set.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from pathlib import Path

from sqlalchemy import select

from db import Database, open_database
from db.schema import feedback as feedback_table
from db.schema import refused as refused_table

TABLES = {"feedback": feedback_table, "refused": refused_table}
RATINGS = ("up", "down")
# What the chat offers after a thumbs-down; the user may also write their own reason.
REASONS = ("wrong", "not what I asked", "missing information", "outdated")
MAX_REASON_CHARS = 1000


def _cell(value):
    """A spreadsheet never runs what a user typed: text that starts like a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class FeedbackStore:
    """Feedback and refused questions in a Database (or, given a path or URL, in that one)."""

    def __init__(self, database: Database | os.PathLike | str) -> None:
        if not isinstance(database, Database):
            target = str(database)
            if "://" not in target:  # a file: SQLite there
                Path(target).parent.mkdir(parents=True, exist_ok=True)
                target = f"sqlite:///{Path(target).resolve()}"
            database = open_database(target, Path("."))
        self.database = database

    def rate(
        self, rating: str, answer: dict, role: str | None = None, reason: str | None = None
    ) -> int:
        """Store a thumbs up or down with the question, answer and citations it was given on,
        and the reason the user gave (for a thumbs down), if any; the new row's id."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be up or down, not {rating!r}")
        row = {
            "created": time.time(),
            "rating": rating,
            "question": answer.get("question", ""),
            "answer": answer.get("answer", ""),
            "citations": json.dumps(answer.get("citations", []), ensure_ascii=False),
            "role": role,
            "reason": (reason or "").strip()[:MAX_REASON_CHARS] or None,
        }
        with self.database.begin() as conn:
            result = conn.execute(feedback_table.insert().values(**row))
            return int(result.inserted_primary_key[0])

    def refused(self, answer: dict, role: str | None = None) -> None:
        """Keep a refused question: it shows what the knowledge base lacks."""
        row = {
            "created": time.time(),
            "question": answer.get("question", ""),
            "answer": answer.get("answer", ""),
            "role": role,
        }
        with self.database.begin() as conn:
            conn.execute(refused_table.insert().values(**row))

    def rows(self, table: str) -> list[dict]:
        if table not in TABLES:
            raise ValueError(table)
        chosen = TABLES[table]
        with self.database.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(chosen).order_by(chosen.c.id))]

    def csv(self, table: str) -> str:
        """The table as CSV with an ISO time column, for a spreadsheet."""
        rows = self.rows(table)
        out = io.StringIO()
        columns = [c.name for c in TABLES[table].columns if c.name != "created"]
        writer = csv.DictWriter(out, fieldnames=["time", *columns], extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            row["time"] = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row.pop("created")))
            writer.writerow({k: _cell(v) for k, v in row.items()})
        return out.getvalue()
