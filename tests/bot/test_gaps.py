"""What counts as stating what a question asks for (bot.gaps)."""

import pytest

from bot.gaps import FACETS, misleads, states, varies_by_place
from bot.scope import YESNO, question_form

HOW_LONG = next(f for f in FACETS if f.said == "how long it takes")


def test_years_of_experience_do_not_say_how_long_training_takes():
    experience = "Entry-level candidates may have 1 to 2 years of experience."
    assert not states(HOW_LONG, experience)
    assert misleads(HOW_LONG, experience)
    program = "The program takes five semesters (about 20 months)."
    assert states(HOW_LONG, program) and not misleads(HOW_LONG, program)


def test_a_line_saying_it_depends_on_where_one_works_is_found():
    assert varies_by_place("The actual salary may vary based on experience and location.")
    assert varies_by_place("Rules differ from state to state.")
    assert not varies_by_place("The average salary is $41,300 per year.")


@pytest.mark.parametrize(
    "question, form",
    [
        ("once i'm working as a kelp tech could i pick up a specialty later on?", YESNO),
        ("I'm 45, is it too late to become a kelp tech?", YESNO),
        ("if I get the boat card will I earn more?", YESNO),
        ("I'm torn between the two, how do their duties compare?", "question"),
        ("as a kelp tech what do I do all day?", "question"),
    ],
)
def test_a_yes_no_question_after_an_opening_clause_is_one(question, form):
    assert question_form(question, 1, ["licensing"]) == form
