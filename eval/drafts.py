"""Question-set rows from what users stumbled on: thumbs-down answers, refused questions and
answers that say what the documents do not state (the gaps), and the counselor's own set.

A draft loads as it is (`load_questions`): what it came from is written beside it as a
comment. A counselor completes each (category, expect, facts, gold) and moves it into a set.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Collection, Iterable
from pathlib import Path

import yaml

from bot.feedback import NOT_COVERED, FeedbackStore
from eval.errors import EvalError
from eval.questions import COLUMNS, Question, load_questions

NOTES = ("_why", "_bot_answer")
COUNSELOR_SET_HEADER = """\
# careerbot question set, kept by the web app's feedback review: each row was a thumbs-down
# answer a counselor added, with the facts a good answer contains. The format is that of
# eval/questions.yaml (see its header and docs/eval.md): id, question, history, category,
# expect (answer | refuse | gap), facts (each a list of acceptable phrasings), gold.
"""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "question"


def _unique(base: str, taken: set[str]) -> str:
    qid, n = base, 2
    while qid in taken:
        qid, n = f"{base}-{n}", n + 1
    taken.add(qid)
    return qid


def _gap_draft(row: dict) -> tuple[str, str, str]:
    """expect, category and why of a stored gap."""
    topics = json.loads(row["topics"]) if isinstance(row.get("topics"), str) else row["topics"]
    others = json.loads(row["others"]) if isinstance(row.get("others"), str) else row["others"]
    about = "; ".join(
        p
        for p in (
            f"asked about {', '.join(others)}" if others else "",
            f"topics: {', '.join(topics)}" if topics else "",
        )
        if p
    )
    if row.get("kind") == NOT_COVERED:
        why = f"the documents do not state {row.get('gaps') or 'it'}"
        return "gap", "not-covered", why + (f" ({about})" if about else "")
    return "refuse", "refuse", "refused by the bot" + (f" ({about})" if about else "")


def draft_rows(
    feedback: FeedbackStore,
    known_questions: Iterable[str] = (),
    gap_ids: Collection[int] | None = None,
) -> list[dict]:
    """One draft per distinct question (case and space ignored), the first report of it kept:
    every thumbs-down answer and gap, or only the gaps `gap_ids` names (the Gaps view)."""
    seen = {" ".join(q.lower().split()) for q in known_questions}
    sources: list[tuple[str, dict]] = []
    if gap_ids is None:
        sources += [("down", r) for r in feedback.rows("feedback") if r["rating"] == "down"]
    wanted = None if gap_ids is None else {int(i) for i in gap_ids}
    sources += [("gap", r) for r in feedback.rows("refused") if wanted is None or r["id"] in wanted]
    rows: list[dict] = []
    ids: set[str] = set()
    for source, row in sources:
        key = " ".join(row["question"].lower().split())
        if not key or key in seen:
            continue
        seen.add(key)
        if source == "gap":
            expect, category, why = _gap_draft(row)
        else:
            expect, category = "answer", "TODO"
            why = "thumbs down" + (f": {row['reason']}" if row.get("reason") else "")
        rows.append(
            {
                "id": _unique(f"draft-{slug(row['question'])}", ids),
                "question": row["question"],
                "history": [],
                "category": category,
                "expect": expect,
                "facts": [],
                "gold": [],
                "_why": why,
                "_bot_answer": row["answer"][:600],
            }
        )
    return rows


def question_rows(rows: list[dict]) -> list[dict]:
    """Drafts as question-set rows: the notes left out."""
    return [{k: v for k, v in r.items() if k not in NOTES} for r in rows]


def _comment(text: str, width: int = 96) -> list[str]:
    words, lines, line = " ".join(str(text).split()).split(" "), [], "#"
    for word in words:
        if len(line) + len(word) + 1 > width and line != "#":
            lines.append(line)
            line = "#  "
        line += " " + word
    return [*lines, line]


def render(rows: list[dict]) -> str:
    """Drafts as YAML that loads as a question set, each with what it came from as comments."""
    out = [
        "# Draft rows from user feedback. For each: check category and expect (answer | refuse |",
        "# gap), list the facts a good answer contains and the gold sections, then move the row",
        "# into a question set. The file loads as it is (`careerbot eval --questions FILE`).",
    ]
    if not rows:
        out.append("[]")
    for row in rows:
        body = {k: v for k, v in row.items() if k not in NOTES}
        out.append("")
        out += _comment(f"why: {row.get('_why', '')}")
        if row.get("_bot_answer"):
            out += _comment(f"the bot answered: {row['_bot_answer']}")
        out.append(yaml.safe_dump([body], sort_keys=False, allow_unicode=True, width=100).rstrip())
    return "\n".join(out) + "\n"


def render_csv(rows: list[dict]) -> str:
    """Drafts as a CSV question set (lists as JSON in their cells)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in question_rows(rows):
        writer.writerow(
            {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                for k, v in row.items()
            }
        )
    return out.getvalue()


def facts_from_text(text: str) -> list[list[str]]:
    """Facts as a counselor types them: one a line, its acceptable phrasings split by "|"."""
    facts = []
    for line in (text or "").splitlines():
        alternatives = [a.strip() for a in line.split("|") if a.strip()]
        if alternatives:
            facts.append(alternatives)
    return facts


def append_question(path: Path, row: dict) -> Question:
    """Add a row to a counselor's question set file (created with a header when missing),
    keeping what is there; its id is made unique. EvalError when the row does not make a
    valid question (the file is then left as it was)."""
    path = Path(path)
    old = path.read_text(encoding="utf-8") if path.is_file() else COUNSELOR_SET_HEADER
    taken = {q.id for q in load_questions(path)} if path.is_file() else set()
    row = {**question_rows([row])[0], "id": _unique(str(row.get("id") or "question"), taken)}
    addition = yaml.safe_dump([row], sort_keys=False, allow_unicode=True, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(old.rstrip("\n") + "\n\n" + addition, encoding="utf-8")
    try:
        added = next(q for q in load_questions(tmp) if q.id == row["id"])
    except EvalError as exc:
        tmp.unlink(missing_ok=True)
        raise EvalError(str(exc).replace(tmp.name, path.name)) from exc
    os.replace(tmp, path)
    return added
