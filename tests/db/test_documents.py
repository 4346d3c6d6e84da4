"""Documents in the application database: bytes in, the same bytes out; deletes that hold."""

import pytest

from db import DocumentNameTaken

TEXT = b"# Kelp Farm Assistant\n\n* Ties kelp lines.\n"
SIDECAR = b"role: Kelp Farm Assistant\n"


def put(database, doc_id="kelp-farm-assistant", name="kelp-farm-assistant.md", **changes):
    fields = {
        "doc_id": doc_id,
        "name": name,
        "content": TEXT,
        "sidecar": SIDECAR,
        "content_hash": "hash-1",
        "media_type": "text/markdown",
        "added_via": "upload",
        "by": "counselor",
        **changes,
    }
    return database.documents.put(**fields)


def test_a_stored_document_reads_back_byte_for_byte_with_its_sidecar(any_database):
    assert put(any_database)
    content, sidecar, digest = any_database.documents.content("kelp-farm-assistant")
    assert (content, sidecar, digest) == (TEXT, SIDECAR, "hash-1")
    [doc] = any_database.documents.list()
    assert doc.name == "kelp-farm-assistant.md" and doc.size == len(TEXT) and doc.has_sidecar
    assert doc.uploaded_by == "counselor" and doc.added_via == "upload" and doc.live


def test_storing_the_same_document_again_changes_nothing(any_database):
    put(any_database)
    assert not put(any_database, by="someone else")
    doc = any_database.documents.get("kelp-farm-assistant")
    assert doc.revision == 1 and doc.uploaded_by == "counselor"


def test_a_new_version_replaces_the_old_one(any_database):
    put(any_database)
    assert put(any_database, content=b"new text", content_hash="hash-2", sidecar=None)
    content, sidecar, digest = any_database.documents.content("kelp-farm-assistant")
    assert (content, sidecar, digest) == (b"new text", None, "hash-2")
    assert any_database.documents.get("kelp-farm-assistant").revision == 2


def test_a_deleted_document_keeps_its_row_but_not_its_bytes(any_database):
    put(any_database)
    gone = any_database.documents.delete("kelp-farm-assistant", by="counselor b")
    assert gone.name == "kelp-farm-assistant.md"
    assert any_database.documents.list() == []
    [row] = any_database.documents.list(state=None)
    assert row.state == "deleted" and row.deleted_by == "counselor b" and not row.has_sidecar
    with pytest.raises(KeyError):
        any_database.documents.content("kelp-farm-assistant")
    assert any_database.documents.delete("kelp-farm-assistant", by="again") is None


def test_putting_a_deleted_document_again_brings_it_back(any_database):
    put(any_database)
    any_database.documents.delete("kelp-farm-assistant", by="counselor")
    assert put(any_database, by="counselor c")
    doc = any_database.documents.get("kelp-farm-assistant")
    assert doc.live and doc.deleted_by is None and doc.uploaded_by == "counselor c"


def test_two_live_documents_never_share_a_file_name(any_database):
    put(any_database)
    with pytest.raises(DocumentNameTaken, match="kelp-farm-assistant.md"):
        put(any_database, doc_id="another-id")
    any_database.documents.delete("kelp-farm-assistant", by="counselor")
    assert put(any_database, doc_id="another-id")  # a deleted document's name is free again
    assert any_database.documents.by_name("kelp-farm-assistant.md").doc_id == "another-id"


def test_a_tombstone_records_a_deletion_without_a_document(any_database):
    any_database.documents.tombstone("old-doc", "old-doc.md", by="counselor")
    [row] = any_database.documents.list(state=None)
    assert row.doc_id == "old-doc" and row.state == "deleted"
    any_database.documents.tombstone("old-doc", "old-doc.md", by="twice")  # no error
