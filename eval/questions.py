"""The question set: YAML (eval/questions.yaml) or CSV with the same columns.

Each question: id, question, optional history, category, expect (answer | refuse | gap), facts
(a list of facts, each a list of acceptable phrasings) and gold sections (document id and, when
it matters, heading path). `gap` marks a question about a role the knowledge base holds, on a
point its documents do not state: a good answer says so, then gives the closest lines (the
facts, if any). A counselor adds a row; no code changes.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eval.errors import EvalError

SHIPPED = Path(__file__).resolve().parent / "questions.yaml"
COLUMNS = ("id", "question", "history", "category", "expect", "facts", "gold")
EXPECTATIONS = ("answer", "refuse", "gap")


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    category: str
    expect: str  # one of EXPECTATIONS
    facts: list[list[str]] = field(default_factory=list)
    gold: list[tuple[str, str]] = field(default_factory=list)
    history: list[dict] = field(default_factory=list)

    @property
    def should_refuse(self) -> bool:
        return self.expect == "refuse"

    @property
    def expects_gap(self) -> bool:
        return self.expect == "gap"

    @property
    def gold_docs(self) -> list[str]:
        return list(dict.fromkeys(doc for doc, _ in self.gold))


def _facts(value, where: str) -> list[list[str]]:
    if value in (None, ""):
        return []
    if isinstance(value, str):  # CSV: JSON, or "a|b; c"
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            value = [
                [alt.strip() for alt in fact.split("|") if alt.strip()] for fact in value.split(";")
            ]
    if not isinstance(value, list):
        raise EvalError(f"{where}: facts must be a list of lists of phrasings")
    out = []
    for fact in value:
        alts = [fact] if isinstance(fact, str) else fact
        if not isinstance(alts, list) or not all(isinstance(a, str) and a.strip() for a in alts):
            raise EvalError(f"{where}: each fact is a list of non-empty phrasings, got {fact!r}")
        out.append(list(alts))
    return out


def _gold(value, where: str) -> list[tuple[str, str]]:
    if value in (None, ""):
        return []
    if isinstance(value, str):  # CSV: JSON, or "doc#section; doc#section"
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            value = [
                dict(zip(("doc", "section"), g.split("#", 1), strict=False))
                for g in value.split(";")
            ]
    out = []
    for item in value:
        if not isinstance(item, dict) or not item.get("doc"):
            raise EvalError(f"{where}: gold entries need doc (and section), got {item!r}")
        out.append((str(item["doc"]).strip(), str(item.get("section") or "").strip()))
    return out


def _history(value, where: str) -> list[dict]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{where}: history must be JSON in a CSV file") from exc
    if not isinstance(value, list) or not all(
        isinstance(t, dict) and t.get("role") in ("user", "assistant") for t in value
    ):
        raise EvalError(f"{where}: history is a list of {{role: user|assistant, content: ...}}")
    return [{"role": t["role"], "content": str(t.get("content", ""))} for t in value]


def parse_rows(rows: list[dict], source: str) -> list[Question]:
    out: list[Question] = []
    seen: set[str] = set()
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise EvalError(f"{source} row {i}: expected a mapping with {', '.join(COLUMNS)}")
        unknown = sorted(set(row) - set(COLUMNS))
        if unknown:
            raise EvalError(
                f"{source} row {i}: unknown column(s) {', '.join(unknown)}; "
                f"known: {', '.join(COLUMNS)}"
            )
        qid = str(row.get("id") or f"row-{i}")
        where = f"{source} {qid}"
        question = str(row.get("question") or "").strip()
        if not question:
            raise EvalError(f"{where}: empty question")
        expect = str(row.get("expect") or "answer").strip()
        if expect not in EXPECTATIONS:
            raise EvalError(
                f"{where}: expect must be one of {', '.join(EXPECTATIONS)}, got {expect!r}"
            )
        if qid in seen:
            raise EvalError(f"{where}: duplicate id")
        seen.add(qid)
        out.append(
            Question(
                id=qid,
                question=question,
                category=str(row.get("category") or "other").strip(),
                expect=expect,
                facts=_facts(row.get("facts"), where),
                gold=_gold(row.get("gold"), where),
                history=_history(row.get("history"), where),
            )
        )
    if not out:
        raise EvalError(f"{source}: no questions")
    return out


def load_questions(path: Path | None = None) -> list[Question]:
    path = Path(path) if path else SHIPPED
    if not path.is_file():
        raise EvalError(f"Question set not found: {path}")
    try:
        if path.suffix.lower() == ".csv":
            with path.open(newline="", encoding="utf-8-sig") as f:
                rows = list(csv.DictReader(f))
        else:
            rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (yaml.YAMLError, csv.Error, UnicodeDecodeError) as exc:
        raise EvalError(f"Cannot read {path.name}: {exc}") from exc
    if not isinstance(rows, list):
        raise EvalError(f"{path.name}: expected a list of questions")
    return parse_rows(rows, path.name)
