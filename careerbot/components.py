"""Builds the parts of each step from the one Settings object."""

from __future__ import annotations

from typing import TYPE_CHECKING

from careerbot.errors import SettingsError
from careerbot.settings import Settings
from ingest.store import Store

if TYPE_CHECKING:
    from ingest.embedding import Embedder


def make_store(settings: Settings) -> Store:
    return Store(
        settings.data_dir, chroma_url=settings.chroma_url, prefix=settings.ingest.collection_prefix
    )


def make_embedder(settings: Settings) -> Embedder:
    from ingest import embedding

    ingest = settings.ingest
    return embedding.make_embedder(
        ingest.embedding_backend, ingest.embedding_model, ingest.batch_size
    )


def ensure_ingested(settings: Settings, store: Store, embedder, progress=None):
    """Ingest kb/ first when the store is missing or stale; returns the report, or None.

    On a shared Chroma server, documents other machines added are left alone (no pruning).
    """
    from ingest.pipeline import ingest_kb, needs_ingest

    shared = bool(settings.chroma_url)
    reason = needs_ingest(
        settings.kb_dir, store, embedder, settings.ingest, check_removed=not shared
    )
    if reason is None:
        return None
    return ingest_kb(
        settings.kb_dir, store, embedder, settings.ingest, progress=progress, prune=not shared
    )


def make_bot(settings: Settings, progress=None, ingest_first: bool = True, embedder=None):
    """The answering bot over the configured store, with the LLM attached when one is set.

    `embedder` is an already loaded model to share (it must be the configured one)."""
    from bot.service import CareerBot

    store = make_store(settings)
    embedder = embedder or make_embedder(settings)
    if ingest_first and settings.kb_dir.is_dir():
        ensure_ingested(settings, store, embedder, progress)
    bot = CareerBot(store, embedder, settings.bot)
    if settings.bot.llm:
        from bot.llm import attach_llm

        attach_llm(bot, settings.bot)
    return bot


def make_feedback(settings: Settings):
    """Where the web app keeps thumbs up/down and refused questions."""
    from bot.feedback import FeedbackStore

    return FeedbackStore(settings.data_dir / "feedback.sqlite")


def make_web(settings: Settings, bot, mcp: bool = False):
    """The FastAPI app serving the chat and the knowledge-base view, with its options."""
    from ingest.pipeline import ingest_kb
    from web.admin import KnowledgeBase
    from web.server import ServerOptions, create_app

    web = settings.web
    shared = bool(settings.chroma_url)

    def ingest(progress=None):
        return ingest_kb(
            settings.kb_dir,
            bot.store,
            bot.embedder,
            settings.ingest,
            progress=progress,
            prune=not shared,
        )

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
        retention_days=web.retention_days,
    )
    kb = KnowledgeBase(
        settings.kb_dir, bot.store, ingest, options.max_upload_bytes, on_change=bot.index.refresh
    )
    workspace = make_workspace(settings, bot)
    return create_app(bot, kb, make_feedback(settings), options, workspace=workspace), options


def make_workspace(settings: Settings, bot):
    """The counselor's workspace: runs and question sets under the data dir; each evaluation
    with a bot of its own over the same store, built as `careerbot eval` builds it (sharing
    the loaded embedding model), so that its figures are the CLI's."""
    from web.workspace import Workspace

    return Workspace.under(
        settings.data_dir,
        settings.kb_dir,
        lambda: make_bot(settings, ingest_first=False, embedder=bot.embedder),
        settings.bot.model_dump(mode="json"),
        settings.web.retention_days,
    )
