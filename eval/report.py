"""One Report out of an evaluation, rendered as markdown, HTML, JSON lines and plots."""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from eval.runner import CONFIGURATIONS, K, Result

TABLE_COLUMNS = (
    ("fact_recall", "fact recall", "{:.2f}"),
    ("median_words", "median words", "{:.0f}"),
    ("citation_validity", "citation validity", "{:.2f}"),
    ("citation_precision", "citation precision", "{:.2f}"),
    ("citation_recall", "citation recall", "{:.2f}"),
    ("refusal_precision", "refusal precision", "{:.2f}"),
    ("refusal_recall", "refusal recall", "{:.2f}"),
    ("gap_recall", "gap recall", "{:.2f}"),
    ("first_citation_right", "right doc cited first", "{:.2f}"),
    (f"hit@{K}", f"hit@{K}", "{:.2f}"),
    (f"recall@{K}", f"recall@{K}", "{:.2f}"),
    ("mrr", "MRR", "{:.2f}"),
    ("ndcg@10", "nDCG@10", "{:.2f}"),
    ("latency_p50_ms", "p50 ms", "{:.0f}"),
    ("latency_p95_ms", "p95 ms", "{:.0f}"),
)


@dataclass
class Report:
    questions_file: str
    summaries: dict[str, dict[str, float]]  # configuration -> metric -> value
    results: list[Result]
    created: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    gate: list[str] | None = None  # failures, when a gate was checked

    # -- views -------------------------------------------------------------------------------
    def per_category(self, config: str = "full") -> dict[str, float]:
        values: dict[str, list[float]] = defaultdict(list)
        for r in self.results:
            if r.config == config and "fact_recall" in r.scores:
                values[r.question.category].append(r.scores["fact_recall"])
        return {c: statistics.fmean(v) for c, v in sorted(values.items())}

    def worst_first(self) -> list[Result]:
        def badness(r: Result) -> tuple:
            s = r.scores
            wrong_refusal = 1 - s.get("refusal_correct", 0)
            return (
                -bool(r.error),
                -wrong_refusal,
                s.get("fact_recall", 1.0),
                s.get("citation_validity", 1.0),
            )

        return sorted(self.results, key=badness)

    # -- renderings --------------------------------------------------------------------------
    def table(self) -> str:
        header = "| configuration | " + " | ".join(label for _, label, _ in TABLE_COLUMNS) + " |"
        rule = "|---|" + "---:|" * len(TABLE_COLUMNS)
        rows = []
        for name, summary in self.summaries.items():
            cells = [fmt.format(summary.get(key, 0.0)) for key, _, fmt in TABLE_COLUMNS]
            rows.append(f"| {name} | " + " | ".join(cells) + " |")
        return "\n".join([header, rule, *rows])

    def markdown(self) -> str:
        lines = [
            "# careerbot evaluation",
            "",
            f"{self.created} · question set `{self.questions_file}` · "
            f"{int(next(iter(self.summaries.values()))['questions'])} questions · "
            "metrics defined in docs/eval.md",
            "",
            self.table(),
            "",
            "Configurations:",
            "",
        ]
        lines += [
            f"- **{n}**: {CONFIGURATIONS[n].description}"
            for n in self.summaries
            if n in CONFIGURATIONS
        ]
        if self.gate is not None:
            lines += ["", "## Gate", ""]
            lines += [f"- FAIL {f}" for f in self.gate] or ["- all thresholds met"]
        categories = self.per_category()
        if categories:
            lines += [
                "",
                "## Fact recall by category (full pipeline)",
                "",
                "| category | fact recall |",
                "|---|---:|",
            ]
            lines += [f"| {c} | {v:.2f} |" for c, v in categories.items()]
        lines += [
            "",
            "![metrics](metrics.png)",
            "",
            "![categories](categories.png)",
            "",
            "![latency](latency.png)",
        ]
        worst = [r for r in self.worst_first() if r.config == "full"][:10]
        if worst:
            lines += ["", "## Answers to look at first (full pipeline)", ""]
            for r in worst:
                s = r.scores
                lines.append(
                    f"- `{r.question.id}` ({r.question.category}, expect {r.question.expect}): "
                    f"fact recall {s.get('fact_recall', float('nan')):.2f}, refused "
                    f"{bool(s.get('refused'))}{' — error: ' + r.error if r.error else ''}"
                    f"  \n  Q: {r.question.question}"
                )
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        from markdown_it import MarkdownIt

        # questions can come from users (careerbot drafts): their HTML is shown, never run
        body = MarkdownIt("commonmark", {"html": False}).enable("table").render(self.markdown())
        return (
            "<!doctype html><html><head><meta charset='utf-8'><title>careerbot evaluation</title>"
            "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
            "img{max-width:100%}</style></head><body>" + body + "</body></html>\n"
        )

    def plots(self, out_dir: Path) -> list[Path]:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        paths = []
        keys = [
            "fact_recall",
            "citation_validity",
            "citation_precision",
            "refusal_recall",
            f"hit@{K}",
            "mrr",
        ]
        fig, ax = plt.subplots(figsize=(10, 4.5))
        width = 0.8 / max(len(self.summaries), 1)
        for i, (name, summary) in enumerate(self.summaries.items()):
            ax.bar(
                [k + i * width for k in range(len(keys))],
                [summary.get(k, 0) for k in keys],
                width,
                label=name,
            )
        ax.set_xticks([k + width * (len(self.summaries) - 1) / 2 for k in range(len(keys))], keys)
        ax.set_ylim(0, 1.05)
        ax.set_title("Metrics by configuration")
        ax.legend(fontsize=8)
        fig.tight_layout()
        paths.append(out_dir / "metrics.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)

        fig, ax = plt.subplots(figsize=(10, 4.5))
        categories = sorted(
            {r.question.category for r in self.results if "fact_recall" in r.scores}
        )
        for i, name in enumerate(self.summaries):
            per = self.per_category(name)
            ax.bar(
                [k + i * width for k in range(len(categories))],
                [per.get(c, 0) for c in categories],
                width,
                label=name,
            )
        ax.set_xticks(
            [k + width * (len(self.summaries) - 1) / 2 for k in range(len(categories))],
            categories,
            rotation=30,
        )
        ax.set_ylim(0, 1.05)
        ax.set_title("Fact recall by category")
        ax.legend(fontsize=8)
        fig.tight_layout()
        paths.append(out_dir / "categories.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)

        fig, ax = plt.subplots(figsize=(8, 4))
        latencies = [
            r.scores["latency_ms"]
            for r in self.results
            if r.config == "full" and "latency_ms" in r.scores
        ]
        ax.hist(latencies, bins=30)
        ax.set_xlabel("latency per question (ms), full pipeline")
        ax.set_ylabel("questions")
        fig.tight_layout()
        paths.append(out_dir / "latency.png")
        fig.savefig(paths[-1], dpi=110)
        plt.close(fig)
        return paths

    def write(self, out_dir: Path) -> list[Path]:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = [
            out_dir / "report.md",
            out_dir / "report.html",
            out_dir / "results.jsonl",
            out_dir / "summary.json",
        ]
        written[0].write_text(self.markdown())
        written[1].write_text(self.html())
        with written[2].open("w") as f:
            for r in self.worst_first():
                f.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
        written[3].write_text(json.dumps(self.summaries, indent=2))
        return written + self.plots(out_dir)
