"""`careerbot ingest` and `careerbot kb list` as a user runs them."""

import json

import pytest
from click.testing import CliRunner

from careerbot.cli import main


@pytest.fixture
def cli(embedder, monkeypatch):
    monkeypatch.setattr("careerbot.components.make_embedder", lambda settings: embedder)
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return run


def test_ingest_reports_both_documents_then_nothing_changed(kb_dir, cli):
    first = cli("ingest")
    assert first.exit_code == 0, first.output
    assert "2 added, 0 changed, 0 removed" in first.output
    second = cli("ingest")
    assert "0 added, 0 changed, 0 removed, 2 unchanged, 0 skipped" in second.output
    assert "0 embedded" in second.output


def test_touching_one_file_reembeds_only_that_file(kb_dir, cli):
    cli("ingest")
    path = kb_dir / "kelp-farm-assistant.md"
    path.write_text(path.read_text() + "\nAn added line.\n")
    result = json.loads(cli("ingest", "--json").stdout)
    assert result["changed"] == ["kelp-farm-assistant"]
    assert result["unchanged"] == ["kelp-farm-technician"]


def test_skipped_files_are_named_in_the_summary(kb_dir, cli):
    (kb_dir / "scan.pdf").write_bytes(b"not a pdf")
    result = cli("ingest")
    assert result.exit_code == 0
    assert "skipped scan.pdf: not a readable PDF" in result.output


def test_kb_list_shows_documents_roles_and_chunk_counts(kb_dir, cli):
    assert "The store is empty" in cli("kb", "list").output
    cli("ingest")
    listing = cli("kb", "list").output
    assert "kelp-farm-technician" in listing
    assert "Kelp Farm Assistant (" in listing and "KFA" in listing
    rows = [json.loads(line) for line in cli("kb", "list", "--json").stdout.splitlines()]
    assert {r["doc_id"]: r["chunks"] > 0 for r in rows} == {
        "kelp-farm-technician": True,
        "kelp-farm-assistant": True,
    }


def test_missing_kb_folder_is_a_one_line_error(cli, tmp_path):
    result = cli("ingest", "--kb", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert (
        result.output.strip() == f"Error: Knowledge base folder not found: {tmp_path / 'nowhere'}"
    )


def test_rebuild_embeds_everything_again(kb_dir, cli):
    cli("ingest")
    result = cli("ingest", "--rebuild")
    assert "Rebuilt the store" in result.output and "2 added" in result.output


def test_settings_file_with_an_unknown_key_is_rejected(tmp_path, cli):
    (tmp_path / "careerbot.toml").write_text("[ingest]\nbatch = 3\n")
    result = cli("ingest")
    assert result.exit_code == 1
    assert "unknown setting 'ingest.batch'" in result.output
    assert "batch_size" in result.output


def test_after_an_ingest_the_first_question_loads_the_keyword_index_instead_of_building_it(
    kb_dir, cli, monkeypatch
):
    assert cli("ingest").exit_code == 0

    def build(*args):
        raise AssertionError("the keyword index was built again at the first question")

    monkeypatch.setattr("bot.index.KnowledgeIndex._index_chunks", build)
    result = cli("ask", "--json", "How much do kelp techs make?")
    assert result.exit_code == 0, result.output
    assert "$41,300" in json.loads(result.stdout)["answer"]


def test_kb_list_shows_roles_read_from_documents_without_metadata(kb_dir, cli):
    (kb_dir / "kelp-farm-assistant.meta.yaml").unlink()
    cli("ingest")
    listing = cli("kb", "list").output
    line = next(ln for ln in listing.splitlines() if ln.startswith("kelp-farm-assistant"))
    assert "Kelp Farm Assistant" in line and "[read from the text]" in line
    assert "guessed: KF assistant, KFA" not in line  # no initials for a farm
    assert "guessed:" in line and "KFA" in line
    assert "write a <name>.meta.yaml" in listing
