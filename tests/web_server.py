"""A real careerbot web server on loopback, in a thread of the test process."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn

from bot.feedback import FeedbackStore
from bot.server import ServerOptions, create_app
from bot.service import CareerBot
from bot.web_admin import KnowledgeBase
from ingest.pipeline import ingest_kb
from ingest.store import Store
from tests.chroma_server import free_port
from tests.conftest import KB


@dataclass
class RunningServer:
    url: str
    kb_dir: Path
    data_dir: Path
    bot: CareerBot
    feedback: FeedbackStore
    server: uvicorn.Server
    thread: threading.Thread

    @property
    def admin_url(self) -> str:
        return f"{self.url}/admin/"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def start_server(
    root: Path, embedder, auth=None, mcp=False, chroma_url=None, kb_dir=None
) -> RunningServer:
    kb = kb_dir or root / "kb"
    if kb_dir is None:
        shutil.copytree(KB, kb)
    store = Store(root / "data", chroma_url=chroma_url)
    ingest_kb(kb, store, embedder, prune=chroma_url is None)
    bot = CareerBot(store, embedder)
    bot.settings.freshness_seconds = 0.5
    bot.index.freshness_seconds = 0.5

    def ingest(progress=None):
        return ingest_kb(kb, store, embedder, progress=progress, prune=chroma_url is None)

    port = free_port()
    options = ServerOptions(port=port, auth=auth, mcp=mcp, max_upload_bytes=2_000_000)
    feedback = FeedbackStore(root / "data" / "feedback.sqlite")
    kb_view = KnowledgeBase(kb, store, ingest, options.max_upload_bytes, bot.index.invalidate)
    app = create_app(bot, kb_view, feedback, options)
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        raise RuntimeError("the web server did not start")
    return RunningServer(url, kb, root / "data", bot, feedback, server, thread)
