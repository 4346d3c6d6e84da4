"""Drafts of question-set rows from what users stumbled on, and the counselor's own set."""

import pytest
import yaml
from click.testing import CliRunner

from bot.feedback import FeedbackStore
from careerbot.cli import main
from eval.drafts import append_question, draft_rows, facts_from_text, render, render_csv
from eval.errors import EvalError
from eval.questions import load_questions


def test_thumbs_down_and_refused_questions_become_draft_rows(isolated_env):
    from careerbot.components import make_feedback
    from careerbot.settings import load_settings

    store = make_feedback(load_settings())
    answer = {
        "question": "Do OT techs work weekends?",
        "answer": "The knowledge base does not cover nights or weekends.",
        "citations": [],
    }
    store.rate("down", answer, reason="missing information")
    store.rate("up", {"question": "Do OTAs need a license?", "answer": "Yes [1]", "citations": []})
    store.refused(
        {
            "question": "What do radiology techs earn?",
            "answer": "The knowledge base has no information...",
        }
    )
    store.refused({"question": "what do  radiology techs earn?", "answer": "again"})
    store.refused({"question": "what does an OT tech actually do all day?", "answer": "in the set"})

    result = CliRunner().invoke(main, ["drafts"], catch_exceptions=False)
    rows = yaml.safe_load(result.stdout)
    assert [r["question"] for r in rows] == [
        "Do OT techs work weekends?",
        "What do radiology techs earn?",
    ]
    assert rows[0]["expect"] == "answer"
    assert rows[1]["expect"] == "refuse" and rows[1]["facts"] == []
    assert result.stdout.startswith("# Draft rows")
    # what each came from is a comment: the drafts load as a question set as they are
    assert "# why: thumbs down: missing information" in result.stdout
    assert "# the bot answered: The knowledge base has no information" in result.stdout
    drafts = isolated_env / "drafts.yaml"
    drafts.write_text(result.stdout)
    assert [q.id for q in load_questions(drafts)] == [r["id"] for r in rows]


def test_selected_gaps_become_rows_that_expect_a_gap_or_a_refusal(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    store.rate("down", {"question": "a thumbs-down", "answer": "x", "citations": []})
    nights = store.gap(
        {
            "question": "Do KFAs work nights?",
            "answer": "The documents do not state night shifts for Kelp Farm Assistant.",
            "refused": False,
            "roles": ["Kelp Farm Assistant"],
            "topics": ["environment"],
            "gaps": "night shifts",
        }
    )
    pilots = store.gap(
        {"question": "What do pilots earn?", "answer": "No.", "refused": True, "others": ["pilots"]}
    )
    store.gap({"question": "not selected", "answer": "No.", "refused": True})

    rows = draft_rows(store, gap_ids=[nights, pilots])
    assert [(r["question"], r["expect"], r["category"]) for r in rows] == [
        ("Do KFAs work nights?", "gap", "not-covered"),
        ("What do pilots earn?", "refuse", "refuse"),
    ]
    csv_file = tmp_path / "drafts.csv"
    csv_file.write_text(render_csv(rows))
    yaml_file = tmp_path / "drafts.yaml"
    yaml_file.write_text(render(rows))
    for path in (csv_file, yaml_file):
        loaded = load_questions(path)
        assert [(q.question, q.expect) for q in loaded] == [
            ("Do KFAs work nights?", "gap"),
            ("What do pilots earn?", "refuse"),
        ]


def test_two_questions_with_the_same_start_get_distinct_ids(tmp_path):
    store = FeedbackStore(tmp_path / "f.sqlite")
    long = "What does a kelp farm technician do on the boat in the morning"
    store.refused({"question": long + " in winter?", "answer": ""})
    store.refused({"question": long + " in summer?", "answer": ""})
    ids = [r["id"] for r in draft_rows(store)]
    assert len(set(ids)) == 2


def test_facts_are_typed_one_a_line_with_alternatives_split_by_a_bar():
    assert facts_from_text("$41,300 | 41,300 dollars\n\n  swim test \n|") == [
        ["$41,300", "41,300 dollars"],
        ["swim test"],
    ]


def test_rows_appended_to_the_counselor_set_keep_what_is_there_and_load(tmp_path):
    mine = tmp_path / "sets" / "my-questions.yaml"
    row = {"id": "feedback-pay", "question": "How much do kelp techs make?", "category": "salary",
           "expect": "answer", "facts": [["$41,300"]], "gold": [], "history": []}  # fmt: skip
    first = append_question(mine, row)
    second = append_question(mine, {**row, "question": "What do KFTs earn?"})
    assert (first.id, second.id) == ("feedback-pay", "feedback-pay-2")
    text = mine.read_text()
    assert text.startswith("# careerbot question set")
    assert [(q.id, q.facts) for q in load_questions(mine)] == [
        ("feedback-pay", [["$41,300"]]),
        ("feedback-pay-2", [["$41,300"]]),
    ]
    # a row that is no question is refused with the reason; the file is as it was
    with pytest.raises(EvalError, match="expect must be one of"):
        append_question(mine, {**row, "expect": "maybe"})
    assert mine.read_text() == text
    assert not list(mine.parent.glob(".*tmp"))
