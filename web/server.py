"""The HTTP server: the chat at /, the counselor's workspace at /admin, the source viewer's
routes, Prometheus metrics at /metrics, run by uvicorn; security headers on every response, a
lock on repeated wrong logins, the retention period applied at start and daily."""

from __future__ import annotations

import contextlib
import logging
import socket
from dataclasses import dataclass

import gradio as gr
from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles

from bot.feedback import FeedbackStore
from bot.service import CareerBot
from web.admin import AdminApp, KnowledgeBase
from web.chat import ChatApp
from web.errors import WebError
from web.limits import LoginThrottle, RateLimiter
from web.metrics import CONTENT_TYPE, MeasuredBot, MeasuredFeedback, Metrics, may_read_metrics
from web.middleware import LoginGuard, SecurityHeaders, TooFastStatus
from web.retention import Retention
from web.sources import source_routes
from web.theme import STATIC, theme
from web.workspace import Workspace

STATIC_PATH = "/careerbot-static"
# The page's script (citations, source viewer, live region, names for Gradio's icon buttons)
# comes from our own route, so the Content-Security-Policy needs no 'unsafe-inline' for it.
# The style sheet too: Gradio would scope css given inline to its container, and the source
# viewer lives outside it.
HEAD = (
    f'<link rel="stylesheet" href="{STATIC_PATH}/careerbot.css">'
    f'<script src="{STATIC_PATH}/careerbot.js" defer></script>'
)

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
    questions_per_minute: float = 30.0  # per client; 0: no limit
    question_burst: int = 15
    login_failures: int = 5
    login_lockout_seconds: float = 60.0
    frame_ancestors: str = "'self'"
    trusted_proxies: str = "127.0.0.1"
    metrics: str = "loopback"  # who may read /metrics: loopback, network or off
    retention_days: float = 90.0  # feedback and gaps older than this are deleted


def create_app(
    bot: CareerBot,
    kb: KnowledgeBase,
    feedback: FeedbackStore,
    options: ServerOptions,
    workspace: Workspace,
    metrics: Metrics | None = None,
) -> FastAPI:
    """The app. The rate limit and the login lock are kept on app.state (rate_limiter,
    login_throttle: tests move their clocks), and so is the workspace."""
    retention = Retention(feedback, options.retention_days)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        retention.stop()

    app = FastAPI(title="careerbot", lifespan=lifespan)
    metrics = metrics or Metrics()
    # the counselors' retrieval tests are no questions of job seekers: only the chat's count
    answering = MeasuredBot(bot, metrics)
    feedback = MeasuredFeedback(feedback, metrics)

    @app.get("/metrics", include_in_schema=False)
    def read_metrics(request: Request) -> Response:
        host = request.client.host if request.client else None
        if not may_read_metrics(options.metrics, host, request.headers):
            return Response("Not Found", status_code=404, media_type="text/plain")
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    limiter = RateLimiter(options.questions_per_minute, options.question_burst)
    throttle = LoginThrottle(options.login_failures, options.login_lockout_seconds)
    app.state.rate_limiter, app.state.login_throttle = limiter, throttle
    # Starlette runs the middleware added last first: the headers go on every response,
    # the login lock's refusals included.
    app.add_middleware(TooFastStatus)
    app.add_middleware(LoginGuard, throttle=throttle, path="/admin/login")
    app.add_middleware(SecurityHeaders, frame_ancestors=options.frame_ancestors)
    app.include_router(source_routes(bot.store))
    # the workspace quotes answers too: its citations open the same viewer
    app.include_router(source_routes(bot.store), prefix="/admin")
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC), name="careerbot-static")
    chat = (
        ChatApp(answering, feedback, limiter=limiter)
        .build()
        .queue(default_concurrency_limit=options.concurrency)
    )
    app.state.workspace = workspace
    retention.start()  # applied now, then daily; stopped with the server
    # Following an evaluation holds one of these for its length: room for the other views.
    admin = AdminApp(kb, feedback, bot, workspace).build().queue(default_concurrency_limit=4)
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
        auth_message="Counselors: log in to manage the knowledge base and see how it answers.",
        max_file_size=options.max_upload_bytes,
        allowed_paths=[],
        show_error=True,
        theme=theme(),
        head=HEAD,
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
        theme=theme(),
        head=HEAD,
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
        proxy_headers=True,
        forwarded_allow_ips=options.trusted_proxies,
    )
    return uvicorn.Server(config)


def run(app: FastAPI, options: ServerOptions) -> None:
    check_port(options.host, options.port)
    log.info("Serving on http://%s:%d", options.host, options.port)
    make_server(app, options).run()
