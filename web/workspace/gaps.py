"""The Gaps view: the questions the knowledge base could not answer (refused, or answered with
"The documents do not state ..."), grouped by role and topic with counts and the latest
examples, newest first, so that a counselor sees which document to add next; selected groups
become draft rows of a question set (eval.drafts, the function behind `careerbot drafts`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import gradio as gr

from bot.feedback import NOT_COVERED, FeedbackStore
from bot.guard import INFORMATION
from eval.drafts import draft_rows, render, render_csv
from eval.question_sets import DRAFTS_KEY, QuestionSets
from ingest.topics import TOPICS
from web.downloads import Downloads
from web.render import escape, when

EXAMPLES = 3  # latest questions shown per group
NEVER_ANSWERED = {
    "task": "a task (write, translate)",
    "advice": "personal advice",
    "instruction": "an instruction to the bot",
    "greeting": "a greeting",
}


@dataclass
class Group:
    key: str
    role: str
    topic: str
    ids: list[int] = field(default_factory=list)
    examples: list[dict] = field(default_factory=list)  # newest first
    latest: float = 0.0

    @property
    def label(self) -> str:
        n = len(self.ids)
        return f"{self.role} · {self.topic} · {n} question{'s' if n != 1 else ''}"


def _stem(name: str) -> str:
    name = " ".join(name.lower().split())
    return name[:-1] if name.endswith("s") and not name.endswith("ss") else name


def role_of(gap: dict) -> tuple[str, str]:
    """(group key, label) of a gap's role: the roles it resolved to, else the occupations it
    named that the knowledge base does not hold, else none."""
    if gap["roles"]:
        return "r:" + "|".join(sorted(gap["roles"])), ", ".join(gap["roles"])
    if gap["others"]:
        names = sorted({_stem(o) for o in gap["others"]})
        return "o:" + "|".join(names), f"{', '.join(gap['others'])} (not in the knowledge base)"
    return "-", "No role named"


def topic_of(gap: dict) -> tuple[str, str]:
    topics = [t for t in gap["topics"] if t in TOPICS and t != "overview"] or [
        t for t in gap["topics"] if t in TOPICS
    ]
    if not topics:
        return "-", "no topic"
    return "|".join(topics), " and ".join(TOPICS[t] for t in topics)


def group_gaps(gaps: list[dict], include_never_answered: bool = False) -> list[Group]:
    """Gaps (newest first, as FeedbackStore.gaps gives them) grouped by role and topic; the
    groups newest first. Requests careerbot never answers (tasks, advice, instructions,
    greetings) are left out unless asked for: no document would answer them."""
    groups: dict[str, Group] = {}
    for gap in gaps:
        if gap.get("request", INFORMATION) != INFORMATION and not include_never_answered:
            continue
        (rkey, rlabel), (tkey, tlabel) = role_of(gap), topic_of(gap)
        key = f"{rkey}/{tkey}"
        group = groups.setdefault(key, Group(key, rlabel, tlabel, latest=gap["created"]))
        group.ids.append(gap["id"])
        if len(group.examples) < EXAMPLES:
            group.examples.append(gap)
    return sorted(groups.values(), key=lambda g: -g.latest)


def _what(gap: dict) -> str:
    if gap.get("request", INFORMATION) != INFORMATION:
        return "not answered: " + NEVER_ANSWERED.get(gap["request"], gap["request"])
    if gap["kind"] == NOT_COVERED:
        return f"answered; the documents do not state {escape(gap['gaps'] or 'it')}"
    return "refused"


def groups_markdown(groups: list[Group]) -> str:
    if not groups:
        return (
            "_No gaps yet: every question asked in the chat was answered from the documents "
            "(or none has been asked since the last clean-up)._"
        )
    parts = [f"_{sum(len(g.ids) for g in groups)} question(s) in {len(groups)} group(s), "
             "the group asked about most recently first._"]  # fmt: skip
    for g in groups:
        parts.append(
            f"#### {escape(g.role)} · {escape(g.topic)}\n"
            f"**{len(g.ids)} question{'s' if len(g.ids) != 1 else ''}**, latest {when(g.latest)}"
        )
        parts.append(
            "\n".join(
                f"- “{escape(x['question'])}” — {_what(x)} ({when(x['created'])})"
                for x in g.examples
            )
        )
    return "\n\n".join(parts)


class GapsView:
    def __init__(
        self,
        feedback: FeedbackStore,
        sets: QuestionSets,
        downloads: Downloads,
        known_questions: Callable[[], list[str]],
    ) -> None:
        self.feedback = feedback
        self.sets = sets
        self.downloads = downloads
        self.known_questions = known_questions

    def groups(self, include: bool) -> list[Group]:
        return group_gaps(self.feedback.gaps(), include)

    def refresh(self, include: bool, selected: list[str] | None = None):
        groups = self.groups(include)
        keys = {g.key for g in groups}
        return (
            groups_markdown(groups),
            gr.update(
                choices=[(g.label, g.key) for g in groups],
                value=[k for k in selected or [] if k in keys],
            ),
        )

    def draft(self, include: bool, selected: list[str] | None):
        groups = {g.key: g for g in self.groups(include)}
        chosen = [groups[k] for k in selected or [] if k in groups]
        if not chosen:
            return ("Select one or more groups first.", "", *self._files(None))
        ids = [i for g in chosen for i in g.ids]
        rows = draft_rows(self.feedback, self.known_questions(), gap_ids=ids)
        if not rows:
            return (
                "These questions are already in your question sets; nothing to draft.",
                "",
                *self._files(None),
            )
        text = render(rows)
        return (
            f"✓ {len(rows)} draft row(s) from {len(ids)} question(s). Complete the facts, "
            "then load them into Evaluate.",
            text,
            *self._files(rows),
        )

    def _files(self, rows: list[dict] | None) -> tuple:
        if not rows:
            return tuple(gr.update(value=None, interactive=False) for _ in range(2))
        return (
            gr.update(
                value=self.downloads.write("careerbot-drafts.yaml", render(rows)), interactive=True
            ),  # fmt: skip
            gr.update(
                value=self.downloads.write("careerbot-drafts.csv", render_csv(rows)),
                interactive=True,
            ),  # fmt: skip
        )

    def to_evaluate(self, text: str):
        """Keep the drafts as the question set "Drafts from the Gaps view"."""
        if not text.strip():
            return "Make draft rows first.", gr.skip()
        self.sets.save_drafts(text)
        return (
            "✓ The drafts are the question set “Drafts from the Gaps view” in Evaluate.",
            gr.update(choices=self.sets.choices(), value=DRAFTS_KEY),
        )

    def build(self, evaluate_set: gr.Dropdown):
        gr.Markdown(
            "## Gaps\nQuestions the knowledge base could not answer: refused, or answered with "
            "what the documents do not state. Grouped by role and topic; the groups asked "
            "about most often point to the document to add next."
        )
        include = gr.Checkbox(
            label="Include requests careerbot never answers (tasks, personal advice, "
            "instructions, greetings)",
            value=False,
            elem_id="gaps-include",
        )
        refresh = gr.Button("Refresh", elem_id="gaps-refresh")
        listing = gr.Markdown(elem_id="gaps-list")
        gr.Markdown("### Turn gaps into question-set rows")
        selected = gr.CheckboxGroup(choices=[], label="Groups to draft", elem_id="gaps-select")
        make = gr.Button("Turn the selected gaps into draft rows", variant="primary",
                         elem_id="gaps-draft")  # fmt: skip
        status = gr.Markdown(elem_id="gaps-status")
        drafts = gr.Textbox(label="Draft rows (YAML)", lines=10, max_lines=30,
                            interactive=False, elem_id="gaps-drafts")  # fmt: skip
        with gr.Row():
            dl_yaml = gr.DownloadButton("Download the drafts (YAML)", interactive=False,
                                        elem_id="gaps-dl-yaml")  # fmt: skip
            dl_csv = gr.DownloadButton("Download the drafts (CSV)", interactive=False,
                                       elem_id="gaps-dl-csv")  # fmt: skip
            use = gr.Button("Load the drafts into Evaluate", elem_id="gaps-to-eval")
        for trigger in (refresh.click, include.input):
            trigger(self.refresh, [include, selected], [listing, selected],
                    api_visibility="private")  # fmt: skip
        make.click(self.draft, [include, selected], [status, drafts, dl_yaml, dl_csv],
                   api_name="draft_gaps")  # fmt: skip
        use.click(self.to_evaluate, drafts, [status, evaluate_set], api_visibility="private")
        return include, selected, listing
