"""What counts as stating what a question asks for (bot.gaps)."""

from bot.gaps import FACETS, misleads, states, varies_by_place

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


def test_a_question_giving_one_s_age_asks_about_an_age_requirement():
    from bot.gaps import facets_asked

    said = [f.said for f in facets_asked("I'm 50, is it too late to become a kelp tech?")]
    assert said == ["an age requirement"]
    assert facets_asked("I'm 12 months into the program, is the boat card next?") == []
