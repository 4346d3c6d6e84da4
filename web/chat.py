"""The web app for job seekers and counselors: chat, roles view, and the `/ask` API.

Layout and formatting only: answers come from CareerBot, feedback goes to FeedbackStore.
Everything shown is escaped, so a document containing <script> shows as text.
"""

from __future__ import annotations

import html
import json
import logging
import time
from collections.abc import Iterator

import gradio as gr

from bot.answer import LISTED_ROLES, Answer, listed_roles
from bot.errors import BotError
from bot.feedback import FeedbackStore
from bot.service import CareerBot
from ingest.topics import TOPICS
from web.downloads import Downloads

log = logging.getLogger(__name__)

ALL_ROLES = "All roles"
EXAMPLES = [
    "What does an OT tech do day to day?",
    "Do occupational therapist assistants need a license?",
    "How much do occupational therapy technicians make?",
    "What education do I need to become an OTA?",
]
CARD_TOPICS = {
    "duties": "What are the duties of a {role}?",
    "education": "What education does a {role} need?",
    "licensing": "What license or certification does a {role} need?",
    "salary": "How much does a {role} earn?",
    "environment": "What is the work environment of a {role}?",
}
STREAM_STEPS = 6
# Role selectors list this many roles; any other can be typed. Every choice travels in the
# page's configuration, and ten thousand of them made it 6 MB.
ROLE_CHOICES = 300


def escape(text: str) -> str:
    """Text shown as text: markup in a document or a question never runs in the page."""
    return html.escape(text, quote=False)


def answer_markdown(answer: Answer) -> str:
    return escape(answer.answer)


def sources_markdown(answer: Answer) -> str:
    lines = []
    for c in answer.citations:
        lines.append(f"**[{c.n}] {escape(c.title)}** — {escape(c.section)} · `{escape(c.source)}`")
        lines.append(f"> {escape(' '.join(c.quote.split()))}")
        lines.append("")
    return "\n".join(lines).strip()


def to_history(messages: list) -> list[dict]:
    """The conversation as the bot reads it: user questions and answers, no source panels."""
    out = []
    for m in messages or []:
        m = m if isinstance(m, dict) else m.__dict__
        if (m.get("metadata") or {}).get("title"):
            continue
        content = m.get("content")
        if isinstance(content, list):  # Gradio 6 may hand content back as parts
            content = " ".join(
                str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content
            )
        if m.get("role") in ("user", "assistant") and isinstance(content, str):
            out.append({"role": m["role"], "content": html.unescape(content)})
    return out


def transcript(messages: list) -> str:
    """The conversation as markdown, sources included, for a counselor's notes."""
    parts = ["# careerbot conversation", ""]
    for m in messages or []:
        m = m if isinstance(m, dict) else m.__dict__
        title = (m.get("metadata") or {}).get("title")
        content = html.unescape(str(m.get("content", "")))
        if title:
            parts += [f"**{title}**", "", content, ""]
        elif m.get("role") == "user":
            parts += [f"**You:** {content}", ""]
        else:
            parts += [f"**careerbot:** {content}", ""]
    return "\n".join(parts)


class ChatApp:
    """The public app: built once over one bot and one feedback store."""

    def __init__(
        self, bot: CareerBot, feedback: FeedbackStore, downloads: Downloads | None = None
    ) -> None:
        self.bot = bot
        self.feedback = feedback
        self.downloads = downloads or Downloads()
        self._cards: dict[str, str] = {}
        self._cards_generation = ""

    def _keep(self, action, *args) -> None:
        """Feedback is worth keeping, not worth failing an answer for."""
        try:
            action(*args)
        except Exception:
            log.exception("could not store feedback")

    # -- the API -----------------------------------------------------------------------------
    def ask(self, question: str, role: str = "", history: list | None = None) -> dict:
        """The API answer (see describe_api); as a dict, the same JSON as `careerbot ask --json`."""
        role = _role(role)
        try:
            answer = self.bot.answer(question or "", history or (), role)
        except BotError as exc:
            raise gr.Error(str(exc), print_exception=False) from exc
        if answer.refused:
            self._keep(self.feedback.refused, answer.to_json(), role)
        return answer.to_json()

    def ask_careerbot(self, question: str, role: str = "", history: list | None = None) -> str:
        """The /ask answer as JSON text: the form MCP clients (AI assistants) read."""
        return json.dumps(self.ask(question, role, history), ensure_ascii=False)

    def describe_api(self) -> str:
        roles = ", ".join(listed_roles(self.bot.roles(), 40)) or "no roles yet"
        topics = ", ".join(TOPICS[t] for t in TOPICS if t != "overview")
        return (
            "Answer a job seeker's or career counselor's question from careerbot's knowledge base "
            f"of role documents (roles: {roles}; topics: {topics}). Every claim comes with a "
            "citation: the document, its section and the exact quote; pass them on to the user. "
            "Questions about other occupations or other subjects come back with refused=true and "
            "no citations. Arguments: question (text); role (optional: one role name, or empty "
            "for all); history (optional: earlier turns as [{role: user|assistant, content}] for "
            "follow-up questions). Returns JSON: question, answer (markdown with [n] markers), "
            "refused, citations [{n, doc_id, title, section, source, quote}], latency_ms."
        )

    def coverage(self) -> str:
        names = self.bot.roles()
        shown = ", ".join(f"**{escape(r)}**" for r in names[:LISTED_ROLES]) or "no roles yet"
        if len(names) > LISTED_ROLES:
            return (
                f"{len(names):,} roles in the knowledge base, among them {shown}. "
                "Type a role's name in the selector to narrow the answers."
            )
        return f"Roles in the knowledge base: {shown}. Pick one to narrow the answers."

    # -- chat --------------------------------------------------------------------------------
    def respond(self, message: str, messages: list, role: str, records: dict) -> Iterator[tuple]:
        messages = list(messages or [])
        records = dict(records or {})
        question = (message or "").strip()
        if not question:
            yield messages, records, ""
            gr.Info("Type a question about one of the roles first.")
            return
        history = to_history(messages)
        role = _role(role)
        messages.append({"role": "user", "content": escape(question)})
        yield messages, records, ""
        try:
            answer = self.bot.answer(question, history, role)
        except BotError as exc:
            messages.append({"role": "assistant", "content": f"⚠️ {escape(str(exc))}"})
            yield messages, records, ""
            return
        except Exception:  # a fault, not the user's mistake: log it, show a short message
            log.exception("answering failed")
            messages.append(
                {
                    "role": "assistant",
                    "content": "⚠️ Something went wrong on our side; please try again.",
                }
            )
            yield messages, records, ""
            return
        if answer.refused:
            self._keep(self.feedback.refused, answer.to_json(), role)
        text = answer_markdown(answer)
        words = text.split(" ")
        messages.append({"role": "assistant", "content": ""})
        for step in range(1, STREAM_STEPS + 1):  # the answer streams in
            messages[-1] = {
                "role": "assistant",
                "content": " ".join(words[: len(words) * step // STREAM_STEPS]),
            }
            yield messages, records, ""
            time.sleep(0.01)
        records[str(len(messages) - 1)] = {**answer.to_json(), "role": role}
        if answer.citations:
            messages.append(
                {
                    "role": "assistant",
                    "content": sources_markdown(answer),
                    "metadata": {"title": f"Sources ({len(answer.citations)})", "status": "done"},
                }
            )
        yield messages, records, ""

    def rate(self, records: dict, data: gr.LikeData) -> None:
        index = data.index[0] if isinstance(data.index, list | tuple) else data.index
        # a thumb on the sources panel counts for the answer just above it
        for i in (index, index - 1):
            record = (records or {}).get(str(i))
            if record:
                rating = "up" if data.liked is True or data.liked == "Like" else "down"
                self._keep(self.feedback.rate, rating, record, record.get("role"))
                gr.Info("Thank you, your feedback is saved.")
                return

    def export(self, messages: list) -> str:
        return self.downloads.write("careerbot-conversation.md", transcript(messages))

    # -- roles view --------------------------------------------------------------------------
    def card(self, role: str) -> str:
        """A role at a glance: duties, education, licensing, salary, work environment, cited."""
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
        sources: list[str] = []
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
            offset = len(sources)
            # the answer as the chat gives it, less the heading that repeats the role
            body = [
                ln for ln in answer.answer.splitlines() if ln and not ln.startswith(f"**{role}**")
            ]
            parts.append("\n".join(escape(_renumber(ln, offset)) for ln in body))
            for c in answer.citations:
                quote = escape(" ".join(c.quote.split()))
                where = escape(c.section if c.doc_id in own else f"{c.title} · {c.section}")
                sources.append(f"{c.n + offset}. {where}: “{quote}”")
        parts.append("#### Sources")
        parts += sources
        text = "\n\n".join(p for p in parts if p)
        self._cards[role] = text
        return text

    def cards(self, first: str, second: str) -> tuple[str, str]:
        return self.card(first), self.card(second) if second and second != first else ""

    # -- layout ------------------------------------------------------------------------------
    def build(self) -> gr.Blocks:
        roles = self.bot.roles()[:ROLE_CHOICES]
        many = len(self.bot.roles()) > ROLE_CHOICES
        with gr.Blocks(
            title="careerbot", analytics_enabled=False, delete_cache=(3600, 3600)
        ) as demo:
            gr.Markdown(
                "# careerbot\nAnswers from the career guides in the knowledge base — every claim "
                "with its source. Counselors: the knowledge base is managed at [/admin](/admin)."
            )
            with gr.Tab("Ask"):
                records = gr.State({})
                with gr.Row(equal_height=True):
                    role = gr.Dropdown(
                        [ALL_ROLES, *roles],
                        value=ALL_ROLES,
                        label="Role",
                        scale=1,
                        interactive=True,
                        allow_custom_value=many,
                        elem_id="role",
                    )
                    gr.Markdown(self.coverage(), elem_id="coverage")
                chatbot = gr.Chatbot(
                    label="careerbot",
                    height=520,
                    sanitize_html=True,
                    feedback_options=("Like", "Dislike"),
                    placeholder="Ask about the duties, licensing, salary, education, skills or "
                    "work environment of a role.",
                    elem_id="chat",
                )
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="e.g. How much do OT techs make?",
                        show_label=False,
                        scale=5,
                        max_lines=4,
                        elem_id="question",
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="ask")
                gr.Examples(EXAMPLES, inputs=box, label="Try")
                with gr.Row():
                    clear = gr.Button("New conversation")
                    save = gr.Button("Download conversation (markdown)")
                transcript_file = gr.File(label="Conversation", visible=False, interactive=False)
                inputs = [box, chatbot, role, records]
                outputs = [chatbot, records, box]
                send.click(self.respond, inputs, outputs, api_visibility="private")
                box.submit(self.respond, inputs, outputs, api_visibility="private")
                chatbot.like(self.rate, [records], None, api_visibility="private")
                clear.click(lambda: ([], {}), None, [chatbot, records], api_visibility="private")
                save.click(
                    lambda m: gr.update(value=self.export(m), visible=True),
                    chatbot,
                    transcript_file,
                    api_visibility="private",
                )
            with gr.Tab("Roles"):
                gr.Markdown(
                    "A role at a glance, each line cited. Pick two to compare them side by side."
                )
                with gr.Row():
                    first = gr.Dropdown(
                        roles,
                        value=roles[0] if roles else None,
                        label="Role",
                        allow_custom_value=many,
                    )
                    second = gr.Dropdown(
                        ["", *roles],
                        value="",
                        label="Compare with",
                        allow_custom_value=many,
                        elem_id="compare",
                    )
                show = gr.Button("Show", variant="primary", elem_id="show-roles")
                with gr.Row():
                    left = gr.Markdown(elem_id="card-left")
                    right = gr.Markdown(elem_id="card-right")
                show.click(self.cards, [first, second], [left, right], api_visibility="private")

            def refresh_roles():
                names = self.bot.roles()
                typed = len(names) > ROLE_CHOICES
                names = names[:ROLE_CHOICES]
                return (
                    gr.update(choices=[ALL_ROLES, *names], allow_custom_value=typed),
                    gr.update(choices=names, allow_custom_value=typed),
                    gr.update(choices=["", *names], allow_custom_value=typed),
                )

            demo.load(refresh_roles, None, [role, first, second], api_visibility="private")
            description = self.describe_api()
            gr.api(self.ask, api_name="ask", api_description=description)
            # MCP shows a tool's result as text: assistants get the same answer as JSON text.
            ChatApp.ask._mcp_type = "endpoint"  # one tool, not two
            ChatApp.ask_careerbot.__doc__ = description
            gr.api(self.ask_careerbot, api_name="ask_json", api_description=description)
        return demo


def _role(role) -> str | None:
    """The role selector's value as the bot takes it: None for all roles."""
    if not isinstance(role, str):
        return None if role is None else role  # the bot explains what it wants
    role = role.strip()
    return None if role in ("", ALL_ROLES) else role


def _renumber(line: str, offset: int) -> str:
    import re

    return re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", line)
