"""What a question is about, after reading it with the conversation: roles, topics, its form.

The form decides the shape of the answer: a yes/no question leads with the sentence that
answers it, a list request gets the whole list, a request for a rundown one line per topic, a
comparison the same topics for each role.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bot.followup import Context, read_in_context
from bot.question import Question
from bot.roles import MAX_AMBIGUOUS, Role, RoleCatalog
from bot.text import normalize

QUESTION, YESNO, LIST, SUMMARY, COMPARISON = "question", "yesno", "list", "summary", "comparison"
DEFINITION = "definition"  # a short rundown: what it is, what they do, what it takes

_FILLER = re.compile(
    r"^((so|ok|okay|and|also|hey|hi|um|uh|well|quick question|question|right|then|cool|"
    r"great|thanks|alright)[,!.:]?\s+)+"
)
_YESNO = re.compile(
    r"^(do|does|did|is|are|was|were|can|could|will|would|should|must|has|have|had|may|am|"
    r"isn't|aren't|don't|doesn't|can't|won't)\b(?!\s+(you|u) (know|tell)\b)"
    r"|^is it true (that)?\b|^(true or false|yes or no)\b"
)
_SUMMARY = re.compile(
    r"\b(rundown|run-down|summar(y|ise|ize)|overview|tell me (about|everything|more)|the basics"
    r"|in a nutshell|describe (the|a|an|this|that)\s*(job|role|career|work)|lowdown|breakdown"
    r"|everything (i|you) (need|should) (to )?know|quick (intro|guide)|tl;? ?dr|big picture"
    r"|at a glance|the gist|sum (it |this |that )?up"
    r"|in a (few|couple of) (sentences|words|lines)|explain (the|a|an|this|that|what)\b.{0,40}"
    r"\b(job|role|career|work)\b|like i'?m (5|five|10|12|15|a kid))"
)
# "once I'm working as an OT tech could I ...", "I'm 45, is it too late ...": the yes/no
# question after an opening clause
_AUX = (
    r"(do|does|is|are|can|could|will|would|should|must|may|am|isn't|aren't|don't|doesn't|"
    r"can't|won't)"
)
_LATE_YESNO = re.compile(
    r"^(once|if|after|before|as|since|while|now that|given|i'm|i am|im|i have|i've)\b"
    r"[^?]{0,80}?(,\s*|\s)" + _AUX + r" (i|you|they|we|he|she|it|there|that|this|an?|the|my)\b"
    r"(?!\s+(know|tell|list|explain|describe|give|show|walk|help|summari[sz]e)\b)"
)
# "what's an OT tech's typical caseload?" asks something of the role, not what the role is
_ASKS_OF_ROLE = re.compile(r"[a-z]'s \w|\b(typical|usual|average|normal)\b")
_DEFINITION_START = re.compile(r"^(so )?what('s| is| are)\s*")
_WH = re.compile(r"\b(what|how|which|where|why|who|whom|whose)\b")
# "What's it like being an OTA?" wants a rundown; "what's it like working in X, is it
# physical?" names what it wants to know
_WHAT_LIKE = re.compile(r"what('s| is) it like (to be|being|working)")
# "What is an OTA?": a definition, and then the essentials
_DEFINITION = re.compile(r"^(so )?what('s| is| are) (an?|the)? ?[a-z' -]+\?*$")
_LIST = re.compile(
    r"\b(list|all (of )?(the|their)|every|each of|full|complete|entire|whole)\b"
    r"|\bwhat are (all )?the (requirements|duties|responsibilities|benefits|skills|tasks"
    r"|qualifications)\b"
)


@dataclass(frozen=True)
class Scope:
    """What a question asks about."""

    question: Question
    text: str  # what is searched: the question, completed from the conversation if needed
    roles: tuple[Role, ...] = ()
    topics: tuple[str, ...] = ()
    others: tuple[str, ...] = ()  # occupations the knowledge base does not hold
    ambiguous: tuple[tuple[str, tuple[Role, ...]], ...] = ()
    form: str = QUESTION
    context: Context = field(default_factory=Context)
    # occupations with no role of their own, answered from documents that write of them
    hosted: tuple[str, ...] = ()

    @property
    def asks_which(self) -> tuple[str, tuple[Role, ...]] | None:
        """A name that fits too many roles to answer for all ("what do assistants earn?")."""
        for name, roles in self.ambiguous:
            if len(roles) > MAX_AMBIGUOUS:
                return name, roles
        return None


def question_form(text: str, roles: int, topics: Sequence[str]) -> str:
    """The form of a question: comparison (two roles or more), yes/no, list, summary, or a
    plain question."""
    text = _FILLER.sub("", normalize(text))
    if roles >= 2:
        return COMPARISON
    if _SUMMARY.search(text):
        return SUMMARY
    if _WHAT_LIKE.search(text) and not set(topics) - {"overview"}:
        return SUMMARY
    if _YESNO.match(text):
        return YESNO
    if _LATE_YESNO.match(text) and not _WH.search(text):
        return YESNO
    if _LIST.search(text) and set(topics) - {"overview"}:
        return LIST
    if (
        _DEFINITION.match(text)
        and not set(topics) - {"overview"}
        and not _ASKS_OF_ROLE.search(_DEFINITION_START.sub("", text))
    ):
        return DEFINITION
    return QUESTION


def resolve(
    catalog: RoleCatalog,
    question: Question,
    topics_of: Callable[[str], list[str]],
) -> Scope:
    """Roles, topics and form of a question, taken from the conversation where it leaves them
    out. `topics_of` reads a text's topics (bot.topics.question_topics, with the model)."""
    context = read_in_context(catalog, question, topics_of)
    roles = list(context.roles)
    ambiguous = list(context.ambiguous)
    if question.role:
        chosen = catalog.by_name(question.role)
        if chosen is not None:
            roles, ambiguous = [chosen], []
    if len(ambiguous) == 1 and not roles and len(ambiguous[0][1]) <= MAX_AMBIGUOUS:
        roles = list(ambiguous[0][1])  # answered for each; the answer says why
    topics = list(context.topics)
    others = [] if question.role else list(context.others)
    form = question_form(question.text, len(roles), topics)
    return Scope(
        question=question,
        text=context.text,
        roles=tuple(roles),
        topics=tuple(topics),
        others=tuple(others),
        ambiguous=tuple(ambiguous),
        form=form,
        context=context,
    )
