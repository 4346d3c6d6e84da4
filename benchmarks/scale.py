"""How careerbot's cost grows with the knowledge base: one command, a table and a JSON file.

    python -m benchmarks.scale [--sizes 100,1000,10000] [--stores embedded,server] [--out DIR]
                               [--merge]

For each size, a synthetic corpus (benchmarks/corpus.py, deterministic, never in kb/) is
ingested into a fresh store, embedded in a data dir or on a `chroma run` server on loopback.
Each step runs as its own `careerbot` process, as a user would run it, and is measured from
outside: wall time and peak memory (RSS, the process and its children).

  ingest          first ingest: chunks/s and texts/s, beside the embedder alone on a sample
                  of the same texts (the pipeline's overhead) and SentenceTransformer.encode
  reingest        ingest again with nothing changed
  cold start      `careerbot ask --json Q`: process start to the first answer
  warm ask        `careerbot ask --jsonl` with 100 questions: latency_ms median and p95
  store           size of the store on disk
  concurrent      20 users through `careerbot serve` (gradio_client): median and p95
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from benchmarks.corpus import generate
from benchmarks.web_load import free_port, run_load
from eval.metrics import percentile

ROOT = Path(__file__).resolve().parents[1]
CAREERBOT = Path(sys.executable).parent / "careerbot"
CHROMA = Path(sys.executable).parent / "chroma"
TEMPLATES = [
    "How much does a {role} earn?",
    "What does a {role} do?",
    "What license or certification does a {role} need?",
    "What education do I need to become a {role}?",
    "What benefits does a {role} get?",
]


def measure(cmd: list[str], env: dict, stdin: str | None = None) -> dict:
    """Run a command; its wall time, peak RSS of it and its children, and its stdout."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        ps = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                rss = ps.memory_info().rss + sum(c.memory_info().rss for c in ps.children(True))
                peak = max(peak, rss / 1e6)
            except psutil.Error:
                pass
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate(stdin)
    stop.set()
    sampler.join()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}")
    return {"seconds": time.perf_counter() - started, "peak_rss_mb": peak, "stdout": out}


def questions_for(corpus: Path, n: int = 100) -> list[str]:
    roles = []
    for meta in sorted(corpus.glob("*.meta.yaml")):
        for line in meta.read_text().splitlines():
            if line.startswith("role: "):
                roles.append(line[6:])
    rng = random.Random(11)
    return [rng.choice(TEMPLATES).format(role=rng.choice(roles)) for _ in range(n)]


def du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def start_chroma(path: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = free_port()
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(url + "/api/v2/heartbeat", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("chroma run did not start")


def serve_and_load(env: dict, users: int) -> dict:
    import httpx

    port = free_port()
    proc = subprocess.Popen(
        [str(CAREERBOT), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(600):
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise RuntimeError("careerbot serve exited")
            time.sleep(0.5)
        else:
            raise RuntimeError("careerbot serve did not start")
        return run_load(url, users, 0, proc.pid)
    finally:
        proc.terminate()
        proc.wait(30)


def ingest_throughput(corpus: Path, sample: int) -> dict:
    """The embedder alone and SentenceTransformer.encode on a sample of the corpus' texts."""
    from benchmarks.ingest_throughput import raw_sentence_transformers
    from ingest.chunking import chunk_document
    from ingest.embedding import make_embedder
    from ingest.loaders import load_file
    from ingest.metadata import load_meta
    from ingest.records import chunk_embedding_text, quotable_units, unit_embedding_text
    from ingest.sources import FolderSource

    texts: list[str] = []
    for path in FolderSource(corpus).files():
        loaded = load_file(path)
        meta = load_meta(path, loaded)
        for c in chunk_document(meta.id, loaded.text, loaded.format, role_names=meta.role_names()):
            texts.append(chunk_embedding_text(c, meta))
            texts += [unit_embedding_text(c, u.text, meta) for u in quotable_units(c)]
    sampled = random.Random(0).sample(texts, min(sample, len(texts)))
    embedder = make_embedder("onnx-int8")
    embedder.encode(["warm up"] * 8)
    started = time.perf_counter()
    embedder.encode(sampled)
    raw = len(sampled) / (time.perf_counter() - started)
    st = len(sampled) / raw_sentence_transformers(sampled)
    return {"texts": len(texts), "raw_texts_per_s": raw, "sentence_transformers_texts_per_s": st}


def run_one(size: int, store: str, out: Path, sample: int, users: int) -> dict:
    corpus = out / f"corpus-{size}"
    if not corpus.exists():
        generate(corpus, size, seed=1)
    work = Path(tempfile.mkdtemp(prefix=f"scale-{size}-{store}-", dir=out))
    env = {
        **os.environ,
        "CAREERBOT_KB_DIR": str(corpus),
        "CAREERBOT_DATA_DIR": str(work / "data"),
        "CAREERBOT_LOG_LEVEL": "ERROR",
    }
    server = None
    try:
        if store == "server":
            server, url = start_chroma(work / "chroma")
            env["CAREERBOT_CHROMA_URL"] = url
        first = measure([str(CAREERBOT), "ingest", "--json"], env)
        report = json.loads(first["stdout"].strip().splitlines()[-1])
        texts = report["chunks_written"] + report["units_written"]
        again = measure([str(CAREERBOT), "ingest", "--json"], env)
        questions = questions_for(corpus)
        cold = measure([str(CAREERBOT), "ask", "--json", questions[0]], env)
        lines = "".join(json.dumps({"question": q}) + "\n" for q in questions)
        warm = measure([str(CAREERBOT), "ask", "--jsonl"], env, stdin=lines)
        latencies = sorted(json.loads(line)["latency_ms"] for line in warm["stdout"].splitlines())
        load = serve_and_load(env, users)
        store_path = work / ("chroma" if store == "server" else "data")
        raw = ingest_throughput(corpus, sample)
        return {
            "documents": size,
            "store": store,
            "chunks": report["chunks_written"],
            "texts_embedded": texts,
            "ingest_seconds": round(first["seconds"], 1),
            "ingest_chunks_per_s": round(report["chunks_written"] / first["seconds"], 1),
            "ingest_texts_per_s": round(texts / first["seconds"], 1),
            "raw_encode_texts_per_s": round(raw["raw_texts_per_s"], 1),
            "ingest_overhead_percent": round(
                100 * (raw["raw_texts_per_s"] * first["seconds"] / texts - 1), 1
            ),
            "sentence_transformers_texts_per_s": round(raw["sentence_transformers_texts_per_s"], 1),
            "ingest_peak_rss_mb": round(first["peak_rss_mb"]),
            "reingest_unchanged_seconds": round(again["seconds"], 2),
            "cold_start_seconds": round(cold["seconds"], 2),
            "warm_ask_p50_ms": round(percentile(latencies, 50), 1),
            "warm_ask_p95_ms": round(percentile(latencies, 95), 1),
            "ask_process_peak_rss_mb": round(warm["peak_rss_mb"]),
            "store_mb_on_disk": round(du_mb(store_path), 1),
            "concurrent_users": users,
            "concurrent_p50_ms": load["latency_p50_ms"],
            "concurrent_p95_ms": load["latency_p95_ms"],
            "concurrent_errors": load["errors"],
            "serve_peak_rss_mb": load["server_rss_mb_max"],
        }
    finally:
        if server:
            server.terminate()
            server.wait(30)
        shutil.rmtree(work, ignore_errors=True)


COLUMNS = [
    ("documents", "docs"),
    ("store", "store"),
    ("chunks", "chunks"),
    ("ingest_chunks_per_s", "ingest chunks/s"),
    ("ingest_texts_per_s", "ingest texts/s"),
    ("raw_encode_texts_per_s", "encoder alone texts/s"),
    ("ingest_overhead_percent", "overhead %"),
    ("sentence_transformers_texts_per_s", "ST.encode texts/s"),
    ("reingest_unchanged_seconds", "re-ingest s"),
    ("cold_start_seconds", "cold start s"),
    ("warm_ask_p50_ms", "ask p50 ms"),
    ("warm_ask_p95_ms", "ask p95 ms"),
    ("ask_process_peak_rss_mb", "ask RSS MB"),
    ("ingest_peak_rss_mb", "ingest RSS MB"),
    ("store_mb_on_disk", "store MB"),
    ("concurrent_p50_ms", "20 users p50 ms"),
    ("concurrent_p95_ms", "20 users p95 ms"),
]


def table(rows: list[dict]) -> str:
    lines = ["| " + " | ".join(label for _, label in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(key, "")) for key, _ in COLUMNS) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--stores", default="embedded,server")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--sample", type=int, default=5000, help="texts timed on the encoder alone")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the rows of scale.json this run does not measure again",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    saved = args.out / "scale.json"
    rows = json.loads(saved.read_text()) if args.merge and saved.exists() else []
    for size in (int(s) for s in args.sizes.split(",")):
        for store in args.stores.split(","):
            print(f"... {size} documents, {store} store", file=sys.stderr, flush=True)
            row = run_one(size, store, args.out, args.sample, args.users)
            rows = [r for r in rows if (r["documents"], r["store"]) != (size, store)] + [row]
            rows.sort(key=lambda r: (r["documents"], r["store"]))
            saved.write_text(json.dumps(rows, indent=2))
            print(table([row]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))
    print(f"\nFigures saved to {args.out / 'scale.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
