"""Ingesting from the database: the same chunks as from the folder, and pruning that never
removes what another database's replicas added."""

import pytest

from ingest.errors import UnreadableDocument
from ingest.folder_sync import sync_folder
from ingest.manage import add_files, delete_document
from ingest.pipeline import ingest_kb, needs_ingest
from ingest.sources import DatabaseSource
from ingest.store import Store
from tests.conftest import FIXTURES, CountingEmbedder

PARCEL = (FIXTURES / "test-parcel-sorter.md").read_bytes()


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "data")


@pytest.fixture
def seeded(kb_dir, database, tmp_path):
    sync_folder(kb_dir, database, tmp_path / "data", 10**7)
    return DatabaseSource(database)


def test_documents_from_the_database_are_quoted_from_their_own_bytes(seeded, store, embedder):
    add_files(seeded.database, [("test-parcel-sorter.md", PARCEL)], 10**7)
    report = ingest_kb(seeded, store, embedder)
    assert sorted(report.added) == [
        "kelp-farm-assistant",
        "kelp-farm-technician",
        "test-parcel-sorter",
    ]
    got = store.chunks.get(where={"doc_id": "test-parcel-sorter"}, include=["documents"])
    assert any("$12,345" in text for text in got["documents"])
    assert store.documents()["kelp-farm-assistant"].role == "Kelp Farm Assistant"  # its sidecar


def test_a_store_ingested_from_the_folder_needs_nothing_from_the_same_documents_in_the_database(
    kb_dir, seeded, store, embedder
):
    """Upgrading: a store built from kb/ is not embedded again once kb/ is in the database."""
    ingest_kb(kb_dir, store, embedder)
    counting = CountingEmbedder(embedder)
    report = ingest_kb(seeded, store, counting)
    assert counting.texts == [] and not report.added and not report.changed
    assert needs_ingest(seeded, store, embedder) is None  # it now records its database


def test_a_document_deleted_in_the_database_leaves_the_store(seeded, store, embedder):
    ingest_kb(seeded, store, embedder)
    delete_document(seeded.database, store, "kelp-farm-assistant", by="counselor")
    assert needs_ingest(seeded, store, embedder) is not None
    assert ingest_kb(seeded, store, embedder).removed == ["kelp-farm-assistant"]
    assert store.chunks.get(where={"doc_id": "kelp-farm-assistant"})["ids"] == []


def test_a_store_fed_by_another_database_keeps_the_documents_this_one_does_not_list(
    kb_dir, seeded, store, embedder, tmp_path
):
    from db import open_database

    ingest_kb(seeded, store, embedder)  # the store now records this database as its feeder
    stranger = DatabaseSource(
        open_database(None, tmp_path / "elsewhere")
    )  # a misconfigured replica
    add_files(stranger.database, [("test-parcel-sorter.md", PARCEL)], 10**7)
    report = ingest_kb(stranger, store, embedder)
    assert report.added == ["test-parcel-sorter"] and report.removed == []
    assert {"kelp-farm-assistant", "kelp-farm-technician"} <= set(store.documents())
    assert store.state()["database_id"] == seeded.database.id  # it does not take the store over


def test_an_upload_replaced_while_an_ingest_reads_it_is_taken_next_time(seeded, store, embedder):
    entry = next(e for e in seeded.entries() if e.doc_id == "kelp-farm-assistant")
    add_files(
        seeded.database, [("kelp-farm-assistant.md", b"# KFA\n\n* Changed meanwhile.\n")], 10**7
    )
    with pytest.raises(UnreadableDocument, match="replaced while this ingest ran"):
        seeded.read(entry)
