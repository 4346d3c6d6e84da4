"""The workspace's parts without a browser: evaluations in the background, one at a time,
never in the chat's way; gaps kept and grouped; question sets checked on upload; the
retention period applied at start and on every tick of its timer."""

import queue
import threading

import pytest

from bot.feedback import FeedbackStore
from bot.service import CareerBot
from eval.question_sets import QuestionSets
from eval.questions import load_questions
from eval.runs import DatabaseRunStore
from tests.conftest import KB, KELP_SET, Clock
from web.chat import ChatApp
from web.downloads import Downloads
from web.retention import DAY, Retention
from web.workspace.evaluate import EvaluateView
from web.workspace.gaps import group_gaps
from web.workspace.worker import Busy, EvalWorker


def finish(worker, job):
    while not job.finished:
        worker.wait(job, job.done, timeout=5)
    return job


def test_an_evaluation_runs_in_the_background_one_at_a_time_and_is_kept(bot, tmp_path, database):
    runs = DatabaseRunStore(database)
    made = []

    def make_bot():
        made.append(CareerBot(bot.store, bot.embedder, bot.settings))
        return made[-1]

    held, release = threading.Event(), threading.Event()

    def hold_first(job):
        if job.done == 1:
            held.set()
            release.wait()

    worker = EvalWorker(make_bot, KB, runs, {"answer_words": 110}, on_progress=hold_first)
    questions = load_questions(KELP_SET)
    job = worker.start(questions, "kelp-5.csv")
    assert held.wait(60)  # the run is under way, held after its first question
    with pytest.raises(Busy, match="1 of 5 answered"):
        worker.start(questions, "kelp-5.csv")
    # meanwhile the chat answers, with its own bot
    chat = ChatApp(bot, FeedbackStore(tmp_path / "f.sqlite"))
    assert "$41,300" in chat.ask("How much do kelp techs make?")["answer"]
    release.set()
    finish(worker, job)
    assert job.error is None and job.done == 5
    assert made and made[0] is not bot  # the run had a bot of its own
    (run,) = runs.list()
    assert run.id == job.run_id and run.questions == 5
    assert run.kb_generation == bot.store.generation()
    assert run.settings == {"answer_words": 110}


def test_a_question_set_that_does_not_load_is_a_message_naming_the_row_and_field(
    tmp_path, database
):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,question,expect\nq1,What do kelp techs do?,answer\nq2,And pay?,maybe\n")
    sets = QuestionSets(database, tmp_path / "sets")
    view = EvaluateView(None, DatabaseRunStore(database), sets, Downloads())
    message, _ = view.upload(str(bad))
    assert "bad.csv q2: expect must be one of answer, refuse, gap, got 'maybe'" in message
    assert sets.keys() == ["shipped"]  # nothing kept
    message, choice = view.upload(str(KELP_SET))
    assert "5 questions" in message and choice["value"] == "upload:kelp-5.csv"


def test_the_chat_and_the_api_keep_refused_and_not_covered_questions_as_gaps(bot, tmp_path):
    feedback = FeedbackStore(tmp_path / "f.sqlite")
    chat = ChatApp(bot, feedback)
    list(chat.respond("Do kelp farm assistants work nights?", [], "All roles", {}))
    chat.ask("What do radiology techs earn?")
    chat.ask("How much do kelp techs make?")  # answered: no gap
    refused, not_covered = feedback.gaps()
    assert (refused["question"], refused["kind"], refused["others"]) == (
        "What do radiology techs earn?",
        "refused",
        ["radiology techs"],
    )
    assert not_covered["kind"] == "not covered" and not_covered["gaps"]


def gap(gap_id, created, roles=(), others=(), topics=(), request="information"):
    return {"id": gap_id, "created": created, "question": f"q{gap_id}", "kind": "refused",
            "roles": list(roles), "others": list(others), "topics": list(topics), "gaps": "",
            "request": request}  # fmt: skip


def test_gaps_are_grouped_by_role_and_topic_the_latest_group_first():
    gaps = [  # newest first, as the store gives them
        gap(5, 50, others=["radiology techs"], topics=["salary"]),
        gap(4, 40, roles=["Kelp Farm Assistant"], topics=["environment"]),
        gap(3, 30, others=["radiology tech"], topics=["salary"]),
        gap(2, 20, request="task"),
        gap(1, 10, others=["radiology techs"], topics=["licensing"]),
    ]
    groups = group_gaps(gaps)
    assert [(g.role, g.topic, g.ids) for g in groups] == [
        ("radiology techs (not in the knowledge base)", "salary and pay", [5, 3]),
        ("Kelp Farm Assistant", "work environment", [4]),
        ("radiology techs (not in the knowledge base)", "licensing and certification", [1]),
    ]
    assert [x["id"] for x in groups[0].examples] == [5, 3]
    assert [g.ids for g in group_gaps(gaps, include_never_answered=True)][2] == [2]


def test_retention_deletes_what_is_older_at_start_and_on_each_daily_tick(tmp_path):
    clock = Clock(100 * DAY)
    feedback = FeedbackStore(tmp_path / "f.sqlite", clock=clock)
    clock.now = 0.0
    feedback.rate("down", {"question": "very old", "answer": "", "citations": []})
    clock.now = 50 * DAY
    feedback.refused({"question": "fifty days old", "answer": ""})
    clock.now = 100 * DAY
    ticks: queue.Queue = queue.Queue()
    ticked = threading.Event()

    def wait(seconds):
        assert seconds == DAY
        ticked.set()
        return ticks.get()  # True stops the timer

    retention = Retention(feedback, days=90, clock=clock, wait=wait)
    retention.start()  # applied at once: the 100-day-old thumbs-down goes
    assert [r["question"] for r in feedback.rows("refused")] == ["fifty days old"]
    assert feedback.count("feedback") == 0
    assert ticked.wait(10)
    ticked.clear()
    clock.now = 141 * DAY  # a day passes: the gap is now 91 days old
    ticks.put(False)
    assert ticked.wait(10)  # the timer applied the period and waits again
    assert feedback.count("refused") == 0
    ticks.put(True)
    retention._thread.join(10)
    assert not retention._thread.is_alive()


def test_the_question_filters_narrow_the_rows_failed_category_and_role():
    from web.workspace.report_view import ALL, NO_ROLE, select_rows

    rows = [
        {"id": "a", "passed": False, "category": "salary", "roles": ["Kelp Farm Technician"]},
        {"id": "b", "passed": True, "category": "salary", "roles": ["Kelp Farm Assistant"]},
        {"id": "c", "passed": False, "category": "refuse", "roles": []},
    ]

    def ids(*args):
        return [r["id"] for r in select_rows(rows, *args)]

    assert ids(False, ALL, ALL) == ["a", "b", "c"]
    assert ids(True, ALL, ALL) == ["a", "c"]
    assert ids(False, "salary", "Kelp Farm Assistant") == ["b"]
    assert ids(True, ALL, NO_ROLE) == ["c"]


def test_stored_data_is_deleted_only_once_the_counselor_confirms(tmp_path, database):
    from web.workspace.privacy import PrivacyView

    feedback = FeedbackStore(tmp_path / "f.sqlite")
    feedback.refused({"question": "I'm 52 and was laid off, what now?", "answer": ""})
    feedback.rate("down", {"question": "q", "answer": "", "citations": []})
    view = PrivacyView(feedback, DatabaseRunStore(database), QuestionSets(database, tmp_path / "s"),
                       Downloads(), retention_days=90)  # fmt: skip
    assert "| Gaps: refused and not-covered questions | 1 | 90 days" in view.summary()
    message, *_ = view.delete("gaps", False)
    assert "confirm" in message and feedback.count("refused") == 1
    message, *_ = view.delete("gaps", True)
    assert message.startswith("✓ Deleted 1") and feedback.count("refused") == 0
    assert feedback.count("feedback") == 1  # only what was chosen


def test_every_replica_offers_the_same_question_sets(tmp_path, database):
    """A set uploaded or added to through one replica is there in the others' Evaluate."""
    from db import Database

    here = QuestionSets(database, tmp_path / "a")
    there = QuestionSets(Database(database.url, replica="replica b"), tmp_path / "b")
    key, _ = here.add_upload(KELP_SET, "kelp-5.csv")
    row = {"question": "Do kelp techs dive?", "facts": [["dive"]], "category": "duties"}
    first = here.add_to_mine({**row, "id": "dive"})
    second = there.add_to_mine({**row, "id": "dive"})  # the same id from another replica
    assert there.keys() == ["shipped", "mine", key]
    assert [q.id for q in here.load("mine")] == [first.id, second.id] == ["dive", "dive-2"]
    assert len(there.load(key)) == 5
    assert here.clear() == 2 and there.keys() == ["shipped"]


def test_counselors_adding_to_their_set_at_once_through_two_replicas_lose_nothing(
    tmp_path, any_database
):
    from db import Database

    replicas = [
        QuestionSets(any_database, tmp_path / "a"),
        QuestionSets(Database(any_database.url, replica="replica b"), tmp_path / "b"),
    ]
    start = threading.Barrier(len(replicas) * 2)
    errors = []

    def add(sets, n):
        start.wait()
        try:
            sets.add_to_mine({"id": "dive", "question": f"Do kelp techs dive {n}?",
                              "facts": [["dive"]], "category": "duties"})  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(sets, n)) for n, sets in enumerate(replicas * 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    questions = replicas[1].load("mine")
    assert len(questions) == 4 and len({q.id for q in questions}) == 4
