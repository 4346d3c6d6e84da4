"""What users tell us: thumbs up and down on answers (a thumbs-down with its reason), and the
gaps of the knowledge base: questions the bot refused and answers that say "The documents do
not state ...".

Kept in the application database (db/), which every replica shares; counselors review it in
/admin and export it as CSV, and `careerbot drafts` turns it into draft rows of a question
set. Every row has its creation time: `purge` drops rows past the retention period (see
web/retention.py).
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from pathlib import Path

from sqlalchemy import delete, func, select, update

from db import Database, open_database
from db.schema import feedback as feedback_table
from db.schema import refused as refused_table

TABLES = {"feedback": feedback_table, "refused": refused_table}
RATINGS = ("up", "down")
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
    """Feedback and gaps in a Database (or, given a path or URL, in that one).

    `clock` gives the wall-clock time rows are stamped with (a seam for tests)."""

    def __init__(self, database: Database | os.PathLike | str, clock=time.time) -> None:
        if not isinstance(database, Database):
            target = str(database)
            if "://" not in target:  # a file: SQLite there
                Path(target).parent.mkdir(parents=True, exist_ok=True)
                target = f"sqlite:///{Path(target).resolve()}"
            database = open_database(target, Path("."))
        self.database = database
        self.clock = clock

    def _insert(self, table, row: dict) -> int:
        with self.database.begin() as conn:
            result = conn.execute(table.insert().values(**row))
            return int(result.inserted_primary_key[0])

    # -- writing -----------------------------------------------------------------------------
    def rate(
        self, rating: str, answer: dict, role: str | None = None, reason: str | None = None
    ) -> int:
        """Store a thumbs up or down with the question, answer and citations it was given on,
        and for a thumbs-down what was wrong (one of REASONS or the user's own words); the new
        row's id."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be up or down, not {rating!r}")
        return self._insert(
            feedback_table,
            {
                "created": self.clock(),
                "rating": rating,
                "question": answer.get("question", ""),
                "answer": answer.get("answer", ""),
                "citations": json.dumps(answer.get("citations", []), ensure_ascii=False),
                "role": role,
                "reason": (reason or "").strip()[:MAX_REASON_CHARS] or None,
            },
        )

    def gap(self, record: dict, role: str | None = None) -> int:
        """Keep a question the knowledge base could not answer: refused, or answered with what
        the documents do not state. `record` is an answer's JSON with what the bot resolved
        (bot.inspect.gap_record): roles, others, topics, gaps, request."""
        return self._insert(
            refused_table,
            {
                "created": self.clock(),
                "question": record.get("question", ""),
                "answer": record.get("answer", ""),
                "role": role,
                "kind": REFUSED if record.get("refused") else NOT_COVERED,
                "request": record.get("request") or "information",
                **{k: json.dumps(_names(record.get(k)), ensure_ascii=False) for k in _LISTS},
                "gaps": record.get("gaps") or "",
            },
        )

    def refused(self, answer: dict, role: str | None = None) -> int:
        """Keep a refused question: it shows what the knowledge base lacks."""
        return self.gap({**answer, "refused": True}, role)

    def review(self, feedback_id: int, outcome: str, question_id: str | None = None) -> bool:
        """Mark a thumbs-down REVIEWED, or ADDED to a question set (as row question_id);
        False when there is no such row (removed meanwhile)."""
        if outcome not in (REVIEWED, ADDED):
            raise ValueError(f"outcome must be {REVIEWED!r} or {ADDED!r}, not {outcome!r}")
        with self.database.begin() as conn:
            result = conn.execute(
                update(feedback_table)
                .where(feedback_table.c.id == int(feedback_id))
                .values(review=outcome, reviewed=self.clock(), question_id=question_id)
            )
            return result.rowcount > 0

    # -- forgetting --------------------------------------------------------------------------
    def purge(self, before: float) -> int:
        """Delete every row (feedback, gaps, their review state) created before `before`
        (seconds since the epoch); how many went."""
        with self.database.begin() as conn:
            return sum(
                conn.execute(delete(t).where(t.c.created < before)).rowcount
                for t in TABLES.values()
            )

    def clear(self, table: str) -> int:
        """Delete every row of one table ("feedback" or "refused"); how many went."""
        with self.database.begin() as conn:
            return conn.execute(delete(self._table(table))).rowcount

    # -- reading -----------------------------------------------------------------------------
    @staticmethod
    def _table(table: str):
        if table not in TABLES:
            raise ValueError(f"no table {table!r}; known: {', '.join(TABLES)}")
        return TABLES[table]

    def rows(self, table: str) -> list[dict]:
        """Every row of a table, oldest first, as stored (lists as JSON text)."""
        chosen = self._table(table)
        with self.database.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(chosen).order_by(chosen.c.id))]

    def count(self, table: str) -> int:
        chosen = self._table(table)
        with self.database.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(chosen)).scalar_one())

    def gaps(self) -> list[dict]:
        """The gaps, newest first, their lists decoded."""
        rows = self.rows("refused")[::-1]
        for row in rows:
            for key in _LISTS:
                row[key] = json.loads(row[key] or "[]")
        return rows

    def thumbs_down(self) -> list[dict]:
        """Thumbs-down answers, newest first, their citations decoded."""
        with self.database.connect() as conn:
            found = conn.execute(
                select(feedback_table)
                .where(feedback_table.c.rating == "down")
                .order_by(feedback_table.c.id.desc())
            )
            rows = [dict(r._mapping) for r in found]
        for row in rows:
            row["citations"] = json.loads(row["citations"] or "[]")
        return rows

    def csv(self, table: str) -> str:
        """The table as CSV with ISO time columns, for a spreadsheet."""
        rows = self.rows(table)
        out = io.StringIO()
        columns = [c.name for c in self._table(table).columns if c.name != "created"]
        writer = csv.DictWriter(out, fieldnames=["time", *columns], extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            row["time"] = _iso(row.pop("created"))
            if row.get("reviewed"):
                row["reviewed"] = _iso(row["reviewed"])
            writer.writerow({k: _cell(v) for k, v in row.items()})
        return out.getvalue()


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))
