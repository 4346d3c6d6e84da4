"""Shared fixtures: every test gets its own data dir; unit tests run on a small fictional
knowledge base (tests/fixtures/kb), end-to-end tests on the shipped kb/.

`pytest --booted-seconds-ago=5` runs the suite as on a machine that booted 5 s before: the
monotonic clock the product reads starts there (it still advances in real time).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.offline import offline_environment

offline_environment()

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
KB = FIXTURES / "kb"  # fictional roles, for unit tests
SHIPPED_KB = ROOT / "kb"  # the real documents, for a handful of end-to-end tests


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--booted-seconds-ago",
        type=float,
        default=None,
        help="Run as if the machine had booted this many seconds before the session started.",
    )


@pytest.fixture(scope="session", autouse=True)
def boot_clock(request: pytest.FixtureRequest):
    """time.monotonic() reads as on a freshly booted machine when --booted-seconds-ago is set."""
    booted = request.config.getoption("--booted-seconds-ago")
    if booted is None:
        yield
        return
    import time

    real = time.monotonic
    shift = real() - booted
    time.monotonic = lambda: real() - shift
    try:
        yield
    finally:
        time.monotonic = real


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test touches the developer's data dir, database or settings file."""
    data = tmp_path / "data"
    monkeypatch.setenv("CAREERBOT_DATA_DIR", str(data))
    monkeypatch.delenv("CAREERBOT_CHROMA_URL", raising=False)
    monkeypatch.delenv("CAREERBOT_DATABASE_URL", raising=False)
    monkeypatch.delenv("CAREERBOT_SETTINGS", raising=False)
    monkeypatch.chdir(tmp_path)
    return data


def _configured_copy(kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a knowledge base, configured as the one careerbot answers from."""
    target = tmp_path / "kb"
    shutil.copytree(kb, target)
    monkeypatch.setenv("CAREERBOT_KB_DIR", str(target))
    return target


@pytest.fixture
def kb_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fictional test knowledge base that a test may change."""
    return _configured_copy(KB, tmp_path, monkeypatch)


@pytest.fixture
def shipped_kb_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped knowledge base, for end-to-end tests."""
    return _configured_copy(SHIPPED_KB, tmp_path, monkeypatch)


@pytest.fixture
def database(tmp_path: Path):
    """The application database as `careerbot` opens it by default: SQLite in the data dir."""
    from db import open_database

    db = open_database(None, tmp_path / "data")
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def postgres_server():
    """A throw-away PostgreSQL cluster for the session (tests/postgres_server.py)."""
    from tests.postgres_server import PostgresServer, postgres_bin

    if postgres_bin() is None:
        pytest.fail("PostgreSQL is not installed; run `make postgres` (apt-get install postgresql)")
    with PostgresServer() as server:
        yield server


@pytest.fixture
def postgres_url(postgres_server, request) -> str:
    """The URL of a new, empty PostgreSQL database for one test."""
    import hashlib

    name = "t_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16]
    return postgres_server.create_database(name)


class MemoEmbedder:
    """The bundled MiniLM, remembering vectors so tests that embed the same kb pay once."""

    def __init__(self) -> None:
        from ingest.config import IngestSettings
        from ingest.embedding import make_embedder

        self.inner = make_embedder(IngestSettings().embedding_backend)
        self.model_id = self.inner.model_id
        self.memo: dict[str, object] = {}

    def encode(self, texts, progress=None):
        import numpy as np

        missing = list(dict.fromkeys(t for t in texts if t not in self.memo))
        if missing:
            for text, vector in zip(missing, self.inner.encode(missing), strict=True):
                self.memo[text] = vector
        if progress:
            progress(len(texts))
        return np.array([self.memo[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.fixture(scope="session")
def embedder() -> MemoEmbedder:
    """The bundled MiniLM, loaded once per test session."""
    return MemoEmbedder()


class CountingEmbedder:
    """The real embedder, counting what it is asked to embed."""

    def __init__(self, inner, model_id: str | None = None) -> None:
        self.inner = inner
        self.texts: list[str] = []
        self._model_id = model_id

    @property
    def model_id(self) -> str:
        return self._model_id or self.inner.model_id

    def encode(self, texts, progress=None):
        self.texts.extend(texts)
        return self.inner.encode(texts, progress=progress)


@pytest.fixture
def counting_embedder(embedder) -> CountingEmbedder:
    return CountingEmbedder(embedder)


def _ingested_store(tmp_path_factory, embedder, kb: Path, name: str):
    from ingest.pipeline import ingest_kb
    from ingest.store import Store

    root = tmp_path_factory.mktemp(name)
    shutil.copytree(kb, root / "kb")
    store = Store(root / "data")
    ingest_kb(root / "kb", store, embedder)
    return store


def bot_over(tmp_path_factory, embedder, name: str, documents: dict[str, str]):
    """A bot over a knowledge base of these documents (file name -> text), ingested once."""
    from bot.service import CareerBot

    kb = tmp_path_factory.mktemp(f"{name}-kb")
    for file_name, text in documents.items():
        (kb / file_name).write_text(text)
    return CareerBot(_ingested_store(tmp_path_factory, embedder, kb, name), embedder)


@pytest.fixture(scope="session")
def kb_store(tmp_path_factory, embedder):
    """The fictional test kb, ingested once per test session (tests must not change it)."""
    return _ingested_store(tmp_path_factory, embedder, KB, "fixture-kb")


@pytest.fixture(scope="session")
def bot(kb_store, embedder):
    """A bot over the fictional test kb."""
    from bot.service import CareerBot

    return CareerBot(kb_store, embedder)


@pytest.fixture(scope="session")
def shipped_bot(tmp_path_factory, embedder):
    """A bot over the shipped kb/ (end-to-end tests; they must not change it)."""
    from bot.service import CareerBot

    return CareerBot(_ingested_store(tmp_path_factory, embedder, SHIPPED_KB, "shipped"), embedder)


def _texts(kb: Path) -> dict[str, str]:
    return {
        p.name: p.read_text()
        for p in kb.iterdir()
        if p.suffix in (".md", ".txt") and p.name != "README.md"
    }


@pytest.fixture(scope="session")
def kb_texts() -> dict[str, str]:
    """Source file name -> its text in the fictional test kb, to check quotes against."""
    return _texts(KB)


@pytest.fixture(scope="session")
def shipped_texts() -> dict[str, str]:
    """Source file name -> its text in the shipped kb/."""
    return _texts(SHIPPED_KB)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.slow)])
def any_database(request, tmp_path):
    """The application database on SQLite (fast) and on a real PostgreSQL (slow)."""
    from db import open_database

    url = None if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    database = open_database(url, tmp_path / "data")
    yield database
    database.dispose()


class Clock:
    """A clock a test moves by hand (`clock.now += 10`): whatever reads it sees no other time."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


KELP_SET = FIXTURES / "questions" / "kelp-5.csv"  # five questions on the fictional kb
