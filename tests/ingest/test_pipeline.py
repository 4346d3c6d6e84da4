"""Incremental ingestion into a real embedded Chroma store."""

from pathlib import Path

import pytest

from ingest.errors import StoreBusy
from ingest.pipeline import ingest_kb
from ingest.records import unpack_units, unpack_vectors
from ingest.store import Store
from tests.conftest import CountingEmbedder

TECH = "kelp-farm-technician"
ASSISTANT = "kelp-farm-assistant"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


def live_chunk_ids(store: Store, doc_id: str) -> set[str]:
    docs = store.documents()
    got = store.chunks.get(where={"doc_id": doc_id}, include=["metadatas"])
    return {
        cid
        for cid, meta in zip(got["ids"], got["metadatas"], strict=True)
        if meta["doc_hash"] == docs[doc_id].content_hash
    }


def test_first_ingest_stores_both_documents(kb_dir, store, counting_embedder):
    report = ingest_kb(kb_dir, store, counting_embedder)
    assert sorted(report.added) == [ASSISTANT, TECH]
    docs = store.documents()
    assert docs[TECH].role == "Kelp Farm Technician"
    assert "kelp tech" in docs[TECH].alias_list
    assert "KFA" in docs[ASSISTANT].alias_list
    assert store.count() == report.chunks_total == docs[TECH].chunks + docs[ASSISTANT].chunks
    # every chunk carries its quotable units, each with its own vector
    got = store.chunks.get(include=["documents", "metadatas"])
    units = [unpack_units(t, m) for t, m in zip(got["documents"], got["metadatas"], strict=True)]
    assert sum(map(len, units)) == docs[TECH].units + docs[ASSISTANT].units
    for cid, meta, chunk_units in zip(got["ids"], got["metadatas"], units, strict=True):
        packed = store.units.get(ids=[cid], include=["metadatas"])["metadatas"][0]["unit_vectors"]
        assert unpack_vectors(packed, 384).shape == (len(chunk_units), 384)
        source = (kb_dir / meta["source"]).read_text()
        for unit in chunk_units:  # every stored quote slices back to its source file
            assert source[unit.start : unit.end] == unit.text


def test_unchanged_kb_embeds_nothing(kb_dir, store, counting_embedder):
    ingest_kb(kb_dir, store, counting_embedder)
    before = store.count()
    counting_embedder.texts.clear()
    report = ingest_kb(kb_dir, store, counting_embedder)
    assert counting_embedder.texts == []
    assert sorted(report.unchanged) == [ASSISTANT, TECH]
    assert not report.changed_anything
    assert store.count() == before


def test_changed_file_replaces_exactly_its_own_chunks(kb_dir, store, counting_embedder):
    ingest_kb(kb_dir, store, counting_embedder)
    tech_before = live_chunk_ids(store, TECH)
    assistant_before = live_chunk_ids(store, ASSISTANT)
    path = kb_dir / "kelp-farm-assistant.md"
    path.write_text(path.read_text() + "\n## Extra\n\nA sentence added for the test.\n")
    counting_embedder.texts.clear()

    report = ingest_kb(kb_dir, store, counting_embedder)

    assert report.changed == [ASSISTANT] and report.unchanged == [TECH]
    assert all("Kelp Farm Technician" not in t for t in counting_embedder.texts)
    assert live_chunk_ids(store, TECH) == tech_before
    after = live_chunk_ids(store, ASSISTANT)
    assert after and not after & assistant_before
    # nothing stale remains in the store, chunks or their unit vectors
    all_ids = set(store.chunks.get(where={"doc_id": ASSISTANT})["ids"])
    assert all_ids == after
    assert set(store.units.get(where={"doc_id": ASSISTANT})["ids"]) == after


def test_deleted_file_chunks_go(kb_dir, store, counting_embedder):
    ingest_kb(kb_dir, store, counting_embedder)
    (kb_dir / "kelp-farm-assistant.md").unlink()
    report = ingest_kb(kb_dir, store, counting_embedder)
    assert report.removed == [ASSISTANT]
    assert ASSISTANT not in store.documents()
    assert store.chunks.get(where={"doc_id": ASSISTANT})["ids"] == []
    assert store.units.get(where={"doc_id": ASSISTANT})["ids"] == []


def test_unreadable_file_is_skipped_and_the_rest_ingests(kb_dir, store, counting_embedder):
    (kb_dir / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (kb_dir / "empty.md").write_text("")
    report = ingest_kb(kb_dir, store, counting_embedder)
    assert sorted(report.added) == [ASSISTANT, TECH]
    assert {name for name, _ in report.skipped} == {"broken.pdf", "empty.md"}


def test_a_file_that_turns_unreadable_keeps_its_stored_chunks(kb_dir, store, counting_embedder):
    ingest_kb(kb_dir, store, counting_embedder)
    before = live_chunk_ids(store, ASSISTANT)
    (kb_dir / "kelp-farm-assistant.md").write_bytes(b"\x00\x01binary")
    report = ingest_kb(kb_dir, store, counting_embedder)
    assert report.skipped and report.removed == []
    assert live_chunk_ids(store, ASSISTANT) == before


def test_model_mismatch_forces_a_clean_rebuild(kb_dir, store, embedder):
    ingest_kb(kb_dir, store, CountingEmbedder(embedder, model_id="some-other-model/torch"))
    again = CountingEmbedder(embedder)
    report = ingest_kb(kb_dir, store, again)
    assert report.rebuilt and "some-other-model" in report.rebuilt
    assert sorted(report.added) == [ASSISTANT, TECH]
    docs = store.documents().values()
    embedded = set(again.texts)  # every chunk and unit again (and the headings, for topics)
    assert len(again.texts) >= sum(d.chunks + d.units for d in docs)
    assert any(t.endswith("Pay Range: $28,000 minimum to $36,000 maximum") for t in embedded)
    assert store.state()["embedding_model"] == embedder.model_id


def test_chunking_version_mismatch_forces_a_rebuild(kb_dir, store, counting_embedder, monkeypatch):
    ingest_kb(kb_dir, store, counting_embedder)
    monkeypatch.setattr("ingest.pipeline.CHUNKING_VERSION", "0-test")
    report = ingest_kb(kb_dir, store, counting_embedder)
    assert report.rebuilt and "chunking" in report.rebuilt


def test_second_ingest_while_one_runs_fails_with_a_clear_message(kb_dir, store, counting_embedder):
    with store.lock(), pytest.raises(StoreBusy, match="Another ingest is running"):
        ingest_kb(kb_dir, store, counting_embedder)
    # the lock is released afterwards
    assert ingest_kb(kb_dir, store, counting_embedder).added


class Crash(Exception):
    pass


def test_run_killed_before_commit_leaves_the_old_answers_and_converges(
    kb_dir, store, counting_embedder, monkeypatch
):
    ingest_kb(kb_dir, store, counting_embedder)
    registry_before = store.documents()
    live_before = live_chunk_ids(store, ASSISTANT)
    path = kb_dir / "kelp-farm-assistant.md"
    path.write_text(path.read_text().replace("Food safety certificate", "First aid certificate"))

    real_put = Store.put_documents

    def crash_on_commit(self, records):
        raise Crash()

    monkeypatch.setattr(Store, "put_documents", crash_on_commit)
    with pytest.raises(Crash):
        ingest_kb(kb_dir, store, counting_embedder)
    monkeypatch.setattr(Store, "put_documents", real_put)

    # New chunks were written but nothing reads them: the registry still names the old text.
    assert store.documents() == registry_before
    assert live_chunk_ids(store, ASSISTANT) == live_before

    report = ingest_kb(kb_dir, store, counting_embedder)
    assert report.changed == [ASSISTANT]
    texts = " ".join(store.chunks.get(where={"doc_id": ASSISTANT})["documents"])
    assert "First aid certificate" in texts and "Food safety certificate" not in texts


def test_run_killed_after_commit_cleans_up_next_time(kb_dir, store, counting_embedder, monkeypatch):
    ingest_kb(kb_dir, store, counting_embedder)
    path = kb_dir / "kelp-farm-assistant.md"
    path.write_text(path.read_text() + "\nOne more line for the test.\n")

    def crash(self, doc_ids, keep_hashes):
        raise Crash()

    real = Store.delete_stale
    monkeypatch.setattr(Store, "delete_stale", crash)
    with pytest.raises(Crash):
        ingest_kb(kb_dir, store, counting_embedder)
    monkeypatch.setattr(Store, "delete_stale", real)
    assert store.documents()[ASSISTANT].state == "gc"

    counting_embedder.texts.clear()
    ingest_kb(kb_dir, store, counting_embedder)
    assert counting_embedder.texts == []  # the new text was committed; only clean-up was left
    assert store.documents()[ASSISTANT].state == "live"
    all_ids = set(store.chunks.get(where={"doc_id": ASSISTANT})["ids"])
    assert all_ids == live_chunk_ids(store, ASSISTANT)


def test_two_files_with_one_id_keep_the_first(kb_dir, store, counting_embedder):
    (kb_dir / "kelp-farm-assistant.txt").write_text("A second copy.\n")
    report = ingest_kb(kb_dir, store, counting_embedder)
    assert report.skipped == [
        (
            "kelp-farm-assistant.txt",
            "same document id 'kelp-farm-assistant' as kelp-farm-assistant.md",
        )
    ]


def test_a_role_file_without_metadata_gets_inferred_metadata(kb_dir, store, counting_embedder):
    (kb_dir / "test-parcel-sorter.md").write_text(
        "# Parcel Sorter job description\n\n## Duties\n\n* Sorts test parcels by size.\n"
    )
    ingest_kb(kb_dir, store, counting_embedder)
    doc = store.documents()["test-parcel-sorter"]
    assert doc.role == "Parcel Sorter" and doc.title == "Parcel Sorter job description"
    assert "parcel sorter" in doc.alias_list


def test_an_ingest_on_another_replica_waits_its_turn_then_runs(kb_dir, database, embedder):
    import threading

    from db import Database

    name = "ingest:careerbot"
    first = Store(kb_dir.parent / "a", ingest_lock=database.ingest_lock(name))
    other = Database(database.url, replica="replica b").ingest_lock(name)
    second = Store(kb_dir.parent / "b", ingest_lock=other, lock_wait_seconds=60)
    waiting = threading.Event()
    done: dict = {}

    def progress(stage: str, n: int, total: int) -> None:
        if stage == "wait":
            waiting.set()

    def run() -> None:
        done["report"] = ingest_kb(kb_dir, second, embedder, progress=progress)

    with first.lock():
        thread = threading.Thread(target=run)
        thread.start()
        assert waiting.wait(30), "the second ingest did not wait for the first"
        assert not done  # it cannot run while the first holds the lock
    thread.join(60)
    assert sorted(done["report"].added) == [ASSISTANT, TECH]


def test_an_ingest_that_may_not_wait_names_the_replica_in_its_way(kb_dir, database, embedder):
    from db import Database

    name = "ingest:careerbot"
    holder = Store(
        kb_dir.parent / "a", ingest_lock=Database(database.url, "replica a").ingest_lock(name)
    )
    impatient = Store(kb_dir.parent / "b", ingest_lock=database.ingest_lock(name))
    with holder.lock(), pytest.raises(StoreBusy, match=r"Another ingest is running .*replica a"):
        ingest_kb(kb_dir, impatient, embedder)
