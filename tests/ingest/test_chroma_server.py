"""Ingestion into a real `chroma run` server, through the same code path as the embedded store."""

import pytest

from ingest.errors import StoreUnavailable
from ingest.pipeline import ingest_kb
from ingest.store import Store
from tests.chroma_server import ChromaServer, free_port

pytestmark = pytest.mark.slow


def test_ingest_into_a_chroma_server(tmp_path, kb_dir, embedder):
    with ChromaServer(tmp_path / "server-data") as server:
        store = Store(tmp_path / "local", chroma_url=server.url)
        report = ingest_kb(kb_dir, store, embedder)
        assert len(report.added) == 2
        # A second client (another machine, say) sees the same documents.
        other = Store(tmp_path / "elsewhere", chroma_url=server.url)
        assert set(other.documents()) == set(report.added)
        assert other.count() == report.chunks_total
        again = ingest_kb(kb_dir, other, embedder)
        assert sorted(again.unchanged) == sorted(report.added) and not again.changed_anything
    # nothing was written to the local data dir but the lock file
    assert not (tmp_path / "local" / "chroma").exists()


def test_a_server_that_is_not_there_gives_a_clear_message(tmp_path, kb_dir, embedder):
    store = Store(tmp_path / "local", chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreUnavailable, match="not answering"):
        ingest_kb(kb_dir, store, embedder)
