"""Chat latency while a counselor's evaluation runs, against the same server idle.

    python -m benchmarks.eval_chat [--rounds 3] [--ablations] [--url URL]

Without --url, starts `careerbot serve` on a free loopback port (the shipped kb/, a temporary
data dir, no rate limit). One job seeker asks the web_load questions in turn through
`gradio_client` (`/ask`): first with nothing else running, then while the shipped question
set runs through the Evaluate view's API (`/admin`, `/evaluate`), until the run ends. Prints
the median, 95th percentile and slowest answer of each phase, and how long the run took;
asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time

from benchmarks.web_load import QUESTIONS, serving
from eval.metrics import percentile


def ask_until(client, stop, rounds: int | None = None) -> list[float]:
    times: list[float] = []
    turn = 0
    while (rounds is None and not stop()) or (rounds is not None and turn < rounds):
        question = QUESTIONS[turn % len(QUESTIONS)]
        started = time.perf_counter()
        client.predict(question, "", api_name="/ask")
        times.append((time.perf_counter() - started) * 1000)
        turn += 1
    return times


def line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    return (
        f"{name:<22} {len(times):>4} answers  p50 {percentile(ordered, 50):>5.0f} ms  "
        f"p95 {percentile(ordered, 95):>5.0f} ms  max {ordered[-1]:>5.0f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    from gradio_client import Client

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="idle rounds of the questions")
    parser.add_argument("--ablations", action="store_true", help="run every configuration")
    parser.add_argument("--url", help="a running careerbot server (its /admin without login)")
    args = parser.parse_args(argv)
    with serving(args.url) as (url, _):
        chat = Client(url, verbose=False)
        ask_until(chat, None, rounds=len(QUESTIONS))  # warm up
        idle = ask_until(chat, None, rounds=args.rounds * len(QUESTIONS))
        admin = Client(url.rstrip("/") + "/admin/", verbose=False)
        done = threading.Event()
        started = time.perf_counter()
        job = admin.submit("shipped", args.ablations, api_name="/evaluate")
        job.add_done_callback(lambda _: done.set())
        time.sleep(1)  # let the run get going before measuring beside it
        during = ask_until(chat, done.is_set)
        job.result(timeout=3600)
        run_seconds = time.perf_counter() - started
    print(line("chat, idle", idle))
    print(line("chat, evaluation on", during))
    print(f"evaluation of the shipped set: {run_seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
