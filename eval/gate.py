"""The gate: metrics of the full pipeline against the floors kept in eval/thresholds.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml

from eval.errors import EvalError

SHIPPED = Path(__file__).resolve().parent / "thresholds.yaml"


def load_thresholds(path: Path | None = None) -> dict[str, dict[str, dict[str, float]]]:
    """configuration -> metric -> {"min": x} or {"max": y}."""
    path = Path(path) if path else SHIPPED
    if not path.is_file():
        raise EvalError(f"Thresholds file not found: {path}")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        raise EvalError(f"Cannot read {path.name}: {exc}") from exc
    for config, limits in data.items():
        for metric, bound in (limits or {}).items():
            if not isinstance(bound, dict) or set(bound) - {"min", "max"} or not bound:
                raise EvalError(
                    f"{path.name}: {config}.{metric} needs min: and/or max:, got {bound!r}"
                )
    return data


def check(summaries: dict[str, dict[str, float]], thresholds: dict) -> list[str]:
    """A line for every metric outside its bounds; empty when all are met."""
    failures = []
    for config, limits in thresholds.items():
        summary = summaries.get(config)
        if summary is None:
            continue
        for metric, bound in limits.items():
            if metric not in summary:
                failures.append(f"{config}.{metric}: not measured")
                continue
            value = summary[metric]
            if "min" in bound and value < bound["min"]:
                failures.append(f"{config}.{metric} = {value:.3f} < {bound['min']}")
            if "max" in bound and value > bound["max"]:
                failures.append(f"{config}.{metric} = {value:.3f} > {bound['max']}")
    return failures
