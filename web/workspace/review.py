"""The Feedback view: thumbs-down answers with what was wrong, the question, the answer and its
citations. A counselor marks each reviewed, or adds it to their own question set (in the
data dir) with the facts a good answer contains."""

from __future__ import annotations

import gradio as gr

from bot.feedback import ADDED, REVIEWED, FeedbackStore
from eval.drafts import facts_from_text, slug
from eval.errors import EvalError
from eval.question_sets import MINE_KEY, QuestionSets
from web.render import answer_html, escape, when

CATEGORIES = (
    "duties", "licensing", "salary", "education", "skills", "environment", "benefits",
    "career", "comparison", "followup", "overview", "yesno", "not-covered", "refuse", "other",
)  # fmt: skip
EXPECT = (("an answer", "answer"), ("a refusal", "refuse"),
          ("what the documents do not state", "gap"))  # fmt: skip
NONE_GIVEN = "none given"


def item_label(row: dict) -> str:
    question = " ".join(row["question"].split())
    question = question if len(question) <= 70 else question[:69] + "…"
    state = f" · {row['review']}" if row.get("review") else ""
    return f"#{row['id']} · {when(row['created'])} · {question}{state}"


def item_markdown(row: dict) -> str:
    status = row.get("review") or "not reviewed yet"
    if row.get("review") == ADDED and row.get("question_id"):
        status += f" (as `{escape(row['question_id'])}`)"
    return "\n".join(
        [
            f"**Asked** {when(row['created'])}"
            + (f" · role chosen: {escape(row['role'])}" if row.get("role") else ""),
            "",
            f"**What was wrong:** {escape(row.get('reason') or NONE_GIVEN)}",
            "",
            f"**Question:** {escape(row['question'])}",
            "",
            "**careerbot's answer:**",
            "",
            answer_html({"answer": row["answer"], "citations": row["citations"]}),
            "",
            f"**Review:** {status}",
        ]
    )


class ReviewView:
    def __init__(self, feedback: FeedbackStore, sets: QuestionSets) -> None:
        self.feedback = feedback
        self.sets = sets

    def items(self, show_reviewed: bool) -> list[dict]:
        return [r for r in self.feedback.thumbs_down() if show_reviewed or not r.get("review")]

    def refresh(self, show_reviewed: bool, current: str | None = None):
        items = self.items(show_reviewed)
        ids = [str(r["id"]) for r in items]
        value = current if current in ids else (ids[0] if ids else None)
        heading = (
            f"{len(items)} thumbs-down answer(s) to review, newest first."
            if items
            else "_No thumbs-down answers to review._"
        )
        picker = gr.update(choices=[(item_label(r), str(r["id"])) for r in items], value=value)
        return heading, picker, *self._show(next((r for r in items if str(r["id"]) == value), None))

    def _row(self, feedback_id: str | None) -> dict | None:
        if not feedback_id:
            return None
        return next(
            (r for r in self.feedback.thumbs_down() if str(r["id"]) == str(feedback_id)), None
        )

    def show(self, feedback_id: str | None) -> tuple:
        """The answer in full, and the form to add it prefilled with its question."""
        return self._show(self._row(feedback_id))

    @staticmethod
    def _show(row: dict | None) -> tuple:
        if row is None:
            return "", "", ""
        return item_markdown(row), row["question"], ""

    def mark(self, feedback_id: str | None, show_reviewed: bool):
        if not self._row(feedback_id):
            return ("Choose a thumbs-down answer first.", *self.refresh(show_reviewed))
        self.feedback.review(int(feedback_id), REVIEWED)
        return (f"✓ #{feedback_id} marked reviewed.", *self.refresh(show_reviewed, feedback_id))

    def add(
        self,
        feedback_id: str | None,
        question: str,
        facts_text: str,
        category: str,
        expect: str,
        show_reviewed: bool,
    ):
        row = self._row(feedback_id)
        if row is None:
            return ("Choose a thumbs-down answer first.", *self.refresh(show_reviewed), gr.skip())
        facts = facts_from_text(facts_text)
        if expect == "answer" and not facts:
            return (
                "Type the facts a good answer contains, one a line (alternatives split by |).",
                *self.refresh(show_reviewed, feedback_id),
                gr.skip(),
            )
        text = " ".join((question or row["question"]).split())
        new = {
            "id": f"feedback-{slug(text)}",
            "question": text,
            "history": [],
            "category": category or "other",
            "expect": expect or "answer",
            "facts": facts,
            "gold": [],
        }
        try:
            added = self.sets.add_to_mine(new)
        except EvalError as exc:
            return (f"✗ Not added: {exc}", *self.refresh(show_reviewed, feedback_id), gr.skip())
        self.feedback.review(int(feedback_id), ADDED, added.id)
        return (
            f"✓ Added to your question set as `{added.id}` ({len(facts)} fact(s)); run it in "
            "Evaluate as “Your question set”.",
            *self.refresh(show_reviewed, feedback_id),
            gr.update(choices=self.sets.choices(), value=MINE_KEY),
        )

    def build(self, evaluate_set: gr.Dropdown):
        gr.Markdown(
            "## Feedback\nAnswers job seekers gave a thumbs-down, with what they said was "
            "wrong. Mark each reviewed, or add it to your own question set with the facts a "
            "good answer contains, so that Evaluate checks it from now on."
        )
        show_reviewed = gr.Checkbox(label="Show reviewed answers too", value=False,
                                    elem_id="review-all")  # fmt: skip
        refresh = gr.Button("Refresh", elem_id="review-refresh")
        heading = gr.Markdown(elem_id="review-count")
        picker = gr.Dropdown(choices=[], label="Thumbs-down answer", elem_id="review-pick")
        detail = gr.Markdown(elem_id="review-item")
        mark = gr.Button("Mark reviewed", elem_id="review-mark")
        with gr.Accordion("Add to your question set", open=True, elem_id="review-add-panel"):
            question = gr.Textbox(
                label="Question (edit out any personal details)", lines=2, elem_id="review-question"
            )
            facts = gr.Textbox(
                label="Facts a good answer contains: one a line; alternatives split by |",
                lines=4,
                placeholder="e.g. $41,300 | 41,300 dollars",
                elem_id="review-facts",
            )
            with gr.Row():
                category = gr.Dropdown(list(CATEGORIES), value="other", label="Category",
                                       elem_id="review-category")  # fmt: skip
                expect = gr.Dropdown(list(EXPECT), value="answer", label="A good reply is",
                                     elem_id="review-expect")  # fmt: skip
            add = gr.Button("Add to your question set", variant="primary", elem_id="review-add")
        status = gr.Markdown(elem_id="review-status")
        shown = [heading, picker, detail, question, facts]
        for trigger in (refresh.click, show_reviewed.input):
            trigger(lambda s: self.refresh(s), show_reviewed, shown, api_visibility="private")
        picker.input(self.show, picker, [detail, question, facts], api_visibility="private")
        mark.click(self.mark, [picker, show_reviewed], [status, *shown], api_name="mark_reviewed")
        add.click(
            self.add,
            [picker, question, facts, category, expect, show_reviewed],
            [status, *shown, evaluate_set],
            api_name="add_to_question_set",
        )
        return show_reviewed, shown
