"""Follow-ups read with the conversation before anything is decided."""

import pytest

from bot.question import Question
from bot.roles import RoleCatalog
from bot.scope import COMPARISON, LIST, QUESTION, SUMMARY, YESNO, question_form, resolve
from bot.topics import detect_topics, set_aside
from tests.bot.test_roles import ASSISTANT, TECH, record


@pytest.fixture(scope="module")
def catalog() -> RoleCatalog:
    return RoleCatalog(
        [
            record("tech", TECH, ["OT tech", "OT technician", "OTT"]),
            record("assistant", ASSISTANT, ["OTA", "OT assistant", "COTA"]),
        ]
    )


def scope_of(catalog, text, history=()):
    return resolve(catalog, Question.parse(text, history), detect_topics)


def turn(question):
    return [{"role": "user", "content": question}, {"role": "assistant", "content": "..."}]


def test_follow_up_inherits_role_and_topic(catalog):
    history = turn("How much do OT techs make?")
    scope = scope_of(catalog, "and what license do they need?", history)
    assert [r.name for r in scope.roles] == [TECH] and scope.context.inherited_roles
    assert scope.topics == ("licensing",)
    switch = scope_of(catalog, "what about the assistant?", history)
    assert [r.name for r in switch.roles] == [ASSISTANT]
    assert switch.topics == ("salary",) and switch.context.inherited_topics


def test_a_follow_up_naming_neither_role_nor_topic_keeps_both(catalog):
    scope = scope_of(catalog, "why such a big range?", turn("How much do OT techs make?"))
    assert [r.name for r in scope.roles] == [TECH] and scope.topics == ("salary",)
    assert "make" in scope.text  # the earlier question is searched with it


def test_a_full_question_naming_no_one_is_about_the_conversations_role(catalog):
    # "the program" after a question about OT techs is their program, not every role's
    history = turn("thinking about becoming an OT tech, what do they do")
    scope = scope_of(catalog, "how long does the training program take?", history)
    assert [r.name for r in scope.roles] == [TECH] and scope.context.inherited_roles
    assert scope.topics == ("education",) and not scope.context.inherited_topics
    across = scope_of(catalog, "which of the jobs you cover pays the most?", history)
    assert not across.context.inherited_roles


def test_the_other_one(catalog):
    scope = scope_of(catalog, "and for the other role?", turn("What does an OTA need to qualify?"))
    assert [r.name for r in scope.roles] == [TECH] and scope.topics == ("education",)


def test_a_new_full_question_keeps_its_own_topic(catalog):
    scope = scope_of(
        catalog,
        "Which skills matter most for someone starting out as an OTA?",
        turn("How much do OT techs make?"),
    )
    assert [r.name for r in scope.roles] == [ASSISTANT] and not scope.context.inherited_roles
    assert scope.topics == ("skills",) and not scope.context.inherited_topics


@pytest.mark.parametrize(
    "question, roles, form",
    [
        ("Do OT techs work with children?", 1, YESNO),
        ("so, is a degree required?", 1, YESNO),
        ("list all the requirements", 1, LIST),
        ("give me a rundown of the job", 1, SUMMARY),
        ("tl;dr OT tech?", 1, SUMMARY),
        ("what's the difference between them?", 2, COMPARISON),
        ("how much do they make?", 1, QUESTION),
    ],
)
def test_the_form_of_a_question(question, roles, form):
    assert question_form(question, roles, detect_topics(question)) == form


@pytest.mark.parametrize(
    "question, topic",
    [
        ("how much do they make a year?", "salary"),
        ("is 60k realistic?", "salary"),
        ("do cnas make more in a hospital?", "salary"),
        ("do they need to pass the NBCOT exam?", "licensing"),
        ("what degree do I need?", "education"),
        ("what are the day-to-day tasks?", "duties"),
        ("which qualities make a good one?", "skills"),
        ("what benefits come with the job?", "benefits"),
        ("occupasional therapy tech benifits", "benefits"),
        ("is the job physically demanding?", "environment"),
        ("isnt it dangerous being around boats all day? how do they stay safe", "environment"),
        ("what are the working conditions like?", "environment"),
        ("can I move up into a supervisor role?", "career"),
        ("could I work in a school as one?", "environment"),
        ("what's the day like for one?", "duties"),
        ("what is a typical work day like?", "duties"),
        ("what would i actually be doing as one after the certificate?", "duties"),
        ("is it a stable job?", "career"),
        ("is it a good job? are there openings", "career"),
        ("is the field saturated or is it easy to find a job?", "career"),
        ("cool, how do I apply?", "career"),
        ("ok, what should I send them?", "career"),
        ("would the employer pay for my training?", "benefits"),
        ("do employers help you grow, like paying for training?", "benefits"),
        ("I want to grow beyond the pay of a cashier, what do they make?", "salary"),
        ("do they work in long-term care facilities?", "environment"),
        ("are there jobs working in a school?", "environment"),
        ("what do hiring managers look for on a resume?", "education"),
        ("besides the paycheck, what's the compensation package like?", "benefits"),
    ],
)
def test_topics_are_read_from_the_question(question, topic):
    assert topic in detect_topics(question)


@pytest.mark.parametrize(
    "question, not_topic",
    [
        ("could I work in a school as one?", "education"),
        ("what do hiring managers look for on a resume?", "career"),
        ("besides the paycheck, what's the compensation package like?", "salary"),
        ("are there jobs working in a school?", "education"),
        ("how do I pay for school?", "salary"),
        ("I'm looking for part-time work, is this a good fit?", "education"),
    ],
)
def test_a_word_that_names_something_else_here_does_not_make_a_topic(question, not_topic):
    assert not_topic not in detect_topics(question)


@pytest.mark.parametrize(
    "question, aside",
    [
        ("besides lifting patients what paperwork do they handle?", ["lifting patients"]),
        ("what do they do besides stick needles in people", ["stick needles in people"]),
        ("other than the paycheck, any perks?", ["the paycheck"]),
        ("what do they earn?", []),
    ],
)
def test_what_a_question_sets_aside_ends_where_the_question_goes_on(question, aside):
    assert set_aside(question) == aside
