"""The counselor's workspace at /admin: the knowledge base (documents, uploads, deletions,
exports) and the views of web.workspace (Evaluate, Gaps, Feedback, Retrieval test, Stored
data), one tab each.

Mounted at /admin behind a login when credentials are configured. The work itself (checking
an upload, storing it in the shared database, ingesting, deleting, evaluating) is done by
the ingest, bot and eval steps; this module only lays it out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr

from bot.feedback import FeedbackStore
from bot.service import CareerBot
from db import Database
from ingest.config import IngestSettings
from ingest.errors import IngestError
from ingest.loaders import LOADERS
from ingest.manage import add_files, delete_document, document_status, preview_uploads
from ingest.pipeline import IngestReport
from ingest.store import Store
from web.downloads import Downloads
from web.render import when
from web.workspace import Workspace
from web.workspace.evaluate import EvaluateView
from web.workspace.gaps import GapsView
from web.workspace.privacy import PrivacyView
from web.workspace.retrieval import RetrievalView
from web.workspace.review import ReviewView

log = logging.getLogger(__name__)


@dataclass
class KnowledgeBase:
    """What the admin view works on; the composition root fills it in."""

    database: Database  # where documents are kept, for every replica
    store: Store
    ingest: Callable[..., IngestReport]  # ingest(progress=callback) -> IngestReport
    max_upload_bytes: int
    on_change: Callable[[], object] = lambda: None  # the chat takes in the change
    settings: IngestSettings = field(default_factory=IngestSettings)


@dataclass(frozen=True)
class _Staged:
    """A file the upload preview kept, as Gradio hands files over."""

    name: str
    orig_name: str


def _who(request: gr.Request | None) -> str:
    """Who did it, for the database's record: the counselor's login, when there is one."""
    return getattr(request, "username", None) or "(no login)"


class AdminApp:
    def __init__(
        self,
        kb: KnowledgeBase,
        feedback: FeedbackStore,
        bot: CareerBot,
        workspace: Workspace,
        downloads: Downloads | None = None,
    ) -> None:
        self.kb = kb
        self.feedback = feedback
        self.downloads = downloads or Downloads()
        self.workspace = workspace
        ws = workspace
        self.evaluate = EvaluateView(ws.worker, ws.runs, ws.sets, self.downloads)
        self.gaps = GapsView(feedback, ws.sets, self.downloads, self.known_questions)
        self.review = ReviewView(feedback, ws.sets)
        self.retrieval = RetrievalView(bot)
        self.privacy = PrivacyView(
            feedback,
            ws.runs,
            ws.sets,
            self.downloads,
            ws.retention_days,
            running=lambda: ws.worker.running() is not None,
        )

    def known_questions(self) -> list[str]:
        """Questions already in a set (the shipped one, the counselor's): not drafted again."""
        from eval.errors import EvalError
        from eval.question_sets import MINE_KEY, SHIPPED_KEY

        known = []
        for key in (SHIPPED_KEY, MINE_KEY):
            try:
                known += [q.question for q in self.workspace.sets.load(key)]
            except EvalError:
                continue
        return known

    def documents(self) -> list[list]:
        try:
            docs = document_status(self.kb.database, self.kb.store, self.kb.settings)
        except IngestError as exc:
            log.warning("cannot list the documents: %s", exc)
            return []
        return [
            [
                d.doc_id,
                d.role,
                ", ".join(d.aliases),
                d.chunks,
                d.units,
                d.name,
                d.state,
                f"{d.uploaded_by}, {when(d.uploaded_at)}",
            ]
            for d in sorted(docs, key=lambda d: d.doc_id)
        ]

    def listing(self) -> tuple[list[list], dict]:
        """The documents table and the choices of the delete box, from one look at them."""
        rows = self.documents()
        return rows, gr.update(choices=[row[0] for row in rows], value=None)

    @staticmethod
    def _read_files(files: list | None) -> tuple[list[tuple[str, bytes]], list[str], list[str]]:
        """(original name, bytes) of each chosen file, its path, and a line for each that
        cannot be read."""
        items, paths, lines = [], [], []
        for f in files or []:
            path = Path(f if isinstance(f, str) else f.name)
            original = getattr(f, "orig_name", None) or path.name
            try:
                items.append((original, path.read_bytes()))
                paths.append(str(path))
            except OSError as exc:
                lines.append(f"- ✗ **{original}**: could not be read ({exc.strerror or exc})")
        return items, paths, lines

    def preview(self, files: list | None):
        """What each chosen file would become, before anything is stored: its role and other
        names, correctable in the table. The files and what was shown of each are kept for
        "Add" (and the file box is emptied: the table lists them)."""
        items, paths, lines = self._read_files(files)
        if not items:
            return gr.update(value=[], visible=False), "\n".join(lines), [], None
        rows, staged = [], []
        previews = preview_uploads(self.kb.database, items, self.kb.max_upload_bytes)
        for p, path in zip(previews, paths, strict=True):
            u = p.upload
            staged.append(
                {"path": path, "orig_name": u.original, "role": p.role, "aliases": p.aliases}
            )
            if not u.accepted:
                rows.append([u.original, "", "", "", "", f"refused: {u.reason}"])
                continue
            source = (
                "its metadata file" if p.role_source == "metadata" else "the text (no metadata)"
            )
            check = f"updates {p.replaces}" if p.replaces else "new document"
            rows.append([u.original, u.name, p.role, ", ".join(p.aliases), source, check])
        note = (
            "Check the role and the other names job seekers use for it; correct them in the "
            "table if needed (a corrected document is saved with a metadata file holding "
            "them), then add."
        )
        return gr.update(value=rows, visible=True), "\n".join([note, *lines]), staged, None

    def _corrections(self, items: list[tuple[str, bytes]], table, staged: list) -> dict:
        """The role and names a counselor changed in the preview table, by file: each row
        (found by its file name; a row added or renamed is ignored) against what the preview
        showed (or, for a client that sends a table of its own, what the text says now)."""
        rows = table.values.tolist() if hasattr(table, "values") else list(table or [])
        by_file = {str(r[0]): r for r in rows if len(r) >= 4}
        if staged:
            shown = {s["orig_name"]: (s["role"], list(s["aliases"])) for s in staged}
        else:
            shown = {
                p.upload.original: (p.role, list(p.aliases))
                for p in preview_uploads(self.kb.database, items, self.kb.max_upload_bytes)
            }
        out = {}
        for original, (role_shown, aliases_shown) in shown.items():
            row = by_file.get(original)
            if row is None or not role_shown:
                continue  # no row for it, or a file the preview refused
            role = " ".join(str(row[2] or "").split())
            aliases = [a.strip() for a in str(row[3] or "").split(",") if a.strip()]
            if role != role_shown or aliases != aliases_shown:
                out[original] = (role, aliases)
        return out

    def upload(
        self,
        files: list | None,
        previewed=None,
        staged: list | None = None,
        request: gr.Request = None,
        progress=gr.Progress(),  # noqa: B008
    ) -> tuple[str, list, object]:
        """Store the files (those given, else the ones the preview kept) with the roles the
        counselor corrected in the preview table, and ingest them."""
        files = files or [_Staged(s["path"], s["orig_name"]) for s in staged or []]
        if not files:
            return "Choose one or more files first.", *self.listing()
        items, _, lines = self._read_files(files)
        roles = self._corrections(items, previewed, staged) if previewed is not None else {}
        checked = add_files(
            self.kb.database, items, self.kb.max_upload_bytes, by=_who(request), roles=roles
        )
        lines += [
            f"- ✓ **{u.original}** saved as `{u.name}`"
            + (" with the role you set" if u.original in roles else "")
            if u.accepted
            else f"- ✗ **{u.original}**: {u.reason}"
            for u in checked
        ]
        if any(u.accepted for u in checked):
            lines.append(self._ingest(progress))
        return "\n".join(lines), *self.listing()

    def _ingest(self, progress) -> str:
        def report(stage: str, done: int, total: int) -> None:
            if stage == "wait":
                progress(0, desc="Waiting for another ingest to finish")
            elif stage == "embed" and total:
                progress(done / total, desc=f"Embedding {done}/{total} passages")

        try:
            result = self.kb.ingest(progress=report)
            self.kb.on_change()
        except IngestError as exc:
            return (
                f"\n**Not ingested yet:** {exc}. The document is stored; it is ingested with "
                "the next upload or delete, or when a replica starts."
            )
        return "\n" + result.summary().replace("\n", "  \n")

    def delete(
        self, doc_id: str | None, confirm: bool, request: gr.Request = None
    ) -> tuple[str, list, object]:
        if not doc_id:
            return "Choose a document to delete.", *self.listing()
        if not confirm:
            return "Tick “Yes, delete it” to confirm.", *self.listing()
        try:
            removed = delete_document(self.kb.database, self.kb.store, doc_id, by=_who(request))
        except IngestError as exc:
            return f"✗ {exc}", *self.listing()
        files = ", ".join(removed) or "no file"
        status = f"✓ Deleted **{doc_id}** ({files}) for every replica."
        try:  # the ingest takes its passages out of the store
            self.kb.ingest()
            self.kb.on_change()
        except IngestError as exc:
            status += f" Its passages leave the answers at the next ingest ({exc})."
        return status, *self.listing()

    def export(self, table: str) -> str:
        return self.downloads.write(f"careerbot-{table}.csv", self.feedback.csv(table))

    def build(self) -> gr.Blocks:
        with gr.Blocks(
            title="careerbot · counselors", analytics_enabled=False, delete_cache=(3600, 3600)
        ) as demo:
            gr.Markdown(
                "# careerbot for counselors\nThe knowledge base, how well careerbot answers "
                "from it, what it cannot answer yet, and what job seekers said. "
                "[Back to the chat](/)",
                elem_id="admin-intro",
            )
            with gr.Tab("Documents", elem_id="tab-documents"):
                table, which = self.build_documents()
            with gr.Tab("Evaluate", elem_id="tab-evaluate"):
                evaluate = self.evaluate.build()
            with gr.Tab("Gaps", elem_id="tab-gaps") as gaps_tab:
                include, selected, listing = self.gaps.build(evaluate["which"])
            with gr.Tab("Feedback", elem_id="tab-feedback") as review_tab:
                show_reviewed, review_shown = self.review.build(evaluate["which"])
            with gr.Tab("Retrieval test", elem_id="tab-retrieval"):
                rt_role = self.retrieval.build()
            with gr.Tab("Stored data", elem_id="tab-privacy") as privacy_tab:
                privacy_table, privacy_which = self.privacy.build()
            # each view is read afresh when its tab is opened: a gap asked a moment ago shows
            gaps_tab.select(self.gaps.refresh, [include, selected], [listing, selected],
                            api_visibility="private")  # fmt: skip
            review_tab.select(lambda s: self.review.refresh(s), show_reviewed, review_shown,
                              api_visibility="private")  # fmt: skip
            privacy_tab.select(self.privacy.on_load, None, [privacy_table, privacy_which],
                               api_visibility="private")  # fmt: skip

            def on_load(include_all, reviewed):
                return (
                    *self.listing(),
                    *self.evaluate.on_load(),
                    *self.gaps.refresh(include_all, []),
                    *self.review.refresh(reviewed),
                    self.retrieval.role_choices(),
                    *self.privacy.on_load(),
                )

            demo.load(
                on_load,
                [include, show_reviewed],
                [table, which, evaluate["which"], evaluate["status"], *evaluate["shown"],
                 listing, selected, *review_shown, rt_role, privacy_table, privacy_which],
                api_visibility="private",
            )  # fmt: skip
        return demo

    def build_documents(self):
        headers = ["document", "role", "aliases", "chunks", "units", "file", "state", "added"]
        types = ", ".join(sorted(LOADERS))
        gr.Markdown("## Knowledge base\nThe role documents careerbot answers from.")
        table = gr.Dataframe(headers=headers, interactive=False, elem_id="documents")
        refresh = gr.Button("Refresh")
        with gr.Row():
            with gr.Column():
                gr.Markdown(
                    f"### Add documents\n{types}; "
                    f"up to {self.kb.max_upload_bytes / 1e6:.0f} MB each."
                )
                files = gr.File(
                    file_count="multiple",
                    file_types=sorted(LOADERS),
                    label="Role documents",
                    elem_id="documents-upload",
                )
                preview_note = gr.Markdown(elem_id="upload-preview-note")
                # Every column could be made read-only but the role's and the names' (Gradio's
                # static_columns), were its lock icons not labelled in a way screen readers
                # cannot use; edits of the other columns are ignored.
                preview = gr.Dataframe(
                    headers=["file", "stored as", "role", "other names (comma-separated)",
                             "role read from", "check"],
                    interactive=True,
                    wrap=True,
                    visible=False,
                    label="What each file will be: correct the role and other names if needed",
                    elem_id="upload-preview",
                )  # fmt: skip
                staged = gr.State([])
                add = gr.Button("Add to the knowledge base", variant="primary")
            with gr.Column():
                gr.Markdown("### Delete a document")
                # Choices are filled on load; a custom value is allowed because the server
                # checks a value against the choices it was built with, and a document added
                # through another replica since then must still be deletable (unknown names get
                # delete's own message).
                which = gr.Dropdown(choices=[], allow_custom_value=True, label="Document")
                sure = gr.Checkbox(label="Yes, delete it")
                remove = gr.Button("Delete", variant="stop")
        status = gr.Markdown(elem_id="status")
        gr.Markdown("### Exports")
        with gr.Row():
            fb = gr.Button("Download feedback (CSV)")
            gaps = gr.Button("Download gaps: refused and not-covered questions (CSV)")
        download = gr.File(label="Export", interactive=False, visible=False)
        refresh.click(
            self.listing,
            None,
            [table, which],
            api_visibility="private",
        )
        files.upload(self.preview, files, [preview, preview_note, staged, files],
                     api_visibility="private")  # fmt: skip
        add.click(
            self.upload, [files, preview, staged], [status, table, which], api_name="upload"
        ).then(lambda: (gr.update(value=[], visible=False), "", []), None,
               [preview, preview_note, staged], api_visibility="private")  # fmt: skip
        remove.click(self.delete, [which, sure], [status, table, which], api_name="delete")
        fb.click(
            lambda: gr.update(value=self.export("feedback"), visible=True),
            None,
            download,
            api_name="export_feedback",
        )
        gaps.click(
            lambda: gr.update(value=self.export("refused"), visible=True),
            None,
            download,
            api_name="export_refused",
        )
        return table, which
