"""Concurrent users against a running `careerbot serve`, through gradio_client.

    python -m benchmarks.web_load [--users 20] [--duration 0] [--url URL] [--json FILE]

Without --url, starts a server on a free loopback port (embedded store in a temporary data
dir, the shipped kb/). Each user asks the questions below in turn; with --duration 0 each
user asks once per question, otherwise users keep asking until the time is up. Prints the
latency median and 95th percentile seen by the clients, throughput, errors, and the
server's memory (RSS) at the start and end of the load.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from benchmarks.figures import print_figures
from eval.metrics import percentile

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "How much do OT techs make?",
    "What benefits do OT technicians get?",
    "Do OTAs need a license?",
    "What does an occupational therapist assistant do?",
    "What education does an OT tech need?",
    "What skills should an OTA have?",
    "Is the OT tech job physically demanding?",
    "How much does a nurse make?",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: Path, extra_env: dict | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "CAREERBOT_DATA_DIR": str(data_dir), "CAREERBOT_KB_DIR": str(ROOT / "kb")}
    env.update(extra_env or {})
    careerbot = Path(sys.executable).parent / "careerbot"
    proc = subprocess.Popen(
        [str(careerbot), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("careerbot serve exited")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.terminate()
    raise RuntimeError("careerbot serve did not start")


@contextlib.contextmanager
def serving(url: str | None, extra_env: dict | None = None):
    """(url, process) of the server to measure: the one at `url`, else one started for the
    measurement (a scratch data dir, the shipped kb/, no rate limit: the users share loopback,
    where real ones have addresses of their own) and stopped after it."""
    if url:
        yield url, None
        return
    with tempfile.TemporaryDirectory() as data:
        env = {"CAREERBOT_WEB__QUESTIONS_PER_MINUTE": "0", **(extra_env or {})}
        proc, started = start_server(Path(data), env)
        try:
            yield started, proc
        finally:
            proc.terminate()
            proc.wait(30)


def rss_mb(pid: int | None) -> float | None:
    if pid is None:
        return None
    import psutil

    try:
        return psutil.Process(pid).memory_info().rss / 1e6
    except psutil.Error:
        return None


def run_load(url: str, users: int, duration: float, pid: int | None = None) -> dict:
    from gradio_client import Client

    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    memory: list[float] = []
    stop = threading.Event()

    def user(i: int) -> None:
        try:
            # a saturated server answers late, not never: wait for it rather than count an error
            client = Client(url, verbose=False, httpx_kwargs={"timeout": 120})
        except Exception as exc:  # a user who cannot connect is an error too
            with lock:
                errors.append(f"connect: {exc.__class__.__name__}: {exc}")
            return
        deadline = time.monotonic() + duration
        turn = 0
        while True:
            question = QUESTIONS[(i + turn) % len(QUESTIONS)]
            started = time.perf_counter()
            try:
                data = client.predict(question, "", api_name="/ask")
                ok = bool(data.get("answer"))
            except Exception as exc:  # counted, not raised: the point is to see them
                ok, data = False, {"error": f"{exc.__class__.__name__}: {exc}"}
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
                if not ok:
                    errors.append(str(data.get("error")))
            turn += 1
            if (duration <= 0 and turn >= len(QUESTIONS)) or (
                duration > 0 and time.monotonic() >= deadline
            ):
                return

    def sample_memory() -> None:
        while not stop.is_set():
            value = rss_mb(pid)
            if value is not None:
                memory.append(value)
            stop.wait(2.0)

    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    stop.set()
    sampler.join()
    ordered = sorted(latencies)
    return {
        "users": users,
        "requests": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:3],
        "seconds": round(elapsed, 1),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "latency_p50_ms": round(percentile(ordered, 50), 1) if ordered else None,
        "latency_p95_ms": round(percentile(ordered, 95), 1) if ordered else None,
        "latency_max_ms": round(ordered[-1], 1) if ordered else None,
        "server_rss_mb_start": round(memory[0], 1) if memory else None,
        "server_rss_mb_end": round(memory[-1], 1) if memory else None,
        "server_rss_mb_max": round(max(memory), 1) if memory else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=0, help="seconds of sustained load")
    parser.add_argument("--url", help="a running careerbot server instead of starting one")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    with serving(args.url) as (url, proc):
        result = run_load(url, args.users, args.duration, proc.pid if proc else None)
    print_figures(result, args.json)
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
