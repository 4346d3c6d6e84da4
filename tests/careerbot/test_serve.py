"""`careerbot serve`: loopback by default, a clear message for a taken port, no secrets shown."""

import logging
import socket

import pytest
from click.testing import CliRunner

from careerbot.cli import main
from careerbot.settings import load_settings
from web.errors import WebError
from web.server import check_port


def test_binds_to_loopback_unless_told_otherwise():
    assert load_settings().web.host == "127.0.0.1"


def test_a_taken_port_is_a_one_line_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        with pytest.raises(WebError, match=f"Port {port} on 127.0.0.1 is not free"):
            check_port("127.0.0.1", port)


def test_share_is_refused_with_a_reason():
    result = CliRunner().invoke(main, ["serve", "--share", "true"])
    assert result.exit_code == 2 and "offline" in result.output


def test_the_llm_key_never_shows_in_settings_output_or_logs(monkeypatch, caplog, bot):
    secret = "sk-test-DO-NOT-PRINT-12345"
    monkeypatch.setenv("CAREERBOT_BOT__LLM_API_KEY", secret)
    monkeypatch.setenv("CAREERBOT_BOT__LLM", "openai:some-model")
    monkeypatch.setenv("CAREERBOT_BOT__LLM_BASE_URL", "http://127.0.0.1:9/v1")
    result = CliRunner().invoke(main, ["settings"])
    assert secret not in result.output and "**********" in result.output

    from bot.llm import attach_llm

    caplog.set_level(logging.DEBUG)
    attach_llm(bot, load_settings().bot)
    try:
        answer = bot.answer("Do OTAs need a license?")
    finally:
        bot.llm = None
    assert answer.notice  # fell back: nothing listens on port 9
    assert secret not in caplog.text and secret not in answer.answer and secret not in answer.notice


def test_a_half_set_login_is_refused(monkeypatch, bot):
    from careerbot.components import make_web
    from careerbot.errors import SettingsError

    monkeypatch.setenv("CAREERBOT_WEB__AUTH_USER", "counselor")
    with pytest.raises(SettingsError, match="both web.auth_user and web.auth_password"):
        make_web(load_settings(), bot)


def test_a_public_host_without_a_login_is_refused_unless_allowed(monkeypatch, bot):
    from careerbot.components import make_web
    from careerbot.errors import SettingsError

    monkeypatch.setenv("CAREERBOT_WEB__HOST", "0.0.0.0")
    with pytest.raises(SettingsError, match="anyone upload and delete"):
        make_web(load_settings(), bot)
    monkeypatch.setenv("CAREERBOT_WEB__OPEN_ADMIN", "true")
    app, options = make_web(load_settings(), bot)
    assert options.host == "0.0.0.0" and options.auth is None
