"""The keyword index: built once per store generation, kept on disk, never stale."""

import shutil
import threading

from bot.index import KnowledgeIndex
from bot.service import CareerBot
from ingest.pipeline import ingest_kb
from ingest.store import Store
from tests.conftest import FIXTURES, KB

PARCEL_QUESTION = "How much does a Parcel Sorter earn?"


def _ingested(tmp_path, embedder) -> Store:
    shutil.copytree(KB, tmp_path / "kb")
    store = Store(tmp_path / "data")
    ingest_kb(tmp_path / "kb", store, embedder)
    return store


def _add_parcel_sorter(tmp_path, store, embedder) -> None:
    shutil.copy(FIXTURES / "test-parcel-sorter.md", tmp_path / "kb")
    ingest_kb(tmp_path / "kb", store, embedder)


def test_keyword_index_is_not_rebuilt_per_question(bot, monkeypatch):
    bot.index.snapshot()
    calls = []
    monkeypatch.setattr(bot.index, "_index_chunks", lambda *a: calls.append(a))
    monkeypatch.setattr(bot.index, "_load_cached", lambda *a: calls.append(a))
    for _ in range(3):
        bot.answer("What do kelp techs earn?")
    assert calls == []


def test_a_second_process_loads_the_index_from_disk(tmp_path, embedder, monkeypatch):
    store = _ingested(tmp_path, embedder)
    first = KnowledgeIndex(store).snapshot()
    assert list((tmp_path / "data" / "cache").glob("careerbot-keyword-*"))
    second = KnowledgeIndex(Store(tmp_path / "data"))
    monkeypatch.setattr(
        second, "_index_chunks", lambda *a: (_ for _ in ()).throw(AssertionError("rebuilt"))
    )
    snap = second.snapshot()
    assert snap.chunk_ids == first.chunk_ids and snap.generation == first.generation


def test_another_writer_s_documents_show_up_without_a_restart(tmp_path, embedder):
    store = _ingested(tmp_path, embedder)
    reader = CareerBot(Store(tmp_path / "data"), embedder)
    reader.index.freshness_seconds = 0
    assert reader.answer(PARCEL_QUESTION).refused
    _add_parcel_sorter(tmp_path, store, embedder)  # another process, say
    answer = reader.answer(PARCEL_QUESTION)
    assert "$12,345" in answer.answer
    # the old index on disk is gone, the new one is there
    assert len(list((tmp_path / "data" / "cache").glob("careerbot-keyword-*"))) == 1


def test_an_invalidated_index_looks_at_the_store_whatever_the_clock_says(tmp_path, embedder):
    """On a machine booted 5 s ago, with a freshness period of an hour, the first snapshot
    after invalidate() still takes in what was just ingested."""
    store = _ingested(tmp_path, embedder)
    booted_5_s_ago = 5.0
    index = KnowledgeIndex(store, freshness_seconds=3600, clock=lambda: booted_5_s_ago)
    before = index.snapshot()
    _add_parcel_sorter(tmp_path, store, embedder)
    assert index.snapshot() is before  # within the freshness period, no look at the store
    index.invalidate()
    after = index.snapshot()
    assert after.generation == store.generation() != before.generation
    assert "test-parcel-sorter" in after.docs


def test_the_freshness_period_counts_from_the_last_look(tmp_path, embedder):
    store = _ingested(tmp_path, embedder)
    now = [1_000_000.0]  # a machine up for days: only differences between readings matter
    index = KnowledgeIndex(store, freshness_seconds=10, clock=lambda: now[0])
    before = index.snapshot()
    _add_parcel_sorter(tmp_path, store, embedder)
    now[0] += 9.9
    assert index.snapshot() is before
    now[0] += 0.1
    assert "test-parcel-sorter" in index.snapshot().docs


class _ObservedLock:
    """The index's lock, telling the test when a thread starts waiting for it."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.waiting = threading.Event()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if blocking and self.inner.locked():
            self.waiting.set()
        return self.inner.acquire(blocking, timeout)

    def release(self) -> None:
        self.inner.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def test_a_question_right_after_an_upload_waits_for_the_new_index(tmp_path, embedder):
    """While another request rebuilds the index, a question does not get the old one.

    The interleaving is driven by events: the rebuild holds the lock until the question's
    thread is waiting for it, so the test always exercises the wait, on any machine."""
    store = _ingested(tmp_path, embedder)
    bot = CareerBot(store, embedder)
    bot.index.freshness_seconds = 3600
    bot.index.snapshot()
    _add_parcel_sorter(tmp_path, store, embedder)
    bot.index.invalidate()  # what the upload view does after ingesting

    lock = bot.index._lock = _ObservedLock(bot.index._lock)
    build = bot.index._build
    building = threading.Event()

    def build_until_the_question_waits(generation):
        building.set()
        assert lock.waiting.wait(60), "the question did not wait for the rebuild"
        return build(generation)

    bot.index._build = build_until_the_question_waits
    rebuild = threading.Thread(target=bot.index.snapshot)
    rebuild.start()
    assert building.wait(60)
    answer = bot.answer(PARCEL_QUESTION)
    rebuild.join()
    assert "$12,345" in answer.answer and not answer.refused
