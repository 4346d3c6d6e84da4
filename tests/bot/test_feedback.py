"""What users tell us, kept: thumbs with reasons and review state, the gaps of the knowledge
base, and their deletion when the retention period is over or a counselor clears them."""

import sqlite3

from bot.feedback import ADDED, NOT_COVERED, REFUSED, REVIEWED, FeedbackStore


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def answer(question: str, **more) -> dict:
    return {"question": question, "answer": "text [1]", "citations": [{"n": 1}], **more}


def test_a_gap_keeps_its_kind_and_what_the_bot_read_newest_first(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
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


def test_a_thumbs_down_is_marked_reviewed_or_added_with_the_row_it_became(tmp_path):
    clock = Clock(1000.0)
    store = FeedbackStore(tmp_path / "f.sqlite", clock=clock)
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


def test_purge_deletes_rows_older_than_the_cutoff_of_both_tables(tmp_path):
    clock = Clock(100.0)
    store = FeedbackStore(tmp_path / "f.sqlite", clock=clock)
    store.rate("down", answer("old thumbs"))
    store.refused(answer("old gap"))
    clock.now = 500.0
    store.rate("up", answer("new thumbs"))
    store.refused(answer("new gap"))
    assert store.purge(before=200.0) == 2
    assert [r["question"] for r in store.rows("feedback")] == ["new thumbs"]
    assert [r["question"] for r in store.rows("refused")] == ["new gap"]


def test_clear_empties_one_table_only(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    store.rate("up", answer("kept"))
    store.refused(answer("gone"))
    assert store.clear("refused") == 1
    assert (store.count("refused"), store.count("feedback")) == (0, 1)


def test_a_file_of_an_earlier_version_gets_the_new_columns_and_keeps_its_rows(tmp_path):
    path = tmp_path / "f.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE refused (id INTEGER PRIMARY KEY, created REAL NOT NULL, "
            "question TEXT NOT NULL, answer TEXT NOT NULL, role TEXT);"
            "INSERT INTO refused (created, question, answer) VALUES (1, 'old question', 'no');"
        )
    store = FeedbackStore(path)
    (old,) = store.gaps()
    assert (old["question"], old["kind"], old["roles"], old["request"]) == (
        "old question",
        REFUSED,
        [],
        "information",
    )
    exported = store.csv("refused")
    assert exported.splitlines()[0].startswith("time,id,question,answer,role,kind")
