"""One ingest at a time across every replica that shares the database.

PostgreSQL: a session-level advisory lock on a connection of its own, held for the whole
ingest. The server releases it the moment that connection ends, so a replica that dies
(SIGKILL, OOM, power) never holds it: nothing to expire, no clock to trust.
SQLite (one machine): a file lock beside the database file, which the operating system
releases when the process ends.
Either way the holder's name is written to the ingest_lock table, for the messages of those
who wait; that row is information, not the lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from db.connection import Connector
from db.errors import LockTimeout
from db.schema import ingest_lock

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LockHolder:
    holder: str
    since: float

    def describe(self) -> str:
        return f"{self.holder}, since {time.strftime('%H:%M:%S', time.localtime(self.since))}"


def advisory_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_lock from the lock's name."""
    return int.from_bytes(
        hashlib.sha256(f"careerbot:{name}".encode()).digest()[:8], "big", signed=True
    )


class IngestLock:
    def __init__(self, database: Connector, name: str) -> None:
        self.database = database
        self.name = name

    def holder(self) -> LockHolder | None:
        """Who wrote that they hold the lock (may be stale right after a holder died)."""
        with self.database.connect() as conn:
            row = conn.execute(
                select(ingest_lock.c.holder, ingest_lock.c.since).where(
                    ingest_lock.c.name == self.name
                )
            ).first()
        if row is None or not row.holder:
            return None
        return LockHolder(row.holder, row.since or 0.0)

    @contextlib.contextmanager
    def hold(
        self, wait_seconds: float, on_wait: Callable[[LockHolder | None], None] | None = None
    ) -> Iterator[None]:
        """Hold the lock for the block; wait up to wait_seconds for it (LockTimeout after)."""
        acquire = self._postgres if self.database.is_postgres else self._file
        with acquire(wait_seconds, on_wait):
            self._write_holder(self.database.replica)
            try:
                yield
            finally:
                with contextlib.suppress(Exception):  # information only; the lock goes anyway
                    self._write_holder(None)

    def _timeout(self, wait_seconds: float) -> LockTimeout:
        current = self.holder()
        who = current.describe() if current else "another replica"
        waited = f"; it was still running after {wait_seconds:g} s" if wait_seconds > 0 else ""
        return LockTimeout(
            f"Another ingest is running on this store ({who}){waited}: wait for it to finish "
            "and try again",
            holder=current.holder if current else "",
        )

    @contextlib.contextmanager
    def _postgres(self, wait_seconds: float, on_wait) -> Iterator[None]:
        key = advisory_key(self.name)
        with self.database.guard():
            conn = self.database.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            try:
                self._postgres_acquire(conn, key, wait_seconds, on_wait)
            except BaseException:
                conn.invalidate()
                conn.close()
                raise
        try:
            yield
        finally:
            # Unlocking first makes the lock free the moment this returns (a closed connection
            # frees it too, but only once the server has noticed); the connection is then
            # discarded rather than pooled, so nothing of this session (lock_timeout, a lock
            # an unlock that failed left behind) outlives it.
            with contextlib.suppress(Exception):
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.invalidate()
            conn.close()

    def _postgres_acquire(self, conn, key: int, wait_seconds: float, on_wait) -> None:
        if conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            return
        if on_wait:
            on_wait(self.holder())
        if wait_seconds <= 0:
            raise self._timeout(wait_seconds)
        # The server queues the waiters and wakes the first one the moment the lock is free;
        # lock_timeout bounds the wait.
        conn.execute(text(f"SET lock_timeout = {int(wait_seconds * 1000)}"))
        try:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", "") == "55P03":  # lock_not_available
                raise self._timeout(wait_seconds) from exc
            raise

    @contextlib.contextmanager
    def _file(self, wait_seconds: float, on_wait) -> Iterator[None]:
        from filelock import FileLock, Timeout

        path = f"{self.database.url.database}.{self.name.replace(':', '-')}.lock"
        lock = FileLock(path, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            if on_wait:
                on_wait(self.holder())
            if wait_seconds <= 0:
                raise self._timeout(wait_seconds) from None
            try:
                lock.acquire(timeout=wait_seconds)
            except Timeout:
                raise self._timeout(wait_seconds) from None
        try:
            yield
        finally:
            lock.release()

    def _write_holder(self, holder: str | None) -> None:
        since = time.time() if holder else None
        with self.database.begin() as conn:
            done = conn.execute(
                update(ingest_lock)
                .where(ingest_lock.c.name == self.name)
                .values(holder=holder, since=since)
            ).rowcount
            if done:
                return
        with contextlib.suppress(IntegrityError), self.database.begin() as conn:
            conn.execute(ingest_lock.insert().values(name=self.name, holder=holder, since=since))
