"""A replica's own feedback.sqlite (careerbot before the shared database), imported once."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import time
from pathlib import Path

from sqlalchemy import select

from db.database import Database
from db.schema import feedback, imports, refused

log = logging.getLogger(__name__)

# What is copied of each table: every column the old file has that the database knows (the
# file's ids aside: the database numbers its rows). Files of different versions had different
# columns: a thumbs-down's reason, a review state, what the bot resolved for a gap.
_TABLES = {"feedback": feedback, "refused": refused}


def import_feedback_file(database: Database, path: Path) -> int | None:
    """Copy the rows of an old per-replica feedback file into the database, once: the file's
    hash is recorded in the same transaction, so a second call (or a replica killed before it
    renamed the file) imports nothing again. The rows copied, or None if done before."""
    path = Path(path)
    key = hashlib.sha256(path.read_bytes()).hexdigest()
    with database.connect() as conn:
        if conn.execute(select(imports.c.key).where(imports.c.key == key)).first():
            return None
    old = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    old.row_factory = sqlite3.Row
    try:
        tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        rows = {}
        for name, table in _TABLES.items():
            if name not in tables:
                rows[name] = []
                continue
            present = {r["name"] for r in old.execute(f"PRAGMA table_info({name})")}
            cols = [c.name for c in table.columns if c.name != "id" and c.name in present]
            rows[name] = [
                dict(r) for r in old.execute(f"SELECT {', '.join(cols)} FROM {name} ORDER BY id")
            ]
    finally:
        old.close()
    count = sum(map(len, rows.values()))
    with database.begin() as conn:
        if rows["feedback"]:
            conn.execute(feedback.insert(), rows["feedback"])
        if rows["refused"]:
            conn.execute(refused.insert(), rows["refused"])
        conn.execute(
            imports.insert().values(
                key=key, source=str(path.resolve()), rows=count, imported_at=time.time()
            )
        )
    return count


def import_legacy_feedback(database: Database, data_dir: Path) -> int | None:
    """Import <data_dir>/feedback.sqlite if it is there, then rename it *.imported."""
    path = Path(data_dir) / "feedback.sqlite"
    if not path.is_file():
        return None
    count = import_feedback_file(database, path)
    target = path.with_name(f"feedback.sqlite.imported-{time.strftime('%Y%m%d-%H%M%S')}")
    path.rename(target)
    if count is not None:
        log.warning(
            "Imported %d feedback row(s) and refused question(s) from %s into the database %s; "
            "the old file is kept as %s",
            count,
            path,
            database.display_url,
            target.name,
        )
    return count
