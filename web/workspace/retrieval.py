"""The Retrieval test view: a question (and a role) in; what the bot read in it, the passages
it ranks with their dense, BM25 and fused scores, and the answer it would give. How a
counselor finds out why a document they uploaded is not used (bot.inspect.explain)."""

from __future__ import annotations

import gradio as gr

from bot.errors import BotError
from bot.inspect import explain
from bot.service import CareerBot
from ingest.topics import TOPICS
from web.render import answer_html, escape

ALL_ROLES = "All roles"
REQUESTS = {
    "information": "a question for information (answered from the documents)",
    "task": "a task (write, translate): refused",
    "advice": "a request for personal advice: refused, with the closest lines of the guides",
    "instruction": "an instruction to the bot: refused",
    "greeting": "a greeting",
}


FORMS = {
    "question": "a plain question",
    "yesno": "a yes/no question (the answer leads with the line that answers it)",
    "list": "a request for a whole list",
    "summary": "a request for a rundown (one line a topic)",
    "comparison": "a comparison (the same topics for each role)",
    "definition": "what a role is (a short rundown)",
}


def _score(value: float | None, rank: int | None, digits: int = 3) -> str:
    if value is None:
        return "— (not found)"
    return f"{value:.{digits}f} (#{rank})" if rank else f"{value:.{digits}f}"


def reading_markdown(result: dict) -> str:
    topics = ", ".join(TOPICS.get(t, t) for t in result["topics"]) or "none"
    roles = ", ".join(result["roles"]) or "none"
    lines = [
        "### What careerbot read",
        "",
        f"- **Request:** {REQUESTS.get(result['request'], result['request'])}",
        f"- **Role(s):** {escape(roles)}" + (" (the role chosen)" if result["role_chosen"] else ""),
        f"- **Topic(s):** {escape(topics)}",
        f"- **Form:** {FORMS.get(result['form'], escape(result['form']))}",
    ]
    if result["others"]:
        names = ", ".join(f"“{escape(o)}”" for o in result["others"])
        lines.append(f"- **Not in the knowledge base:** {names}")
    for name, roles in result["ambiguous"]:
        lines.append(f"- **“{escape(name)}” can mean:** {escape(', '.join(roles))}")
    if result["read_as"] != result["question"]:
        lines.append(f"- **Read as:** {escape(result['read_as'])}")
    if not result["roles"]:
        lines += ["", "The question names no role of the knowledge base: every document was "
                  "searched."]  # fmt: skip
    else:
        lines += ["", "Only the documents of the role(s) above were searched: a document of "
                  "another role is not used for this question."]  # fmt: skip
    return "\n".join(lines)


def passages_markdown(result: dict) -> str:
    parts = ["### Passages found, best first",
             "Fused: reciprocal-rank fusion of the dense and BM25 rankings, with a bonus for "
             "the question's topics; it orders the list. Dense: cosine similarity to the "
             "question (its rank). BM25: keyword score (its rank). “Cited” marks the "
             "passages the answer quotes."]  # fmt: skip
    for group in result["searched"]:
        parts.append(
            f"#### {escape(group['group'])} ({len(group['doc_ids'])} document(s): "
            f"{escape(', '.join(group['doc_ids']))})"
        )
        if not group["passages"]:
            parts.append("_No passage found._")
            continue
        items = []
        for p in group["passages"]:
            cited = " · <strong>cited</strong>" if p["cited"] else ""
            summary = (
                f"{p['rank']}. {escape(p['doc_id'])} › {escape(p['section'] or 'whole document')}"
                f" · fused {p['fused']:.4f} · dense {_score(p['dense'], p['dense_rank'])}"
                f" · BM25 {_score(p['bm25'], p['bm25_rank'], 2)}{cited}"
            )
            topics = ", ".join(p["topics"]) or "none"
            items.append(
                f'<details class="passage"><summary>{summary}</summary>\n\n'
                f"Topics: {escape(topics)}\n\n> {escape(p['text'])}\n\n</details>"
            )
        parts.append("\n\n".join(items))
    return "\n\n".join(parts)


def answer_markdown(result: dict) -> str:
    answer = result["answer"]
    head = "### The answer careerbot gives"
    notes = []
    if answer["refused"]:
        notes.append("_Refused._")
    if answer.get("gaps"):
        notes.append(f"_The documents do not state: {escape(answer['gaps'])}._")
    return "\n\n".join([head, *notes, answer_html(answer)])


class RetrievalView:
    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    def role_choices(self):
        return gr.update(choices=[ALL_ROLES, *self.bot.roles()[:300]], value=ALL_ROLES)

    def test(self, question: str, role: str | None) -> tuple[str, str, str]:
        chosen = None if not role or role == ALL_ROLES else role
        try:
            result = explain(self.bot, question or "", chosen)
        except BotError as exc:
            return f"✗ {escape(str(exc))}", "", ""
        return reading_markdown(result), passages_markdown(result), answer_markdown(result)

    def build(self):
        gr.Markdown(
            "## Retrieval test\nType a question as a job seeker would: see the role and topics "
            "careerbot reads in it, the passages it finds with their scores, and the answer it "
            "would give. Nothing is stored."
        )
        with gr.Row():
            question = gr.Textbox(label="Question", lines=1, max_lines=3, scale=3,
                                  elem_id="rt-question")  # fmt: skip
            role = gr.Dropdown([ALL_ROLES], value=ALL_ROLES, label="Role", scale=1,
                               allow_custom_value=True, elem_id="rt-role")  # fmt: skip
        go = gr.Button("Test retrieval", variant="primary", elem_id="rt-go")
        reading = gr.Markdown(elem_id="rt-reading")
        answer = gr.Markdown(elem_id="rt-answer")
        passages = gr.Markdown(elem_id="rt-passages")
        outputs = [reading, passages, answer]
        go.click(self.test, [question, role], outputs, api_name="retrieval_test")
        question.submit(self.test, [question, role], outputs, api_visibility="private")
        return role
