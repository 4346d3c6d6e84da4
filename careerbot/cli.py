"""The `careerbot` command: parses, calls one library function, formats. Nothing else."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from careerbot.errors import SettingsError

log = logging.getLogger("careerbot")


def _user_errors() -> tuple[type[BaseException], ...]:
    from bot.errors import BotError
    from db.errors import DatabaseError
    from eval.errors import EvalError
    from ingest.errors import IngestError
    from web.errors import WebError

    return (SettingsError, DatabaseError, IngestError, BotError, EvalError, WebError)


class CareerbotGroup(click.Group):
    """A user mistake becomes `Error: ...` and exit 1; CAREERBOT_DEBUG=1 shows the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except _user_errors() as exc:
            if os.environ.get("CAREERBOT_DEBUG"):
                raise
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


class Progress:
    """tqdm bars on stderr, one per stage, fed by the library's progress callback."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.bars: dict = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if stage not in self.labels:
            return
        bar = self.bars.get(stage)
        if bar is None:
            # On a terminal the bar redraws in place; in a log, a line every few seconds.
            interval = 0.1 if sys.stderr.isatty() else 5.0
            bar = self.bars[stage] = tqdm(
                total=total,
                desc=self.labels[stage],
                unit="",
                file=sys.stderr,
                leave=False,
                mininterval=interval,
                maxinterval=max(interval, 10.0),
            )
        bar.total = total
        bar.update(done - bar.n)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _settings(ctx: click.Context, **overrides):
    from careerbot.settings import load_settings

    overrides = {k: v for k, v in overrides.items() if v is not None}
    settings = load_settings(ctx.obj.get("settings_file"), **overrides)
    level = "DEBUG" if ctx.obj.get("verbose", 0) > 1 else "INFO" if ctx.obj.get("verbose") else None
    logging.getLogger().setLevel(level or settings.log_level.upper())
    return settings


@click.group(cls=CareerbotGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Settings file (TOML); default ./careerbot.toml if present, or $CAREERBOT_SETTINGS.",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(package_name="careerbot")
@click.pass_context
def main(ctx: click.Context, settings_file: Path | None, verbose: int) -> None:
    """careerbot: answers job seekers' questions from the role documents in kb/, with citations."""
    from ingest.offline import offline_environment

    offline_environment()
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    for noisy in ("bm25s", "httpx", "urllib3", "chromadb"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    ctx.ensure_object(dict)
    ctx.obj.update(settings_file=settings_file, verbose=verbose)


@main.command()
@click.option("--kb", "kb_dir", type=click.Path(path_type=Path), help="Folder of role documents.")
@click.option("--rebuild", is_flag=True, help="Drop the store and embed everything again.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def ingest(ctx: click.Context, kb_dir: Path | None, rebuild: bool, as_json: bool) -> None:
    """Take new, edited and removed files of kb/ into the database, then embed the database's
    new and changed documents into the store and drop deleted ones."""
    from bot.index import KnowledgeIndex
    from careerbot.components import (
        ingest_documents,
        make_database,
        make_embedder,
        make_store,
        sync_kb_folder,
    )
    from ingest.errors import IngestError

    settings = _settings(ctx, kb_dir=kb_dir)
    if kb_dir is not None and not kb_dir.is_dir():
        raise IngestError(f"Knowledge base folder not found: {kb_dir}")
    database = make_database(settings)
    folder = sync_kb_folder(settings, database)
    progress = Progress({"scan": "Reading documents", "embed": "Embedding"})
    store = make_store(settings, database)
    try:
        report = ingest_documents(
            settings, database, store, make_embedder(settings), rebuild=rebuild, progress=progress
        )
    finally:
        progress.close()
    # The keyword index is built here, once, rather than by the first `ask` or `serve` to start.
    KnowledgeIndex(store).prepare()
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps({**asdict(report), "folder": asdict(folder) if folder else None}))
        return
    if folder is None:
        click.echo(f"No knowledge base folder at {settings.kb_dir}: the database's documents only.")
    elif folder.changed_anything or folder.kept or folder.skipped:
        click.echo(folder.summary())
    click.echo(report.summary())


@main.group()
def kb() -> None:
    """Look at the knowledge base: the documents the store holds, and export them."""


@kb.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document.")
@click.pass_context
def kb_list(ctx: click.Context, as_json: bool) -> None:
    """Documents in the store with their roles and chunk counts."""
    from ingest.store import Store

    settings = _settings(ctx.parent)
    store = Store(
        settings.data_dir,
        settings.chroma_url,
        settings.ingest.collection_prefix,
        search_ef=settings.ingest.search_ef,
    )
    docs = sorted(store.documents().values(), key=lambda d: d.doc_id) if store.exists() else []
    if as_json:
        from dataclasses import asdict

        for doc in docs:
            click.echo(json.dumps(asdict(doc)))
        return
    if not docs:
        click.echo("The store is empty; run `careerbot ingest`.")
        return
    width = max(len(d.doc_id) for d in docs)
    click.echo(f"{'document':<{width}}  chunks  units  role (aliases; guessed short forms)")
    for doc in docs:
        aliases = ", ".join(a for a in doc.alias_list if a.lower() != doc.role.lower())
        guessed = ", ".join(doc.guessed_list)
        names = "; ".join(p for p in (aliases, f"guessed: {guessed}" if guessed else "") if p)
        state = "" if doc.state == "live" else f"  [{doc.state}]"
        derived = "  [read from the text]" if doc.role_source == "text" else ""
        click.echo(
            f"{doc.doc_id:<{width}}  {doc.chunks:>6}  {doc.units:>5}  {doc.role}"
            + (f" ({names})" if names else "")
            + derived
            + state
        )
    click.echo(f"{len(docs)} document(s), {sum(d.chunks for d in docs)} chunk(s).")
    if any(d.role_source == "text" for d in docs):
        click.echo(
            "Roles marked [read from the text] have no metadata file: check them, and write a "
            "<name>.meta.yaml beside the document to correct one."
        )


@kb.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def kb_export(ctx: click.Context, folder: Path) -> None:
    """Write every document of the database (and its metadata file) into FOLDER, as kb/ holds
    them: a copy to edit, to seed another machine with, or to keep."""
    from careerbot.components import make_database
    from ingest.manage import export_documents

    docs, sidecars = export_documents(make_database(_settings(ctx.parent)), folder)
    click.echo(f"Wrote {docs} document(s) and {sidecars} metadata file(s) to {folder}")


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _print_answer(answer) -> None:
    click.echo(answer.answer)
    if answer.notice:
        click.echo(f"\n({answer.notice})", err=True)
    if answer.citations:
        click.echo("\nSources:")
        for c in answer.citations:
            click.echo(f"[{c.n}] {c.title} — {c.section} ({c.source})")
            click.echo(f"    “{c.quote}”")


def _jsonl(bot, lines) -> None:
    """One JSON answer per input line, in order; a bad line gets {"error": ...}, the rest go on."""
    from bot.errors import BotError

    for raw in lines:
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
            if not isinstance(item, dict):
                raise BotError('each line must be a JSON object like {"question": "..."}')
            question = item.get("question")
            if not isinstance(question, str):
                raise BotError('missing "question" (a string)')
            history = item.get("history") or []
            if not isinstance(history, list):
                raise BotError('"history" must be a list of {"role", "content"} objects')
            out = bot.answer(question, history, item.get("role") or None).to_json()
        except json.JSONDecodeError as exc:
            out = {"error": f"not valid JSON: {exc.msg} (column {exc.colno})"}
        except BotError as exc:
            out = {"error": str(exc)}
        click.echo(json.dumps(out, ensure_ascii=False))
        sys.stdout.flush()


def _chat(bot, role: str | None) -> None:
    """A plain terminal chat, keeping the conversation for follow-up questions."""
    from bot.errors import BotError

    history: list[dict] = []
    click.echo(f"careerbot — roles: {', '.join(bot.roles())}. Empty line or Ctrl-D to quit.")
    while True:
        try:
            question = input("\nyou> ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            answer = bot.answer(question, history, role)
        except BotError as exc:
            click.echo(f"Error: {exc}", err=True)
            continue
        _print_answer(answer)
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.answer},
        ]


@main.command()
@click.argument("question", required=False)
@click.option("--role", help="Answer for this role only (a role name or alias).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--jsonl", is_flag=True, help="Read JSON lines from stdin, write one JSON answer per line."
)
@click.option("--llm", help="Optional LLM: ollama:MODEL or openai:MODEL (with --base-url).")
@click.option("--base-url", help="Base URL of the LLM server (OpenAI-compatible or Ollama).")
@click.pass_context
def ask(ctx, question, role, as_json, jsonl, llm, base_url) -> None:
    """Answer a question from the knowledge base, with numbered sources.

    Ingests kb/ first if the store is missing or stale (progress on stderr; stdout carries
    only answers). Without a QUESTION on a terminal, starts a chat.
    """
    from bot.service import clean_question
    from careerbot.components import make_bot

    if question is not None and jsonl:
        raise click.UsageError("give a QUESTION or --jsonl, not both")
    if question is not None:
        question = clean_question(question)  # a bad question fails before anything loads
    overrides = {}
    llm_options = {k: v for k, v in (("llm", llm), ("llm_base_url", base_url)) if v}
    if llm_options:
        overrides["bot"] = llm_options
    settings = _settings(ctx, **overrides)
    progress = Progress({"embed": "Ingesting kb"})
    try:
        bot = make_bot(settings, progress=progress)
        bot.warm_up()
    finally:
        progress.close()
    if jsonl:
        _jsonl(bot, sys.stdin)
        return
    if question is None:
        if not sys.stdin.isatty():
            raise click.UsageError("give a QUESTION, or --jsonl to read questions from stdin")
        _chat(bot, role)
        return
    answer = bot.answer(question, (), role)
    if as_json:
        click.echo(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        _print_answer(answer)


@main.command()
@click.option("--host", help="Address to bind (default 127.0.0.1: this machine only).")
@click.option("--port", type=int, help="Port (default 7860).")
@click.option(
    "--share",
    type=click.BOOL,
    default=False,
    show_default=True,
    help="Gradio share link through gradio.live (needs internet).",
)
@click.option("--mcp", is_flag=True, help="Also serve the /ask endpoint as an MCP tool.")
@click.pass_context
def serve(ctx, host, port, share, mcp) -> None:
    """Start the web chat (and the knowledge-base view at /admin)."""
    from careerbot.components import make_bot, make_database, make_web
    from web.metrics import Metrics
    from web.server import run

    if share:
        raise click.UsageError(
            "share links go through gradio.live and need internet; careerbot runs offline. "
            "Use --host 0.0.0.0 to serve on your network instead."
        )
    web = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    settings = _settings(ctx, **({"web": web} if web else {}))
    database = make_database(settings)
    metrics = Metrics()
    progress = Progress({"embed": "Ingesting kb"})
    try:
        bot = make_bot(settings, progress=progress, database=database, metrics=metrics)
        bot.warm_up()
    finally:
        progress.close()
    app, options = make_web(settings, bot, mcp=mcp, database=database, metrics=metrics)
    click.echo(
        f"careerbot is ready on http://{options.host}:{options.port}  (Ctrl-C to stop)", err=True
    )
    if mcp:
        click.echo(
            f"MCP endpoint: http://{options.host}:{options.port}/gradio_api/mcp/sse", err=True
        )
    run(app, options)


@main.command("eval")
@click.option(
    "--questions",
    "questions_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Question set (YAML or CSV); default eval/questions.yaml.",
)
@click.option(
    "--config",
    "config_names",
    multiple=True,
    help="Configuration(s) to run (repeatable): full, dense-only, bm25-only, "
    "hybrid-unscoped, textbook. Default: all.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write report.md, report.html, results.jsonl, results.csv and plots.",
)
@click.option(
    "--kb",
    "kb_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of role documents to evaluate on, instead of the configured knowledge base; "
    "repeat it to evaluate on several folders together. It is ingested into a scratch store "
    "and database of its own under the data dir: the configured ones are not touched.",
)
@click.option("--gate", is_flag=True, help="Exit 1 when a metric is under eval/thresholds.yaml.")
@click.option(
    "--thresholds",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Thresholds file for --gate; default eval/thresholds.yaml.",
)
@click.pass_context
def eval_command(ctx, questions_file, config_names, out_dir, kb_dirs, gate, thresholds) -> None:
    """Score answers against a question set; compare the pipeline with ablations and a baseline."""
    from careerbot.components import make_bot, make_database
    from eval.evaluate import evaluate
    from eval.gate import check, load_thresholds
    from eval.kbs import scratch_settings
    from eval.questions import SHIPPED, load_questions
    from ingest.sources import DatabaseSource

    settings = _settings(ctx)
    if kb_dirs:
        settings = _settings(ctx, **scratch_settings(settings, kb_dirs))
    questions_file = questions_file or settings.eval.questions or SHIPPED
    questions = load_questions(questions_file)
    limits = load_thresholds(thresholds or settings.eval.thresholds) if gate else None
    progress = Progress({"embed": "Ingesting kb", "eval": "Evaluating"})
    try:
        database = make_database(settings)
        bot = make_bot(settings, progress=progress, database=database)
        bot.warm_up()
        # the quotes are checked in what the bot answers from: the database's documents
        documents = DatabaseSource(database)
        report = evaluate(bot, documents, questions, config_names, str(questions_file), progress)
    finally:
        progress.close()
    if limits is not None:
        report.gate = check(report.summaries, limits)
    out = out_dir or settings.eval.out_dir
    written = report.write(out)
    click.echo(report.table())
    click.echo(f"\nWrote {', '.join(p.name for p in written)} to {out}")
    if report.gate:
        for failure in report.gate:
            click.echo(f"Gate: FAIL {failure}", err=True)
        ctx.exit(1)
    elif report.gate is not None:
        click.echo("Gate: all thresholds met.")


@main.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the drafts here (YAML) instead of printing them.",
)
@click.pass_context
def drafts(ctx, out) -> None:
    """Draft question-set rows from thumbs-down answers and refused questions in the web chat."""
    from careerbot.components import make_feedback
    from eval.drafts import draft_rows, render
    from eval.questions import load_questions

    settings = _settings(ctx)
    known = [q.question for q in load_questions(settings.eval.questions)]
    rows = draft_rows(make_feedback(settings), known)
    text = render(rows)
    if out:
        out.write_text(text)
        click.echo(f"Wrote {len(rows)} draft row(s) to {out}", err=True)
    else:
        click.echo(text, nl=False)


@main.command("settings")
@click.option(
    "--reference", is_flag=True, help="Print every setting as markdown (docs/settings.md)."
)
@click.pass_context
def show_settings(ctx: click.Context, reference: bool) -> None:
    """Print the settings in effect (secrets hidden)."""
    from careerbot.settings import settings_reference

    if reference:
        click.echo(settings_reference(), nl=False)
        return
    settings = _settings(ctx)
    click.echo(settings.model_dump_json(indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
