"""Screenshots of the chat, the source viewer and the roles view for docs/, from a real
`careerbot serve`, at a desktop width (1280 px) and a phone's (390 px).

    python docs/make_screenshots.py        (or: make screenshots)

Starts the server on a free loopback port with a throw-away data dir, drives Debian's
Chromium with Playwright, writes docs/screenshots/{chat,source,roles}-{1280,390}.png.
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
WIDTHS = {1280: 1000, 390: 844}  # width: height
QUESTION = "How much do OT techs make?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shoot(url: str, width: int, height: int) -> list[Path]:
    sys.path.insert(0, str(ROOT))
    from tests.browser import chromium_page

    written = []
    with chromium_page(width=width, height=height) as page:
        page.goto(url)
        page.locator("#question textarea").fill(QUESTION)
        page.locator("#question textarea").press("Enter")
        page.locator("#chat a.cite").first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        written.append(OUT / f"chat-{width}.png")
        page.screenshot(path=str(written[-1]))
        page.locator("#chat .message a.cite", has_text="[2]").first.click()
        page.locator("#source-viewer mark").wait_for(timeout=10_000)
        page.wait_for_timeout(400)
        written.append(OUT / f"source-{width}.png")
        page.screenshot(path=str(written[-1]))
        page.keyboard.press("Escape")
        page.get_by_role("tab", name="Roles").click()
        page.locator("#compare input").click()
        page.locator("#compare input").fill("Occupational Therapy Tech")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.locator("#show-roles").click()
        page.locator("#card-left").get_by_role("heading", name="Sources").wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        written.append(OUT / f"roles-{width}.png")
        page.screenshot(path=str(written[-1]), full_page=width > 600)
    return written


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    data = Path(tempfile.mkdtemp(prefix="careerbot-shots-"))
    env = {**os.environ, "CAREERBOT_DATA_DIR": str(data), "CAREERBOT_KB_DIR": str(ROOT / "kb")}
    careerbot = Path(sys.executable).parent / "careerbot"
    server = subprocess.Popen([str(careerbot), "serve", "--port", str(port)], env=env)
    url = f"http://127.0.0.1:{port}/"
    written: list[Path] = []
    try:
        for _ in range(240):
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        for width, height in WIDTHS.items():
            written += shoot(url, width, height)
    finally:
        server.terminate()
        server.wait(20)
        shutil.rmtree(data, ignore_errors=True)
    print("Wrote " + ", ".join(str(p.relative_to(ROOT)) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
