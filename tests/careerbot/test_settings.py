from pathlib import Path

import pytest

from careerbot.errors import SettingsError
from careerbot.settings import load_settings


def test_defaults():
    settings = load_settings()
    assert settings.kb_dir == Path("kb")
    assert settings.chroma_url is None
    assert settings.web.host == "127.0.0.1"


def test_env_beats_file_beats_defaults(tmp_path, monkeypatch):
    (tmp_path / "careerbot.toml").write_text(
        'kb_dir = "from-file"\nchroma_url = "http://file:1"\n[web]\nport = 9001\n'
    )
    monkeypatch.setenv("CAREERBOT_CHROMA_URL", "http://env:2")
    monkeypatch.setenv("CAREERBOT_INGEST__BATCH_SIZE", "8")
    settings = load_settings()
    assert settings.kb_dir == Path("from-file")
    assert settings.chroma_url == "http://env:2"
    assert settings.web.port == 9001
    assert settings.ingest.batch_size == 8


def test_the_three_names_other_tools_rely_on(monkeypatch, tmp_path):
    monkeypatch.setenv("CAREERBOT_KB_DIR", str(tmp_path / "k"))
    monkeypatch.setenv("CAREERBOT_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("CAREERBOT_CHROMA_URL", "http://127.0.0.1:8000")
    settings = load_settings()
    assert (settings.kb_dir, settings.data_dir, settings.chroma_url) == (
        tmp_path / "k",
        tmp_path / "d",
        "http://127.0.0.1:8000",
    )


def test_named_settings_file_must_exist(tmp_path):
    with pytest.raises(SettingsError, match="Settings file not found"):
        load_settings(tmp_path / "missing.toml")


def test_bad_value_names_the_key(monkeypatch):
    monkeypatch.setenv("CAREERBOT_WEB__PORT", "not-a-port")
    with pytest.raises(SettingsError, match="web.port"):
        load_settings()


def test_docs_settings_page_is_current():
    from careerbot.settings import settings_reference
    from tests.conftest import ROOT

    assert (ROOT / "docs" / "settings.md").read_text() == settings_reference(), (
        "regenerate with: careerbot settings --reference > docs/settings.md"
    )


def test_the_database_password_never_shows_in_settings_output(monkeypatch):
    from click.testing import CliRunner

    from careerbot.cli import main

    monkeypatch.setenv("CAREERBOT_DATABASE_URL", "postgresql://careerbot:s3cret@db.internal/cb")
    result = CliRunner().invoke(main, ["settings"])
    assert result.exit_code == 0
    assert "s3cret" not in result.output
    assert "postgresql://careerbot:***@db.internal/cb" in result.output
