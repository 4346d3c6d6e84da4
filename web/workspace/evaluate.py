"""The Evaluate view: pick or upload a question set, run it in the background with a progress
bar, read the report (summary, plots, questions that expand), download it, and follow the
runs kept over time. The work is eval's: load_questions, evaluate, Report, the run store."""

from __future__ import annotations

import tempfile
from pathlib import Path

import gradio as gr

from eval.errors import EvalError
from eval.plots import trend_plot, write_plots
from eval.question_sets import SHIPPED_KEY, QuestionSets
from eval.runner import CONFIGURATIONS
from eval.runs import Run, RunStore
from web.downloads import Downloads
from web.workspace import report_view as rv
from web.workspace.worker import Busy, EvalWorker

PLOTS = (
    ("metrics.png", "Bar chart: the main metrics of each configuration, from 0 to 1."),
    ("categories.png", "Bar chart: fact recall of each question category, from 0 to 1."),
    ("latency.png", "Histogram: how long answering took per question, in milliseconds."),
)
TREND_ALT = (
    "Line chart: fact recall, refusal precision and refusal recall of each run of this "
    "question set, oldest first; a dotted line marks where the knowledge base changed."
)


class EvaluateView:
    def __init__(
        self, worker: EvalWorker, runs: RunStore, sets: QuestionSets, downloads: Downloads
    ) -> None:
        self.worker = worker
        self.runs = runs
        self.sets = sets
        self.downloads = downloads
        self._pictures = Path(tempfile.mkdtemp(prefix="careerbot-plots-"))
        self._files: dict[str, tuple[str, ...]] = {}  # the downloads of each run shown

    # -- question sets -----------------------------------------------------------------------
    def set_choices(self, value: str | None = None):
        choices = self.sets.choices()
        keys = [k for _, k in choices]
        return gr.update(choices=choices, value=value if value in keys else SHIPPED_KEY)

    def upload(self, file) -> tuple[str, object]:
        if file is None:
            return "", self.set_choices()
        path = Path(file if isinstance(file, str) else file.name)
        original = getattr(file, "orig_name", None) or path.name
        try:
            key, questions = self.sets.add_upload(path, original)
        except EvalError as exc:
            return f"✗ **This question set cannot be used:** {exc}", self.set_choices()
        except OSError as exc:
            return f"✗ {original} could not be read ({exc.strerror or exc})", self.set_choices()
        return (
            f"✓ **{original}**: {len(questions)} questions, chosen below. Select "
            "“Run the evaluation” to run them.",
            self.set_choices(key),
        )

    # -- running -----------------------------------------------------------------------------
    def run(self, key: str | None, ablations: bool, progress=gr.Progress()):  # noqa: B008
        configs = list(CONFIGURATIONS) if ablations else ["full"]
        try:
            questions = self.sets.load(key or SHIPPED_KEY)
            name = self.sets.name(key or SHIPPED_KEY)
        except EvalError as exc:
            return (f"✗ **This question set cannot be used:** {exc}", *self._unchanged())
        try:
            job = self.worker.start(questions, name, configs)
            note = ""
        except Busy:
            job = self.worker.running() or self.worker.current()
            note = "An evaluation was already running; this is its progress. "
        seen = -1
        while job and not job.finished:
            if job.done != seen:
                seen = job.done
                progress((job.done, job.total), desc=note + job.describe, unit="questions")
            self.worker.wait(job, seen)
        if job is None or job.error or not job.run_id:
            return (f"✗ {job.describe if job else 'The evaluation did not start.'}",
                    *self._unchanged())  # fmt: skip
        return (f"✓ {note}{job.describe} The report is below.", *self.show(job.run_id))

    def _unchanged(self) -> tuple:
        return tuple(gr.skip() for _ in range(self.OUTPUTS))

    # -- the report --------------------------------------------------------------------------
    OUTPUTS = 14  # what show() returns

    def pictures(self, run: Run) -> list[str]:
        folder = self._pictures / run.id
        paths = [folder / name for name, _ in PLOTS]
        if not all(p.is_file() for p in paths):
            write_plots(run.summaries, run.rows, folder)
        return [str(p) for p in paths]

    def trend(self, run: Run, runs: list[Run]) -> str | None:
        """The trend plot of the runs of `run`'s question set, among `runs` (oldest first)."""
        same = [r for r in runs if r.questions_file == run.questions_file]
        path = self._pictures / f"trend-{run.id}-{len(same)}.png"
        if not path.is_file():
            trend_plot(same, path)
        return str(path)

    def show(self, run_id: str | None) -> tuple:
        """Everything the view shows of a run: picker, summary, plots, filters, questions,
        downloads, the trend and the table of runs."""
        runs = self.runs.list()
        run = self.runs.get(run_id) if run_id else None
        if run is None and runs:
            run = self.runs.get(runs[-1].id)
        table = rv.runs_table(runs)
        picker = gr.update(
            choices=[(rv.run_label(r), r.id) for r in reversed(runs)],
            value=run.id if run else None,
        )
        if run is None:
            empty = "_No evaluation has been run yet. Choose a question set above and run it._"
            return (picker, empty, None, None, None, False,
                    gr.update(choices=[rv.ALL], value=rv.ALL),
                    gr.update(choices=[rv.ALL], value=rv.ALL), "", *self._downloads(None),
                    gr.update(value=None, visible=False), table)  # fmt: skip
        categories, roles = rv.filter_choices(run)
        plots = self.pictures(run)
        return (
            picker,
            rv.summary_markdown(run),
            *plots,
            False,  # the filters start over for another run
            gr.update(choices=categories, value=rv.ALL),
            gr.update(choices=roles, value=rv.ALL),
            rv.rows_markdown(run, False, rv.ALL, rv.ALL),
            *self._downloads(run),
            gr.update(value=self.trend(run, runs), visible=True),
            table,
        )

    def _downloads(self, run: Run | None) -> tuple:
        if run is None:
            return tuple(gr.update(value=None, interactive=False) for _ in range(3))
        files = self._files.get(run.id, ())
        if not files or not all(Path(f).is_file() for f in files):  # written once an hour
            stem = f"careerbot-evaluation-{run.id}"
            files = self._files[run.id] = (
                self.downloads.write(f"{stem}.md", run.markdown),
                self.downloads.write(f"{stem}.html", run.html()),
                self.downloads.write(f"{stem}-questions.csv", run.csv()),
            )
        return tuple(gr.update(value=f, interactive=True) for f in files)

    def filter(self, run_id: str | None, failed_only: bool, category: str, role: str) -> str:
        run = self.runs.get(run_id) if run_id else None
        if run is None:
            return ""
        return rv.rows_markdown(run, failed_only, category, role)

    # -- layout ------------------------------------------------------------------------------
    def build(self) -> dict:
        gr.Markdown(
            "## Evaluate\nRun a question set through careerbot and score every answer against "
            "the facts it should contain. The run goes on in the background: the chat keeps "
            "answering job seekers meanwhile. Every run is kept, so you can see whether a "
            "document you added helped."
        )
        with gr.Row(elem_id="eval-setup"):
            with gr.Column(scale=3):
                which = gr.Dropdown(
                    choices=self.sets.choices(),  # the page reads them again when it loads
                    value=SHIPPED_KEY,
                    label="Question set",
                    elem_id="eval-set",
                    interactive=True,
                )
                ablations = gr.Checkbox(
                    label="Also run the comparison configurations (slower; for developers)",
                    value=False,
                    elem_id="eval-ablations",
                )
                start = gr.Button("Run the evaluation", variant="primary", elem_id="eval-run")
            with gr.Column(scale=2):
                upload = gr.File(
                    label="Upload a question set (CSV or YAML, as described in docs/eval.md)",
                    file_types=[".csv", ".yaml", ".yml"],
                    elem_id="eval-upload",
                )
        status = gr.Markdown(elem_id="eval-status")
        gr.Markdown("### Report")
        picker = gr.Dropdown(choices=[], label="Run", elem_id="eval-run-picker")
        summary = gr.Markdown(elem_id="eval-summary")
        with gr.Accordion("Plots", open=False, elem_id="eval-plots"), gr.Row():
            plots = [
                gr.Image(
                    label=name.removesuffix(".png").capitalize(),
                    alt_text=alt,
                    interactive=False,
                    buttons=[],
                    height=300,
                    min_width=320,
                    elem_id=f"eval-plot-{name.removesuffix('.png')}",
                )
                for name, alt in PLOTS
            ]
        with gr.Row():
            dl_md = gr.DownloadButton("Download the report (markdown)", elem_id="eval-dl-md")
            dl_html = gr.DownloadButton("Download the report (HTML)", elem_id="eval-dl-html")
            dl_csv = gr.DownloadButton("Download the questions (CSV)", elem_id="eval-dl-csv")
        gr.Markdown("### Questions")
        with gr.Row(elem_id="eval-filters"):
            failed = gr.Checkbox(label="Failed only", value=False, elem_id="eval-failed")
            category = gr.Dropdown(choices=[rv.ALL], value=rv.ALL, label="Category",
                                   elem_id="eval-category")  # fmt: skip
            role = gr.Dropdown(choices=[rv.ALL], value=rv.ALL, label="Role", elem_id="eval-role")
        questions = gr.Markdown(elem_id="eval-rows")
        gr.Markdown("### Runs over time")
        trend = gr.Image(label="Trend", alt_text=TREND_ALT, interactive=False, buttons=[],
                         height=320, visible=False, elem_id="eval-trend")  # fmt: skip
        runs = gr.Dataframe(headers=rv.RUNS_HEADERS, interactive=False, elem_id="eval-runs",
                            label="Runs kept, newest first")  # fmt: skip
        shown = [picker, summary, *plots, failed, category, role, questions, dl_md, dl_html,
                 dl_csv, trend, runs]  # fmt: skip
        assert len(shown) == self.OUTPUTS
        upload.upload(self.upload, upload, [status, which], api_name="upload_questions")
        start.click(
            self.run, [which, ablations], [status, *shown], api_name="evaluate",
            show_progress_on=[status],
        )  # fmt: skip
        picker.input(self.show, picker, shown, api_visibility="private")
        for control in (failed, category, role):
            control.input(self.filter, [picker, failed, category, role], questions,
                          api_visibility="private")  # fmt: skip
        return {"which": which, "shown": shown, "status": status}

    def on_load(self) -> tuple:
        job = self.worker.running()
        status = f"⏳ {job.describe} Select “Run the evaluation” to follow it." if job else ""
        return (self.set_choices(), status, *self.show(None))
