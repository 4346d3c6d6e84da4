from pathlib import Path

import pytest

from ingest.chunking import chunk_document, split_sentences
from ingest.loaders import MARKDOWN, PLAIN, load_file
from tests.conftest import KB, SHIPPED_KB

TECH = KB / "kelp-farm-technician.txt"
ASSISTANT = KB / "kelp-farm-assistant.md"
# Properties every document must have, checked on the shipped ones too.
SHIPPED = sorted(p for p in SHIPPED_KB.iterdir() if p.suffix in (".md", ".txt"))
EVERY_SHAPE = [TECH, ASSISTANT, *(p for p in SHIPPED if p.name != "README.md")]


def chunks_of(path: Path, max_chars: int = 900):
    loaded = load_file(path)
    return loaded.text, chunk_document("doc", loaded.text, loaded.format, max_chars)


def test_seed_formats_are_recognised():
    assert load_file(TECH).format == PLAIN
    assert load_file(ASSISTANT).format == MARKDOWN


@pytest.mark.parametrize("path", EVERY_SHAPE, ids=lambda p: p.name)
@pytest.mark.parametrize("max_chars", [200, 900, 5000])
def test_offsets_slice_back_to_the_exact_text(path, max_chars):
    text, chunks = chunks_of(path, max_chars)
    assert chunks
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        for unit in chunk.units:
            assert text[unit.start : unit.end] == unit.text
            assert chunk.start <= unit.start < unit.end <= chunk.end


def test_plain_text_headings_become_heading_paths():
    _, chunks = chunks_of(TECH)
    paths = {c.heading_path for c in chunks}
    assert "Kelp Farm Technician Salary Expectations > Benefits" in paths
    assert "Kelp Farm Technician Salary Expectations" in paths
    assert (
        "Kelp Farm Technician Job Description FAQs > "
        "Do Kelp Farm Technicians need a degree?" in paths
    )
    # Prose lines ending in a colon are not headings.
    assert not any(p.endswith("include") for p in paths)


def test_markdown_headings_become_heading_paths():
    _, chunks = chunks_of(ASSISTANT)
    paths = [c.heading_path for c in chunks]
    assert paths == [
        "What is a kelp farm assistant?",
        "Responsibilities",
        "Requirements and skills",
    ]
    # the author's comment under the title is not text of the document
    assert all("<!--" not in c.text for c in chunks)


@pytest.mark.parametrize("path", EVERY_SHAPE, ids=lambda p: p.name)
def test_bullets_are_whole_units_without_their_marker(path):
    text, chunks = chunks_of(path, max_chars=200)
    bullets = [u for c in chunks for u in c.units if u.kind == "bullet"]
    assert len(bullets) >= 6
    for unit in bullets:
        assert not unit.text.startswith(("•", "*", "-"))
        line = text[text.rfind("\n", 0, unit.start) + 1 : text.find("\n", unit.end)]
        assert line.strip().endswith(unit.text)  # the whole bullet line, never half of it


def test_pay_range_bullet_is_kept_verbatim():
    _, chunks = chunks_of(TECH)
    quotes = [u.text for c in chunks for u in c.units]
    assert "Pay Range: $28,000 minimum to $36,000 maximum" in quotes
    assert (
        "A Kelp Farm Technician can expect to make an average of $41,300 (USD) per year." in quotes
    )


@pytest.mark.parametrize("path", EVERY_SHAPE, ids=lambda p: p.name)
def test_chunks_never_cut_a_sentence(path):
    text, chunks = chunks_of(path, max_chars=200)
    for chunk in chunks:
        # Only a bullet marker may stand between a chunk's edges and its first and last units.
        assert text[chunk.start : chunk.units[0].start].strip() in ("", "•", "*", "-")
        assert chunk.units[-1].end == chunk.end
        # a chunk ends where a sentence, bullet or paragraph ends
        assert text[chunk.end - 1] in ".?!:)]" or text[chunk.end : chunk.end + 1] in ("\n", "")


def test_chunks_carry_topics():
    _, chunks = chunks_of(TECH)
    by_path = {c.heading_path: c for c in chunks}
    assert by_path["Kelp Farm Technician Salary Expectations"].topic == "salary"
    assert by_path["Kelp Farm Technician Salary Expectations > Benefits"].topic == "benefits"
    assert by_path["Kelp Farm Technician Education and Training Requirements"].topic == "education"
    pay = [u for c in chunks for u in c.units if u.text.startswith("Pay Range")][0]
    assert pay.topics[0] == "salary"


def test_chunk_ids_derive_from_document_and_content():
    text, first = chunks_of(TECH)
    _, again = chunks_of(TECH)
    assert [c.id for c in first] == [c.id for c in again]
    other = chunk_document("other-doc", text, PLAIN)
    assert not {c.id for c in first} & {c.id for c in other}
    assert len({c.id for c in first}) == len(first)


def test_a_table_stays_whole_with_its_header():
    rows = "\n".join(f"| Level {i} | ${30000 + i * 1000:,} | {i} years |" for i in range(40))
    text = (
        "# Pay scale\n\nThe table below lists pay by level.\n\n"
        "| Level | Pay | Experience |\n|---|---|---|\n" + rows + "\n\nAfter the table.\n"
    )
    chunks = chunk_document("t", text, MARKDOWN, max_chars=300)
    tables = [c for c in chunks if "| Level |" in c.text]
    assert len(tables) == 1
    table = tables[0]
    assert table.text.startswith("| Level | Pay | Experience |")
    assert "| Level 39 |" in table.text
    assert table.table_header == "| Level | Pay | Experience |"
    assert [u.kind for u in table.units].count("row") == 40


def test_long_paragraph_is_cut_between_sentences():
    sentence = "Technicians help patients practise everyday tasks with care. "
    text = "# Guide\n\n" + sentence * 40 + "\n"
    chunks = chunk_document("long", text, MARKDOWN, max_chars=300)
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.text.startswith("Technicians") and chunk.text.endswith("care.")
        assert len(chunk.text) <= 300


def test_sentence_splitter_respects_abbreviations():
    text = "Demonstrate equipment (e.g. wheelchairs) to clients. Then report to Dr. Smith. Done!"
    sentences = [text[s:e] for s, e in split_sentences(text, 0, len(text))]
    assert sentences == [
        "Demonstrate equipment (e.g. wheelchairs) to clients.",
        "Then report to Dr. Smith.",
        "Done!",
    ]


def test_empty_sections_and_title_only_documents_yield_nothing_broken():
    assert chunk_document("e", "# Title only\n", MARKDOWN) == []
    chunks = chunk_document("e", "# T\n\n## A\n\n## B\n\nSome text here.\n", MARKDOWN)
    assert [c.heading_path for c in chunks] == ["B"]


MULTIROLE = KB.parent / "multirole"


def test_a_plain_text_pay_table_stays_whole_and_is_quoted_by_rows():
    text, chunks = chunks_of(MULTIROLE / "certified-nursing-assistant.txt")
    [pay] = [c for c in chunks if c.heading_path == "PAY"]
    rows = [u.text for u in pay.units if u.kind == "row"]
    assert rows[0].startswith("Nursing home") and "$36,190" in rows[0]
    assert len(rows) == 4 and pay.table_header.startswith("Setting")


def test_numbered_and_colon_headings_of_plain_text_become_heading_paths():
    _, chunks = chunks_of(MULTIROLE / "medical-records-specialist.txt")
    paths = {c.heading_path for c in chunks}
    assert {"What the job is", "Everyday tasks", "Pay"} <= paths
    _, chunks = chunks_of(MULTIROLE / "occupational-therapy-aide.txt")
    assert {"What The Job Is", "Typical Tasks", "Pay"} <= {c.heading_path for c in chunks}


def test_pdf_headings_become_heading_paths():
    loaded = load_file(MULTIROLE / "surgical-technologist.pdf")
    chunks = chunk_document("p", loaded.text, loaded.format)
    assert {"What Surgical Technologists Do", "Pay"} <= {c.heading_path for c in chunks}
    # the page footer is not text of the document
    assert "Disclaimer" not in loaded.text


def test_a_heading_written_right_above_its_prose_is_a_heading():
    from ingest.blocks import HEADING, parse_plain_text

    text = (
        "NET MENDER\n"
        "==========\n"
        "Career sheet (fictional test document)\n\n"
        "WHERE THEY WORK\n"
        "Most net menders work in harbour sheds. Some work on the boats.\n\n"
        "About The Role\n"
        "Our shed repairs about 40 nets a week.\n"
    )
    blocks = parse_plain_text(text)
    headings = [text[b.start : b.end] for b in blocks if b.kind == HEADING]
    assert headings == ["NET MENDER", "WHERE THEY WORK", "About The Role"]
    bodies = [b.body(text) for b in blocks if b.kind != HEADING]
    assert bodies[0] == "Career sheet (fictional test document)"  # the rule is no text
    assert bodies[1].startswith("Most net menders")  # the heading is not glued to its prose


def test_a_blockquote_s_marker_is_markup_not_words():
    from ingest.blocks import parse_markdown

    text = "# Net Mender\n\n> Net menders repair fishing nets by hand.\n"
    [_, quote] = parse_markdown(text)
    assert quote.body(text) == "Net menders repair fishing nets by hand."


def test_no_line_of_a_blockquote_is_quoted_with_its_marker():
    text = (
        "# Net Mender\n\n## What graduates say\n\n"
        '> "I kept my day job and finished in four months.\n> Two weeks later I was hired."\n'
    )
    chunks = chunk_document("d", text, MARKDOWN)
    quotes = [u.text for c in chunks for u in c.units]
    assert quotes and not any(q.lstrip().startswith(">") for q in quotes)


def test_a_row_reads_with_its_table_s_header():
    text = (
        "# Net Mender School\n\n## Program\n\n| Item | Cost |\n| --- | --- |\n"
        "| Tuition | $4,200 |\n| Books and supplies | $310 |\n"
    )
    [chunk] = [c for c in chunk_document("d", text, MARKDOWN) if "Books" in c.text]
    books = next(u for u in chunk.units if "Books" in u.text)
    assert "salary" not in books.topics  # what the training costs, not what the job pays


def test_a_numbered_heading_right_above_its_prose_is_a_heading():
    from ingest.blocks import HEADING, parse_plain_text

    text = "NET MENDING\n\nIntro line.\n\n1) What they do\n   Think of it as sewing at sea.\n"
    headings = [b.body(text) for b in parse_plain_text(text) if b.kind == HEADING]
    assert headings == ["NET MENDING", "What they do"]


def test_a_numbered_list_whose_items_wrap_stays_a_list():
    from ingest.blocks import BULLET, parse_plain_text

    text = (
        "NET MENDING\n\nIntro.\n\n1) Clean and sterilize the mending needles and\n"
        "   trays before each shift.\n2) Pass the twine.\n3) Count the nets.\n"
    )
    kinds = [b.kind for b in parse_plain_text(text)][2:]
    assert kinds == [BULLET, BULLET, BULLET]


def test_all_caps_headings_between_paragraphs_with_no_blank_lines_are_headings():
    from ingest.blocks import BULLET, HEADING, PARAGRAPH, parse_plain_text

    text = (
        "NET MENDING FOR BEGINNERS\n\nIntro line.\nWHAT A MENDER DOES\nMenders patch nets.\n"
        "HOW TO START\n1. Take the course.\n2. Pass the knot test.\n"
        "Menders renew every two years.\nPAY\nMenders earn $20 an hour.\n"
    )
    blocks = [(b.kind, b.body(text)) for b in parse_plain_text(text)]
    assert (HEADING, "WHAT A MENDER DOES") in blocks and (HEADING, "PAY") in blocks
    # a flush-left sentence after a numbered list's last item is prose, not more of the item
    assert (BULLET, "Pass the knot test.") in blocks
    assert (PARAGRAPH, "Menders renew every two years.") in blocks


def test_an_faq_written_q_and_a_gives_its_questions_as_headings_and_its_answers_as_prose():
    from ingest.blocks import BULLET, HEADING, PARAGRAPH, parse_plain_text

    text = (
        "HARBOUR COLLEGE\n\nNet Mending Program: FAQ\n\n"
        "Q: What does a net mender do?\nA: Net menders patch torn mesh.\nThey work on piers.\n\n"
        "Q: How long is the course?\nA: The course is 12 weeks.\n"
        "Q: Which exams are there?\nA: Two:\n- The Knot Exam, written.\n- The Splice Exam.\n"
    )
    blocks = [(b.kind, b.body(text)) for b in parse_plain_text(text)]
    assert (HEADING, "What does a net mender do?") in blocks
    assert (PARAGRAPH, "Net menders patch torn mesh.\nThey work on piers.") in blocks
    assert (PARAGRAPH, "The course is 12 weeks.") in blocks
    assert (BULLET, "The Knot Exam, written.") in blocks and (PARAGRAPH, "Two:") in blocks


def test_an_faq_question_written_right_above_its_answer_is_a_heading():
    from ingest.blocks import HEADING, PARAGRAPH, parse_plain_text

    text = (
        "Net Mending - Frequently Asked Questions\n\nIntro line.\n\n"
        "Do net menders work on boats?\nUsually not. They work on the pier.\n"
    )
    blocks = [(b.kind, b.body(text)) for b in parse_plain_text(text)]
    assert (HEADING, "Do net menders work on boats?") in blocks
    assert (PARAGRAPH, "Usually not. They work on the pier.") in blocks


def test_a_guide_with_no_blank_line_at_all_keeps_its_title_headings_and_table():
    from ingest.blocks import BULLET, HEADING, PARAGRAPH, TABLE, parse_plain_text

    text = (
        "NET MENDER - CAREER SHEET\nPrepared by the Harbour Office, 2026 edition\n"
        "WHAT THE JOB IS\nA net mender patches nets.\nDAY TO DAY\n - coiling lines\n"
        " - patching mesh\nPhysical Demands\nMenders lift 40 pounds.\nPAY\n"
        "Harbour pay by pier:\n  Pier        Hourly\n  North pier  $18.10\n  South pier  $17.20\n"
        "Weekend shifts pay more.\nHours And Schedule\nThe loft opens at 6 a.m.\n"
    )
    blocks = [(b.kind, b.body(text)) for b in parse_plain_text(text)]
    assert blocks[0] == (HEADING, "NET MENDER - CAREER SHEET")
    for heading in ("WHAT THE JOB IS", "Physical Demands", "PAY", "Hours And Schedule"):
        assert (HEADING, heading) in blocks
    assert (BULLET, "patching mesh") in blocks
    assert (PARAGRAPH, "Harbour pay by pier:") in blocks
    assert [b for b in blocks if b[0] == TABLE] == [
        (TABLE, "Pier        Hourly\n  North pier  $18.10\n  South pier  $17.20")
    ]


def test_a_markdown_faq_s_bold_questions_head_their_answers():
    from ingest.blocks import HEADING, PARAGRAPH, parse_markdown

    text = (
        "# Net Mending: 3 Questions\n\n**Q: Do I need a degree?**\n\nA: No, but you need a "
        "permit.\n\n**Is it hard?**\n\nNot really.\n"
    )
    blocks = [(b.kind, b.level, b.body(text)) for b in parse_markdown(text)]
    assert (HEADING, 2, "Do I need a degree?") in blocks and (HEADING, 2, "Is it hard?") in blocks
    assert (PARAGRAPH, 0, "No, but you need a permit.") in blocks


def test_sentence_case_and_numbered_headings_right_above_their_prose_are_headings():
    from ingest.blocks import BULLET, HEADING, PARAGRAPH, parse_plain_text

    text = (
        "NET MENDER (NM)\nCareer notes\n\n1. What the job is\nA net mender patches nets.\n"
        "Not the same as a rigger\nPeople mix these up. A rigger climbs masts.\n\n"
        "2. A day at the loft\nA shift includes:\n - coiling lines\n - patching mesh\n"
        "Patching takes longest to learn.\nWhere and when\nMost menders work on the pier.\n\n"
        "3. Pay\nMenders earn $19 an hour.\n"
    )
    blocks = parse_plain_text(text)
    headings = {b.body(text): b.level for b in blocks if b.kind == HEADING}
    assert {"What the job is", "Not the same as a rigger", "Where and when"} <= set(headings)
    # numbered sections are one level, with or without a subsection between them
    assert headings["A day at the loft"] == headings["Pay"] < headings["Where and when"]
    kinds = [(b.kind, b.body(text)) for b in blocks]
    assert (BULLET, "patching mesh") in kinds
    assert (PARAGRAPH, "Patching takes longest to learn.") in kinds


def test_a_question_of_two_or_three_words_stays_with_its_answer():
    text = "No experience? That's fine. Most new menders come from retail. Why? Pay."
    sentences = [text[s:e] for s, e in split_sentences(text, 0, len(text))]
    assert sentences == [
        "No experience? That's fine.",
        "Most new menders come from retail.",
        "Why? Pay.",
    ]


def test_prose_after_a_list_of_items_in_lower_case_is_not_more_of_the_last_item():
    from ingest.blocks import BULLET, PARAGRAPH, parse_plain_text

    text = (
        "NET MENDER\n\nDuties:\n- patching mesh\n- logging repairs in the register (NR)\n"
        "A mender is not a rigger. Riggers climb the masts.\n"
    )
    blocks = [(b.kind, b.body(text)) for b in parse_plain_text(text)]
    assert (BULLET, "logging repairs in the register (NR)") in blocks
    assert (PARAGRAPH, "A mender is not a rigger. Riggers climb the masts.") in blocks


def test_a_name_or_a_sentence_wrapping_onto_the_next_line_makes_no_heading():
    from ingest.blocks import BULLET, HEADING, parse_plain_text

    text = (
        "NET MENDER\n\nIntro line here.\nNew hires train at Harbour Medical\nCenter for six "
        "weeks before they mend alone.\n\n1. Take the course.\n2. Pass the exam run by the\n"
        "Harbour Net Board within six months.\n\nNeeds:\n- a diploma or the\nGED and a card\n"
    )
    blocks = parse_plain_text(text)
    headings = [b.body(text) for b in blocks if b.kind == HEADING]
    assert headings == ["NET MENDER", "Needs:"]
    items = [b.body(text) for b in blocks if b.kind == BULLET]
    assert "Pass the exam run by the\nHarbour Net Board within six months." in items
    assert "a diploma or the\nGED and a card" in items
