"""The question sets a counselor can run: the shipped one, their own (from the feedback
review), the drafts made in the Gaps view, and the files they uploaded, all kept under the
data dir (never in the repository's eval/)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from eval.errors import EvalError
from eval.questions import SHIPPED, Question, load_questions

SHIPPED_KEY, MINE_KEY, DRAFTS_KEY, UPLOAD_PREFIX = "shipped", "mine", "drafts", "upload:"
SUFFIXES = (".csv", ".yaml", ".yml")


class QuestionSets:
    def __init__(self, folder: Path, shipped: Path = SHIPPED) -> None:
        self.folder = Path(folder)
        self.shipped = Path(shipped)

    @property
    def mine(self) -> Path:
        """The counselor's own set: rows added from the feedback review."""
        return self.folder / "my-questions.yaml"

    @property
    def drafts(self) -> Path:
        """The latest drafts made from gaps."""
        return self.folder / "gap-drafts.yaml"

    @property
    def uploads(self) -> Path:
        return self.folder / "uploads"

    def path(self, key: str) -> Path:
        if key == SHIPPED_KEY:
            return self.shipped
        if key == MINE_KEY:
            return self.mine
        if key == DRAFTS_KEY:
            return self.drafts
        if key.startswith(UPLOAD_PREFIX):
            name = key[len(UPLOAD_PREFIX) :]
            if "/" not in name and "\\" not in name and not name.startswith("."):
                return self.uploads / name
        raise EvalError(f"There is no question set {key!r}; choose one from the list.")

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
        return self.path(key).name if key != SHIPPED_KEY else "eval/questions.yaml"

    def keys(self) -> list[str]:
        keys = [SHIPPED_KEY]
        keys += [k for k in (MINE_KEY, DRAFTS_KEY) if self.path(k).is_file()]
        if self.uploads.is_dir():
            keys += [
                UPLOAD_PREFIX + p.name
                for p in sorted(self.uploads.iterdir())
                if p.suffix.lower() in SUFFIXES
            ]
        return keys

    def choices(self) -> list[tuple[str, str]]:
        """(label, key) of each set that loads; a broken file is listed by name only."""
        out = []
        for key in self.keys():
            try:
                out.append((self.label(key, load_questions(self.path(key))), key))
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
        staged = self.folder / ".checking" / name
        staged.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, staged)
        try:
            questions = load_questions(staged)
        except EvalError:
            staged.unlink(missing_ok=True)
            raise
        self.uploads.mkdir(parents=True, exist_ok=True)
        staged.replace(self.uploads / name)
        return UPLOAD_PREFIX + name, questions

    def clear(self) -> int:
        """Delete every set kept here (uploads, drafts, the counselor's own); how many."""
        count = len(self.keys()) - 1
        if self.folder.is_dir():
            shutil.rmtree(self.folder)
        return count
