"""Warm `ask` latency on the shipped knowledge base: the figure issue 4 sets a target for.

    python -m benchmarks.ask_latency [--rounds 3] [--json FILE]

Ingests kb/ into a temporary store, builds one CareerBot (model and index loaded, as `ask
--jsonl` and the web app keep them), then answers every question of eval/questions.yaml
`--rounds` times and prints the median and 95th percentile of the time `answer()` takes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.figures import latency_figures, print_figures
from ingest.offline import offline_environment

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", default="onnx-int8")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    offline_environment()
    from bot.service import CareerBot
    from eval.questions import load_questions
    from ingest.embedding import make_embedder
    from ingest.pipeline import ingest_kb
    from ingest.store import Store

    questions = load_questions()
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "kb", Path(tmp) / "kb")
        embedder = make_embedder(args.backend)
        store = Store(Path(tmp) / "data")
        ingest_kb(Path(tmp) / "kb", store, embedder)
        bot = CareerBot(store, embedder)
        bot.warm_up()
        latencies = []
        for _ in range(args.rounds):
            for q in questions:
                started = time.perf_counter()
                bot.answer(q.question, q.history)
                latencies.append((time.perf_counter() - started) * 1000)
    result = {
        "backend": args.backend,
        **latency_figures(latencies),
    }
    print_figures(result, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
