"""How a question is read: its form and its topics, in the words job seekers use."""

import pytest

from bot.scope import YESNO, question_form
from bot.topics import detect_topics


@pytest.mark.parametrize(
    "question, form",
    [
        ("once i'm working as a kelp tech could i pick up a specialty later on?", YESNO),
        ("I'm 45, is it too late to become a kelp tech?", YESNO),
        ("if I get the boat card will I earn more?", YESNO),
        ("I'm torn between the two, how do their duties compare?", "question"),
        ("as a kelp tech what do I do all day?", "question"),
        ("what's a kelp tech?", "definition"),
        ("what's a kelp tech's typical day?", "question"),
    ],
)
def test_a_yes_no_question_after_an_opening_clause_is_one(question, form):
    assert question_form(question, 1, []) == form


@pytest.mark.parametrize(
    "question, topics, form",
    [
        ("what's it like being a kelp tech?", [], "summary"),
        ("what's it like working on a kelp farm, is it physical?", ["environment"], "question"),
    ],
)
def test_what_it_is_like_is_a_rundown_unless_it_names_what_it_wants(question, topics, form):
    assert question_form(question, 1, topics) == form


@pytest.mark.parametrize(
    "question, topic",
    [
        ("would my boss be the farm manager or someone else?", "environment"),
        ("what should I major in to be a kelp tech?", "education"),
        ("are kelp techs on their feet a lot?", "environment"),
        ("list all the tests a kelp tech runs on the water", "duties"),
    ],
)
def test_everyday_phrasings_name_their_topic(question, topic):
    assert topic in detect_topics(question)


def test_what_one_does_all_shift_asks_the_duties_not_the_schedule():
    assert detect_topics("what does a kelp tech actually do all shift") == ["duties"]
    assert "environment" in detect_topics("are kelp tech shifts long")


def test_a_test_one_takes_is_no_duty():
    assert detect_topics("what tests do kelp techs take to get certified?") == ["licensing"]
    # "do you ... and do you ...": an auxiliary twice asks no duty
    question = "which test do you pass to be a kelp tech and do you have to renew it"
    assert detect_topics(question) == ["licensing"]


def test_a_handbook_s_what_they_do_is_its_duties():
    from ingest.topics import heading_topics

    assert heading_topics("What they do") == ["duties"]
    assert heading_topics("Tuition and costs") == ["education"]


@pytest.mark.parametrize(
    "question, form",
    [
        ("I'm new to this, can you list the duties of a kelp tech?", "list"),
        ("If I move to Ohio, will I need a new boat card and how long does it take?", "question"),
    ],
)
def test_a_request_or_a_question_after_an_opening_clause_keeps_its_form(question, form):
    assert question_form(question, 1, ["duties"]) == form
