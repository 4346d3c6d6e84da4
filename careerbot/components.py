"""Builds the parts of each step from the one Settings object."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from careerbot.errors import SettingsError
from careerbot.settings import Settings
from db import Database, open_database
from ingest.store import Store

if TYPE_CHECKING:
    from ingest.embedding import Embedder
    from ingest.folder_sync import FolderSyncReport
    from ingest.pipeline import IngestReport
    from web.metrics import Metrics

log = logging.getLogger(__name__)


def make_database(settings: Settings) -> Database:
    """The application database, its schema up to date (SQLite in data_dir unless configured)."""
    database = open_database(settings.database_url, settings.data_dir)
    if settings.chroma_url and database.is_sqlite:
        log.warning(
            "A Chroma server is configured but the database is SQLite in %s: this replica keeps "
            "its own documents and feedback. Set CAREERBOT_DATABASE_URL to the PostgreSQL "
            "database every replica shares (docs/deploy.md).",
            settings.data_dir,
        )
    return database


def make_store(settings: Settings, database: Database | None = None) -> Store:
    """The Chroma store, with the database's lock for one ingest at a time across replicas."""
    database = database or make_database(settings)
    prefix = settings.ingest.collection_prefix
    return Store(
        settings.data_dir,
        chroma_url=settings.chroma_url,
        prefix=prefix,
        ingest_lock=database.ingest_lock(f"ingest:{prefix}"),
        lock_wait_seconds=settings.ingest.lock_wait_seconds,
        search_ef=settings.ingest.search_ef,
    )


def make_embedder(settings: Settings) -> Embedder:
    from ingest import embedding

    ingest = settings.ingest
    return embedding.make_embedder(
        ingest.embedding_backend, ingest.embedding_model, ingest.batch_size
    )


def sync_kb_folder(settings: Settings, database: Database) -> FolderSyncReport | None:
    """Take the new and edited files of kb/ into the database (None when there is no kb/)."""
    from ingest.folder_sync import sync_folder

    if not settings.kb_dir.is_dir():
        return None
    return sync_folder(
        settings.kb_dir, database, settings.data_dir, int(settings.ingest.max_file_mb * 1e6)
    )


def ingest_documents(
    settings: Settings,
    database: Database,
    store: Store,
    embedder,
    rebuild: bool = False,
    progress=None,
) -> IngestReport:
    """Bring the store in line with the database's documents."""
    from ingest.pipeline import ingest_kb
    from ingest.sources import DatabaseSource

    return ingest_kb(
        DatabaseSource(database),
        store,
        embedder,
        settings.ingest,
        rebuild=rebuild,
        progress=progress,
    )


def ensure_ingested(
    settings: Settings, store: Store, embedder, progress=None, database: Database | None = None
) -> IngestReport | None:
    """At start-up: kb/ into the database, then the database into the store when the store is
    missing or stale; the ingest's report, or None when nothing had to be embedded."""
    from ingest.pipeline import needs_ingest
    from ingest.sources import DatabaseSource

    database = database or make_database(settings)
    sync_kb_folder(settings, database)
    if needs_ingest(DatabaseSource(database), store, embedder, settings.ingest) is None:
        return None
    return ingest_documents(settings, database, store, embedder, progress=progress)


def make_bot(
    settings: Settings,
    progress=None,
    ingest_first: bool = True,
    embedder=None,
    database: Database | None = None,
    metrics: Metrics | None = None,
):
    """The answering bot over the configured store, with the LLM attached when one is set.

    `embedder` is an already loaded model to share (it must be the configured one); `metrics`
    records the start-up ingest, if one runs."""
    from bot.service import CareerBot

    database = database or make_database(settings)
    store = make_store(settings, database)
    embedder = embedder or make_embedder(settings)
    if ingest_first:
        report = ensure_ingested(settings, store, embedder, progress, database)
        if report is not None and metrics is not None:
            metrics.record_ingest(report)
    bot = CareerBot(store, embedder, settings.bot)
    if settings.bot.llm:
        from bot.llm import attach_llm

        attach_llm(bot, settings.bot)
    return bot


def make_feedback(settings: Settings, database: Database | None = None):
    """Where the web app keeps thumbs up/down and refused questions: the shared database.

    A feedback.sqlite left in the data dir by an older careerbot is imported once."""
    from bot.feedback import FeedbackStore
    from db.legacy import import_legacy_feedback

    database = database or make_database(settings)
    import_legacy_feedback(database, settings.data_dir)
    return FeedbackStore(database)


def make_web(
    settings: Settings,
    bot,
    mcp: bool = False,
    database: Database | None = None,
    metrics: Metrics | None = None,
):
    """The FastAPI app serving the chat and the knowledge-base view, with its options."""
    from web.admin import KnowledgeBase
    from web.metrics import Metrics
    from web.server import ServerOptions, create_app

    web = settings.web
    database = database or make_database(settings)
    metrics = metrics or Metrics()

    def ingest(progress=None):
        return ingest_documents(settings, database, bot.store, bot.embedder, progress=progress)

    auth = None
    if bool(web.auth_user) != bool(web.auth_password):
        raise SettingsError(
            "Set both web.auth_user and web.auth_password (CAREERBOT_WEB__AUTH_USER, "
            "CAREERBOT_WEB__AUTH_PASSWORD) for the knowledge-base login, or neither"
        )
    if web.auth_user and web.auth_password:
        auth = (web.auth_user, web.auth_password.get_secret_value())
    elif web.host not in ("127.0.0.1", "localhost", "::1") and not web.open_admin:
        raise SettingsError(
            f"Serving on {web.host} would let anyone upload and delete documents: set "
            "web.auth_user and web.auth_password, or web.open_admin = true to allow it"
        )
    options = ServerOptions(
        host=web.host,
        port=web.port,
        auth=auth,
        mcp=mcp,
        max_upload_bytes=int(web.max_upload_mb * 1e6),
        shutdown_grace_seconds=web.shutdown_grace_seconds,
        questions_per_minute=web.questions_per_minute,
        question_burst=web.question_burst,
        login_failures=web.login_failures,
        login_lockout_seconds=web.login_lockout_seconds,
        frame_ancestors=web.frame_ancestors,
        trusted_proxies=web.trusted_proxies,
        metrics=web.metrics,
        retention_days=web.retention_days,
    )
    kb = KnowledgeBase(
        database,
        bot.store,
        metrics.measured_ingest(ingest),
        options.max_upload_bytes,
        on_change=bot.index.refresh,
        settings=settings.ingest,
    )
    feedback = make_feedback(settings, database)
    workspace = make_workspace(settings, bot, database)
    return create_app(bot, kb, feedback, options, workspace, metrics), options


def make_workspace(settings: Settings, bot, database: Database):
    """The counselor's workspace: runs and question sets in the shared database; each
    evaluation with a bot of its own over the same store, built as `careerbot eval` builds it
    (sharing the loaded embedding model), so that its figures are the CLI's."""
    from ingest.sources import DatabaseSource
    from web.workspace import Workspace

    return Workspace.over(
        database,
        DatabaseSource(database),
        lambda: make_bot(settings, ingest_first=False, embedder=bot.embedder, database=database),
        settings.bot.model_dump(mode="json"),
        settings.data_dir / "cache" / "question-sets",
        settings.web.retention_days,
    )
