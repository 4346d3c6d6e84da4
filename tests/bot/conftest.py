"""A store holding the shipped kb/, ingested once per test session, and a bot over it."""

from __future__ import annotations

import shutil

import pytest

from bot.service import CareerBot
from ingest.pipeline import ingest_kb
from ingest.store import Store
from tests.conftest import KB


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory, embedder) -> Store:
    root = tmp_path_factory.mktemp("shipped")
    shutil.copytree(KB, root / "kb")
    store = Store(root / "data")
    ingest_kb(root / "kb", store, embedder)
    return store


@pytest.fixture(scope="session")
def bot(shipped_store, embedder) -> CareerBot:
    return CareerBot(shipped_store, embedder)


@pytest.fixture(scope="session")
def kb_texts() -> dict[str, str]:
    """Source file name -> its text, to check quotes against."""
    return {
        p.name: p.read_text()
        for p in KB.iterdir()
        if p.suffix in (".md", ".txt") and p.name != "README.md"
    }
