"""A school's page states what the training costs, not what the job pays. The document here is
fictional, written for these tests."""

import pytest

from tests.conftest import bot_over

SCHOOL_PAGE = """# Net Splicing Technician Certificate

Fictional test document: every name, figure and fact here is invented.

## Program at a glance

The certificate takes 16 weeks of evening classes at the Gullport Harbour College.

## Cost

Tuition is $3,200 for the full program. The Harbour Board charges $150 for the splicing exam.
A Harbour Workforce Grant covers up to $900 of tuition.

## What graduates do

Net splicing technicians join and repair the lines of fishing nets and kelp farm moorings.
"""


@pytest.fixture(scope="module")
def school_bot(tmp_path_factory, embedder):
    return bot_over(tmp_path_factory, embedder, "school", {"net-splicing-school.md": SCHOOL_PAGE})


def test_what_graduates_earn_is_not_stated_by_what_the_program_costs(school_bot):
    answer = school_bot.answer("how much do net splicing techs make once they graduate?")
    assert answer.answer.startswith(
        "The documents do not state salary and pay for Net Splicing Technician."
    )
    cost = school_bot.answer("how much does the net splicing program cost?")
    assert "$3,200" in cost.answer and not cost.answer.startswith("The documents do not state")


def test_a_growing_field_asks_for_the_outlook_the_page_does_not_state(school_bot):
    answer = school_bot.answer("is net splicing a growing field?")
    assert answer.answer.startswith("The documents do not state job outlook figures")
