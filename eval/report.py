"""One Report out of an evaluation, rendered as markdown, HTML, CSV, JSON lines and plots."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from eval import metrics
from eval.plots import per_category, write_plots
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

# The names RAG evaluation tools give (RAGAS, TruLens, Dify...) beside careerbot's own metric
# that measures the same thing, offline, without an LLM judge (docs/eval.md says how each maps).
RAG_METRICS = (
    ("groundedness", "citation_validity", "quotes found word for word in their source"),
    ("faithfulness", "citation_precision", "answer lines supported by the passage they cite"),
    ("context precision", "ndcg@10", "relevant sections ranked first (nDCG@10)"),
    ("context recall", f"recall@{K}", f"relevant sections among the first {K} retrieved"),
    ("answer correctness", "fact_recall", "expected facts the answer contains"),
    ("abstention", "refusal_accuracy", "questions refused exactly when they should be"),
    ("abstention precision", "refusal_precision", "refusals that were expected"),
    ("abstention recall", "refusal_recall", "expected refusals that happened"),
)
# Columns of the per-question CSV, in order.
CSV_COLUMNS = (
    "config", "id", "category", "expect", "roles", "passed", "failures", "question", "refused",
    "answer", "citations", "missing_facts", "fact_recall", "citation_validity",
    "citation_precision", "error",
)  # fmt: skip


SCORE_COLUMNS = ("fact_recall", "citation_validity", "citation_precision")


def failures(result: Result) -> list[str]:
    """Why a question counts as failed, in words; empty when it passed. A question fails on
    an error, a refusal where an answer was due (or the reverse), a missed expected fact, a
    quote not found in its source, or a gap question whose answer does not say what is not
    stated."""
    if result.error:
        return [f"error: {result.error}"]
    s, q = result.scores, result.question
    out = []
    if s.get("refusal_correct", 1.0) < 1:
        out.append("answered instead of refusing" if q.should_refuse else "refused, not answered")
    facts = len(q.facts)
    if facts and "fact_recall" in s and s["fact_recall"] < 1:
        missed = sum(not metrics.fact_matched(result.answer.answer, alts) for alts in q.facts)
        out.append(f"missed {missed} of {facts} expected fact{'s' if facts > 1 else ''}")
    if s.get("citation_validity", 1.0) < 1:
        out.append("a quote not found in its source")
    if "gap_found" in s and s["gap_found"] < 1:
        out.append("did not say what the documents do not state")
    return out


def row(result: Result) -> dict:
    """One question's result as the per-question table and the CSV show it."""
    out = result.to_json()
    out["roles"] = list(result.answer.roles) if result.answer else []
    out["failures"] = failures(result)
    out["passed"] = not out["failures"]
    return out


def _cell(value):
    """A spreadsheet never runs text from a question set or a document as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows_csv(rows: list[dict]) -> str:
    """Per-question rows (`row`) as CSV: lists joined with "; ", citations as "[n] quote"."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        scores = r.get("scores", {})
        flat = {
            **r,
            "roles": "; ".join(r.get("roles", [])),
            "failures": "; ".join(r.get("failures", [])),
            "missing_facts": "; ".join(r.get("missing_facts", [])),
            "citations": " ".join(
                f"[{c['n']}] {c['doc_id']} > {c['section']}: “{c['quote']}”"
                for c in r.get("citations", [])
            ),
            **{k: scores.get(k, "") for k in SCORE_COLUMNS},
        }
        writer.writerow({k: _cell(v) for k, v in flat.items() if k in CSV_COLUMNS})
    return out.getvalue()


def html_page(markdown: str) -> str:
    """A report's markdown as a page of its own."""
    from markdown_it import MarkdownIt

    # questions can come from users (careerbot drafts): their HTML is shown, never run
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>careerbot evaluation</title>"
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
        "img{max-width:100%}</style></head><body>" + body + "</body></html>\n"
    )


def summary_table(summaries: dict[str, dict[str, float]]) -> str:
    """careerbot's metrics, a row per configuration (markdown)."""
    header = "| configuration | " + " | ".join(label for _, label, _ in TABLE_COLUMNS) + " |"
    rule = "|---|" + "---:|" * len(TABLE_COLUMNS)
    rows = []
    for name, summary in summaries.items():
        cells = [fmt.format(summary.get(key, 0.0)) for key, _, fmt in TABLE_COLUMNS]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join([header, rule, *rows])


def rag_table(summary: dict[str, float]) -> str:
    """The RAG names beside careerbot's, for one configuration's summary (markdown)."""
    lines = [
        "| RAG evaluation name | value | careerbot's metric: what it counts |",
        "|---|---:|---|",
    ]
    labels = {key: label for key, label, _ in TABLE_COLUMNS} | {
        "refusal_accuracy": "refusal accuracy"
    }
    for name, key, meaning in RAG_METRICS:
        value = summary.get(key, 0.0)
        lines.append(f"| {name} | {value:.2f} | {labels.get(key, key)}: {meaning} |")
    return "\n".join(lines)


@dataclass
class Report:
    questions_file: str
    summaries: dict[str, dict[str, float]]  # configuration -> metric -> value
    results: list[Result]
    created: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    gate: list[str] | None = None  # failures, when a gate was checked

    # -- views -------------------------------------------------------------------------------
    def per_category(self, config: str = "full") -> dict[str, float]:
        return per_category([r.to_json() for r in self.results], config)

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

    def rows(self) -> list[dict]:
        """Every result as a per-question row (`row`), worst first."""
        return [row(r) for r in self.worst_first()]

    # -- renderings --------------------------------------------------------------------------
    def table(self) -> str:
        return summary_table(self.summaries)

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
        ]
        main = "full" if "full" in self.summaries else next(iter(self.summaries))
        lines += [
            f"In the terms of RAG evaluation ({main}):",
            "",
            rag_table(self.summaries[main]),
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
        return html_page(self.markdown())

    def csv(self) -> str:
        """Every question of every configuration, worst first, one CSV row each."""
        return rows_csv(self.rows())

    def plots(self, out_dir: Path) -> list[Path]:
        return write_plots(self.summaries, self.rows(), out_dir)

    def write(self, out_dir: Path) -> list[Path]:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = [
            out_dir / "report.md",
            out_dir / "report.html",
            out_dir / "results.jsonl",
            out_dir / "summary.json",
            out_dir / "results.csv",
        ]
        markdown, rows = self.markdown(), self.rows()
        written[0].write_text(markdown)
        written[1].write_text(html_page(markdown))
        with written[2].open("w") as f:
            for r in self.worst_first():
                f.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
        written[3].write_text(json.dumps(self.summaries, indent=2))
        written[4].write_text(rows_csv(rows), encoding="utf-8")
        return written + write_plots(self.summaries, rows, out_dir)
