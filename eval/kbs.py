"""Several folders of role documents evaluated together (the shipped kb/ and a test corpus)."""

from __future__ import annotations

import shutil
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
