"""The keyword index: built once per store generation, kept on disk, never stale."""

import shutil

from bot.index import KnowledgeIndex
from bot.service import CareerBot
from ingest.pipeline import ingest_kb
from ingest.store import Store
from tests.conftest import FIXTURES, KB


def test_keyword_index_is_not_rebuilt_per_question(bot, monkeypatch):
    bot.index.snapshot()
    calls = []
    monkeypatch.setattr(bot.index, "_index_chunks", lambda *a: calls.append(a))
    monkeypatch.setattr(bot.index, "_load_cached", lambda *a: calls.append(a))
    for _ in range(3):
        bot.answer("What do OT techs earn?")
    assert calls == []


def test_a_second_process_loads_the_index_from_disk(tmp_path, embedder, monkeypatch):
    shutil.copytree(KB, tmp_path / "kb")
    store = Store(tmp_path / "data")
    ingest_kb(tmp_path / "kb", store, embedder)
    first = KnowledgeIndex(store).snapshot()
    assert list((tmp_path / "data" / "cache").glob("careerbot-keyword-*"))
    second = KnowledgeIndex(Store(tmp_path / "data"))
    monkeypatch.setattr(
        second, "_index_chunks", lambda *a: (_ for _ in ()).throw(AssertionError("rebuilt"))
    )
    snap = second.snapshot()
    assert snap.chunk_ids == first.chunk_ids and snap.generation == first.generation


def test_another_writer_s_documents_show_up_without_a_restart(tmp_path, embedder):
    shutil.copytree(KB, tmp_path / "kb")
    store = Store(tmp_path / "data")
    ingest_kb(tmp_path / "kb", store, embedder)
    reader = CareerBot(Store(tmp_path / "data"), embedder)
    reader.index.freshness_seconds = 0
    assert reader.answer("How much does a Parcel Sorter earn?").refused
    shutil.copy(FIXTURES / "test-parcel-sorter.md", tmp_path / "kb")
    ingest_kb(tmp_path / "kb", store, embedder)  # another process, say
    answer = reader.answer("How much does a Parcel Sorter earn?")
    assert "$12,345" in answer.answer
    # the old index on disk is gone, the new one is there
    assert len(list((tmp_path / "data" / "cache").glob("careerbot-keyword-*"))) == 1


def test_a_question_right_after_an_upload_waits_for_the_new_index(tmp_path, embedder):
    """While another request rebuilds the index, a question does not get the old one."""
    import threading
    import time

    shutil.copytree(KB, tmp_path / "kb")
    store = Store(tmp_path / "data")
    ingest_kb(tmp_path / "kb", store, embedder)
    bot = CareerBot(store, embedder)
    bot.index.freshness_seconds = 3600
    bot.index.snapshot()
    shutil.copy(FIXTURES / "test-parcel-sorter.md", tmp_path / "kb")
    ingest_kb(tmp_path / "kb", store, embedder)
    bot.index.invalidate()  # what the upload view does after ingesting

    build = bot.index._build
    started = threading.Event()

    def slow_build(generation):
        started.set()
        time.sleep(0.5)
        return build(generation)

    bot.index._build = slow_build
    other_request = threading.Thread(target=bot.index.snapshot)
    other_request.start()
    assert started.wait(10)
    answer = bot.answer("How much does a Parcel Sorter earn?")
    other_request.join()
    assert "$12,345" in answer.answer and not answer.refused
