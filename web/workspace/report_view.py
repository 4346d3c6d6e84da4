"""A kept evaluation run as the Evaluate view shows it: the summary (RAG names beside
careerbot's own), the per-question rows, each expanding to the question, the answer with its
citations and the facts it missed, and the table of runs. Markdown for gr.Markdown; all text
from a question set or an answer is escaped."""

from __future__ import annotations

from eval.report import TABLE_COLUMNS, rag_table
from eval.runs import Run
from web.render import answer_html, escape

ALL = "All"
NO_ROLE = "(no role)"
MAX_ROWS = 100  # rows drawn at once; the filters narrow the rest
EXPECTED = {
    "answer": "an answer",
    "refuse": "a refusal",
    "gap": "an answer that says what the documents do not state",
}


def short(generation: str) -> str:
    return generation[:8] or "empty"


def when(run: Run) -> str:
    return run.created[:16].replace("T", " ") + " UTC"


def run_label(run: Run) -> str:
    fr = run.summary.get("fact_recall", 0.0)
    return f"{when(run)} · {run.questions_file} · {run.questions} questions · fact recall {fr:.2f}"


def summary_markdown(run: Run) -> str:
    main = "full" if "full" in run.summaries else next(iter(run.summaries))
    s = run.summaries[main]
    passed = sum(1 for r in run.rows if r.get("config") == main and r.get("passed"))
    scored = sum(1 for r in run.rows if r.get("config") == main)
    return "\n".join(
        [
            f"### Run of {when(run)}",
            f"Question set **{escape(run.questions_file)}** ({run.questions} questions, "
            f"content hash `{run.questions_hash}`) · knowledge base generation "
            f"`{short(run.kb_generation)}` · configurations: {', '.join(run.summaries)}.",
            "",
            f"**{passed} of {scored} questions passed** ({main}); "
            f"{int(s.get('errors', 0))} error(s).",
            "",
            f"#### In the terms of RAG evaluation ({main})",
            "",
            rag_table(s),
            "",
            "#### careerbot's metrics",
            "",
            metrics_table(run.summaries),
        ]
    )


def metrics_table(summaries: dict[str, dict[str, float]]) -> str:
    """careerbot's metrics, a row each, a column per configuration: the figures of
    `careerbot eval`'s table, narrow enough for a phone."""
    lines = ["| metric | " + " | ".join(summaries) + " |", "|---|" + "---:|" * len(summaries)]
    for key, label, fmt in TABLE_COLUMNS:
        cells = [fmt.format(s.get(key, 0.0)) for s in summaries.values()]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def filter_choices(run: Run) -> tuple[list[str], list[str]]:
    """The categories and roles of a run's questions, for the filters."""
    categories = sorted({r["category"] for r in run.rows})
    roles = sorted({role for r in run.rows for role in r.get("roles", [])})
    if any(not r.get("roles") for r in run.rows):
        roles.append(NO_ROLE)
    return [ALL, *categories], [ALL, *roles]


def select_rows(
    rows: list[dict], failed_only: bool, category: str | None, role: str | None
) -> list[dict]:
    out = []
    for r in rows:
        if failed_only and r.get("passed"):
            continue
        if category and category != ALL and r["category"] != category:
            continue
        if role and role != ALL:
            roles = r.get("roles") or [NO_ROLE]
            if role not in roles:
                continue
        out.append(r)
    return out


def _facts(facts: list[str]) -> str:
    return "\n".join(f"- {escape(f)}" for f in facts)


def row_markdown(r: dict, multi_config: bool) -> str:
    verdict = "✓ Passed" if r.get("passed") else "✗ Failed"
    scores = r.get("scores", {})
    parts = [
        f'<span class="verdict {"pass" if r.get("passed") else "fail"}">{verdict}</span>',
        f"<code>{escape(r['id'])}</code>",
        escape(r["category"]),
        escape(", ".join(r.get("roles") or []) or NO_ROLE),
    ]
    if multi_config:
        parts.insert(1, escape(r["config"]))
    if "fact_recall" in scores:
        parts.append(f"fact recall {scores['fact_recall']:.2f}")
    if r.get("refused"):
        parts.append("refused")
    body = [
        f'<details class="qrow"><summary>{" · ".join(parts)}</summary>',
        "",
        f"**Question:** {escape(r['question'])}",
        "",
        f"**Expected:** {EXPECTED.get(r['expect'], escape(r['expect']))}",
        "",
    ]
    if r.get("failures"):
        body += [f"**Why it failed:** {escape('; '.join(r['failures']))}", ""]
    if r.get("missing_facts"):
        body += ["**Expected facts the answer missed:**", "", _facts(r["missing_facts"]), ""]
    if r.get("error"):
        body += [f"**Error:** {escape(r['error'])}", ""]
    elif r.get("answer") is not None:
        shown = answer_html({"answer": r["answer"], "citations": r.get("citations", [])})
        body += ["**careerbot's answer:**", "", shown, ""]
    body.append("</details>")
    return "\n".join(body)


def rows_markdown(run: Run, failed_only: bool, category: str | None, role: str | None) -> str:
    chosen = select_rows(run.rows, failed_only, category, role)
    if not chosen:
        return "_No question matches these filters._"
    multi = len(run.summaries) > 1
    head = f"{len(chosen)} question(s), worst first"
    if len(chosen) > MAX_ROWS:
        head += f"; the first {MAX_ROWS} are shown (filter to see others)"
    items = [row_markdown(r, multi) for r in chosen[:MAX_ROWS]]
    return "\n\n".join([f"_{head}. Select a question to see its answer._", *items])


def runs_table(runs: list[Run]) -> list[list]:
    """The kept runs, newest first, for a table."""
    out = []
    for run in reversed(runs):
        s = run.summary
        out.append(
            [
                when(run),
                run.questions_file,
                run.questions,
                short(run.kb_generation),
                round(s.get("fact_recall", 0.0), 2),
                round(s.get("refusal_precision", 0.0), 2),
                round(s.get("refusal_recall", 0.0), 2),
                round(s.get("citation_validity", 0.0), 2),
            ]
        )
    return out


RUNS_HEADERS = [
    "date",
    "question set",
    "questions",
    "knowledge base",
    "fact recall",
    "refusal precision",
    "refusal recall",
    "groundedness",
]
