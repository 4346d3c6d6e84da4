"""Which passages may state what a question asks for (bot.gather), on hand-made passages."""

from bot.gather import may_answer
from bot.index import Chunk
from bot.text import content_stems
from ingest.records import StoredUnit


def _passage(heading: str, text: str, topics: tuple[str, ...]):
    unit = StoredUnit(index=0, kind="sentence", start=0, end=len(text), text=text, topics=topics)
    return Chunk("c1", text, {"heading_path": heading}), unit


def test_a_passage_on_another_topic_does_not_answer():
    chunk, unit = _passage("Career path", "Most have 1 to 2 years of experience.", ("career",))
    words = set(content_stems("how long does the program take?"))
    assert not may_answer(chunk, unit, {"education"}, words)


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
