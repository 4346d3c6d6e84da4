"""The report's plots, drawn from the per-question rows (so a stored run draws the same ones)
and the trend of the runs kept."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from eval.runner import K

METRIC_KEYS = ("fact_recall", "citation_validity", "citation_precision", "refusal_recall")
TREND_KEYS = (
    ("fact_recall", "fact recall", "o-"),
    ("refusal_precision", "refusal precision", "s--"),
    ("refusal_recall", "refusal recall", "^:"),
)


def per_category(rows: list[dict], config: str = "full") -> dict[str, float]:
    """Mean fact recall of each category's questions, for one configuration."""
    values: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        if r["config"] == config and "fact_recall" in r["scores"]:
            values[r["category"]].append(r["scores"]["fact_recall"])
    return {c: statistics.fmean(v) for c, v in sorted(values.items())}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _grouped_bars(
    plt, labels, by_config: dict[str, list[float]], title: str, path: Path, rotation: int = 0
) -> Path:
    """One bar a configuration for each label, side by side, on a 0..1 scale."""
    fig, ax = plt.subplots(figsize=(10, 4.5))
    width = 0.8 / max(len(by_config), 1)
    for i, (name, values) in enumerate(by_config.items()):
        ax.bar([k + i * width for k in range(len(labels))], values, width, label=name)
    middles = [k + width * (len(by_config) - 1) / 2 for k in range(len(labels))]
    ax.set_xticks(middles, labels, rotation=rotation)
    ax.set_ylim(0, 1.05)
    ax.set_title(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_plots(summaries: dict[str, dict], rows: list[dict], out_dir: Path) -> list[Path]:
    """metrics.png (metrics by configuration), categories.png (fact recall by category) and
    latency.png (time per question, full pipeline) in out_dir."""
    plt = _pyplot()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    keys = [*METRIC_KEYS, f"hit@{K}", "mrr"]
    by_config = {name: [summary.get(k, 0) for k in keys] for name, summary in summaries.items()}
    paths.append(
        _grouped_bars(plt, keys, by_config, "Metrics by configuration", out_dir / "metrics.png")
    )
    categories = sorted({r["category"] for r in rows if "fact_recall" in r["scores"]})
    by_config = {
        name: [per_category(rows, name).get(c, 0) for c in categories] for name in summaries
    }
    title, path = "Fact recall by category", out_dir / "categories.png"
    paths.append(_grouped_bars(plt, categories, by_config, title, path, rotation=30))

    fig, ax = plt.subplots(figsize=(8, 4))
    latencies = [
        r["scores"]["latency_ms"]
        for r in rows
        if r["config"] == "full" and "latency_ms" in r["scores"]
    ]
    ax.hist(latencies, bins=30)
    ax.set_xlabel("latency per question (ms), full pipeline")
    ax.set_ylabel("questions")
    fig.tight_layout()
    paths.append(out_dir / "latency.png")
    fig.savefig(paths[-1], dpi=110)
    plt.close(fig)
    return paths


def kb_changes(runs: Sequence) -> list[float]:
    """Where the trend plot marks a change of the knowledge base: between the runs (numbered
    from 1) whose store generations differ."""
    return [
        i + 0.5 for i in range(1, len(runs)) if runs[i].kb_generation != runs[i - 1].kb_generation
    ]


def trend_plot(runs: Sequence, path: Path, config: str = "full") -> Path:
    """Fact recall and refusal over runs (oldest first), one point per run; a dotted line
    where the knowledge base changed between two runs, so that a counselor sees whether a
    document they added helped."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(9, 3.6))
    xs = list(range(1, len(runs) + 1))
    for key, label, style in TREND_KEYS:
        ax.plot(xs, [r.summaries.get(config, {}).get(key, 0.0) for r in runs], style, label=label)
    for x in kb_changes(runs):
        ax.axvline(x, color="#6b7280", linestyle=":", linewidth=1)
    ax.set_xticks(xs, [r.created[5:16].replace("T", " ") for r in runs], rotation=30, fontsize=8)
    ax.set_xlim(0.5, len(runs) + 0.5)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(config)
    ax.set_title("Fact recall and refusal over runs (dotted: the knowledge base changed)")
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
