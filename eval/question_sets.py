"""The question sets a counselor can run: the shipped one, their own (from the feedback
review), the drafts made in the Gaps view, and the files they uploaded. All but the shipped
one are kept in the application database, so that every replica offers the same sets (never
in the repository's eval/); a set is written out to a local folder to be read."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, select

from db import Database
from db.schema import question_sets
from eval.drafts import append_question
from eval.errors import EvalError
from eval.questions import SHIPPED, Question, load_questions
from ingest.files import write_atomically

SHIPPED_KEY, MINE_KEY, DRAFTS_KEY, UPLOAD_PREFIX = "shipped", "mine", "drafts", "upload:"
SUFFIXES = (".csv", ".yaml", ".yml")
# Where each kept set is stored in the database, by key.
_NAMES = {MINE_KEY: "my-questions.yaml", DRAFTS_KEY: "gap-drafts.yaml"}
_UPLOADS = "uploads/"


def _stored_name(key: str) -> str:
    if key in _NAMES:
        return _NAMES[key]
    if key.startswith(UPLOAD_PREFIX):
        name = key[len(UPLOAD_PREFIX) :]
        if name and "/" not in name and "\\" not in name and not name.startswith("."):
            return _UPLOADS + name
    raise EvalError(f"There is no question set {key!r}; choose one from the list.")


class QuestionSets:
    def __init__(self, database: Database, folder: Path, shipped: Path = SHIPPED) -> None:
        """`folder`: where this replica writes a set out to read it (a cache)."""
        self.database = database
        self.folder = Path(folder)
        self.shipped = Path(shipped)

    # -- the database ------------------------------------------------------------------------
    def _read(self, name: str) -> bytes | None:
        with self.database.connect() as conn:
            return conn.execute(
                select(question_sets.c.content).where(question_sets.c.name == name)
            ).scalar_one_or_none()

    def _write(self, name: str, content: bytes, conn=None) -> None:
        """Store a set under `name`, replacing it: one statement, so that two replicas saving
        at once each succeed (the later wins) instead of one failing on the key."""
        if conn is None:
            with self.database.begin() as conn:
                return self._write(name, content, conn)
        values = {"name": name, "content": content, "updated": time.time()}
        upsert = self.database.insert(question_sets).values(**values)
        conn.execute(
            upsert.on_conflict_do_update(
                index_elements=["name"],
                set_={"content": upsert.excluded.content, "updated": upsert.excluded.updated},
            )
        )

    def _names(self) -> list[str]:
        with self.database.connect() as conn:
            return list(
                conn.execute(select(question_sets.c.name).order_by(question_sets.c.name)).scalars()
            )

    def _written_out(self, name: str, content: bytes) -> Path:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, content)
        return path

    # -- the sets ----------------------------------------------------------------------------
    def path(self, key: str) -> Path:
        """A file holding the set as it is in the database now (EvalError if it is gone)."""
        if key == SHIPPED_KEY:
            return self.shipped
        name = _stored_name(key)
        content = self._read(name)
        if content is None:
            raise EvalError(f"The question set {self.label(key)} is no longer kept.")
        return self._written_out(name, content)

    def label(self, key: str, questions: list[Question] | None = None) -> str:
        names = {
            SHIPPED_KEY: "Shipped question set",
            MINE_KEY: "Your question set (from the feedback review)",
            DRAFTS_KEY: "Drafts from the Gaps view",
        }
        name = names.get(key) or f"Uploaded: {key[len(UPLOAD_PREFIX) :]}"
        return f"{name} ({len(questions)} questions)" if questions is not None else name

    def name(self, key: str) -> str:
        """How a run names its set: the file's name."""
        if key == SHIPPED_KEY:
            return "eval/questions.yaml"
        return Path(_stored_name(key)).name

    def keys(self) -> list[str]:
        stored = set(self._names())
        keys = [SHIPPED_KEY] + [k for k in (MINE_KEY, DRAFTS_KEY) if _NAMES[k] in stored]
        keys += [
            UPLOAD_PREFIX + n[len(_UPLOADS) :]
            for n in sorted(stored)
            if n.startswith(_UPLOADS) and Path(n).suffix.lower() in SUFFIXES
        ]
        return keys

    def choices(self) -> list[tuple[str, str]]:
        """(label, key) of each set that loads; a broken file is listed by name only."""
        out = []
        for key in self.keys():
            try:
                out.append((self.label(key, self.load(key)), key))
            except EvalError:
                out.append((self.label(key) + " (cannot be read)", key))
        return out

    def load(self, key: str) -> list[Question]:
        return load_questions(self.path(key))

    def add_upload(self, path: Path, original: str) -> tuple[str, list[Question]]:
        """Check an uploaded file and keep it; (its key, its questions), or EvalError naming
        the row and the field at fault (nothing is kept then)."""
        suffix = Path(original).suffix.lower()
        if suffix not in SUFFIXES:
            raise EvalError(f"{original}: a question set is a .csv or .yaml file")
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(original).name).lstrip(".-") or "set"
        content = Path(path).read_bytes()
        staged = self._written_out(f".checking/{name}", content)
        try:
            questions = load_questions(staged)
        finally:
            staged.unlink(missing_ok=True)
        self._write(_UPLOADS + name, content)
        return UPLOAD_PREFIX + name, questions

    def save_drafts(self, text: str) -> None:
        """Keep draft rows as the set "Drafts from the Gaps view" (replacing the last ones)."""
        self._write(_NAMES[DRAFTS_KEY], text.encode("utf-8"))

    def add_to_mine(self, row: dict) -> Question:
        """Add a row to the counselor's own set (eval.drafts.append_question: its id made
        unique; EvalError when the row is not a valid question, and the set is left as it
        was). Counselors adding at once, through any replicas, take turns: the set's row is
        locked from the read to the write, so no addition is lost."""
        name = _NAMES[MINE_KEY]
        with self.database.begin() as conn, tempfile.TemporaryDirectory() as scratch:
            # a row to lock, even for the first addition (empty: no set yet); on SQLite this
            # write takes the database's write lock, on PostgreSQL the row's
            conn.execute(
                self.database.insert(question_sets)
                .values(name=name, content=b"", updated=time.time())
                .on_conflict_do_nothing(index_elements=["name"])
            )
            content = conn.execute(
                select(question_sets.c.content)
                .where(question_sets.c.name == name)
                .with_for_update()
            ).scalar_one()
            path = Path(scratch) / name
            if content:
                path.write_bytes(content)
            added = append_question(path, row)  # EvalError: the transaction rolls back
            self._write(name, path.read_bytes(), conn)
        return added

    def clear(self) -> int:
        """Delete every set kept (uploads, drafts, the counselor's own); how many."""
        with self.database.begin() as conn:
            count = conn.execute(delete(question_sets)).rowcount
        shutil.rmtree(self.folder, ignore_errors=True)
        return count
