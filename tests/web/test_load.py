"""Fifty people chatting for a minute against a real `careerbot serve` on loopback.

A test of errors, not of speed: the figures (latency, memory) are printed here and measured
by `python -m benchmarks.web_load --users 50 --duration 60` (docs/reliability.md).
"""

import pytest
from gradio_client import Client

from benchmarks.web_load import run_load, start_server

pytestmark = pytest.mark.slow


def test_fifty_users_for_a_minute_get_answers_and_no_errors(tmp_path, capsys):
    # fifty people have fifty addresses; here they share loopback, so no per-client limit
    proc, url = start_server(tmp_path / "data", {"CAREERBOT_WEB__QUESTIONS_PER_MINUTE": "0"})
    try:
        result = run_load(url, users=50, duration=60, pid=proc.pid)
        with capsys.disabled():
            print(f"\n50 users, 60 s: {result}")
        assert result["errors"] == 0, result["first_errors"]
        assert result["requests"] >= 50
        # and the server still answers afterwards
        data = Client(url, verbose=False).predict("Do OTAs need a license?", "", api_name="/ask")
        assert data["citations"] and not data["refused"]
    finally:
        proc.terminate()
        proc.wait(30)
