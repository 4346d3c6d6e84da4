"""Whatever a counselor drops into kb/: each bad file is skipped with its reason, the rest ingests,
and nothing stored before is lost."""

import io
import zipfile

import pytest

from ingest.manage import safe_name
from ingest.pipeline import ingest_kb
from ingest.store import Store
from tests.ingest.test_loaders import _encrypted_pdf, make_pdf

GOOD = {"kelp-farm-technician", "kelp-farm-assistant"}


def bad_files(tmp_path) -> dict[str, bytes]:
    junk_zip = io.BytesIO()
    with zipfile.ZipFile(junk_zip, "w") as z:
        z.writestr("junk.bin", b"\x00" * 100)
    return {
        "empty.md": b"",
        "binary.txt": bytes(range(256)) * 40,
        "truncated.pdf": make_pdf(tmp_path / "t.pdf", ["Some text"]).read_bytes()[:300],
        "locked.pdf": _encrypted_pdf(tmp_path),
        "zip-of-junk.docx": junk_zip.getvalue(),
        "noise.txt": bytes(range(128, 256)) * 30,  # no text in any encoding
        "bad\x07name.md": b"# Role\n\nA sentence.\n",
    }


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "data")


def test_bad_files_are_skipped_by_name_and_reason_and_the_rest_ingests(
    kb_dir, store, embedder, tmp_path
):
    for name, data in bad_files(tmp_path).items():
        (kb_dir / name).write_bytes(data)
    (kb_dir / "huge.txt").write_bytes(b"word " * 11_000_000)  # 55 MB
    report = ingest_kb(kb_dir, store, embedder)
    reasons = dict(report.skipped)
    assert set(report.added) == GOOD
    assert reasons["empty.md"].startswith("empty")
    assert "binary" in reasons["binary.txt"]
    assert "PDF" in reasons["truncated.pdf"]
    assert reasons["locked.pdf"] == "password-protected PDF"
    assert "DOCX" in reasons["zip-of-junk.docx"]
    assert "encoding" in reasons["noise.txt"] or "binary" in reasons["noise.txt"]
    assert "too large" in reasons["huge.txt"]
    assert "unsafe file name" in reasons["'bad\\x07name.md'"]
    assert set(store.documents()) == GOOD  # nothing of the refused files reached the store


def test_html_with_scripts_is_ingested_without_them(kb_dir, store, embedder):
    (kb_dir / "page.html").write_text(
        "<html><body><h1>Parcel Sorter</h1><script>steal()</script>"
        "<p onmouseover='x()'>Sorts parcels by destination zone every morning.</p></body></html>"
    )
    ingest_kb(kb_dir, store, embedder)
    texts = " ".join(store.chunks.get(where={"doc_id": "page"})["documents"])
    assert "Sorts parcels" in texts and "steal" not in texts and "onmouseover" not in texts


def test_legacy_encoded_text_is_read(kb_dir, store, embedder):
    (kb_dir / "cafe.txt").write_bytes(
        "Café Worker Guide\n\nA café worker serves crème brûlée.\n".encode("cp1252")
    )
    report = ingest_kb(kb_dir, store, embedder)
    assert "cafe" in report.added
    assert "crème brûlée" in " ".join(store.chunks.get(where={"doc_id": "cafe"})["documents"])


def test_a_known_document_that_turns_bad_keeps_what_was_stored(kb_dir, store, embedder):
    ingest_kb(kb_dir, store, embedder)
    before = store.documents()["kelp-farm-assistant"]
    (kb_dir / "kelp-farm-assistant.md").write_bytes(b"\x00\xffgarbage")
    report = ingest_kb(kb_dir, store, embedder)
    assert report.removed == [] and store.documents()["kelp-farm-assistant"] == before


@pytest.mark.parametrize(
    "name, safe",
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\guide.md", "guide.md"),
        ("role\x00\x07.md", "role.md"),
        (".hidden.md", "hidden.md"),
        ("my guide (final).MD", "my-guide-final.md"),
    ],
)
def test_upload_names_cannot_escape_or_hide(name, safe):
    assert safe_name(name) == safe


def test_an_upload_cannot_take_another_file_s_document_id(kb_dir, database, tmp_path):
    from ingest.folder_sync import sync_folder
    from ingest.manage import add_files

    sync_folder(kb_dir, database, tmp_path / "data", 1_000_000)
    text = b"# Kelp Farm Assistant job description\n\nA sentence to read.\n"
    results = add_files(database, [("kelp-farm-assistant.txt", text)], 1_000_000)
    assert not results[0].accepted and "already holds document" in results[0].reason
    # the same name is an update of that document, and keeps its metadata file
    assert add_files(database, [("kelp-farm-assistant.md", text)], 1_000_000)[0].accepted
    data, sidecar, _ = database.documents.content("kelp-farm-assistant")
    assert data == text and sidecar == (kb_dir / "kelp-farm-assistant.meta.yaml").read_bytes()
