"""Draft question-set rows from what users stumbled on: thumbs-down answers, refused questions.

A counselor completes each draft (category, expect, facts, gold) and moves it into the set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

from bot.feedback import FeedbackStore


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "question"


def draft_rows(feedback: FeedbackStore, known_questions: Iterable[str] = ()) -> list[dict]:
    """One draft per distinct question (case and space ignored), the first report of it kept."""
    seen = {" ".join(q.lower().split()) for q in known_questions}
    rows: list[dict] = []
    sources = [("down", r) for r in feedback.rows("feedback") if r["rating"] == "down"]
    sources += [("refused", r) for r in feedback.rows("refused")]
    for why, row in sources:
        key = " ".join(row["question"].lower().split())
        if not key or key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "id": f"draft-{_slug(row['question'])}",
                "question": row["question"],
                "history": [],
                "category": "TODO",
                "expect": "refuse" if why == "refused" else "answer",
                "facts": [],
                "gold": [],
                "_why": "refused by the bot" if why == "refused" else "thumbs down",
                "_bot_answer": row["answer"][:600],
            }
        )
    return rows


def render(rows: list[dict]) -> str:
    header = (
        "# Draft rows from user feedback. For each: set category and expect (answer | refuse),\n"
        "# list the facts a good answer contains and the gold sections, delete the _why and\n"
        "# _bot_answer keys, then move the row into eval/questions.yaml.\n"
    )
    return header + yaml.safe_dump(rows, sort_keys=False, allow_unicode=True, width=100)
