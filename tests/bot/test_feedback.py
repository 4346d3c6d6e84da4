"""Feedback and refused questions in the shared database, exported as CSV."""

import csv
import io
import sqlite3

import pytest

from bot.feedback import FeedbackStore
from careerbot.components import make_feedback
from careerbot.settings import load_settings

ANSWER = {
    "question": "Do KFAs need a license?",
    "answer": "Yes, a State aquaculture license [1].",
    "citations": [{"n": 1, "quote": "State aquaculture license"}],
}


def test_a_thumbs_down_keeps_its_reason_and_the_csv_shows_it(database):
    feedback = FeedbackStore(database)
    row_id = feedback.rate("down", ANSWER, "Kelp Farm Assistant", reason="outdated")
    assert feedback.rate("up", ANSWER) == row_id + 1
    first, second = feedback.rows("feedback")
    assert first["reason"] == "outdated" and first["role"] == "Kelp Farm Assistant"
    assert second["reason"] is None
    rows = list(csv.DictReader(io.StringIO(feedback.csv("feedback"))))
    assert list(rows[0]) == [
        "time", "id", "rating", "question", "answer", "citations", "role", "reason"
    ]  # fmt: skip
    assert rows[0]["reason"] == "outdated" and "State aquaculture license" in rows[0]["citations"]


def test_a_rating_other_than_up_or_down_is_refused(database):
    with pytest.raises(ValueError, match="up or down"):
        FeedbackStore(database).rate("meh", ANSWER)


def test_every_replica_sees_the_same_feedback(database):
    from db import Database

    FeedbackStore(database).refused({"question": "What do astronauts earn?", "answer": "..."})
    other_replica = FeedbackStore(Database(database.url, replica="replica b"))
    assert [r["question"] for r in other_replica.rows("refused")] == ["What do astronauts earn?"]


def test_an_old_replica_feedback_file_is_imported_once(isolated_env):
    """careerbot before the shared database kept feedback.sqlite in each replica's data dir."""
    isolated_env.mkdir(parents=True)
    old = sqlite3.connect(isolated_env / "feedback.sqlite")
    old.executescript(
        "CREATE TABLE feedback (id INTEGER PRIMARY KEY, created REAL NOT NULL, rating TEXT NOT "
        "NULL, question TEXT NOT NULL, answer TEXT NOT NULL, citations TEXT NOT NULL, role TEXT);"
        "CREATE TABLE refused (id INTEGER PRIMARY KEY, created REAL NOT NULL, question TEXT NOT "
        "NULL, answer TEXT NOT NULL, role TEXT);"
        "INSERT INTO feedback VALUES (1, 1700000000, 'down', 'Old question?', 'Old answer', '[]', "
        "NULL);"
        "INSERT INTO refused VALUES (1, 1700000001, 'Old refused?', 'No.', NULL);"
    )
    old.commit()
    old.close()
    feedback = make_feedback(load_settings())
    assert [r["question"] for r in feedback.rows("feedback")] == ["Old question?"]
    assert feedback.rows("feedback")[0]["created"] == 1700000000
    assert [r["question"] for r in feedback.rows("refused")] == ["Old refused?"]
    assert not (isolated_env / "feedback.sqlite").exists()
    assert list(isolated_env.glob("feedback.sqlite.imported-*"))
    make_feedback(load_settings())  # the next start imports nothing again
    assert len(feedback.rows("feedback")) == 1


def test_an_import_interrupted_before_the_rename_does_not_count_twice(isolated_env, database):
    from db.legacy import import_feedback_file

    path = isolated_env / "feedback.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE refused (id INTEGER PRIMARY KEY, created REAL NOT NULL, question TEXT NOT "
        "NULL, answer TEXT NOT NULL, role TEXT);"
        "INSERT INTO refused VALUES (1, 1700000001, 'Old refused?', 'No.', NULL);"
    )
    old.commit()
    old.close()
    assert import_feedback_file(database, path) == 1
    assert import_feedback_file(database, path) is None  # killed before renaming: run again
    assert len(FeedbackStore(database).rows("refused")) == 1
