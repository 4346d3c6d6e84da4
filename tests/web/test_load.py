"""Fifty people chatting for a minute against a real `careerbot serve` on loopback."""

import pytest

from benchmarks.web_load import run_load, start_server

pytestmark = pytest.mark.slow


def test_fifty_users_for_a_minute_no_errors_memory_flat(tmp_path, capsys):
    proc, url = start_server(tmp_path / "data")
    try:
        result = run_load(url, users=50, duration=60, pid=proc.pid)
    finally:
        proc.terminate()
        proc.wait(30)
    with capsys.disabled():
        print(f"\n50 users, 60 s: {result}")
    assert result["errors"] == 0, result["first_errors"]
    assert result["requests"] >= 50
    # memory is flat: what the server holds after a minute of load is what it held early on
    assert result["server_rss_mb_end"] - result["server_rss_mb_start"] < 150
