"""Ingestion throughput beside raw `SentenceTransformer.encode` on the same texts.

    python -m benchmarks.ingest_throughput [--docs 200] [--kb DIR] [--backend B] [--json FILE]

Prints chunks/s and texts/s of a full `ingest_kb` run into a fresh embedded store (reading,
chunking, embedding, writing to Chroma); the throughput of the same embedder alone on the
texts the pipeline embedded, and the pipeline's overhead over it; and the throughput of
`SentenceTransformer.encode` on the same texts, the baseline a textbook pipeline would use.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate
from ingest.offline import offline_environment


class RecordingEmbedder:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.texts: list[str] = []
        self.seconds = 0.0

    def encode(self, texts, progress=None):
        self.texts.extend(texts)
        started = time.perf_counter()
        out = self.inner.encode(texts, progress=progress)
        self.seconds += time.perf_counter() - started
        return out


def raw_sentence_transformers(texts: list[str], batch_size: int = 64) -> float:
    """Seconds `SentenceTransformer.encode` takes for texts (the model warmed up first)."""
    from sentence_transformers import SentenceTransformer

    from ingest.embedding import bundled_model_path

    model = SentenceTransformer(str(bundled_model_path()), device="cpu")
    model.encode(["warm up"] * 8)
    started = time.perf_counter()
    model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    return time.perf_counter() - started


def run(kb_dir: Path, backend: str = "onnx-int8", sample: int = 20_000) -> dict:
    """Ingest kb_dir twice into fresh stores (the best time counts: the machine's speed drifts)
    and time the model alone on the texts the pipeline embedded (a sample of at most `sample`)."""
    from ingest.embedding import make_embedder
    from ingest.pipeline import ingest_kb
    from ingest.store import Store

    embedder = make_embedder(backend)
    embedder.encode(["warm up the model before timing"] * 8)
    recorder = RecordingEmbedder(embedder)
    times = []
    for attempt in range(2):
        with tempfile.TemporaryDirectory() as data:
            started = time.perf_counter()
            report = ingest_kb(kb_dir, Store(Path(data)), recorder if attempt == 0 else embedder)
            times.append(time.perf_counter() - started)
    pipeline_s = min(times)
    texts = recorder.texts
    sampled = random.Random(0).sample(texts, min(sample, len(texts)))
    started = time.perf_counter()
    embedder.encode(sampled)
    raw_s = (time.perf_counter() - started) * len(texts) / len(sampled)
    st_s = raw_sentence_transformers(sampled) * len(texts) / len(sampled)
    return {
        "backend": backend,
        "documents": len(report.added),
        "chunks": report.chunks_written,
        "texts_embedded": len(texts),
        "pipeline_seconds": round(pipeline_s, 1),
        "pipeline_chunks_per_s": round(report.chunks_written / pipeline_s, 1),
        "pipeline_texts_per_s": round(len(texts) / pipeline_s, 1),
        "raw_encode_texts_per_s": round(len(texts) / raw_s, 1),
        "overhead_vs_raw_encode_percent": round(100 * (pipeline_s - raw_s) / raw_s, 1),
        "sentence_transformers_texts_per_s": round(len(texts) / st_s, 1),
        "sentence_transformers_chunks_per_s_equivalent": round(report.chunks_written / st_s, 1),
        "pipeline_vs_sentence_transformers_percent": round(100 * (pipeline_s - st_s) / st_s, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="synthetic documents to generate")
    parser.add_argument("--kb", type=Path, help="ingest this folder instead of a generated corpus")
    parser.add_argument("--backend", default="onnx-int8", help="onnx-int8 or torch")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    offline_environment()
    with tempfile.TemporaryDirectory() as tmp:
        kb = args.kb or Path(tmp) / "synthetic-kb"
        if not args.kb:
            generate(kb, args.docs, seed=1)
        result = run(kb, backend=args.backend)
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
