"""Follow-up questions, read together with the conversation before anything is decided.

"How much do they earn?" after a question about CNAs is about CNAs; "and the aide?" after a
question about pay asks about an aide's pay; "why such a big range?" after a pay question asks
about that pay again. A question that names no role and no topic is a follow-up when there
was an earlier question; one that names neither a role nor anything else gets the earlier
roles when it leans on them ("they", "that job", "what about ...", or a few words).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.question import Question
from bot.roles import Role, RoleCatalog
from bot.text import normalize, tokens
from ingest.names import without_names

_ELLIPTICAL = re.compile(
    r"^(and|also|what about|how about|plus|then|ok(ay)?|so|cool|great|thanks|but|what if|why)\b"
    r"|\b(they|them|their|theirs|it|its|this (job|role|position|one)|that (job|role|position|one)"
    r"|the (job|role|position|same)|he|she|his|her|those|these)\b"
)
_OTHER_ROLE = re.compile(
    r"\b(the|that) other (one|role|job|position|career|option)?\b|\bthe other\b"
)
_POINTS_BACK = re.compile(r"\b(that|this|the same) (job|role|one|position|career|work)\b|\bthat\b")
_ACROSS_ROLES = re.compile(
    r"\b(which|what) (of (these|the|your) )?(jobs?|roles?|careers?|occupations?|ones?)\b"
    r"|\bwhich\b.*\b(most|best|least|highest|lowest|fastest|quickest|shortest)\b"
    r"|\b(any|all|each|every) (of )?(these|the|your) (jobs|roles|careers|occupations)\b"
)
_SHORT_FOLLOW_UP = re.compile(
    r"^(and|also|what about|how about|ok(ay)?|so|cool|great|then|but|and for|same for)\b"
)


@dataclass(frozen=True)
class Context:
    """A question read with the conversation."""

    text: str = ""  # what to search: the question, with the earlier one when it leans on it
    roles: tuple[Role, ...] = ()
    ambiguous: tuple[tuple[str, tuple[Role, ...]], ...] = ()
    others: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    inherited_roles: bool = False
    inherited_topics: bool = False
    earlier_question: str = ""  # the question whose topic a follow-up keeps
    points_back: bool = False  # "they", "that job": it says it leans on the conversation


def is_elliptical(text: str) -> bool:
    """Leans on the conversation: 'and what about salary?', 'do they need a license?'."""
    text = normalize(text)
    return bool(_ELLIPTICAL.search(text)) or len(tokens(text)) <= 4


def continues_topic(text: str) -> bool:
    """Short follow-ups that keep the previous question's topic: 'what about the technician?'."""
    text = normalize(text)
    return len(tokens(text)) <= 6 and (
        bool(_SHORT_FOLLOW_UP.search(text)) or len(tokens(text)) <= 4
    )


def read_in_context(
    catalog: RoleCatalog, question: Question, topics_of: Callable[[str], list[str]]
) -> Context:
    text = question.text
    named = catalog.read(text)
    roles, ambiguous, others = list(named.roles), list(named.ambiguous), list(named.others)
    earlier = question.earlier_questions
    names_someone = bool(roles or ambiguous or others)
    if not names_someone and not (earlier and is_elliptical(text)):
        others = [s for s in [catalog.unknown_subject(text)] if s]
        names_someone = bool(others)
    topics = topics_of(text)
    inherited_roles = inherited_topics = False
    earlier_question = ""
    if earlier and not roles and not ambiguous and _OTHER_ROLE.search(normalize(text)):
        for before in reversed(earlier):
            earlier_roles = catalog.read(before).roles
            if earlier_roles:
                rest = [r for r in catalog.roles if r not in earlier_roles]
                if 0 < len(rest) <= 3:
                    roles, inherited_roles = rest, True
                break
    # in a conversation, a question that names no one asks about whom it was about ("how
    # long is the program?"), unless it asks across roles ("which of these pays most?")
    leans = (
        not topics
        or is_elliptical(text)
        or not (names_someone or _ACROSS_ROLES.search(normalize(text)))
    )
    points_back = bool(_POINTS_BACK.search(normalize(text)))
    if earlier and not roles and not ambiguous and (not others or points_back) and leans:
        for before in reversed(earlier):
            then = catalog.read(before)
            then_others = list(then.others) or [s for s in [catalog.unknown_subject(before)] if s]
            if then.roles or then.ambiguous or then_others:
                # "is that the same job as a pharmacy aide?": the earlier role, compared
                others = others if then.roles or then.ambiguous else then_others
                roles, ambiguous = list(then.roles), list(then.ambiguous)
                inherited_roles = True
                if not topics:
                    earlier_question = before  # "like what exactly?" asks the earlier again
                break
    if earlier and not topics and (continues_topic(text) or not names_someone):
        for before in reversed(earlier):
            then_topics = topics_of(before)
            if then_topics:
                topics, inherited_topics, earlier_question = then_topics, True, before
                break
    search = text
    if earlier_question:  # "what about the technician?" asks the earlier question again
        search = f"{text} {without_names(earlier_question, catalog.names_in(earlier_question))}"
    return Context(
        text=search,
        roles=tuple(roles),
        ambiguous=tuple(ambiguous),
        others=tuple(others),
        topics=tuple(topics),
        inherited_roles=inherited_roles,
        inherited_topics=inherited_topics,
        earlier_question=earlier_question,
        points_back=points_back or bool(_ELLIPTICAL.search(normalize(text))),
    )
