"""What users tell us, kept in the shared database: thumbs with reasons and review state, the
gaps of the knowledge base, exported as CSV, and deleted when the retention period is over or a
counselor clears them."""

import csv
import io
import sqlite3

import pytest

from bot.feedback import ADDED, NOT_COVERED, REFUSED, REVIEWED, FeedbackStore
from careerbot.components import make_feedback
from careerbot.settings import load_settings
from tests.conftest import Clock

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
        "time", "id", "rating", "question", "answer", "citations", "role", "reason", "review",
        "reviewed", "question_id",
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


def answer(question: str, **more) -> dict:
    return {"question": question, "answer": "text [1]", "citations": [{"n": 1}], **more}


def test_a_gap_keeps_its_kind_and_what_the_bot_read_newest_first(database):
    store = FeedbackStore(database)
    store.gap(answer("What do pilots earn?", refused=True, others=["pilots"], topics=["salary"]))
    store.gap(
        answer(
            "Do KFAs work nights?",
            refused=False,
            roles=["Kelp Farm Assistant"],
            topics=["environment"],
            gaps="night shifts",
        ),
        role="Kelp Farm Assistant",
    )
    newest, oldest = store.gaps()
    assert (newest["question"], newest["kind"], newest["gaps"]) == (
        "Do KFAs work nights?",
        NOT_COVERED,
        "night shifts",
    )
    assert newest["roles"] == ["Kelp Farm Assistant"] and newest["role"] == "Kelp Farm Assistant"
    assert (oldest["kind"], oldest["others"], oldest["topics"]) == (REFUSED, ["pilots"], ["salary"])
    assert oldest["request"] == "information"


def test_a_thumbs_down_is_marked_reviewed_or_added_with_the_row_it_became(database):
    clock = Clock(1000.0)
    store = FeedbackStore(database, clock=clock)
    first = store.rate("down", answer("q1"), reason="outdated")
    second = store.rate("down", answer("q2"))
    store.rate("up", answer("q3"))
    clock.now = 2000.0
    assert store.review(first, REVIEWED)
    assert store.review(second, ADDED, "feedback-q2")
    assert not store.review(999, REVIEWED)  # gone meanwhile
    downs = {r["question"]: r for r in store.thumbs_down()}
    assert set(downs) == {"q1", "q2"}
    assert (downs["q1"]["review"], downs["q1"]["reviewed"], downs["q1"]["reason"]) == (
        REVIEWED,
        2000.0,
        "outdated",
    )
    assert (downs["q2"]["review"], downs["q2"]["question_id"]) == (ADDED, "feedback-q2")
    assert downs["q2"]["citations"] == [{"n": 1}]


def test_purge_deletes_rows_older_than_the_cutoff_of_both_tables(database):
    clock = Clock(100.0)
    store = FeedbackStore(database, clock=clock)
    store.rate("down", answer("old thumbs"))
    store.refused(answer("old gap"))
    clock.now = 500.0
    store.rate("up", answer("new thumbs"))
    store.refused(answer("new gap"))
    assert store.purge(before=200.0) == 2
    assert [r["question"] for r in store.rows("feedback")] == ["new thumbs"]
    assert [r["question"] for r in store.rows("refused")] == ["new gap"]


def test_clear_empties_one_table_only(database):
    store = FeedbackStore(database)
    store.rate("up", answer("kept"))
    store.refused(answer("gone"))
    assert store.clear("refused") == 1
    assert (store.count("refused"), store.count("feedback")) == (0, 1)


def test_a_database_of_the_first_schema_gets_the_new_columns_and_keeps_its_rows(tmp_path):
    """A replica upgraded from the first schema: its rows read as refused, no roles, review none."""
    from alembic import command
    from sqlalchemy import create_engine

    from db import open_database
    from db.migrate import alembic_config

    path = tmp_path / "data" / "careerbot.sqlite"
    path.parent.mkdir(parents=True)
    config = alembic_config()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    engine.dispose()
    with sqlite3.connect(path) as old:
        old.execute("INSERT INTO refused (created, question, answer) VALUES (1, 'old?', 'no')")
        old.execute(
            "INSERT INTO feedback (created, rating, question, answer, citations)"
            " VALUES (2, 'down', 'older?', 'x', '[]')"
        )
    store = FeedbackStore(open_database(None, tmp_path / "data"))
    (old_gap,) = store.gaps()
    assert (old_gap["question"], old_gap["kind"], old_gap["roles"], old_gap["request"]) == (
        "old?",
        REFUSED,
        [],
        "information",
    )
    (down,) = store.thumbs_down()
    assert (down["question"], down["review"]) == ("older?", None)
