"""Screenshots of the chat and the roles view for docs/, from a real `careerbot serve`.

    python docs/make_screenshots.py        (or: make screenshots)

Starts the server on a free loopback port with a throw-away data dir, drives Debian's
Chromium with Playwright, writes docs/screenshots/chat.png and roles.png.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    data = Path(tempfile.mkdtemp(prefix="careerbot-shots-"))
    env = {**os.environ, "CAREERBOT_DATA_DIR": str(data), "CAREERBOT_KB_DIR": str(ROOT / "kb")}
    careerbot = Path(sys.executable).parent / "careerbot"
    server = subprocess.Popen([str(careerbot), "serve", "--port", str(port)], env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(240):
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=FLAGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 1100})
            page.goto(url)
            page.locator("#question textarea").fill("How much do OT techs make?")
            page.locator("#ask").click()
            page.locator("#chat").get_by_text("$57,620", exact=False).first.wait_for(timeout=60_000)
            page.locator("#chat").get_by_text("Sources (").first.click()
            page.wait_for_timeout(800)
            page.screenshot(path=str(OUT / "chat.png"), full_page=True)
            page.get_by_role("tab", name="Roles").click()
            page.locator("#compare input").click()
            page.locator("#compare input").fill("Occupational Therapy Tech")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            page.locator("#show-roles").click()
            page.locator("#card-left").get_by_role("heading", name="Sources").wait_for(
                timeout=60_000
            )
            page.wait_for_timeout(500)
            page.screenshot(path=str(OUT / "roles.png"), full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(20)
        shutil.rmtree(data, ignore_errors=True)
    print(f"Wrote {OUT / 'chat.png'} and {OUT / 'roles.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
