"""One ingest at a time across replicas: waits its turn, and a dead holder never keeps it."""

import os
import signal
import subprocess
import sys
import threading

import pytest

from db import Database, LockTimeout
from tests.conftest import ROOT

NAME = "ingest:careerbot"


def replica(database: Database, name: str) -> Database:
    """Another replica on the same database (its own engine, its own connections)."""
    return Database(database.url, replica=name)


def test_the_lock_names_its_holder_while_held_and_nobody_after(any_database):
    lock = replica(any_database, "replica a").ingest_lock(NAME)
    with lock.hold(0):
        assert lock.holder().holder == "replica a"
    assert lock.holder() is None


def test_a_second_ingest_that_will_not_wait_fails_at_once_naming_the_first(any_database):
    first = replica(any_database, "replica a").ingest_lock(NAME)
    second = replica(any_database, "replica b").ingest_lock(NAME)
    refused = pytest.raises(LockTimeout, match=r"Another ingest .*replica a")
    with first.hold(0), refused as err, second.hold(0):
        pass
    assert err.value.holder == "replica a"
    with second.hold(0):  # and once the first is done, the lock is free
        pass


def test_a_waiting_ingest_runs_when_the_first_one_finishes(any_database):
    first = replica(any_database, "replica a").ingest_lock(NAME)
    second = replica(any_database, "replica b").ingest_lock(NAME)
    waiting = threading.Event()
    order: list[str] = []
    seen_holder = []

    def run_second() -> None:
        def on_wait(holder) -> None:
            seen_holder.append(holder.holder if holder else None)
            waiting.set()

        with second.hold(60, on_wait=on_wait):
            order.append("second")

    with first.hold(0):
        thread = threading.Thread(target=run_second)
        thread.start()
        assert waiting.wait(30), "the second ingest never started waiting"
        order.append("first")
    thread.join(60)
    assert order == ["first", "second"] and seen_holder == ["replica a"]


def test_a_wait_that_runs_out_says_how_long_it_waited(any_database):
    first = replica(any_database, "replica a").ingest_lock(NAME)
    second = replica(any_database, "replica b").ingest_lock(NAME)
    refused = pytest.raises(LockTimeout, match="still running after 0.2 s")
    with first.hold(0), refused, second.hold(0.2):
        pass


def test_a_replica_killed_while_holding_the_lock_does_not_keep_it(any_database, tmp_path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from db import Database\n"
            "from sqlalchemy import make_url\n"
            "db = Database(make_url(sys.argv[1]), replica='doomed replica')\n"
            f"held = db.ingest_lock({NAME!r}).hold(0)\n"
            "held.__enter__()\n"
            "print('held', flush=True)\n"
            "time.sleep(600)\n",
            any_database.url.render_as_string(hide_password=False),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        lock = replica(any_database, "survivor").ingest_lock(NAME)
        with pytest.raises(LockTimeout, match="doomed replica"), lock.hold(0):
            pass
        holder.send_signal(signal.SIGKILL)  # no clean-up runs in the holder
        holder.wait(30)
        # The server (PostgreSQL) or the kernel (the file lock) frees it when the process is
        # gone; the wait only bounds how long that may take.
        with lock.hold(30):
            assert lock.holder().holder == "survivor"
    finally:
        holder.kill()
        holder.wait()
