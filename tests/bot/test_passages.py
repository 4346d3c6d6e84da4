"""The section a citation opens in the source viewer, for every loader, from ingested text only.

The documents here are invented test fixtures (one per file type), not career guides.
"""

import numpy as np
import pytest

from bot.passages import find_quote, section_passage
from bot.service import CareerBot
from tests.ingest.test_loaders import make_pdf

ROLES = {
    "md": "Tide Pool Warden",
    "txt": "Lantern Keeper",
    "html": "Moss Curator",
    "pdf": "Kite Mender",
    "docx": "Bell Tuner",
}
PAY = {kind: f"${20 + i},{i}50" for i, kind in enumerate(ROLES)}


def write_documents(kb):
    kb.mkdir()
    md, txt, html = ROLES["md"], ROLES["txt"], ROLES["html"]
    (kb / "tide-pool-warden.md").write_text(
        f"# {md} job description\n\n_TEST FIXTURE, not a real career guide._\n\n"
        f"## Duties\n\n* Counts the test tide pools\n\n## Salary\n\n"
        f"A {md} earns a test figure of {PAY['md']} per year in this fixture.\n"
        "Pay rises with seniority.\n"
    )
    (kb / "lantern-keeper.txt").write_text(
        f"{txt} job description\n\nTEST FIXTURE, not a real career guide.\n\nDuties\n\n"
        f"A {txt} trims the test wicks every evening.\n\nSalary\n\n"
        f"A {txt} earns a test figure of {PAY['txt']} per year in this fixture.\n"
    )
    (kb / "moss-curator.html").write_text(
        f"<html><head><title>{html}</title><script>alert(1)</script></head><body>"
        f"<h1>{html} job description</h1><p>TEST FIXTURE, not a real career guide.</p>"
        f"<h2>Duties</h2><ul><li>Waters the test moss</li></ul><h2>Salary</h2>"
        f"<p>A {html} earns a test figure of {PAY['html']} per year in this fixture.</p>"
        "</body></html>"
    )
    make_pdf(
        kb / "kite-mender.pdf",
        [
            f"{ROLES['pdf']} job description",
            "TEST FIXTURE, not a real career guide.",
            "Salary",
            f"A {ROLES['pdf']} earns a test figure of {PAY['pdf']} per year in this fixture.",
        ],
    )
    import docx

    document = docx.Document()
    document.add_heading(f"{ROLES['docx']} job description", level=0)
    document.add_paragraph("TEST FIXTURE, not a real career guide.")
    document.add_heading("Salary", level=1)
    document.add_paragraph(
        f"A {ROLES['docx']} earns a test figure of {PAY['docx']} per year in this fixture."
    )
    document.save(str(kb / "bell-tuner.docx"))


@pytest.fixture(scope="module")
def kinds_bot(tmp_path_factory, embedder):
    from ingest.pipeline import ingest_kb
    from ingest.store import Store

    root = tmp_path_factory.mktemp("passages")
    write_documents(root / "kb")
    store = Store(root / "data")
    ingest_kb(root / "kb", store, embedder)
    return CareerBot(store, embedder)


@pytest.mark.parametrize("kind", list(ROLES))
def test_a_citation_opens_its_section_with_the_quote_marked(kinds_bot, kind):
    answer = kinds_bot.answer(f"How much does a {ROLES[kind]} earn?")
    cited = next(c for c in answer.citations if PAY[kind] in c.quote)
    passage = section_passage(kinds_bot.store, cited.doc_id, cited.section, cited.quote)
    assert passage is not None
    assert passage.title and passage.section == cited.section
    assert passage.file_name.endswith("." + kind)
    (start, end), *_ = passage.marks
    assert passage.text[start:end] == cited.quote
    assert [piece for piece, marked in passage.parts() if marked] == [cited.quote]
    assert "".join(piece for piece, _ in passage.parts()) == passage.text
    # the section, not the whole document: the duties are elsewhere
    assert "Duties" not in passage.text and "alert(1)" not in passage.text


def test_the_section_holds_every_chunk_of_it_in_order(kinds_bot):
    cited = next(
        c
        for c in kinds_bot.answer(f"How much does a {ROLES['md']} earn?").citations
        if PAY["md"] in c.quote
    )
    passage = section_passage(kinds_bot.store, cited.doc_id, cited.section, cited.quote)
    assert passage.text.index(PAY["md"]) < passage.text.index("Pay rises with seniority.")


def test_an_unknown_document_or_section_opens_nothing(kinds_bot):
    store = kinds_bot.store
    assert section_passage(store, "../../etc/passwd", "Salary", "root") is None
    assert section_passage(store, "no-such-document", "Salary") is None
    assert section_passage(store, "tide-pool-warden", "No such section") is None


def test_a_quote_no_longer_in_the_section_shows_it_unmarked(kinds_bot):
    passage = section_passage(kinds_bot.store, "tide-pool-warden", "Salary", "a quote not there")
    assert passage is not None and passage.marks == []
    assert PAY["md"] in passage.text


def test_a_section_renamed_since_the_answer_is_found_by_its_quote(kinds_bot):
    quote = f"A {ROLES['md']} earns a test figure of {PAY['md']} per year in this fixture."
    passage = section_passage(kinds_bot.store, "tide-pool-warden", "Pay (old name)", quote)
    assert passage is not None and passage.section == "Salary" and passage.marks


def test_chunks_of_an_older_version_of_the_document_are_not_shown(kinds_bot):
    store = kinds_bot.store
    dim = len(kinds_bot.embedder.encode(["x"])[0])
    stale = {
        "doc_id": "tide-pool-warden",
        "doc_hash": "an-older-version",
        "heading_path": "Salary",
        "start": 0,
        "end": 10,
        "position": 0,
    }
    store.chunks.add(
        ids=["stale-test-chunk"],
        documents=["STALE TEXT that was replaced"],
        metadatas=[stale],
        embeddings=[np.zeros(dim, dtype=np.float32) + 0.1],
    )
    try:
        passage = section_passage(store, "tide-pool-warden", "Salary")
        assert "STALE TEXT" not in passage.text and PAY["md"] in passage.text
    finally:
        store.chunks.delete(ids=["stale-test-chunk"])


def test_a_quote_is_found_across_a_line_break():
    text = "Pay is\n  $10 an hour for\ntest roles."
    start, end = find_quote(text, "Pay is $10 an hour for test roles.")
    assert text[start:end] == text
    assert find_quote(text, "") is None and find_quote(text, "not here") is None
