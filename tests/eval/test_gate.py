"""The gate passes the shipped pipeline and fails a broken one."""

import json

import pytest
from click.testing import CliRunner

from bot.retrieval import SearchMode
from bot.service import CareerBot
from careerbot.cli import main
from eval.gate import check, load_thresholds
from eval.questions import load_questions
from eval.runner import Configuration, SourceTexts, run_configuration, summarize
from tests.conftest import SHIPPED_KB


def test_retrieval_that_finds_nothing_fails_the_gate(shipped_bot, embedder):
    broken = CareerBot(shipped_bot.store, embedder, mode=SearchMode(dense=False, keyword=False))
    questions = [q for q in load_questions() if q.expect == "answer"][:15]
    results = run_configuration(
        Configuration("full", "broken", broken.mode),
        broken.answer,
        questions,
        SourceTexts(SHIPPED_KB),
    )
    failures = check({"full": summarize(results)}, load_thresholds())
    assert any(f.startswith("full.fact_recall") for f in failures)
    assert any(f.startswith("full.hit@5") for f in failures)


def test_thresholds_need_min_or_max(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("full:\n  fact_recall: 0.8\n")
    with pytest.raises(Exception, match="min: and/or max:"):
        load_thresholds(path)


@pytest.mark.slow
def test_eval_gate_on_the_shipped_set_passes_and_writes_the_report(
    shipped_kb_dir, embedder, monkeypatch, tmp_path
):
    monkeypatch.setattr("careerbot.components.make_embedder", lambda settings: embedder)
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["eval", "--gate", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Gate: all thresholds met." in result.stdout
    for name in (
        "report.md",
        "report.html",
        "results.jsonl",
        "metrics.png",
        "categories.png",
        "latency.png",
    ):
        assert (out / name).stat().st_size > 0
    summary = json.loads((out / "summary.json").read_text())
    for other in ("dense-only", "bm25-only", "hybrid-unscoped", "textbook"):
        assert summary["full"]["fact_recall"] > summary[other]["fact_recall"], other
    assert summary["full"]["median_words"] < summary["textbook"]["median_words"]
    first = json.loads((out / "results.jsonl").read_text().splitlines()[0])
    assert {"id", "answer", "scores", "missing_facts"} <= set(first)


def test_an_evaluation_on_other_folders_leaves_the_configured_knowledge_base_alone(
    kb_dir, embedder, monkeypatch, tmp_path
):
    """`careerbot eval --kb DIR`: DIR's documents are evaluated in a scratch store of their own;
    the configured database keeps what it had, and a file moved out of DIR and back is there."""
    from careerbot.components import make_database
    from careerbot.settings import load_settings
    from db import open_database
    from tests.conftest import FIXTURES

    monkeypatch.setattr("careerbot.components.make_embedder", lambda settings: embedder)
    assert CliRunner().invoke(main, ["ingest"]).exit_code == 0  # the configured kb: kelp roles
    configured = make_database(load_settings())
    before = {d.doc_id for d in configured.documents.list()}
    other = tmp_path / "other-kb"
    other.mkdir()
    parcel = other / "test-parcel-sorter.md"
    parcel.write_bytes((FIXTURES / "test-parcel-sorter.md").read_bytes())
    (other / "kelp.md").write_bytes((kb_dir / "kelp-farm-assistant.md").read_bytes())
    args = ["eval", "--kb", str(other), "--config", "full", "--out", str(tmp_path / "out"),
            "--questions", str(FIXTURES / "questions" / "kelp-5.csv")]  # fmt: skip

    def evaluated() -> set[str]:
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        (scratch,) = (load_settings().data_dir / "eval").iterdir()
        return {d.doc_id for d in open_database(None, scratch).documents.list()}

    assert evaluated() == {"test-parcel-sorter", "kelp"}
    parcel.rename(tmp_path / "away.md")
    assert evaluated() == {"kelp"}
    (tmp_path / "away.md").rename(parcel)
    assert evaluated() == {"test-parcel-sorter", "kelp"}  # back, not a deletion to honour
    assert {d.doc_id for d in configured.documents.list()} == before
    assert "test-parcel-sorter" not in before
