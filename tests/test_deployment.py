"""Past one machine: two `careerbot serve` replicas sharing a real PostgreSQL (documents,
feedback, the ingest lock) and a real `chroma run` (vectors), as docs/deploy.md sets them up.

Interleavings are driven by the database itself, never by sleeps: the test holds the ingest
lock (or the row its holder writes) and watches pg_locks to know where each replica is.
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
from gradio_client import Client, handle_file

from db.lock import advisory_key
from ingest.store import Store
from tests.chroma_server import ChromaServer, free_port
from tests.conftest import FIXTURES, KB

pytestmark = pytest.mark.slow
LOCK = "ingest:careerbot"
LOGIN = ("counselor", "deployment-test")


class Replica:
    """One `careerbot serve` process with its own kb/ copy and data dir."""

    def __init__(self, name: str, root: Path, chroma_url: str, database_url: str) -> None:
        self.name = name
        self.root = root
        root.mkdir(parents=True)
        shutil.copytree(KB, root / "kb")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.env = {
            **os.environ,
            "CAREERBOT_KB_DIR": str(root / "kb"),
            "CAREERBOT_DATA_DIR": str(root / "data"),
            "CAREERBOT_CHROMA_URL": chroma_url,
            "CAREERBOT_DATABASE_URL": database_url,
            "CAREERBOT_WEB__AUTH_USER": LOGIN[0],
            "CAREERBOT_WEB__AUTH_PASSWORD": LOGIN[1],
            # every question looks at the shared store: what one replica adds, the other's
            # next question sees, with no polling in the test
            "CAREERBOT_BOT__FRESHNESS_SECONDS": "0",
        }
        self.proc: subprocess.Popen | None = None

    def start(self) -> Replica:
        careerbot = Path(sys.executable).parent / "careerbot"
        log = (self.root / "serve.log").open("a")
        self.proc = subprocess.Popen(
            [str(careerbot), "serve", "--port", str(self.port)],
            env=self.env,
            stdout=log,
            stderr=log,
        )
        return self

    def wait(self, timeout: float = 240) -> Replica:
        """Until the replica serves; bounded, so a slow machine only waits longer."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"replica {self.name} exited: {self.log_tail()}"
            try:
                if httpx.get(self.url, timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.5)
        raise TimeoutError(f"replica {self.name} did not start: {self.log_tail()}")

    def log_tail(self) -> str:
        return (self.root / "serve.log").read_text()[-3000:]

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def restart(self) -> Replica:
        self.stop()
        return self.start().wait()

    def ask(self, question: str) -> dict:
        return Client(self.url, verbose=False).predict(question, "", api_name="/ask")

    def admin(self) -> Client:
        return Client(self.url + "admin/", auth=LOGIN, verbose=False)


@dataclass
class Deployment:
    a: Replica
    b: Replica
    chroma: ChromaServer
    database_url: str

    def sql(self, query: str, *args) -> list[tuple]:
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            return conn.execute(query, args).fetchall()

    def store(self) -> Store:
        return Store(self.a.root / "probe", chroma_url=self.chroma.url)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, postgres_server):
    root = tmp_path_factory.mktemp("deployment")
    database_url = postgres_server.create_database("deployment")
    chroma = ChromaServer(root / "chroma").start()
    replicas = [Replica(n, root / n, chroma.url, database_url) for n in ("a", "b")]
    try:
        for replica in replicas:  # both at once: migrations and start-up ingests take turns
            replica.start()
        for replica in replicas:
            replica.wait()
        yield Deployment(*replicas, chroma, database_url)
    finally:
        for replica in replicas:
            replica.stop()
        chroma.stop()


def role_document(tmp_path: Path, role: str, figure: str) -> Path:
    """A fictional role document in the shape of the parcel-sorter fixture."""
    text = (FIXTURES / "test-parcel-sorter.md").read_text()
    text = text.replace("Parcel Sorter", role).replace("$12,345", figure)
    path = tmp_path / f"test-{role.lower().replace(' ', '-')}.md"
    path.write_text(text)
    return path


def upload(replica: Replica, path: Path):
    return replica.admin().submit([handle_file(str(path))], api_name="/upload")


def lock_key_parts() -> tuple[int, int]:
    """pg_locks shows a bigint advisory key as classid (high 32 bits) and objid (low 32)."""
    key = advisory_key(LOCK) & 0xFFFFFFFFFFFFFFFF
    return key >> 32, key & 0xFFFFFFFF


def lock_requests(deployment: Deployment) -> list[tuple[str, bool]]:
    """(application name, granted) of every session holding or awaiting the ingest lock."""
    classid, objid = lock_key_parts()
    return deployment.sql(
        "SELECT a.application_name, l.granted FROM pg_locks l JOIN pg_stat_activity a "
        "ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.classid = %s AND l.objid = %s "
        "AND l.objsubid = 1",
        classid,
        objid,
    )


def wait_for(condition, what: str, timeout: float = 120) -> None:
    """Until condition() holds; bounded, so a slow machine only waits longer."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout} s for {what}")
        time.sleep(0.1)


def of(replica: Replica) -> str:
    return f"pid {replica.proc.pid}"


def store_is_consistent(store: Store) -> dict:
    """No half-written document is visible: each registered document has all its chunks."""
    docs = {d: r for d, r in store.documents().items() if r.state != "deleting"}
    live: dict[str, int] = {}
    for meta in store.chunks.get(include=["metadatas"])["metadatas"]:
        doc = docs.get(meta["doc_id"])
        if doc is not None and meta["doc_hash"] == doc.content_hash:
            live[meta["doc_id"]] = live.get(meta["doc_id"], 0) + 1
    assert all(live.get(d, 0) == r.chunks for d, r in docs.items()), "half-written documents"
    return docs


def test_a_document_uploaded_through_one_replica_is_answered_through_the_other(deployment):
    a, b = deployment.a, deployment.b
    question = "How much does a Parcel Sorter earn?"
    assert b.ask(question)["refused"]

    status, _, _ = upload(a, FIXTURES / "test-parcel-sorter.md").result(timeout=300)
    assert "✓ **test-parcel-sorter.md**" in status

    # the upload returns once the document is in the shared store
    data = b.ask(question)
    assert "$12,345" in data["answer"]
    assert data["citations"][0]["doc_id"] == "test-parcel-sorter"
    # it lives in the database, with who uploaded it; no replica's kb/ folder holds it
    [(by, via)] = deployment.sql(
        "SELECT uploaded_by, added_via FROM documents WHERE doc_id = 'test-parcel-sorter'"
    )
    assert (by, via) == (LOGIN[0], "upload")
    assert not list(a.root.glob("kb/test-parcel-sorter*"))
    assert not list(b.root.glob("kb/test-parcel-sorter*"))


def _exported(admin, api_name: str) -> str:
    """The file an export button hands back (the view returns it as an update of its file box)."""
    result = admin.predict(api_name=api_name)
    return result["value"] if isinstance(result, dict) else result


@pytest.mark.browser
def test_feedback_given_on_one_replica_is_exported_from_the_other(deployment):
    from tests.browser import chromium_page

    a, b = deployment.a, deployment.b
    assert a.ask("How much does a dental hygienist make?")["refused"]  # kept as a gap
    with chromium_page() as page:  # a thumbs-up in the chat of replica a
        page.goto(a.url)
        page.locator("#question textarea").fill("Do KFAs need a license?")
        page.locator("#ask").click()
        chat = page.locator("#chat")
        chat.get_by_text("State aquaculture license", exact=False).first.wait_for(timeout=60_000)
        chat.get_by_role("button", name="Like").last.click()
        page.wait_for_function(
            "() => document.body.innerText.includes('feedback is saved')", timeout=30_000
        )

    admin = b.admin()
    with open(_exported(admin, "/export_feedback"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["rating"], r["question"]) for r in rows] == [("up", "Do KFAs need a license?")]
    with open(_exported(admin, "/export_refused"), encoding="utf-8") as f:
        refused = [r["question"] for r in csv.DictReader(f)]
    assert "How much does a dental hygienist make?" in refused


def test_a_document_deleted_through_one_replica_stays_deleted_after_the_other_restarts(
    deployment,
):
    a, b = deployment.a, deployment.b
    question = "What does a kelp farm assistant do in the processing shed?"
    assert "kelp-farm-assistant" in {c["doc_id"] for c in a.ask(question)["citations"]}

    status, _, _ = b.admin().predict("kelp-farm-assistant", True, api_name="/delete")
    assert "Deleted **kelp-farm-assistant**" in status
    assert "kelp-farm-assistant" not in {c["doc_id"] for c in a.ask(question)["citations"]}

    # replica a still has the file in its own kb/ folder, and starts again
    assert (a.root / "kb" / "kelp-farm-assistant.md").exists()
    a.restart()
    assert "kelp-farm-assistant" not in {c["doc_id"] for c in a.ask(question)["citations"]}
    assert "kelp-farm-assistant" not in deployment.store().documents()
    [(state, by)] = deployment.sql(
        "SELECT state, deleted_by FROM documents WHERE doc_id = 'kelp-farm-assistant'"
    )
    assert (state, by) == ("deleted", LOGIN[0])


def test_two_uploads_at_once_on_both_replicas_both_land(deployment, tmp_path):
    a, b = deployment.a, deployment.b
    crate = role_document(tmp_path, "Crate Stacker", "$23,456")
    lamp = role_document(tmp_path, "Lamp Tender", "$34,567")
    with psycopg.connect(deployment.database_url, autocommit=True) as held:
        held.execute("SELECT pg_advisory_lock(%s)", (advisory_key(LOCK),))
        jobs = [upload(a, crate), upload(b, lamp)]
        # both replicas stored their document and now wait for the ingest lock

        def both_waiting() -> bool:
            waiting = [name for name, granted in lock_requests(deployment) if not granted]
            return any(of(a) in n for n in waiting) and any(of(b) in n for n in waiting)

        wait_for(both_waiting, "both uploads to wait for the ingest lock")
        held.execute("SELECT pg_advisory_unlock(%s)", (advisory_key(LOCK),))
    statuses = [job.result(timeout=300)[0] for job in jobs]
    assert "✓ **test-crate-stacker.md**" in statuses[0], statuses[0]
    assert "✓ **test-lamp-tender.md**" in statuses[1], statuses[1]
    for replica in (a, b):
        assert "$23,456" in replica.ask("How much does a Crate Stacker earn?")["answer"]
        assert "$34,567" in replica.ask("How much does a Lamp Tender earn?")["answer"]


def test_a_replica_killed_during_an_upload_leaves_everything_consistent_and_the_lock_free(
    deployment, tmp_path
):
    a, b = deployment.a, deployment.b
    rope = role_document(tmp_path, "Rope Coiler", "$45,678")
    net = role_document(tmp_path, "Net Mender", "$56,789")
    with psycopg.connect(deployment.database_url) as blocker:
        # The holder of the ingest lock writes its name into this row right after taking the
        # lock; holding the row makes replica a stop there, lock in hand.
        blocker.execute("SELECT holder FROM ingest_lock WHERE name = %s FOR UPDATE", (LOCK,))
        job = upload(a, rope)
        wait_for(
            lambda: any(granted and of(a) in name for name, granted in lock_requests(deployment)),
            "replica a to hold the ingest lock",
        )
        a.proc.send_signal(signal.SIGKILL)
        a.proc.wait(30)
        # The server frees the lock when the dead replica's connection ends.
        wait_for(lambda: not lock_requests(deployment), "the lock to be released")
        blocker.rollback()
    with contextlib.suppress(Exception):
        job.result(timeout=5)  # the upload's request died with its replica

    # The document was stored before the ingest began; the store shows nothing half-written.
    [(state,)] = deployment.sql("SELECT state FROM documents WHERE doc_id = 'test-rope-coiler'")
    assert state == "live"
    assert "test-rope-coiler" not in store_is_consistent(deployment.store())

    # The lock is free: the next upload, through b, runs at once and takes in a's document too.
    status, _, _ = upload(b, net).result(timeout=300)
    assert "✓ **test-net-mender.md**" in status
    assert "$45,678" in b.ask("How much does a Rope Coiler earn?")["answer"]
    assert "$56,789" in b.ask("How much does a Net Mender earn?")["answer"]
    docs = store_is_consistent(deployment.store())
    live = {
        doc_id for (doc_id,) in deployment.sql("SELECT doc_id FROM documents WHERE state = 'live'")
    }
    assert set(docs) == live  # the store holds exactly the database's documents
    a.start().wait()  # and the killed replica comes back
    assert "$45,678" in a.ask("How much does a Rope Coiler earn?")["answer"]
