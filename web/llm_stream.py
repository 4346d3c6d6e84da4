"""An answer for the chat as it becomes ready: the extractive one whole, an LLM's as it streams.

The LLM's reply arrives over time; bot.llm.streaming reports it sentence by checked sentence
from the thread that answers, and this generator hands each step to the chat.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence

from bot.answer import Answer
from bot.llm import streaming
from bot.service import CareerBot


def answer_stream(
    bot: CareerBot, question: str, history: Sequence[dict], role: str | None
) -> Iterator[tuple[Answer, bool]]:
    """(answer so far, is it the final one); exceptions of the bot come out of the generator."""
    if getattr(bot, "llm", None) is None:
        yield bot.answer(question, history, role), True
        return
    steps: queue.Queue = queue.Queue()

    def run() -> None:
        try:
            with streaming(lambda partial: steps.put(("partial", partial))):
                steps.put(("final", bot.answer(question, history, role)))
        except BaseException as exc:  # handed to the chat, which says what went wrong
            steps.put(("error", exc))

    threading.Thread(target=run, daemon=True, name="careerbot-llm-answer").start()
    while True:
        kind, value = steps.get()
        if kind == "error":
            raise value
        yield value, kind == "final"
        if kind == "final":
            return
