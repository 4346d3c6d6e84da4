"""How every benchmark shows what it measured."""

from __future__ import annotations

import json
from pathlib import Path

from eval.metrics import percentile


def print_figures(result: dict, json_path: Path | None = None) -> None:
    """The figures a line each, and as JSON to `json_path` when given."""
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")
    if json_path:
        json_path.write_text(json.dumps(result, indent=2))


def latency_figures(latencies_ms: list[float]) -> dict:
    """The answer-time figures every latency benchmark reports."""
    return {
        "questions": len(latencies_ms),
        "p50_ms": round(percentile(latencies_ms, 50), 1),
        "p95_ms": round(percentile(latencies_ms, 95), 1),
        "max_ms": round(max(latencies_ms), 1),
    }
