"""Every loader, and a broken file of each kind. Documents here are test fixtures, not roles."""

import io
import zipfile
from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.errors import UnreadableDocument
from ingest.loaders import MARKDOWN, PLAIN, is_document, load_bytes, load_file

GUIDE_MD = """# Test Role job description

## Duties

* Sorts the test parcels
* Reports to the test lead

## Salary

| Level | Pay |
|---|---|
| Junior | $1 |
| Senior | $2 |
"""


def make_pdf(path: Path, lines: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Test Role job description", level=0)
    document.add_heading("Duties", level=1)
    document.add_paragraph("Sorts the test parcels.", style="List Bullet")
    document.add_paragraph("Reports to the test lead.", style="List Bullet")
    document.add_heading("Salary", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows, [("Level", "Pay"), ("Junior", "$1"), ("Senior", "$2")], strict=True
    ):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    document.save(str(path))
    return path


def test_markdown_is_kept_verbatim(tmp_path):
    path = tmp_path / "guide.md"
    path.write_text(GUIDE_MD)
    loaded = load_file(path)
    assert loaded.text == GUIDE_MD and loaded.format == MARKDOWN


def test_plain_text_is_kept_verbatim(tmp_path):
    path = tmp_path / "guide.txt"
    path.write_text("Test Role Guide\n\nDuties\n\n  • Sorts parcels\n")
    loaded = load_file(path)
    assert loaded.text.endswith("• Sorts parcels\n") and loaded.format == PLAIN


def test_a_txt_file_written_in_markdown_is_read_as_markdown(tmp_path):
    path = tmp_path / "guide.txt"
    path.write_text(GUIDE_MD)
    assert load_file(path).format == MARKDOWN


def test_html_keeps_structure_and_drops_scripts(tmp_path):
    path = tmp_path / "guide.html"
    path.write_text(
        "<html><head><title>x</title><script>alert('x')</script></head><body>"
        "<h1>Test Role</h1><h2>Duties</h2><ul><li>Sorts parcels</li><li>Reports daily</li></ul>"
        "<table><tr><th>Level</th><th>Pay</th></tr><tr><td>Junior</td><td>$1</td></tr></table>"
        "<p onclick='evil()'>Plain prose.</p></body></html>"
    )
    loaded = load_file(path)
    assert "alert" not in loaded.text and "evil" not in loaded.text
    assert "## Duties" in loaded.text and "* Sorts parcels" in loaded.text
    chunks = chunk_document("h", loaded.text, loaded.format)
    assert any(c.table_header.startswith("| Level | Pay |") for c in chunks)
    assert any(c.heading_path == "Duties" for c in chunks)


def test_an_html_sidebar_of_facts_is_kept_and_one_of_links_is_not(tmp_path):
    path = tmp_path / "posting.html"
    body = " ".join(["Net menders patch the torn mesh of kelp nets on the pier."] * 8)
    path.write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/jobs'>Jobs</a></nav><main>"
        f"<h1>Net Mender</h1><h2>About the role</h2><p>{body}</p>"
        "<aside><h3>Quick facts</h3><ul><li>Salary: $41,000 - $47,500 per year</li>"
        "<li>Schedule: Monday to Friday, 6:00 a.m. to 2:30 p.m.</li></ul></aside>"
        "<aside><h3>More jobs</h3><ul><li><a href='/a'>Rope Splicer: Gullport</a></li>"
        "<li><a href='/b'>Deckhand: Harbour Town</a></li></ul></aside>"
        "<aside><h3>Also hiring</h3><ul><li>Boat Mechanic: $24 an hour</li>"
        "<li>Harbor Pilot: $38 an hour</li></ul></aside>"
        "</main><footer>Copyright 2026</footer></body></html>"
    )
    text = load_file(path).text
    assert "Salary: $41,000 - $47,500 per year" in text and "Schedule: Monday to Friday" in text
    assert "Rope Splicer" not in text and "Boat Mechanic" not in text  # other jobs' facts


def test_a_posting_s_list_of_job_details_under_its_title_is_kept(tmp_path):
    path = tmp_path / "net-mender.html"
    body = "Harbour Nets is hiring a net mender for its north pier loft. " * 8
    path.write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/jobs'>Jobs</a></nav><main>"
        "<h1>Net Mender - Nights</h1><ul class='job-meta'><li>Job ID: HN-301</li>"
        "<li>Employment type: Full-time, 36 hours per week</li>"
        "<li>Pay: $18.75 to $24.40 per hour, plus $2.25 per hour at night</li></ul>"
        f"<h2>About the role</h2><p>{body}</p><h2>What you will do</h2><ul>"
        "<li>Patch torn mesh</li><li>Log repairs</li><li>Schedule: coil lines at dawn</li></ul>"
        "</main><footer>Copyright 2026</footer></body></html>"
    )
    text = load_file(path).text
    assert "Pay: $18.75 to $24.40 per hour, plus $2.25 per hour at night" in text
    assert text.count("Patch torn mesh") == 1  # a duties list naming a schedule once is no box


def test_an_faq_written_as_a_definition_list_keeps_its_questions_as_headings(tmp_path):
    path = tmp_path / "faq.html"
    body = "Harbour Nets trains net menders on the north pier loft every spring. " * 8
    path.write_text(
        f"<html><body><main><h1>Net Mender</h1><p>{body}</p><h2>FAQ</h2><dl>"
        "<dt>Do I need experience?</dt><dd>No. We train every new mender.</dd>"
        "<dt>Is there a uniform?</dt><dd>Yes, overalls.</dd></dl></main></body></html>"
    )
    loaded = load_file(path)
    chunks = chunk_document("faq", loaded.text, loaded.format)
    answer = next(c for c in chunks if "We train every new mender." in c.text)
    assert answer.heading_path.endswith("Do I need experience?")
    assert "Do I need experience?" not in answer.text


def test_pdf_text_is_extracted(tmp_path):
    path = make_pdf(tmp_path / "guide.pdf", ["Test Role Guide", "", "Sorts the test parcels."])
    loaded = load_file(path)
    assert "Sorts the test parcels." in loaded.text


def test_docx_headings_bullets_and_tables(tmp_path):
    loaded = load_file(make_docx(tmp_path / "guide.docx"))
    assert loaded.format == MARKDOWN
    assert "## Duties" in loaded.text
    assert "* Sorts the test parcels." in loaded.text
    assert "| Level | Pay |" in loaded.text and "| Senior | $2 |" in loaded.text
    chunks = chunk_document("d", loaded.text, loaded.format)
    salary = [c for c in chunks if c.heading_path == "Salary"][0]
    assert salary.table_header == "| Level | Pay |"


def _encrypted_pdf(tmp_path: Path) -> bytes:
    from pypdf import PdfReader, PdfWriter

    plain = make_pdf(tmp_path / "plain.pdf", ["Secret guide"])
    writer = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        writer.add_page(page)
    writer.encrypt("hunter2")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _junk_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "not a word document")
    return out.getvalue()


BROKEN = {
    "empty.md": (lambda tmp: b"", "empty"),
    "blank.txt": (lambda tmp: b"  \n\n \t\n", "empty"),
    "binary.md": (lambda tmp: bytes(range(256)) * 8, "binary"),
    "latin.txt": (lambda tmp: b"\x00\xff\xfe junk \x00" * 50, "binary"),
    "corrupt.pdf": (lambda tmp: b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer", "PDF"),
    "truncated.pdf": (lambda tmp: make_pdf(tmp / "t.pdf", ["x"]).read_bytes()[:200], "PDF"),
    "locked.pdf": (_encrypted_pdf, "password-protected"),
    "junk.docx": (lambda tmp: _junk_zip(), "DOCX"),
    "noise.docx": (lambda tmp: b"PK\x03\x04 this is not a zip at all", "DOCX"),
    "empty.html": (lambda tmp: b"<html><script>x()</script></html>", "empty"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_are_rejected_by_name_with_a_reason(tmp_path, name):
    make, reason = BROKEN[name]
    with pytest.raises(UnreadableDocument) as err:
        load_bytes(make(tmp_path), Path(name))
    assert err.value.path == name
    assert reason.lower() in err.value.reason.lower()


def test_legacy_encoding_is_decoded(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes(
        "Café worker guide\n\nThe café technician serves crème brûlée daily.\n".encode("cp1252")
    )
    assert "crème brûlée" in load_file(path).text


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 1000)
    with pytest.raises(UnreadableDocument, match="too large"):
        load_file(path, max_bytes=100)


def test_unsupported_suffix_lists_the_supported_ones(tmp_path):
    with pytest.raises(UnreadableDocument, match=r"supported: .*\.docx"):
        load_bytes(b"x", Path("notes.rtf"))


def test_readme_hidden_and_metadata_files_are_not_documents():
    assert is_document(Path("kb/role.md"))
    assert not is_document(Path("kb/README.md"))
    assert not is_document(Path("kb/.draft.md"))
    assert not is_document(Path("kb/role.meta.yaml"))


def test_a_list_of_job_details_in_bold_labels_is_not_copied_twice(tmp_path):
    path = tmp_path / "posting.html"
    body = "Harbour Nets is hiring a net mender for its north pier loft. " * 8
    path.write_text(
        f"<html><body><main><h1>Net Mender</h1><p>{body}</p><ul>"
        "<li><strong>Pay:</strong> $18.50 an hour</li><li><strong>Schedule:</strong> days</li>"
        "</ul></main></body></html>"
    )
    assert load_file(path).text.count("18.50") == 1
