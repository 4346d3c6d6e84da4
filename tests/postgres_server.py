"""A throw-away PostgreSQL cluster on loopback, made by initdb in a temp dir for a test session.

Debian's postgresql package puts initdb and pg_ctl under /usr/lib/postgresql/<version>/bin;
they refuse to run as root, so as root they run as the `postgres` user (runuser), on a
folder of their own outside pytest's (which only root may enter).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.chroma_server import free_port


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None when it is not installed."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


class PostgresServer:
    def __init__(self, database: str = "careerbot") -> None:
        self.bin = postgres_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed: `make postgres` installs it")
        self.port = free_port()
        self.database = database
        self.root = Path(tempfile.mkdtemp(prefix="careerbot-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self._as_postgres: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            self._as_postgres = ["runuser", "-u", "postgres", "--"]

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self._as_postgres, *args], check=True, capture_output=True, text=True, cwd="/"
        )

    def start(self, timeout: float = 60) -> PostgresServer:
        if not self.data.exists():
            self._run(
                str(self.bin / "initdb"),
                "-D", str(self.data),
                "-U", "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
            )  # fmt: skip
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
            "-o", options, "-w", "-t", str(int(timeout)), "start",
        )  # fmt: skip
        import psycopg

        deadline = time.monotonic() + timeout
        while True:  # waits (bounded) for the server to take connections
            try:
                with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=2) as conn:
                    exists = conn.execute(
                        "SELECT 1 FROM pg_database WHERE datname = %s", (self.database,)
                    ).fetchone()
                    if not exists:
                        conn.execute(f'CREATE DATABASE "{self.database}"')
                return self
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def create_database(self, name: str) -> str:
        """A new empty database on this server (dropped first if a run left it); its URL."""
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.remove()
