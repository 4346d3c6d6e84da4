"""The Stored data view: what the app keeps of what users typed, for how long, and deletion
of each kind (with a confirmation)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import gradio as gr

from bot.feedback import FeedbackStore
from eval.question_sets import QuestionSets
from eval.runs import RunStore
from web.downloads import Downloads


@dataclass
class Kind:
    label: str
    count: Callable[[], int]
    delete: Callable[[], int]


class PrivacyView:
    def __init__(
        self,
        feedback: FeedbackStore,
        runs: RunStore,
        sets: QuestionSets,
        downloads: Downloads,
        retention_days: float,
        running: Callable[[], bool] = lambda: False,
    ) -> None:
        self.retention_days = retention_days
        self.running = running
        self.kinds = {
            "feedback": Kind(
                "Thumbs up and down, with their questions, answers, reasons and review state",
                lambda: feedback.count("feedback"),
                lambda: feedback.clear("feedback"),
            ),
            "gaps": Kind(
                "Gaps: refused and not-covered questions",
                lambda: feedback.count("refused"),
                lambda: feedback.clear("refused"),
            ),
            "runs": Kind("Evaluation runs", lambda: len(runs.list()), runs.clear),
            "sets": Kind(
                "Question sets you uploaded, drafted or added to",
                lambda: len(sets.keys()) - 1,
                sets.clear,
            ),
            "exports": Kind(
                "Exported files (reports, CSV and YAML downloads)",
                downloads.count,
                downloads.clear,
            ),
        }

    def _counts(self) -> dict[str, int]:
        return {key: kind.count() for key, kind in self.kinds.items()}

    def summary(self, counts: dict[str, int] | None = None) -> str:
        counts = counts or self._counts()
        days = f"{self.retention_days:g}"
        lines = [
            "| what | kept | how long |",
            "|---|---:|---|",
        ]
        for key, kind in self.kinds.items():
            if key in ("feedback", "gaps"):
                keep = f"{days} days, then deleted automatically"
            elif key == "exports":
                keep = "an hour after they were made (removed at the next export)"
            else:
                keep = "until you delete them"
            lines.append(f"| {kind.label} | {counts[key]} | {keep} |")
        return "\n".join(lines)

    def choices(self, counts: dict[str, int] | None = None) -> list[tuple[str, str]]:
        counts = counts or self._counts()
        return [(f"{k.label} ({counts[key]})", key) for key, k in self.kinds.items()]

    def _shown(self) -> tuple[str, dict]:
        """The summary and the delete box's choices, from one count of each kind."""
        counts = self._counts()
        return self.summary(counts), gr.update(choices=self.choices(counts), value=None)

    def delete(self, which: str | None, sure: bool):
        kind = self.kinds.get(which or "")
        if kind is None:
            message = "Choose what to delete first."
        elif not sure:
            message = "Tick “Yes, delete it for good” to confirm."
        elif which == "runs" and self.running():
            message = "An evaluation is running; delete the runs when it has finished."
        else:
            message = f"✓ Deleted {kind.delete()} item(s): {kind.label.lower()}."
        return message, *self._shown(), False

    def build(self):
        gr.Markdown(
            "## Stored data\nJob seekers sometimes type personal details into their questions. "
            "This is what careerbot keeps of what they typed, and for how long "
            "(the retention period is the setting `web.retention_days`)."
        )
        table = gr.Markdown(elem_id="privacy-summary")
        which = gr.Dropdown(choices=[], label="Delete", elem_id="privacy-which")
        sure = gr.Checkbox(label="Yes, delete it for good", elem_id="privacy-sure")
        go = gr.Button("Delete", variant="stop", elem_id="privacy-delete")
        status = gr.Markdown(elem_id="privacy-status")
        go.click(self.delete, [which, sure], [status, table, which, sure], api_name="delete_data")
        return table, which

    def on_load(self):
        return self._shown()
