"""The roles view: a role at a glance (duties, education, licensing, salary, environment), each
line cited with a link to its passage; two roles side by side to compare."""

from __future__ import annotations

import gradio as gr

from bot.errors import BotError
from bot.service import CareerBot
from ingest.topics import TOPICS
from web.limits import RateLimiter, client_of, too_fast
from web.render import MARKER, cite_link, escape, file_name, link_markers

CARD_TOPICS = {
    "duties": "What are the duties of a {role}?",
    "education": "What education does a {role} need?",
    "licensing": "What license or certification does a {role} need?",
    "salary": "How much does a {role} earn?",
    "environment": "What is the work environment of a {role}?",
}


def renumber(line: str, offset: int) -> str:
    return MARKER.sub(lambda m: f"[{int(m.group(1)) + offset}]", line)


class RolesView:
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        self._cards: dict[str, str] = {}
        self._cards_generation = ""

    def card(self, role: str) -> str:
        """A role at a glance, every line cited; cached until the knowledge base changes."""
        if not role:
            return ""
        try:
            snap = self.bot.snapshot()
        except BotError as exc:
            raise gr.Error(str(exc), print_exception=False) from exc
        known = snap.catalog.by_name(role)
        if known is None:
            return (
                f"_There is no role “{escape(role)}” in the knowledge base now; reload the page._"
            )
        if snap.generation != self._cards_generation:  # the knowledge base changed
            self._cards, self._cards_generation = {}, snap.generation
        if role in self._cards:
            return self._cards[role]
        parts = [f"## {escape(role)}"]
        cited: dict[int, dict] = {}
        own = set(known.doc_ids)
        for topic, template in CARD_TOPICS.items():
            try:
                answer = self.bot.answer(template.format(role=role), (), role)
            except BotError as exc:
                raise gr.Error(str(exc), print_exception=False) from exc
            parts.append(f"### {TOPICS[topic].capitalize()}")
            if answer.refused or not answer.citations:
                parts.append("_The knowledge base does not say._")
                continue
            offset = len(cited)
            for c in answer.citations:
                cited[c.n + offset] = c.to_json()
            # the answer as the chat gives it, less the heading that repeats the role
            body = [
                ln for ln in answer.answer.splitlines() if ln and not ln.startswith(f"**{role}**")
            ]
            parts.append(
                "\n".join(link_markers(escape(renumber(ln, offset)), cited) for ln in body)
            )
        parts.append("#### Sources")
        items = []
        for n, c in cited.items():
            quote = escape(" ".join(c["quote"].split()))
            where = c["section"] if c["doc_id"] in own else f"{c['title']} · {c['section']}"
            items.append(
                f"<li>{cite_link(n, c)} {escape(where or 'the whole document')} "
                f"({escape(file_name(c))}): “{quote}”</li>"
            )
        parts.append(f'<ol class="source-list">{"".join(items)}</ol>')
        text = "\n\n".join(p for p in parts if p)
        self._cards[role] = text
        return text

    def cards(self, first: str, second: str) -> tuple[str, str]:
        return self.card(first), self.card(second) if second and second != first else ""

    def build(self, roles: list[str], many: bool, limiter: RateLimiter):
        """The tab's contents; returns the two role selectors (the page refreshes their lists)."""

        def show(first: str, second: str, request: gr.Request = None):
            wait = limiter.wait(client_of(request))
            if wait:
                raise gr.Error(too_fast(wait), title="Too many questions", print_exception=False)
            return self.cards(first, second)

        gr.Markdown(
            "A role at a glance, each line cited: select a number to read its passage. "
            "Pick two roles to compare them side by side."
        )
        with gr.Row(elem_id="roles-row"):
            first = gr.Dropdown(
                roles,
                value=roles[0] if roles else None,
                label="Role",
                allow_custom_value=many,
                elem_id="first-role",
            )
            second = gr.Dropdown(
                ["", *roles],
                value="",
                label="Compare with",
                allow_custom_value=many,
                elem_id="compare",
            )
        button = gr.Button("Show", variant="primary", elem_id="show-roles")
        with gr.Row(elem_id="cards"):
            left = gr.Markdown(elem_id="card-left")
            right = gr.Markdown(elem_id="card-right")
        button.click(show, [first, second], [left, right], api_visibility="private")
        return first, second
