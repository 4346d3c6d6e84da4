"""A real careerbot web server on loopback, built as `careerbot serve` builds it.

The app comes from the same composition functions the CLI uses (settings in, app out); a test
changes behaviour only through settings. The server runs in a thread of the test process so
that tests can share the loaded embedding model.
"""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.feedback import FeedbackStore
from bot.service import CareerBot
from careerbot.components import make_bot, make_database, make_feedback, make_web
from careerbot.settings import load_settings
from tests.chroma_server import free_port
from tests.conftest import KB


@dataclass
class RunningServer:
    url: str
    kb_dir: Path
    data_dir: Path
    bot: CareerBot
    feedback: FeedbackStore
    server: object  # uvicorn.Server
    thread: threading.Thread
    app: object = None  # the FastAPI app (its state holds the workspace, the retention timer)

    @property
    def database(self):
        """The application database the server keeps its documents and feedback in."""
        return self.feedback.database

    @property
    def admin_url(self) -> str:
        return f"{self.url}/admin/"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def start_server(
    root: Path,
    embedder,
    auth: tuple[str, str] | None = None,
    mcp: bool = False,
    chroma_url: str | None = None,
    kb: Path = KB,
    database_url: str | None = None,
    **web,
) -> RunningServer:
    """Serve a copy of `kb` (the fictional test kb unless told otherwise) from `root`, wired as
    `careerbot serve` wires it (one database, one set of metrics)."""
    from web.metrics import Metrics
    from web.server import make_server

    kb_dir = root / "kb"
    shutil.copytree(kb, kb_dir)
    web = {"port": free_port(), "max_upload_mb": 2, "shutdown_grace_seconds": 1, **web}
    if auth:
        web.update(auth_user=auth[0], auth_password=auth[1])
    settings = load_settings(
        kb_dir=kb_dir,
        data_dir=root / "data",
        chroma_url=chroma_url,
        database_url=database_url,
        bot={"freshness_seconds": 0.5},
        web=web,
    )
    database = make_database(settings)
    metrics = Metrics()
    bot = make_bot(settings, embedder=embedder, database=database, metrics=metrics)
    app, options = make_web(settings, bot, mcp=mcp, database=database, metrics=metrics)
    server = make_server(app, options)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{options.port}"
    # waits for the server to come up, bounded: a slow machine only makes it wait longer
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        raise RuntimeError("the web server did not start")
    feedback = make_feedback(settings, database)
    return RunningServer(url, kb_dir, root / "data", bot, feedback, server, thread, app)
