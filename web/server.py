"""The HTTP server: the chat at /, the knowledge-base view at /admin, Prometheus metrics at
/metrics, run by uvicorn."""

from __future__ import annotations

import logging
import socket
from dataclasses import dataclass

import gradio as gr
from fastapi import FastAPI, Request, Response

from bot.feedback import FeedbackStore
from bot.service import CareerBot
from web.admin import AdminApp, KnowledgeBase
from web.chat import ChatApp
from web.errors import WebError
from web.metrics import CONTENT_TYPE, MeasuredBot, MeasuredFeedback, Metrics, may_read_metrics

log = logging.getLogger(__name__)


@dataclass
class ServerOptions:
    host: str = "127.0.0.1"
    port: int = 7860
    auth: tuple[str, str] | None = None  # login for /admin
    mcp: bool = False
    max_upload_bytes: int = 10_000_000
    concurrency: int = 16
    shutdown_grace_seconds: float = 5.0
    metrics: str = "loopback"  # who may read /metrics: loopback, network or off


def create_app(
    bot: CareerBot,
    kb: KnowledgeBase,
    feedback: FeedbackStore,
    options: ServerOptions,
    metrics: Metrics | None = None,
) -> FastAPI:
    app = FastAPI(title="careerbot")
    metrics = metrics or Metrics()
    bot = MeasuredBot(bot, metrics)
    feedback = MeasuredFeedback(feedback, metrics)

    @app.get("/metrics", include_in_schema=False)
    def read_metrics(request: Request) -> Response:
        host = request.client.host if request.client else None
        if not may_read_metrics(options.metrics, host, request.headers):
            return Response("Not Found", status_code=404, media_type="text/plain")
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    chat = ChatApp(bot, feedback).build().queue(default_concurrency_limit=options.concurrency)
    admin = AdminApp(kb, feedback).build().queue(default_concurrency_limit=2)
    if options.auth is None:
        log.warning(
            "The knowledge-base view (/admin) has no login: anyone who reaches this server can "
            "upload and delete documents. Set CAREERBOT_WEB__AUTH_USER and "
            "CAREERBOT_WEB__AUTH_PASSWORD."
        )
    # /admin first: a mount at / would take every path.
    gr.mount_gradio_app(
        app,
        admin,
        path="/admin",
        auth=options.auth,
        auth_message="Counselors: log in to manage the knowledge base.",
        max_file_size=options.max_upload_bytes,
        allowed_paths=[],
        show_error=True,
    )
    gr.mount_gradio_app(
        app,
        chat,
        path="",
        mcp_server=options.mcp,
        allowed_paths=[],
        show_error=True,
        footer_links=["api"],
        max_file_size="1mb",  # the chat takes no files; Gradio's upload route exists anyway
    )
    return app


def check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        # As uvicorn binds: connections of a previous run still in TIME_WAIT do not count, so
        # a replica restarts on its port at once.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise WebError(
                f"Port {port} on {host} is not free ({exc.strerror}); choose another with --port"
            ) from exc


def make_server(app: FastAPI, options: ServerOptions):
    """The uvicorn server `run` starts; tests run the same one in a thread."""
    import uvicorn

    # Open chat streams would otherwise hold a stop (Ctrl-C, SIGTERM from a supervisor) forever.
    config = uvicorn.Config(
        app,
        host=options.host,
        port=options.port,
        log_level="warning",
        timeout_graceful_shutdown=options.shutdown_grace_seconds,
    )
    return uvicorn.Server(config)


def run(app: FastAPI, options: ServerOptions) -> None:
    check_port(options.host, options.port)
    log.info("Serving on http://%s:%d", options.host, options.port)
    make_server(app, options).run()
