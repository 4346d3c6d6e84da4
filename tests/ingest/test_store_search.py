"""The store finds the nearest sections exactly, and the same ones after a restart: an answer
does not change from one start of the app to the next."""

import subprocess
import sys

import numpy as np
import pytest

from ingest.store import Store

DIM = 384


def _unit_rows(n: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _nearest(store: Store, query: np.ndarray, k: int) -> list[str]:
    got = store.chunks.query(query_embeddings=[query.tolist()], n_results=k)
    return got["ids"][0]


@pytest.fixture
def filled(tmp_path):
    """700 sections: more than Chroma keeps unindexed, fewer than it syncs to disk, where its
    graph is rebuilt at every start."""
    vectors = _unit_rows(700, seed=1)
    store = Store(tmp_path / "data")
    store.chunks.add(ids=[f"c{i}" for i in range(len(vectors))], embeddings=vectors.tolist())
    return tmp_path / "data", vectors


def test_the_forty_nearest_sections_are_the_exact_forty(filled):
    data_dir, vectors = filled
    store = Store(data_dir)
    for query in _unit_rows(20, seed=2):
        exact = {f"c{i}" for i in np.argsort(-(vectors @ query))[:40]}
        assert set(_nearest(store, query, 40)) == exact


_OLD_STORE = """
import sys, chromadb, numpy as np
client = chromadb.PersistentClient(
    path=sys.argv[1], settings=chromadb.Settings(anonymized_telemetry=False)
)
col = client.get_or_create_collection(
    "careerbot_chunks",
    embedding_function=None,
    configuration={"hnsw": {"space": "cosine", "ef_search": 10}},
)
vectors = np.load(sys.argv[2])
col.add(ids=[f"c{i}" for i in range(len(vectors))], embeddings=vectors.tolist())
"""


def test_a_store_made_with_a_narrow_search_is_searched_as_configured(tmp_path):
    # made by another process, as a store of an older version is: Chroma shares one
    # in-memory index per folder within a process
    vectors = _unit_rows(700, seed=3)
    np.save(tmp_path / "vectors.npy", vectors)
    chroma = tmp_path / "data" / "chroma"
    subprocess.run(
        [sys.executable, "-c", _OLD_STORE, str(chroma), str(tmp_path / "vectors.npy")],
        check=True,
        timeout=120,
    )
    store = Store(tmp_path / "data")
    for query in _unit_rows(20, seed=4):
        exact = {f"c{i}" for i in np.argsort(-(vectors @ query))[:40]}
        assert set(_nearest(store, query, 40)) == exact
    assert store.chunks.configuration["hnsw"]["ef_search"] == store.search_ef
