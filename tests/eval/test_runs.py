"""Every run kept, with what it ran on, behind save / list / get / clear."""

import yaml

from eval.drafts import render
from eval.plots import kb_changes, trend_plot
from eval.questions import load_questions
from eval.runs import DatabaseRunStore, Run, questions_hash
from tests.conftest import KELP_SET


def make_run(run_id: str, created: str, fact_recall: float, generation: str = "g1") -> Run:
    return Run(
        id=run_id,
        created=created,
        questions_file="kelp-5.csv",
        questions_hash="h",
        questions=5,
        kb_generation=generation,
        settings={"answer_words": 110},
        summaries={"full": {"fact_recall": fact_recall, "refusal_recall": 1.0}},
        rows=[{"id": "q", "config": "full", "passed": True}],
        markdown="# report",
    )


def test_runs_are_listed_oldest_first_and_got_whole(database):
    store = DatabaseRunStore(database)
    assert store.list() == [] and store.get("nothing") is None
    store.save(make_run("b", "2026-01-02T10:00:00+00:00", 0.9))
    store.save(make_run("a", "2026-01-01T10:00:00+00:00", 0.8))
    listed = store.list()
    assert [r.id for r in listed] == ["a", "b"]
    assert listed[0].rows == [] and listed[0].markdown == ""  # the list is light
    got = store.get("b")
    assert got.rows == [{"id": "q", "config": "full", "passed": True}]
    assert got.markdown == "# report" and got.settings == {"answer_words": 110}
    assert got.summary["fact_recall"] == 0.9 and got.kb_generation == "g1"
    assert store.clear() == 2 and store.list() == []


def test_a_run_saved_through_one_replica_is_listed_by_every_other(database):
    from db import Database

    DatabaseRunStore(database).save(make_run("a", "2026-01-01T10:00:00+00:00", 0.8))
    other_replica = DatabaseRunStore(Database(database.url, replica="replica b"))
    assert [r.id for r in other_replica.list()] == ["a"]
    assert other_replica.get("a").rows == [{"id": "q", "config": "full", "passed": True}]


def test_the_same_questions_in_csv_or_yaml_hash_the_same(tmp_path):
    questions = load_questions(KELP_SET)
    rows = [
        {"id": q.id, "question": q.question, "history": q.history, "category": q.category,
         "expect": q.expect, "facts": q.facts,
         "gold": [{"doc": d, "section": s} for d, s in q.gold]}
        for q in questions
    ]  # fmt: skip
    as_yaml = tmp_path / "kelp.yaml"
    as_yaml.write_text("# the same set\n" + yaml.safe_dump(rows))
    assert questions_hash(load_questions(as_yaml)) == questions_hash(questions)
    changed = tmp_path / "changed.yaml"
    changed.write_text(render([{**rows[0], "question": "another question"}]))
    assert questions_hash(load_questions(changed)) != questions_hash(questions)


def test_the_trend_plot_is_drawn_for_runs_across_a_knowledge_base_change(tmp_path):
    runs = [
        make_run("a", "2026-01-01T10:00:00+00:00", 0.6, "g1"),
        make_run("b", "2026-01-02T10:00:00+00:00", 0.9, "g2"),
        make_run("c", "2026-01-03T10:00:00+00:00", 0.9, "g2"),
    ]
    assert kb_changes(runs) == [1.5]  # the dotted line: between the first run and the second
    path = trend_plot(runs, tmp_path / "trend.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
