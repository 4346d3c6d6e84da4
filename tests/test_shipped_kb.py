"""End to end on the shipped kb/: the documents job seekers actually get answers from.

The unit tests run on a small fictional knowledge base; these few check the real one, so a
change to the shipped documents breaks only what it should. The eval gate covers the rest.
"""

import re

from ingest.chunking import chunk_document
from ingest.loaders import load_file
from ingest.metadata import load_meta
from tests.conftest import SHIPPED_KB

TECH = "occupational-therapy-technician"
ASSISTANT = "occupational-therapist-assistant"


def assert_quotes_stand_in_their_source(answer, texts):
    assert answer.citations
    for c in answer.citations:
        assert texts[c.source][c.start : c.end] == c.quote
    for figure in re.findall(r"\$\d[\d,]*", answer.answer):
        assert any(figure in text for text in texts.values()), figure


def test_ot_tech_pay_shows_the_average_and_the_range_each_cited(shipped_bot, shipped_texts):
    answer = shipped_bot.answer("How much do OT techs make?")
    assert_quotes_stand_in_their_source(answer, shipped_texts)
    assert "$57,620" in answer.answer
    assert "$30,000" in answer.answer and "$45,000" in answer.answer
    assert "differ" in answer.answer


def test_ota_pay_comes_from_the_guide_that_names_the_role(shipped_bot, shipped_texts):
    answer = shipped_bot.answer("How much do OTAs earn?")
    assert_quotes_stand_in_their_source(answer, shipped_texts)
    assert any("also known as Occupational Therapy Assistants" in c.quote for c in answer.citations)


def test_a_faq_answer_under_the_same_question_answers_it(shipped_bot, shipped_texts):
    answer = shipped_bot.answer("what do hiring managers look for on an OT tech's resume?")
    assert_quotes_stand_in_their_source(answer, shipped_texts)
    assert "associate degree in occupational therapy and a current state license" in answer.answer


def test_another_occupation_is_refused_with_both_roles_named(shipped_bot):
    answer = shipped_bot.answer("How much does a registered nurse make?")
    assert answer.refused and not answer.citations
    assert "Occupational Therapy Technician" in answer.answer
    assert "Occupational Therapist Assistant" in answer.answer


def test_the_seeds_are_chunked_along_their_headings():
    paths = set()
    for name in (f"{TECH}.txt", f"{ASSISTANT}.md"):
        path = SHIPPED_KB / name
        loaded = load_file(path)
        meta = load_meta(path, loaded)
        paths |= {
            c.heading_path
            for c in chunk_document(meta.id, loaded.text, loaded.format, 900, meta.role_names())
        }
    assert "Occupational Therapy Technician Salary Expectations" in paths
    assert "Occupational Therapy Technician Job Description Template > Benefits" in paths
    assert "Requirements" in paths
