"""Warm `answer()` latency on a large generated knowledge base, quickly.

    python -m benchmarks.answer_at_scale [--docs 10000] [--questions 100] [--json FILE]

Generates a synthetic corpus (benchmarks/corpus.py, never in kb/) beside the shipped kb/, and
ingests it with *random* unit vectors instead of the model's: the store has the size and shape
of the real one (chunks, units, keyword index, role catalog) in minutes instead of the 40 the
model needs at 10,000 documents. Its vectors mean nothing, so only the timings count: the
questions are embedded with the real model, and every step of an answer (Chroma's search,
BM25, the role catalog, scoring) costs what it costs on a real store of that size. Prints the
median and 95th percentile of `answer()`.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.figures import latency_figures, print_figures
from ingest.offline import offline_environment

ROOT = Path(__file__).resolve().parents[1]


class RandomVectors:
    """An embedder with the model's id and dimension that returns random unit vectors."""

    def __init__(self, model_id: str, dim: int = 384) -> None:
        self.model_id = model_id
        self.dim = dim
        self.rng = np.random.default_rng(0)

    def encode(self, texts, progress=None):
        vectors = self.rng.standard_normal((len(texts), self.dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        if progress:
            progress(len(texts))
        return vectors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    offline_environment()
    from benchmarks.corpus import generate
    from bot.service import CareerBot
    from eval.questions import load_questions
    from ingest.embedding import make_embedder
    from ingest.pipeline import ingest_kb
    from ingest.store import Store

    model = make_embedder("onnx-int8")
    rng = random.Random(7)
    questions = load_questions()
    asked = [q for q in questions if not q.history]
    with tempfile.TemporaryDirectory() as tmp:
        kb = Path(tmp) / "kb"
        shutil.copytree(ROOT / "kb", kb)
        generate(kb, args.docs, seed=3)
        store = Store(Path(tmp) / "data")
        started = time.perf_counter()
        ingest_kb(kb, store, RandomVectors(model.model_id))
        built = time.perf_counter() - started
        bot = CareerBot(store, model)
        bot.warm_up()
        latencies = []
        for _ in range(args.questions):
            q = rng.choice(asked)
            t = time.perf_counter()
            bot.answer(q.question)
            latencies.append((time.perf_counter() - t) * 1000)
    result = {
        "documents": args.docs + 2,
        "store_built_s": round(built, 1),
        **latency_figures(latencies),
    }
    print_figures(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
