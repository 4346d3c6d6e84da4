"""The report of an evaluation: each question's row says why it failed, the CSV has a row per
question, the RAG names show careerbot's figures."""

import csv
import io

import pytest

from eval.evaluate import evaluate
from eval.questions import load_questions
from eval.report import RAG_METRICS, rag_table
from tests.conftest import KB, KELP_SET


@pytest.fixture(scope="module")
def report(bot):
    return evaluate(bot, KB, load_questions(KELP_SET), ["full"], KELP_SET.name)


def test_a_question_missing_a_fact_fails_and_says_which_fact(report):
    worst = report.rows()[0]
    assert worst["id"] == "duties-kft" and not worst["passed"]
    assert worst["failures"] == ["missed 1 of 3 expected facts"]
    assert worst["missing_facts"] == ["a submarine licence"]
    assert worst["roles"] == ["Kelp Farm Technician"]
    passed = {r["id"] for r in report.rows() if r["passed"]}
    assert passed == {"salary-kft", "licensing-kfa", "swim-kft", "refuse-pilot"}


def test_the_csv_has_a_row_per_question_with_its_verdict_and_citations(report):
    rows = list(csv.DictReader(io.StringIO(report.csv())))
    assert [r["id"] for r in rows] == [r["id"] for r in report.rows()]
    by_id = {r["id"]: r for r in rows}
    assert by_id["duties-kft"]["passed"] == "False"
    assert by_id["duties-kft"]["missing_facts"] == "a submarine licence"
    assert by_id["refuse-pilot"]["refused"] == "True" and by_id["refuse-pilot"]["citations"] == ""
    assert "[1] kelp-farm-technician > " in by_id["salary-kft"]["citations"]
    assert "$41,300" in by_id["salary-kft"]["answer"]


def test_the_rag_names_carry_careerbot_s_own_figures(report):
    summary = report.summaries["full"]
    table = rag_table(summary)
    for name, key, _ in RAG_METRICS:
        assert f"| {name} | {summary[key]:.2f} |" in table
    assert summary["fact_recall"] == pytest.approx((1 + 1 + 1 + 2 / 3) / 4)
    assert "In the terms of RAG evaluation (full)" in report.markdown()


def test_write_adds_the_csv_beside_the_other_files(report, tmp_path):
    names = {p.name for p in report.write(tmp_path)}
    assert {"report.md", "report.html", "results.jsonl", "results.csv"} <= names
    assert (tmp_path / "results.csv").read_text().startswith("config,id,category")
