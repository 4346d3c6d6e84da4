"""What counts as stating what a question asks for (bot.gaps)."""

import pytest

from bot.gaps import FACETS, misleads, states, varies_by_place

HOW_LONG = next(f for f in FACETS if f.said == "how long it takes")


def test_years_of_experience_do_not_say_how_long_training_takes():
    experience = "Entry-level candidates may have 1 to 2 years of experience."
    assert not states(HOW_LONG, experience)
    assert misleads(HOW_LONG, experience)
    program = "The program takes five semesters (about 20 months)."
    assert states(HOW_LONG, program) and not misleads(HOW_LONG, program)


def test_a_deadline_counted_from_hire_or_graduation_does_not_say_how_long_training_takes():
    assert not states(HOW_LONG, "89% of graduates were employed within six months of graduation.")
    assert not states(HOW_LONG, "New hires must earn the credential within 12 months of hire.")
    assert not states(HOW_LONG, "Tuition can be paid in five installments, one per semester.")
    assert states(HOW_LONG, "Post-primary pathway (12 months, three semesters): for radiographers")


def test_a_line_saying_it_depends_on_where_one_works_is_found():
    assert varies_by_place("The actual salary may vary based on experience and location.")
    assert varies_by_place("Rules differ from state to state.")
    assert not varies_by_place("The average salary is $41,300 per year.")


def test_a_question_giving_one_s_age_asks_about_an_age_requirement():
    from bot.gaps import facets_asked

    said = [f.said for f in facets_asked("I'm 50, is it too late to become a kelp tech?")]
    assert said == ["an age requirement"]
    assert facets_asked("I'm 12 months into the program, is the boat card next?") == []


@pytest.mark.parametrize(
    "question",
    [
        "I'm 30 minutes from the farm, is that close enough?",
        "I am 20 credits short of a degree, can I still apply?",
        "Is it too late to apply for the fall program?",
    ],
)
def test_a_number_or_a_deadline_is_no_age(question):
    from bot.gaps import facets_asked

    assert "an age requirement" not in [f.said for f in facets_asked(question)]


def test_a_board_or_an_area_is_no_saying_it_varies_by_place():
    assert not varies_by_place("Technicians are regulated by state boards.")
    assert not varies_by_place("The farm is based in the Riverside area.")
    assert not states(HOW_LONG, "Most have 1-2 years of related clinical experience.")


def test_a_growth_in_percent_asks_for_a_percentage_which_a_count_of_openings_is_not():
    from bot.gaps import facets_asked

    asked = facets_asked("is it a growing field? like what % growth")
    assert [f.said for f in asked] == ["a growth rate"]
    assert [f.said for f in facets_asked("what % are net mender jobs supposed to grow")] == [
        "a growth rate"
    ]
    assert not states(asked[0], "Expect about 6,900 openings each year.")
    assert states(asked[0], "Employment is projected to grow 11% over the decade.")
    assert [f.said for f in facets_asked("is net mending a growing field?")] == [
        "job outlook figures"
    ]


def test_help_with_moving_is_asked_and_is_no_cost_of_training():
    from bot.gaps import facets_asked

    assert facets_asked("do net menders help with moving patients") == []
    assert "a growth rate" not in [
        f.said for f in facets_asked("what percentage of mender students pass the exam")
    ]
    asked = facets_asked("does harbour nets help with moving costs for the mender job")
    assert [f.said for f in asked] == ["help with moving"]
    assert [f.said for f in facets_asked("do they pay relocation")] == ["help with moving"]


AGE = next(f for f in FACETS if f.said == "an age requirement")


@pytest.mark.parametrize(
    "line, says_an_age",
    [
        ("Applicants must be at least 18 years old.", True),
        ("You must be 18 to apply.", True),
        ("Be at least 18", True),
        ("Lift and carry at least 125 pounds with a partner.", False),
        ("You need at least 40 hours of supervised practice.", False),
        ("Document at least 10 supervised EKGs before the exam.", False),
        ("Expect at least 25 to 30 patients per shift.", False),
        ("Plan on at least 20 or more hours a week.", False),
    ],
)
def test_an_age_is_a_number_said_of_the_person_not_of_a_weight_or_a_count(line, says_an_age):
    assert states(AGE, line) == says_an_age


def test_a_cost_is_the_cost_of_what_the_question_names():
    from bot.gaps import facets_asked

    [program] = facets_asked("how much does the kelp tech program cost?")
    assert not states(program, "Each boat exam costs $325.")
    assert states(program, "| Tuition | $4,200 |") and states(program, "Tuition is $4,200.")
    [exam] = facets_asked("what are the exam fees for kelp techs?")
    assert states(exam, "Each boat exam costs $325.") and not states(exam, "Tuition is $4,200.")
    assert not states(exam, "Board-certified techs earn $24.50 an hour.")
    assert not states(program, "Starting pay is $17 for graduates of our program.")


@pytest.mark.parametrize(
    "question, said",
    [
        ("can a 16 year old get a net mender job", "an age requirement"),
        ("how much is the net mending course at harbour tech", "what the training costs"),
        ("does harbour nets give the menders free parking", "parking"),
        ("do menders need a drivers license for the boat runs", "a car or pay for driving"),
    ],
)
def test_specific_things_asked_in_everyday_words(question, said):
    from bot.gaps import facets_asked

    assert said in [f.said for f in facets_asked(question)]
