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


def test_a_document_deleted_through_the_web_stays_deleted_though_kb_still_has_it(kb_dir, cli):
    from careerbot.components import make_database, make_store
    from careerbot.settings import load_settings
    from ingest.manage import delete_document

    cli("ingest")
    settings = load_settings()
    database = make_database(settings)
    delete_document(database, make_store(settings, database), "kelp-farm-assistant", "counselor")
    result = cli("ingest")
    assert result.exit_code == 0, result.output
    assert "kept the database's version of kelp-farm-assistant.md: deleted by counselor" in (
        result.output
    )
    assert "1 removed" in result.output
    listing = cli("kb", "list").output
    assert "kelp-farm-assistant" not in listing and "kelp-farm-technician" in listing


def test_ingest_without_a_kb_folder_ingests_the_database_documents(tmp_path, cli, monkeypatch):
    from careerbot.components import make_database
    from careerbot.settings import load_settings
    from ingest.manage import add_files
    from tests.conftest import FIXTURES

    monkeypatch.setenv("CAREERBOT_KB_DIR", str(tmp_path / "no-kb-here"))
    parcel = (FIXTURES / "test-parcel-sorter.md").read_bytes()
    add_files(make_database(load_settings()), [("test-parcel-sorter.md", parcel)], 10**7)
    result = cli("ingest")
    assert result.exit_code == 0, result.output
    assert "No knowledge base folder at" in result.output and "1 added" in result.output
    assert json.loads(cli("ingest", "--json").stdout)["folder"] is None


def test_ingest_json_tells_what_the_folder_brought_in(kb_dir, cli):
    result = json.loads(cli("ingest", "--json").stdout)
    assert sorted(result["folder"]["added"]) == [
        "kelp-farm-assistant.md",
        "kelp-farm-technician.txt",
    ]
    assert sorted(result["added"]) == ["kelp-farm-assistant", "kelp-farm-technician"]


def test_kb_export_writes_the_documents_and_their_metadata(kb_dir, cli, tmp_path):
    cli("ingest")
    result = cli("kb", "export", str(tmp_path / "copy"))
    assert result.exit_code == 0, result.output
    assert "Wrote 2 document(s) and 2 metadata file(s)" in result.output
    for path in kb_dir.iterdir():
        if path.name != "README.md":
            assert (tmp_path / "copy" / path.name).read_bytes() == path.read_bytes()


def test_a_database_that_does_not_answer_is_a_one_line_error(kb_dir, cli, monkeypatch):
    from tests.chroma_server import free_port

    url = f"postgresql://careerbot:s3cret@127.0.0.1:{free_port()}/careerbot"
    monkeypatch.setenv("CAREERBOT_DATABASE_URL", url)
    result = cli("ingest")
    assert result.exit_code == 1
    assert result.output.startswith("Error: The database postgresql://careerbot:***@127.0.0.1")
    assert "is not answering" in result.output and "s3cret" not in result.output
    assert len(result.output.strip().splitlines()) == 1
