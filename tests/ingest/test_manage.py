"""Uploads, deletes and exports through the database, as the knowledge-base view does them."""

import pytest
import yaml

from ingest.errors import IngestError
from ingest.folder_sync import sync_folder
from ingest.manage import (
    add_files,
    delete_document,
    document_status,
    export_documents,
    preview_uploads,
)
from ingest.pipeline import ingest_kb
from ingest.sources import DatabaseSource
from ingest.store import Store
from tests.conftest import FIXTURES

PARCEL = (FIXTURES / "test-parcel-sorter.md").read_bytes()


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "data")


def test_an_upload_is_stored_with_who_uploaded_it_and_nothing_is_written_to_a_folder(
    database, tmp_path
):
    [upload] = add_files(database, [("Test Parcel Sorter.md", PARCEL)], 10**7, by="counselor")
    assert upload.accepted and upload.name == "Test-Parcel-Sorter.md"
    row = database.documents.get("test-parcel-sorter")
    assert row.uploaded_by == "counselor" and row.added_via == "upload"
    assert row.media_type == "text/markdown"
    assert database.documents.content("test-parcel-sorter")[0] == PARCEL
    assert not list(tmp_path.rglob("*.md"))


def test_a_refused_upload_stores_nothing(database):
    [upload] = add_files(database, [("photo.md", bytes(range(256)) * 20)], 10**7)
    assert not upload.accepted and "binary content" in upload.reason
    assert database.documents.list(state=None) == []


def test_deleting_an_unknown_document_is_a_clear_error(database, store):
    with pytest.raises(IngestError, match="No document 'nothing-here'"):
        delete_document(database, store, "nothing-here")


def test_deleting_a_document_only_the_store_knows_records_it_deleted(
    kb_dir, database, store, embedder
):
    """A store built before the database: its documents can be deleted for good too."""
    ingest_kb(kb_dir, store, embedder)
    assert delete_document(database, store, "kelp-farm-assistant") == ["kelp-farm-assistant.md"]
    assert database.documents.get("kelp-farm-assistant").state == "deleted"
    assert ingest_kb(DatabaseSource(database), store, embedder).removed == ["kelp-farm-assistant"]


def test_the_status_says_which_documents_answer_and_which_wait(
    kb_dir, database, store, embedder, tmp_path
):
    sync_folder(kb_dir, database, tmp_path / "data", 10**7)
    ingest_kb(DatabaseSource(database), store, embedder)
    add_files(database, [("test-parcel-sorter.md", PARCEL)], 10**7, by="counselor")
    add_files(database, [("broken.md", b"# Title only\n")], 10**7, by="counselor")
    states = {d.doc_id: d for d in document_status(database, store)}
    assert states["kelp-farm-assistant"].state == "answering"
    assert states["kelp-farm-assistant"].role == "Kelp Farm Assistant"
    assert states["test-parcel-sorter"].state == "waiting to be ingested"
    assert states["test-parcel-sorter"].uploaded_by == "counselor"
    ingest_kb(DatabaseSource(database), store, embedder)
    states = {d.doc_id: d for d in document_status(database, store)}
    assert states["test-parcel-sorter"].state == "answering"
    assert states["broken"].state.startswith("skipped")


def test_export_writes_the_documents_and_their_metadata_byte_for_byte(kb_dir, database, tmp_path):
    sync_folder(kb_dir, database, tmp_path / "data", 10**7)
    add_files(database, [("test-parcel-sorter.md", PARCEL)], 10**7)
    out = tmp_path / "export"
    assert export_documents(database, out) == (3, 2)
    for name in (
        "kelp-farm-assistant.md",
        "kelp-farm-assistant.meta.yaml",
        "kelp-farm-technician.txt",
    ):
        assert (out / name).read_bytes() == (kb_dir / name).read_bytes()
    assert (out / "test-parcel-sorter.md").read_bytes() == PARCEL


CNA = (FIXTURES / "multirole" / "certified-nursing-assistant.txt").read_bytes()


def test_an_upload_without_metadata_shows_the_role_read_from_its_text_before_it_is_stored(
    database,
):
    [seen] = preview_uploads(database, [("cna sheet.txt", CNA)], 10**7)
    assert seen.upload.accepted and seen.upload.name == "cna-sheet.txt"
    assert seen.role == "Certified Nursing Assistant" and seen.role_source == "text"
    assert {"cna", "nurse aide", "nursing assistant"} <= {a.lower() for a in seen.aliases}
    assert seen.replaces == ""
    assert database.documents.list(state=None) == []  # a preview stores nothing
    [refused] = preview_uploads(database, [("notes.exe", b"MZ")], 10**7)
    assert not refused.upload.accepted and "unsupported file type" in refused.upload.reason


def test_a_role_the_counselor_corrects_is_saved_as_the_documents_metadata_file(
    database, store, embedder
):
    roles = {"cna sheet.txt": ("Nurse Aide", ["CNA", "nursing assistant"])}
    [upload] = add_files(database, [("cna sheet.txt", CNA)], 10**7, roles=roles)
    assert upload.accepted
    sidecar = database.documents.content("cna-sheet")[1]
    assert yaml.safe_load(sidecar) == {
        "role": "Nurse Aide",
        "aliases": ["nurse aide", "CNA", "nursing assistant"],
    }
    ingest_kb(DatabaseSource(database), store, embedder)
    [status] = document_status(database, store)
    assert status.role == "Nurse Aide" and "CNA" in status.aliases
    [again] = preview_uploads(database, [("cna sheet.txt", CNA)], 10**7)
    assert again.role == "Nurse Aide" and again.role_source == "metadata"
    assert again.replaces == "cna-sheet"  # the same name updates it, keeping the metadata


def test_an_empty_corrected_role_is_refused_and_nothing_is_stored(database):
    [upload] = add_files(database, [("cna.txt", CNA)], 10**7, roles={"cna.txt": ("  ", [])})
    assert not upload.accepted and "role name cannot be empty" in upload.reason
    assert database.documents.list(state=None) == []
