"""Files the web app offers for download (transcripts, CSV exports), in one folder of its own,
each removed an hour after it was written."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path


class Downloads:
    def __init__(self, keep_seconds: float = 3600) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="careerbot-downloads-"))
        self.keep_seconds = keep_seconds

    def write(self, name: str, text: str) -> str:
        """A new file holding text; its path (for a gr.File output)."""
        cutoff = time.time() - self.keep_seconds
        for old in self.folder.iterdir():
            if old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        folder = self.folder / uuid.uuid4().hex[:12]
        folder.mkdir()
        path = folder / re.sub(r"[^A-Za-z0-9._-]", "-", name)
        path.write_text(text, encoding="utf-8")
        return str(path)

    def count(self) -> int:
        return sum(1 for p in self.folder.iterdir() if p.is_dir()) if self.folder.is_dir() else 0

    def clear(self) -> int:
        """Delete every file offered so far; how many."""
        count = self.count()
        for old in list(self.folder.iterdir()):
            shutil.rmtree(old, ignore_errors=True)
        return count
