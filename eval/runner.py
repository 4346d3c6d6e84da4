"""Run the question set through each configuration and score every answer."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.answer import Answer
from bot.errors import BotError
from bot.retrieval import SearchMode
from bot.service import CareerBot
from eval import metrics
from eval.documents import Documents, read_documents
from eval.errors import EvalError
from eval.questions import Question

K = 5  # hit@k and recall@k


@dataclass(frozen=True)
class Configuration:
    name: str
    description: str
    mode: SearchMode | None  # None: the textbook pipeline


CONFIGURATIONS: dict[str, Configuration] = {
    c.name: c
    for c in (
        Configuration(
            "full", "hybrid retrieval with role and topic awareness (the product)", SearchMode()
        ),
        Configuration(
            "dense-only",
            "dense search only, with role and topic awareness",
            SearchMode(keyword=False),
        ),
        Configuration(
            "bm25-only", "BM25 only, with role and topic awareness", SearchMode(dense=False)
        ),
        Configuration(
            "hybrid-unscoped",
            "hybrid retrieval without role or topic awareness",
            SearchMode(scoped=False),
        ),
        Configuration(
            "word-list-topics",
            "the full pipeline, a question's topics read by the word lists alone (no model)",
            SearchMode(topic_model=False),
        ),
        Configuration(
            "textbook", "LangChain textbook: 1000-char splits, top-4 similarity, top chunk", None
        ),
    )
}


def configurations(names: Sequence[str] | None) -> list[Configuration]:
    if not names:
        return list(CONFIGURATIONS.values())
    unknown = [n for n in names if n not in CONFIGURATIONS]
    if unknown:
        raise EvalError(
            f"Unknown configuration(s) {', '.join(unknown)}; known: {', '.join(CONFIGURATIONS)}"
        )
    return [CONFIGURATIONS[n] for n in names]


@dataclass
class Result:
    config: str
    question: Question
    answer: Answer | None
    error: str = ""
    scores: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict:
        q, a = self.question, self.answer
        return {
            "config": self.config,
            "id": q.id,
            "category": q.category,
            "expect": q.expect,
            "question": q.question,
            "history": q.history,
            "refused": a.refused if a else None,
            "answer": a.answer if a else None,
            "citations": [c.to_json() for c in a.citations] if a else [],
            "missing_facts": [
                alts[0] for alts in q.facts if a and not metrics.fact_matched(a.answer, alts)
            ],
            "error": self.error,
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
        }


class SourceTexts:
    """The text each citation's quote must stand in, by source file name: the documents the
    bot answers from (a kb/ folder, or a source such as the application database)."""

    def __init__(self, documents: Documents) -> None:
        self.texts = {d.name: d.loaded.text for d in read_documents(documents)}

    def get(self, source: str) -> str:
        return self.texts.get(source, "")


def score(question: Question, answer: Answer, sources: SourceTexts) -> dict[str, float]:
    quotes = [c.quote for c in answer.citations]
    out = {
        "refused": float(answer.refused),
        "refusal_correct": float(answer.refused == question.should_refuse),
        "latency_ms": answer.latency_ms,
        "citation_validity": metrics.citation_validity(
            quotes, [sources.get(c.source) for c in answer.citations]
        ),
        "citations": float(len(quotes)),
    }
    if question.should_refuse:
        return out
    said_gap = not answer.refused and metrics.states_a_gap(answer.answer)
    out["gap_stated"] = float(said_gap)
    if question.expects_gap:
        out["gap_found"] = float(said_gap)
    if question.gold:
        out["first_citation_right"] = metrics.first_citation_right(
            [c.doc_id for c in answer.citations], question.gold_docs
        )
    out["words"] = float(metrics.word_count(answer.answer))
    if question.facts:
        out["fact_recall"] = metrics.fact_recall(answer.answer, question.facts)
        out["citation_recall"] = metrics.citation_recall(answer.answer, question.facts, quotes)
    out["citation_precision"] = metrics.citation_precision(
        answer.answer, {c.n: c.quote for c in answer.citations}
    )
    if question.gold:
        out[f"hit@{K}"] = metrics.hit_at_k(answer.retrieved, question.gold, K)
        out["hit@1"] = metrics.hit_at_k(answer.retrieved, question.gold, 1)
        out[f"recall@{K}"] = metrics.recall_at_k(answer.retrieved, question.gold, K)
        out["rr"] = metrics.reciprocal_rank(answer.retrieved, question.gold)
        out["ndcg@10"] = metrics.ndcg_at_k(answer.retrieved, question.gold, 10)
    return out


def summarize(results: Sequence[Result]) -> dict[str, float]:
    """Mean of each score over the questions it applies to, refusal precision/recall, latency."""

    def mean(key: str) -> float:
        values = [r.scores[key] for r in results if key in r.scores]
        return statistics.fmean(values) if values else 0.0

    answered = [r for r in results if r.answer and not r.question.should_refuse]
    words = [r.scores["words"] for r in answered if "words" in r.scores and not r.answer.refused]
    latencies = [r.scores["latency_ms"] for r in results if "latency_ms" in r.scores]
    scored = [r for r in results if r.answer]
    precision, recall = metrics.refusal_precision_recall(
        [r.question.should_refuse for r in scored], [r.answer.refused for r in scored]
    )
    said_gap = [r for r in scored if r.scores.get("gap_stated")]
    return {
        "questions": float(len(results)),
        "errors": float(sum(bool(r.error) for r in results)),
        "fact_recall": mean("fact_recall"),
        "median_words": statistics.median(words) if words else 0.0,
        "mean_words": statistics.fmean(words) if words else 0.0,
        "citation_validity": mean("citation_validity"),
        "citation_precision": mean("citation_precision"),
        "citation_recall": mean("citation_recall"),
        "refusal_precision": precision,
        "refusal_recall": recall,
        "refusal_accuracy": mean("refusal_correct"),
        # gap recall: the share of gap questions whose answer says what is not stated;
        # gap precision: of the answers that say so, the share given to gap questions
        "gap_recall": mean("gap_found"),
        "gap_precision": (
            sum(r.question.expects_gap for r in said_gap) / len(said_gap) if said_gap else 1.0
        ),
        "first_citation_right": mean("first_citation_right"),
        "answerable_refused": float(
            sum(bool(r.answer.refused) for r in scored if not r.question.should_refuse)
        ),
        f"hit@{K}": mean(f"hit@{K}"),
        "hit@1": mean("hit@1"),
        f"recall@{K}": mean(f"recall@{K}"),
        "mrr": mean("rr"),
        "ndcg@10": mean("ndcg@10"),
        "latency_p50_ms": metrics.percentile(latencies, 50),
        "latency_p95_ms": metrics.percentile(latencies, 95),
    }


AnswerFn = Callable[[str, list, str | None], Answer]


def run_configuration(
    config: Configuration,
    answer: AnswerFn,
    questions: Sequence[Question],
    sources: SourceTexts,
    progress: Callable[[int], None] | None = None,
) -> list[Result]:
    results = []
    for question in questions:
        try:
            got = answer(question.question, question.history, None)
            results.append(Result(config.name, question, got, scores=score(question, got, sources)))
        except BotError as exc:
            results.append(Result(config.name, question, None, error=str(exc)))
        if progress:
            progress(1)
    return results


def build_answerer(config: Configuration, bot: CareerBot, documents: Documents) -> AnswerFn:
    if config.mode is None:
        from eval.textbook import TextbookPipeline

        return TextbookPipeline(documents, bot.embedder).answer
    variant = CareerBot(bot.store, bot.embedder, bot.settings, mode=config.mode)
    variant.index = bot.index  # one keyword index for all variants
    return variant.answer
