"""Folders of role documents evaluated on their own (`careerbot eval --kb A --kb B`): the
shipped kb/ and a test corpus together, say, in a scratch store and database that leave the
configured knowledge base as it was."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path

from eval.errors import EvalError
from ingest.loaders import is_document
from ingest.metadata import sidecar_path


def combined_kb(folders: Sequence[Path], target: Path) -> Path:
    """A folder holding the documents (and metadata files) of all the folders, refreshed."""
    files: dict[str, Path] = {}
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise EvalError(f"Knowledge base folder not found: {folder}")
        for path in sorted(folder.iterdir()):
            if not path.is_file() or not is_document(path):
                continue
            for item in (path, sidecar_path(path)):
                if not item.exists():
                    continue
                if item.name in files and files[item.name] != item:
                    raise EvalError(
                        f"{item.name} is in both {files[item.name].parent} and {folder}"
                    )
                files[item.name] = item
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name, path in files.items():
        shutil.copy2(path, target / name)
    return target


def scratch_settings(settings, folders: Sequence[Path]) -> dict:
    """Settings overrides that evaluate on `folders`: their documents in a scratch data dir of
    their own (an embedded store, a SQLite database), never the configured database or Chroma
    server. The scratch dir is made afresh on every run: the folders are all there is to it
    (a file moved out and back in again is not a deletion to honour)."""
    key = "\n".join(str(Path(f).resolve()) for f in folders)
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    for folder in folders:
        if not Path(folder).is_dir():
            raise EvalError(f"Knowledge base folder not found: {folder}")
    # a new path every run: Chroma keeps a client per path for the life of the process, and
    # one kept for a store deleted under it reads an empty database (a second evaluation in
    # the same process, as the tests run them)
    evals = Path(settings.data_dir) / "eval"
    for old in evals.glob(f"{digest}*"):
        shutil.rmtree(old, ignore_errors=True)
    scratch = evals / f"{digest}-{uuid.uuid4().hex[:8]}"
    kb = folders[0] if len(folders) == 1 else combined_kb(folders, scratch / "kb")
    return {"kb_dir": Path(kb), "data_dir": scratch, "database_url": "", "chroma_url": ""}
