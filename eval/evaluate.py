"""Evaluate: every configuration over one question set, into one Report."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.service import CareerBot
from eval.documents import Documents, read_documents
from eval.questions import Question
from eval.report import Report
from eval.runner import SourceTexts, build_answerer, configurations, run_configuration, summarize

# stage, done, total (the CLI draws the bar)
Progress = Callable[[str, int, int], None]


def evaluate(
    bot: CareerBot,
    documents: Documents,
    questions: Sequence[Question],
    config_names: Sequence[str] | None = None,
    questions_file: str = "eval/questions.yaml",
    progress: Progress | None = None,
) -> Report:
    """`documents`: what the bot answers from (a kb/ folder, or the application database's
    documents), which the answers' quotes are checked against."""
    configs = configurations(config_names)
    documents = read_documents(documents)  # once, for the quotes and the textbook pipeline
    sources = SourceTexts(documents)
    total = len(configs) * len(questions)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("eval", done, total)

    summaries, results = {}, []
    for config in configs:
        answer = build_answerer(config, bot, documents)
        config_results = run_configuration(config, answer, questions, sources, advance)
        summaries[config.name] = summarize(config_results)
        results += config_results
    return Report(questions_file, summaries, results)
