"""How passages are chosen and scored (bot.gather, bot.evidence), on hand-made passages."""

import numpy as np

from bot.evidence import document_names, score_units, select
from bot.gather import may_answer
from bot.index import Chunk
from bot.text import content_stems
from ingest.records import StoredUnit


def _passage(heading: str, text: str, topics: tuple[str, ...]):
    unit = StoredUnit(index=0, kind="sentence", start=0, end=len(text), text=text, topics=topics)
    return Chunk("c1", text, {"heading_path": heading}, None, 0.0, [unit]), unit


def test_a_passage_on_another_topic_does_not_answer():
    chunk, unit = _passage("Career path", "Most have 1 to 2 years of experience.", ("career",))
    words = set(content_stems("how long does the program take?"))
    assert not may_answer(chunk, unit, {"education"}, words)


def test_a_passage_on_credentials_may_say_how_long_training_takes():
    # a program's pathways for registered radiographers read as licensing
    chunk, unit = _passage(
        "Two pathways", "Post-primary pathway (12 months): for registered staff.", ("licensing",)
    )
    words = set(content_stems("how long is the program?"))
    assert may_answer(chunk, unit, {"education"}, words)


def test_a_section_headed_with_a_word_of_the_question_answers_it():
    # the heading reads as a schedule; its word "program" is what the question asks about
    chunk, unit = _passage(
        "Program length and schedule", "The program takes five semesters.", ("environment",)
    )
    words = set(content_stems("how long is the program?"))
    assert may_answer(chunk, unit, {"education"}, words)


def test_overview_first_does_not_hide_the_topic_a_passage_is_about():
    # a document without headings files every passage under "overview" first
    chunk, unit = _passage(
        "", "The certificate program runs 10 weeks.", ("overview", "licensing", "education")
    )
    assert may_answer(chunk, unit, {"education"}, set())


def _chunk(cid: str, heading: str, texts: list[str], similarities: list[float]):
    """A chunk whose units are `similarities` away from the question (unit vectors in 2-d)."""
    units = [
        StoredUnit(index=i, kind="sentence", start=0, end=len(t), text=t, topics=("skills",))
        for i, t in enumerate(texts)
    ]
    vectors = np.array([[s, (1 - s * s) ** 0.5] for s in similarities], dtype=np.float32)
    return Chunk(cid, " ".join(texts), {"heading_path": heading, "doc_id": "d"}, None, 0.0,
                 units, vectors)  # fmt: skip


QUESTION_VECTOR = np.array([1.0, 0.0], dtype=np.float32)


def test_a_title_line_is_never_an_answer():
    chunk = _chunk(
        "c1",
        "Kelp Farm Technician",
        ["Kelp Farm Technician job description", "Technicians tie knots on the grow lines."],
        [0.9, 0.5],
    )
    scored = score_units(
        [chunk], QUESTION_VECTOR, "what do kelp farm technicians do?", [], set(),
        ["Kelp Farm Technician"],
    )  # fmt: skip
    assert [e.unit.text for e in scored] == ["Technicians tie knots on the grow lines."]


def test_the_answer_under_a_faq_question_that_asks_the_same_comes_first():
    faq = _chunk(
        "faq",
        "FAQs > What should you look for in a technician's resume?",
        ["On a resume, look for a boat operator card."],
        [0.35],
    )
    other = _chunk("skills", "Skills", ["Patience and a steady hand with knots."], [0.68])
    pay = _chunk("pay", "Pay", ["The average is $41,300 a year."], [0.1])
    scored = score_units(
        [other, faq, pay], QUESTION_VECTOR, "what do hiring managers look for on a resume?", [],
        set(),
    )  # fmt: skip
    assert scored[0].unit.text == "On a resume, look for a boat operator card."


def _section(doc: str, heading: str, text: str) -> Chunk:
    return Chunk(f"{doc}-{heading}", text, {"heading_path": heading, "doc_id": doc})


def test_the_name_a_document_introduces_itself_with_is_context_not_content():
    posting = [
        _section("p", "Kelp Technician", "At Saltmere Kelp Co. we hire a kelp technician."),
        _section("p", "Duties", "Tie knots on the grow lines every morning."),
        _section("p", "Benefits", "Health insurance. Apply to the Saltmere hiring team."),
    ]
    assert document_names("kelp tech perks at saltmere?", posting) == ["saltmere"]


def test_a_name_in_an_email_address_is_still_the_name():
    posting = [
        _section("p", "Kelp Technician", "At Saltmere Kelp Co. we hire a kelp technician."),
        _section("p", "Duties", "Tie knots on the grow lines every morning."),
        _section(
            "p", "Apply", "The Saltmere team reads every letter. Email jobs@saltmere.example."
        ),
    ]
    assert document_names("kelp tech duties at saltmere?", posting) == ["saltmere"]


def test_a_name_a_page_heads_in_capitals_and_writes_inside_sentences_is_the_name():
    # the publisher's line in capitals is not indexed: the name is in later sections only
    guide = [
        _section("g", "KELP TECHNICIAN", "A kelp technician tends the grow lines."),
        _section("g", "PAY IN HERON COUNTY", "Farms in Heron County pay $18 an hour."),
        _section("g", "HOURS", "Most farms near Heron start at dawn. Ask in Heron."),
    ]
    assert document_names("kelp tech pay in heron?", guide) == ["heron"]


def test_a_name_written_inside_sentences_only_twice_away_from_the_first_section_is_no_name():
    guide = [
        _section("g", "KELP TECHNICIAN", "A kelp technician tends the grow lines."),
        _section("g", "PAY", "Farms in Heron County pay $18 an hour."),
        _section("g", "HOURS", "Most farms near Heron start at dawn."),
    ]
    assert document_names("kelp tech pay in heron?", guide) == []


def test_an_acronym_written_in_capitals_everywhere_is_no_name():
    guide = [
        _section("g", "Kelp Technician", "A kelp technician needs CPR. Keep CPR current."),
        _section("g", "Training", "We teach CPR and first aid. Ask about CPR classes."),
    ]
    assert document_names("do kelp techs need cpr?", guide) == []


def test_a_word_written_otherwise_somewhere_or_used_once_is_no_name():
    guide = [
        _section("g", "Kelp Technician", "Kelp technicians work on boats. The Boating Exam."),
        _section("g", "Licensing", "Most states require the boating exam for boats."),
    ]
    # "boating" is also written in lower case; "boats" is not capitalised; "licensing" once
    assert document_names("do kelp techs need a boating exam for boats?", guide) == []


def test_a_sentence_that_leans_on_the_one_before_brings_it_along():
    chunk = _chunk(
        "c1",
        "Certification",
        [
            "Voluntary knot certificates are available to technicians.",
            "These may include a specialty in storm repairs.",
            "The farm pays for the boat card.",
        ],
        [0.3, 0.8, 0.35],
    )
    scored = score_units([chunk], QUESTION_VECTOR, "can kelp techs specialize?", [], set())
    chosen = select(scored, [], 2, min_units=1)
    assert [e.unit.index for e in chosen] == [0, 1]


def test_a_capitalised_heading_or_sentence_start_is_no_name():
    posting = [
        _section("p", "Night Shift Kelp Technician", "Night Shift kelp technician, Saltmere."),
        _section("p", "Schedule", "Night shifts run from 10 p.m. to 6 a.m."),
        _section("p", "Languages", "Spanish is a plus. Spanish speakers welcome."),
    ]
    assert document_names("is there a night shift? do I need Spanish?", posting) == []


def test_a_question_asking_where_lifts_the_passages_naming_places():
    chunk = _chunk(
        "c1",
        "Work environment",
        ["Most technicians work with a partner.", "Some work at seaweed processing centers."],
        [0.55, 0.5],
    )
    scored = score_units([chunk], QUESTION_VECTOR, "what kinds of workplaces hire kelp techs?",
                         [], set())  # fmt: skip
    assert scored[0].unit.text == "Some work at seaweed processing centers."


def test_the_question_word_written_otherwise_in_a_passage_counts():
    chunk = _chunk(
        "c1",
        "Duties",
        ["Knots are tied at dawn on the boat.", "Comply with harbour safety rules on the boat."],
        [0.4, 0.35],
    )
    scored = score_units([chunk], QUESTION_VECTOR, "do kelp techs deal with compliance?", [], set())
    assert scored[0].unit.text.startswith("Comply")


def test_a_rundown_s_pay_line_is_what_the_job_pays_not_what_the_employer_pays_toward():
    from bot.rundown import says_the_topic

    pay = "Pay for this position is $15.80 to $18.25 per hour."
    toward = "Tuition assistance of up to $2,500 a year for aides in a PTA program."
    assert says_the_topic("salary", pay) > says_the_topic("salary", toward) + 0.2


def test_a_lead_in_to_a_list_does_not_follow_a_sentence_alone():
    from bot.evidence import follower

    chunk = _chunk(
        "c1",
        "What they do",
        ["Net menders repair the nets of a fishing fleet.", "They:"],
        [0.8, 0.2],
    )
    scored = score_units([chunk], QUESTION_VECTOR, "what is a net mender?", [], set())
    first = next(e for e in scored if e.unit.index == 0)
    assert follower(first, scored) is None


def test_an_organisation_the_question_names_is_context_not_content():
    posting = [
        _section("p", "About the clinic", "Quillon Creek Animal Clinic is a small practice."),
        _section("p", "Duties", "Restrain animals for exams. Clean the kennels."),
    ]
    assert document_names("what does a vet assistant do at quillon creek?", posting) == [
        "quillon",
        "creek",
    ]
    # one dictionary word shared with the name is no mention of it
    assert document_names("do they clean the animal kennels?", posting) == []


def test_a_row_of_a_short_table_comes_with_the_other_rows():
    units = [
        StoredUnit(index=i, kind="row", start=0, end=len(t), text=t, topics=("salary",))
        for i, t in enumerate(["Retail drugstore $15.40", "Hospital pharmacy $17.10"])
    ]
    vectors = np.array([[0.9, 0.436], [0.3, 0.954]], dtype=np.float32)
    table = Chunk("t", "", {"heading_path": "Pay", "doc_id": "d"}, None, 0.0, units, vectors)
    scored = score_units([table], QUESTION_VECTOR, "do aides make more in a hospital?", [], set())
    chosen = select(scored, ["salary"], 1, min_units=1, margin=0.1)
    assert [e.unit.text for e in chosen] == ["Retail drugstore $15.40", "Hospital pharmacy $17.10"]


def test_of_a_table_of_mixed_facts_only_the_rows_on_the_chosen_row_s_topic_come_along():
    rows = [
        ("Median pay | $31,000", ("salary",)),
        ("Typical education | Certificate", ("education",)),
        ("Job outlook | 4% growth", ("career",)),
    ]
    units = [
        StoredUnit(index=i, kind="row", start=0, end=len(t), text=t, topics=topics)
        for i, (t, topics) in enumerate(rows)
    ]
    vectors = np.array([[0.9, 0.436], [0.3, 0.954], [0.3, 0.954]], dtype=np.float32)
    table = Chunk(
        "t", "", {"heading_path": "Quick facts", "doc_id": "d"}, None, 0.0, units, vectors
    )
    scored = score_units([table], QUESTION_VECTOR, "how much do they make?", [], set())
    chosen = select(scored, ["salary"], 1, min_units=1, margin=0.1)
    assert [e.unit.text for e in chosen] == ["Median pay | $31,000"]


def test_a_question_s_short_form_of_the_role_s_name_is_no_evidence():
    from bot.roles import Role
    from bot.service import _role_words
    from bot.text import stem

    role = Role("Veterinary Assistant", ("d",), ("Veterinary Assistant",))
    words = _role_words([role], "what does a vet assistant do at the vets?")
    assert stem("vet") in words and stem("assistant") in words
    assert stem("what") not in words


def test_a_rundown_line_is_what_the_role_does_under_a_heading_naming_the_topic():
    from bot.rundown import says_the_topic

    does = "An aide answers the phone and stocks the shelves."
    does_not = "An aide does not prepare medications of any kind."
    assert says_the_topic("duties", does) > says_the_topic("duties", does_not)
    # comparing two roles, what one does not do is what tells them apart
    assert says_the_topic("duties", does_not, compared=True) == says_the_topic("duties", does)
    line = "Employers give one to three weeks of on-the-job training."
    assert says_the_topic("education", line, "PHARMACY AIDE > TRAINING") > says_the_topic(
        "education", line, "PHARMACY AIDE > HOW IT DIFFERS"
    )


def test_a_pay_table_s_summary_row_is_its_rundown_line():
    from bot.rundown import says_the_topic

    summary = says_the_topic("salary", "All settings $15.90", "PAY", "row")
    assert summary > says_the_topic("salary", "Hospital pharmacy $17.10", "PAY", "row") + 0.2


def test_a_setting_written_like_a_name_is_no_organisation():
    posting = [
        _section("p", "Pay", "Hospital Pharmacy $17.10. Retail Pharmacy $15.40."),
        _section("p", "Where", "Most aides work in a retail pharmacy; some in a hospital."),
    ]
    assert document_names("do hospital pharmacy jobs pay more than retail?", posting) == []


def test_a_line_going_on_from_one_on_the_topic_may_answer_one_before_it_may_not():
    def unit(i, text, topics):
        end = len(text)
        return StoredUnit(index=i, kind="sentence", start=0, end=end, text=text, topics=topics)

    spend = unit(0, "Most techs spend 2 to 3 years on the pier side.", ("career",))
    school = unit(1, "Some go back to school for a degree.", ("education",))
    career = Chunk("c2", "", {"heading_path": "Career path"}, None, 0.0, [spend, school])
    words = set(content_stems("how long is the training program?"))
    assert not may_answer(career, spend, {"education"}, words)
    exam = unit(0, "Pass the net exam within six months.", ("licensing",))
    renew = unit(1, "You keep it current every two years.", ("education",))
    rules = Chunk("c3", "", {"heading_path": "Requirements"}, None, 0.0, [exam, renew])
    assert may_answer(rules, renew, {"licensing"}, set())
