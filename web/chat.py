"""The web app for job seekers and counselors: chat, roles view, and the `/ask` API.

Layout and formatting only: answers come from CareerBot, feedback goes to FeedbackStore,
answers are drawn by web.render. Extractive answers appear whole as soon as they are ready;
only an LLM's reply streams, sentence by checked sentence, as it really arrives.
"""

from __future__ import annotations

import html
import json
import logging
import uuid
from collections.abc import Iterator

import gradio as gr

from bot.answer import LISTED_ROLES, listed_roles
from bot.errors import BotError
from bot.feedback import REASONS, FeedbackStore
from bot.inspect import gap_record
from bot.service import CareerBot
from ingest.topics import TOPICS
from web.downloads import Downloads
from web.limits import RateLimiter, client_of, too_fast
from web.llm_stream import answer_stream
from web.render import answer_html, escape, plain_text, transcript
from web.roles import RolesView

log = logging.getLogger(__name__)

ALL_ROLES = "All roles"
EXAMPLES = [
    "What does an OT tech do day to day?",
    "Do occupational therapist assistants need a license?",
    "How much do occupational therapy technicians make?",
    "What education do I need to become an OTA?",
]
# Role selectors list this many roles; any other can be typed. Every choice travels in the
# page's configuration, and ten thousand of them made it 6 MB.
ROLE_CHOICES = 300
# Messages of the app itself (not answers): left out of the history the bot reads.
NOTICE = "⏳ "
FAULT = "⚠️ "
REASON_LABELS = {reason.capitalize(): reason for reason in REASONS}


def to_history(messages: list, records: dict | None = None) -> list[dict]:
    """The conversation as the bot reads it: questions and answers, not the app's notices."""
    out = []
    for i, m in enumerate(messages or []):
        m = m if isinstance(m, dict) else m.__dict__
        record = (records or {}).get(str(i)) if m.get("role") == "assistant" else None
        content = record["answer"] if record else m.get("content")
        if isinstance(content, list):  # Gradio 6 may hand content back as parts
            content = " ".join(
                str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content
            )
        if not isinstance(content, str) or m.get("role") not in ("user", "assistant"):
            continue
        if m["role"] == "assistant" and not record and content.startswith((NOTICE, FAULT)):
            continue
        out.append({"role": m["role"], "content": content if record else html.unescape(content)})
    return out


def announcement(text: str) -> str:
    """What the page's polite live region reads out, once, when an answer is complete. The
    token tells the page it is a new announcement, even of the same words."""
    token = uuid.uuid4().hex[:12]
    return f'<span class="turn">{token}</span><span class="text">{escape(text)}</span>'


class ChatApp:
    """The public app: built once over one bot and one feedback store."""

    def __init__(
        self,
        bot: CareerBot,
        feedback: FeedbackStore,
        downloads: Downloads | None = None,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.bot = bot
        self.feedback = feedback
        self.downloads = downloads or Downloads()
        self.limiter = limiter or RateLimiter(per_minute=0, burst=1)
        self.roles_view = RolesView(bot)

    def _keep(self, action, *args, **kwargs) -> bool:
        """Feedback is worth keeping, not worth failing an answer for."""
        try:
            action(*args, **kwargs)
        except Exception:
            log.exception("could not store feedback")
            return False
        return True

    def _keep_gap(self, answer, history, role: str | None) -> None:
        """A refused or not-covered question is a gap of the knowledge base: kept for the
        counselors' Gaps view."""
        if answer.refused or answer.gaps:
            self._keep(lambda: self.feedback.gap(gap_record(self.bot, answer, history, role), role))

    def _check_rate(self, request: gr.Request | None) -> None:
        wait = self.limiter.wait(client_of(request))
        if wait:
            raise gr.Error(too_fast(wait), title="Too many questions", print_exception=False)

    # -- the API -----------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        role: str = "",
        history: list | None = None,
        request: gr.Request = None,
    ) -> dict:
        """The API answer (see describe_api); as a dict, the same JSON as `careerbot ask --json`."""
        self._check_rate(request)
        role = _role(role)
        try:
            answer = self.bot.answer(question or "", history or (), role)
        except BotError as exc:
            raise gr.Error(str(exc), print_exception=False) from exc
        self._keep_gap(answer, history or (), role)
        return answer.to_json()

    def ask_careerbot(
        self,
        question: str,
        role: str = "",
        history: list | None = None,
        request: gr.Request = None,
    ) -> str:
        """The /ask answer as JSON text: the form MCP clients (AI assistants) read."""
        return json.dumps(self.ask(question, role, history, request), ensure_ascii=False)

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
            "refused, citations [{n, doc_id, title, section, source, quote}], latency_ms. "
            "A client asking too fast gets an error that says how many seconds to wait."
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
    def respond(
        self, message: str, messages: list, role: str, records: dict, request: gr.Request = None
    ) -> Iterator[tuple]:
        """(conversation, records, question box, announcement); the announcement changes once
        per answer, when it is complete."""
        messages = list(messages or [])
        records = dict(records or {})
        question = (message or "").strip()
        if not question:
            yield messages, records, "", gr.skip()
            gr.Info("Type a question about one of the roles first.")
            return
        wait = self.limiter.wait(client_of(request))
        if wait:  # the question stays in the box, to be sent again
            notice = too_fast(wait)
            messages.append({"role": "assistant", "content": NOTICE + notice})
            yield messages, records, message, announcement(notice)
            return
        history = to_history(messages, records)
        role = _role(role)
        messages.append({"role": "user", "content": escape(question)})
        try:
            answer = None
            for answer, final in answer_stream(self.bot, question, history, role):
                shown = {"role": "assistant", "content": answer_html(answer.to_json())}
                if messages[-1]["role"] == "assistant":
                    messages[-1] = shown
                else:
                    messages.append(shown)
                if not final:  # an LLM's reply as far as it has come
                    yield messages, records, "", gr.skip()
        except BotError as exc:
            messages.append({"role": "assistant", "content": FAULT + escape(str(exc))})
            yield messages, records, "", announcement(str(exc))
            return
        except Exception:  # a fault, not the user's mistake: log it, show a short message
            log.exception("answering failed")
            fault = "Something went wrong on our side; please try again."
            if messages[-1]["role"] == "assistant":
                messages.pop()
            messages.append({"role": "assistant", "content": FAULT + fault})
            yield messages, records, "", announcement(fault)
            return
        records[str(len(messages) - 1)] = {**answer.to_json(), "role": role}
        yield messages, records, "", announcement(plain_text(answer.to_json()))
        self._keep_gap(answer, history, role)  # after the answer is on its way

    def rate(self, records: dict, data: gr.LikeData):
        """A thumbs-up is stored at once; a thumbs-down opens the question of what was wrong."""
        index = data.index[0] if isinstance(data.index, list | tuple) else data.index
        record = (records or {}).get(str(index))
        if not record:
            return None, gr.update(visible=False)
        if data.liked is True or data.liked == "Like":
            if self._keep(self.feedback.rate, "up", record, record.get("role")):
                gr.Info("Thank you, your feedback is saved.")
            return None, gr.update(visible=False)
        if data.liked is False or data.liked == "Dislike":
            return str(index), gr.update(visible=True)
        return None, gr.update(visible=False)  # the thumb taken back

    def send_reason(self, records: dict, pending: str | None, choice: str | None, text: str):
        """The thumbs-down, stored with what was wrong (a choice, the user's words, or both)."""
        record = (records or {}).get(str(pending)) if pending is not None else None
        if record:
            reason = "; ".join(
                r for r in (REASON_LABELS.get(choice or "", choice), (text or "").strip()) if r
            )
            if self._keep(self.feedback.rate, "down", record, record.get("role"), reason or None):
                gr.Info("Thank you, your feedback is saved.")
        return None, gr.update(visible=False), None, ""

    def export(self, messages: list, records: dict) -> str:
        return self.downloads.write("careerbot-conversation.md", transcript(messages, records))

    # -- layout ------------------------------------------------------------------------------
    def build(self) -> gr.Blocks:
        roles = self.bot.roles()[:ROLE_CHOICES]
        many = len(self.bot.roles()) > ROLE_CHOICES
        with gr.Blocks(
            title="careerbot", analytics_enabled=False, delete_cache=(3600, 3600)
        ) as demo:
            gr.Markdown(
                "# careerbot\nAnswers from the career guides in the knowledge base, every claim "
                "with its source: select a number like [1] to read the passage. Counselors: the "
                "knowledge base is managed at [/admin](/admin).",
                elem_id="intro",
            )
            with gr.Tab("Ask", elem_id="ask-tab"):
                records = gr.State({})
                pending = gr.State(None)
                with gr.Row(elem_id="role-row"):
                    role = gr.Dropdown(
                        [ALL_ROLES, *roles],
                        value=ALL_ROLES,
                        label="Role",
                        interactive=True,
                        allow_custom_value=many,
                        elem_id="role",
                    )
                    gr.Markdown(self.coverage(), elem_id="coverage")
                chatbot = gr.Chatbot(
                    label="Conversation",
                    sanitize_html=True,
                    feedback_options=("Like", "Dislike"),
                    buttons=["copy"],
                    placeholder="Ask about the duties, licensing, salary, education, skills or "
                    "work environment of a role.",
                    elem_id="chat",
                    autoscroll=True,
                )
                with gr.Group(visible=False, elem_id="reason-panel") as reason_panel:
                    choice = gr.Radio(
                        list(REASON_LABELS),
                        label="What was wrong with this answer? (optional)",
                        elem_id="reason-choice",
                    )
                    words = gr.Textbox(
                        label="In your own words (optional)", max_lines=3, elem_id="reason-text"
                    )
                    with gr.Row():
                        send_reason = gr.Button(
                            "Send feedback", variant="primary", elem_id="send-reason"
                        )
                        cancel_reason = gr.Button("Cancel", elem_id="cancel-reason")
                with gr.Row(elem_id="input-row"):
                    box = gr.Textbox(
                        placeholder="e.g. How much do OT techs make?",
                        label="Your question",
                        show_label=False,
                        max_lines=4,
                        elem_id="question",
                        scale=5,
                    )
                    send = gr.Button("Ask", variant="primary", elem_id="ask", scale=1, min_width=80)
                gr.Examples(EXAMPLES, inputs=box, label="Try")
                with gr.Row():
                    clear = gr.Button("New conversation", elem_id="clear")
                    save = gr.Button("Download conversation (markdown)", elem_id="save")
                transcript_file = gr.File(label="Conversation", visible=False, interactive=False)
                announce = gr.Markdown("", elem_id="announce", elem_classes=["announce-source"])
                inputs = [box, chatbot, role, records]
                outputs = [chatbot, records, box, announce]
                for trigger in (send.click, box.submit):
                    trigger(
                        self.respond,
                        inputs,
                        outputs,
                        api_visibility="private",
                        show_progress_on=[chatbot],
                    )
                chatbot.like(
                    self.rate, [records], [pending, reason_panel], api_visibility="private"
                )
                send_reason.click(
                    self.send_reason,
                    [records, pending, choice, words],
                    [pending, reason_panel, choice, words],
                    api_visibility="private",
                )
                cancel_reason.click(
                    lambda: (None, gr.update(visible=False), None, ""),
                    None,
                    [pending, reason_panel, choice, words],
                    api_visibility="private",
                )
                clear.click(
                    lambda: ([], {}, None, gr.update(visible=False)),
                    None,
                    [chatbot, records, pending, reason_panel],
                    api_visibility="private",
                )
                chatbot.clear(  # the conversation's own clear button
                    lambda: ({}, None, gr.update(visible=False)),
                    None,
                    [records, pending, reason_panel],
                    api_visibility="private",
                )
                save.click(
                    lambda m, r: gr.update(value=self.export(m, r), visible=True),
                    [chatbot, records],
                    transcript_file,
                    api_visibility="private",
                )
            with gr.Tab("Roles", elem_id="roles-tab"):
                first, second = self.roles_view.build(roles, many, self.limiter)

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
            # Unqueued, so that the rate limit sees the MCP client's own address.
            ChatApp.ask._mcp_type = "endpoint"  # one tool, not two
            ChatApp.ask_careerbot.__doc__ = description
            gr.api(
                self.ask_careerbot, api_name="ask_json", api_description=description, queue=False
            )
        return demo


def _role(role) -> str | None:
    """The role selector's value as the bot takes it: None for all roles."""
    if not isinstance(role, str):
        return None if role is None else role  # the bot explains what it wants
    role = role.strip()
    return None if role in ("", ALL_ROLES) else role
