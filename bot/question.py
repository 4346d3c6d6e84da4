"""A question as the bot reads it: parsed once, then passed unchanged through every step.

What a person types can hold more than the question: HTML comments, tags, markdown link
targets, bracketed or quoted asides. They are taken out of the text the bot reads for roles
and topics, and kept apart, so that an instruction hidden in them is still noticed
(bot.guard).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from bot.errors import BotError
from bot.text import normalize

MAX_QUESTION_CHARS = 2000  # longer input is read up to here (the rest is almost never the question)
MAX_TURNS = 12  # earlier turns read for follow-ups
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_COMMENT = re.compile(r"<!--(.*?)(?:-->|$)", re.DOTALL)
_ELEMENT = re.compile(
    r"<\s*(script|style|system|assistant|user|instructions?|prompt)\b[^>]*>(.*?)(?:<\s*/\s*\1\s*>|$)",
    re.DOTALL | re.IGNORECASE,
)
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
_LINK_TARGET = re.compile(r"(\[[^\]]*\])\([^)]*\)")
_BRACKETED = re.compile(r"\[([^\]]{3,})\]|\{([^}]{3,})\}")
_QUOTED = re.compile(r"[\"“]([^\"”]{12,})[\"”]")


@dataclass(frozen=True)
class Turn:
    role: str  # "user" or "assistant"
    content: str


@dataclass(frozen=True)
class Question:
    """What was asked, with the conversation before it and the role the user picked."""

    asked: str  # as typed, control characters removed, clipped
    text: str  # what the bot reads: comments, markup and link targets taken out
    hidden: tuple[str, ...] = ()  # what comments and markup held
    asides: tuple[str, ...] = ()  # bracketed parts and quotations (they stay in the text too)
    history: tuple[Turn, ...] = field(default=(), repr=False)
    role: str | None = None  # the role selector's choice, if any

    @classmethod
    def parse(cls, asked: str, history: Sequence = (), role: str | None = None) -> Question:
        """The question, or BotError when it is empty or not text (a one-line message)."""
        if not isinstance(asked, str):
            raise BotError("The question must be text.")
        if role is not None and not isinstance(role, str):
            raise BotError("The role must be text: a role name or alias, or empty for all roles.")
        clean = _CONTROL.sub(" ", asked).strip()[:MAX_QUESTION_CHARS]
        if not clean:
            raise BotError(
                "The question is empty: type a question about a role in the knowledge base."
            )
        text, hidden, asides = _read(clean)
        return cls(
            clean, text, hidden, asides, parse_history(history), (role or "").strip() or None
        )

    @cached_property
    def normalized(self) -> str:
        return normalize(self.text)

    @property
    def earlier_questions(self) -> list[str]:
        """The user's earlier questions, oldest first, read the same way as this one."""
        return [_read(t.content)[0] for t in self.history if t.role == "user"]


def _read(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The text to read, what comments and markup hid, and the bracketed and quoted parts."""
    hidden: list[str] = []

    def hide(match: re.Match) -> str:
        hidden.append(" ".join(g for g in match.groups() if g))
        return " "

    text = _COMMENT.sub(hide, text)
    text = _ELEMENT.sub(hide, text)
    text = _TAG.sub(" ", text)
    text = _LINK_TARGET.sub(r"\1", text)
    # bracketed and quoted parts stay in the text ("what does “COTA” mean?") but are also
    # read on their own, for an instruction hidden in them
    asides = [" ".join(g for g in m.groups() if g) for m in _BRACKETED.finditer(text)]
    asides += [m.group(1) for m in _QUOTED.finditer(text)]
    return (
        re.sub(r"\s+", " ", text).strip(),
        tuple(h.strip() for h in hidden if h.strip()),
        tuple(a.strip() for a in asides if a.strip()),
    )


def parse_history(history: Sequence) -> tuple[Turn, ...]:
    out = []
    for turn in history or ():
        if isinstance(turn, Turn):
            out.append(turn)
            continue
        if not isinstance(turn, dict) or turn.get("role") not in ("user", "assistant"):
            raise BotError(
                'Each history turn must be {"role": "user" or "assistant", "content": text}.'
            )
        content = str(turn.get("content") or "")[:MAX_QUESTION_CHARS]
        out.append(Turn(turn["role"], content))
    return tuple(out[-MAX_TURNS:])
