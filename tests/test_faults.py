"""Faults: ingestion killed at random points, a full disk, a Chroma server outage, a damaged
store. The store keeps answering as before, converges afterwards, and says what is wrong."""

import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import generate
from bot.errors import BotError
from bot.service import CareerBot
from db import open_database
from ingest.errors import StoreCorrupt, StoreUnavailable
from ingest.folder_sync import sync_folder
from ingest.pipeline import ingest_kb
from ingest.store import Store
from tests.chroma_server import ChromaServer
from tests.conftest import KB, ROOT

pytestmark = pytest.mark.slow
QUESTION = "How much do kelp techs make?"


def check(data_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.fault_check", str(data_dir), QUESTION],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _ingest_killed_at(write: int, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.crashing_ingest", str(write)],
        env=env,
        capture_output=True,
        text=True,
    )


def test_ingestion_killed_at_every_write_keeps_answering_and_converges(tmp_path, embedder):
    """SIGKILL at the start of each of an ingest's writes to the database (kb/ taken in) and to
    the store in turn (deterministic: every boundary between writes is tried once, whatever the
    machine's speed)."""
    kb = tmp_path / "kb"
    shutil.copytree(KB, kb)
    generate(kb, 12, seed=5)  # synthetic documents, so each run has real work to do
    data = tmp_path / "data"
    ingest_kb(kb, Store(data), embedder)
    sync_folder(kb, open_database(None, data), data, 10**8)  # as `careerbot ingest` would
    env = {**os.environ, "CAREERBOT_KB_DIR": str(kb), "CAREERBOT_DATA_DIR": str(data)}
    env["PYTHONPATH"] = str(ROOT)
    rng = random.Random(20)
    synthetic = sorted(kb.glob("synthetic-*.md"))

    def change_some_documents(trial: int) -> None:  # so that every run has work to do
        for path in rng.sample(synthetic, 3):
            path.write_text(path.read_text() + f"\n\nA line added in trial {trial}.\n")

    change_some_documents(0)
    dry = _ingest_killed_at(0, env)
    assert dry.returncode == 0, dry.stderr
    writes = int(dry.stderr.rsplit("writes=", 1)[1])
    assert writes >= 5
    for write in range(1, writes + 1):
        change_some_documents(write)
        killed = _ingest_killed_at(write, env)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        state = check(data)
        assert state["incomplete"] == [], f"write {write}: half-written documents are visible"
        assert state["chunks_without_units"] == 0
        assert "$41,300" in state["answer"], f"write {write}: the store stopped answering"
    careerbot = Path(sys.executable).parent / "careerbot"
    subprocess.run([str(careerbot), "ingest"], env=env, check=True, capture_output=True)
    final = check(data)
    assert final["stale_chunks"] == 0 and final["incomplete"] == []
    assert len(final["documents"]) == 14


def test_a_full_disk_fails_cleanly_and_loses_nothing(kb_dir, tmp_path, embedder, monkeypatch):
    store = Store(tmp_path / "data")
    ingest_kb(kb_dir, store, embedder)
    before = store.documents()
    path = kb_dir / "kelp-farm-assistant.md"
    path.write_text(path.read_text() + "\nA new line.\n")

    from chromadb.api.models.Collection import Collection

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(Collection, "upsert", full)  # what Chroma does when the disk fills up
        with pytest.raises(StoreUnavailable, match="is full"):
            ingest_kb(kb_dir, store, embedder)
    assert store.documents() == before
    assert "$41,300" in CareerBot(store, embedder).answer(QUESTION).answer
    assert ingest_kb(kb_dir, store, embedder).changed == ["kelp-farm-assistant"]


def test_questions_during_a_chroma_outage_say_so_and_work_after_it(kb_dir, tmp_path, embedder):
    server = ChromaServer(tmp_path / "chroma").start()
    try:
        store = Store(tmp_path / "data", chroma_url=server.url)
        ingest_kb(kb_dir, store, embedder)
        bot = CareerBot(store, embedder)
        bot.index.freshness_seconds = 0
        assert "$41,300" in bot.answer(QUESTION).answer
        server.stop()
        with pytest.raises(BotError, match="temporarily unavailable"):
            bot.answer(QUESTION)
        server.start()  # same port, same data
        assert "$41,300" in bot.answer(QUESTION).answer
    finally:
        server.stop()


def test_a_damaged_store_is_detected_with_instructions_and_rebuilt(kb_dir, tmp_path, embedder):
    data = tmp_path / "data"
    ingest_kb(kb_dir, Store(data), embedder)
    (data / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(8192))
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()  # as a new process would
    with pytest.raises(StoreCorrupt, match="careerbot ingest --rebuild"):
        Store(data).documents()
    report = ingest_kb(kb_dir, Store(data), embedder, rebuild=True)
    assert len(report.added) == 2
    assert list(data.glob("chroma.unreadable-*"))  # the damaged one is kept, not deleted
