"""kb/ into the database: new and edited files go in; an old copy never undoes what a counselor
did through another replica (an upload, a delete)."""

import shutil

import pytest

from ingest.folder_sync import SYNC_FILE, sync_folder
from ingest.manage import add_files, delete_document
from ingest.sources import document_hash
from ingest.store import Store
from tests.conftest import KB

ASSISTANT = "kelp-farm-assistant"
LIMIT = 1_000_000


@pytest.fixture
def machine(tmp_path, database):
    """This machine's kb/ folder and data dir, and a way to sync them into the database."""
    kb, data = tmp_path / "kb", tmp_path / "data"
    shutil.copytree(KB, kb)

    def sync(folder=kb, data_dir=data):
        return sync_folder(folder, database, data_dir, LIMIT)

    return kb, sync


def stored(database, doc_id=ASSISTANT) -> bytes:
    return database.documents.content(doc_id)[0]


def test_a_first_sync_seeds_the_database_with_every_file_and_its_metadata(machine, database):
    kb, sync = machine
    report = sync()
    assert sorted(report.added) == ["kelp-farm-assistant.md", "kelp-farm-technician.txt"]
    data, sidecar, digest = database.documents.content(ASSISTANT)
    assert data == (kb / "kelp-farm-assistant.md").read_bytes()
    assert sidecar == (kb / "kelp-farm-assistant.meta.yaml").read_bytes()
    assert digest == document_hash(data, sidecar)
    row = database.documents.get(ASSISTANT)
    assert row.added_via == "kb folder" and row.uploaded_by.startswith("kb folder on ")
    assert not sync().changed_anything  # nothing changed: nothing written


def test_an_edited_file_replaces_the_database_version(machine, database):
    kb, sync = machine
    sync()
    path = kb / "kelp-farm-assistant.md"
    path.write_text(path.read_text() + "\nA line added on this machine.\n")
    assert sync().updated == ["kelp-farm-assistant.md"]
    assert b"added on this machine" in stored(database)


def test_an_edited_metadata_file_counts_as_an_edit(machine, database):
    kb, sync = machine
    sync()
    side = kb / "kelp-farm-assistant.meta.yaml"
    side.write_text(side.read_text() + "  - kelp helper\n")
    assert sync().updated == ["kelp-farm-assistant.md"]
    assert b"kelp helper" in database.documents.content(ASSISTANT)[1]


def test_an_untouched_copy_never_overrides_a_newer_upload(machine, database):
    kb, sync = machine
    sync()
    newer = b"# Kelp Farm Assistant job description\n\n* Uploaded through another replica.\n"
    assert add_files(database, [("kelp-farm-assistant.md", newer)], LIMIT)[0].accepted
    report = sync()
    assert stored(database) == newer
    assert report.kept and "another version (upload by" in report.kept[0][1]


def test_a_document_deleted_elsewhere_stays_deleted_though_its_file_is_still_here(
    machine, database, tmp_path
):
    kb, sync = machine
    sync()
    delete_document(database, Store(tmp_path / "data"), ASSISTANT, by="counselor b")
    report = sync()
    assert not database.documents.get(ASSISTANT).live
    [(name, why)] = report.kept
    assert name == "kelp-farm-assistant.md" and "deleted by counselor b" in why


def test_a_second_machine_with_its_own_old_copy_changes_nothing(machine, database, tmp_path):
    kb, sync = machine
    sync()
    delete_document(database, Store(tmp_path / "data"), ASSISTANT, by="counselor")
    newer = b"# Kelp Farm Technician\n\n* A newer version, uploaded.\n"
    add_files(database, [("kelp-farm-technician.txt", newer)], LIMIT)
    other_kb = tmp_path / "other" / "kb"
    shutil.copytree(KB, other_kb)  # another replica, another folder, the old documents
    report = sync(other_kb, tmp_path / "other" / "data")
    assert not report.changed_anything and len(report.kept) == 2
    assert not database.documents.get(ASSISTANT).live
    assert stored(database, "kelp-farm-technician") == newer


def test_an_edited_file_brings_a_deleted_document_back(machine, database, tmp_path):
    kb, sync = machine
    sync()
    delete_document(database, Store(tmp_path / "data"), ASSISTANT, by="counselor")
    path = kb / "kelp-farm-assistant.md"
    path.write_text(path.read_text() + "\nEdited after the delete.\n")
    assert sync().added == ["kelp-farm-assistant.md"]
    assert database.documents.get(ASSISTANT).live


def test_a_file_removed_from_the_folder_is_deleted_in_the_database(machine, database):
    kb, sync = machine
    sync()
    (kb / "kelp-farm-assistant.md").unlink()
    assert sync().deleted == ["kelp-farm-assistant.md"]
    assert not database.documents.get(ASSISTANT).live


def test_a_file_removed_here_leaves_a_newer_upload_alone(machine, database):
    kb, sync = machine
    sync()
    newer = b"# Kelp Farm Assistant job description\n\n* Uploaded later.\n"
    add_files(database, [("kelp-farm-assistant.md", newer)], LIMIT)
    (kb / "kelp-farm-assistant.md").unlink()
    report = sync()
    assert report.deleted == [] and stored(database) == newer


def test_losing_the_sync_record_lets_the_database_win(machine, database, tmp_path):
    kb, sync = machine
    sync()
    delete_document(database, Store(tmp_path / "data"), ASSISTANT, by="counselor")
    (tmp_path / "data" / SYNC_FILE).unlink()
    sync()
    assert not database.documents.get(ASSISTANT).live


def test_a_new_database_is_seeded_again_from_the_folder(machine, tmp_path):
    from db import open_database

    kb, sync = machine
    sync()
    fresh = open_database(None, tmp_path / "fresh")
    report = sync_folder(kb, fresh, tmp_path / "data", LIMIT)  # same machine, empty database
    assert len(report.added) == 2


def test_a_file_too_large_is_skipped_and_what_was_stored_stays(machine, database):
    kb, sync = machine
    sync()
    before = stored(database)
    (kb / "kelp-farm-assistant.md").write_bytes(b"x" * (LIMIT + 1))
    report = sync()
    assert report.skipped == [("kelp-farm-assistant.md", "too large (1.0 MB; the limit is 1 MB)")]
    assert stored(database) == before and database.documents.get(ASSISTANT).live


def test_two_files_with_one_document_id_keep_the_first(machine, database):
    kb, sync = machine
    (kb / "kelp-farm-assistant.txt").write_text("A second copy.\n")
    report = sync()
    assert ("kelp-farm-assistant.txt", "same document id 'kelp-farm-assistant' as "
            "kelp-farm-assistant.md") in report.skipped  # fmt: skip
    assert database.documents.get(ASSISTANT).name == "kelp-farm-assistant.md"


def test_a_file_renamed_in_the_folder_stays_the_same_document(machine, database):
    kb, sync = machine
    sync()
    (kb / "kelp-farm-assistant.md").rename(kb / "kfa-guide.md")
    (kb / "kelp-farm-assistant.meta.yaml").rename(kb / "kfa-guide.meta.yaml")  # its id: inside
    report = sync()
    row = database.documents.get(ASSISTANT)
    assert row.live and row.name == "kfa-guide.md"
    assert report.updated == ["kfa-guide.md"] and report.deleted == []
