"""The question set loads from YAML or CSV, and a broken row says what is wrong."""

import pytest

from eval.errors import EvalError
from eval.questions import load_questions


def test_the_shipped_sets_load_with_what_issue_6_asks_for():
    questions = load_questions()
    assert len(questions) >= 80
    assert sum(q.should_refuse for q in questions) >= 15
    assert len({q.id for q in questions}) == len(questions)
    assert any(q.history for q in questions)
    assert load_questions(__import__("eval").__path__[0] + "/holdout.yaml")


def test_a_csv_with_the_same_columns_runs_the_same_way(tmp_path):
    path = tmp_path / "mine.csv"
    gold = "occupational-therapy-technician#Occupational Therapy Technician Salary Expectations"
    history = '"[{""role"": ""user"", ""content"": ""What does an OTA do?""}]"'
    path.write_text(
        "id,question,history,category,expect,facts,gold\n"
        f'pay-1,How much do OT techs make?,,salary,answer,"$57,620; $30,000|$30k",{gold}\n'
        f"follow-1,and a license?,{history},followup,answer,license,\n"
        "nurse-1,What do nurses earn?,,refuse,refuse,,\n"
    )
    pay, follow, nurse = load_questions(path)
    assert pay.facts == [["$57,620"], ["$30,000", "$30k"]]
    assert pay.gold == [
        ("occupational-therapy-technician", "Occupational Therapy Technician Salary Expectations")
    ]
    assert follow.history == [{"role": "user", "content": "What does an OTA do?"}]
    assert nurse.should_refuse and nurse.facts == []


@pytest.mark.parametrize(
    "row, message",
    [
        ("- {id: a, question: '', expect: answer}", "empty question"),
        ("- {id: a, question: q, expect: maybe}", "expect must be one of answer, refuse, gap"),
        ("- {id: a, question: q, colour: red}", "unknown column"),
        ("- {id: a, question: q, facts: [[1]]}", "non-empty phrasings"),
        ("- {id: a, question: q}\n- {id: a, question: r}", "duplicate id"),
    ],
)
def test_a_broken_row_is_named(tmp_path, row, message):
    path = tmp_path / "q.yaml"
    path.write_text(row + "\n")
    with pytest.raises(EvalError, match=message):
        load_questions(path)


MANY_ROLE_SETS = [
    ("multirole.yaml", ["kb", "tests/fixtures/multirole"]),
    (
        "multirole-fresh.yaml",
        ["kb", "tests/fixtures/multirole", "tests/fixtures/multirole-fresh"],
    ),
]


@pytest.mark.parametrize("name, folders", MANY_ROLE_SETS)
def test_every_fact_of_a_many_role_set_stands_in_its_documents(name, folders):
    """A fact no document states could never be found: the set would measure nothing."""
    from pathlib import Path

    from eval.metrics import fact_matched
    from ingest.loaders import load_file

    root = Path(__file__).resolve().parents[2]
    texts = [
        load_file(path).text
        for folder in folders
        for path in sorted((root / folder).iterdir())
        if path.suffix in (".md", ".txt", ".html", ".pdf", ".docx") and path.name != "README.md"
    ]
    corpus = "\n".join(texts)
    questions = load_questions(root / "eval" / name)
    assert len(questions) >= 40
    missing = [
        (q.id, alts) for q in questions for alts in q.facts if not fact_matched(corpus, alts)
    ]
    assert missing == []
