"""Screenshots of the chat, the source viewer, the roles view and the counselor's workspace
for docs/, from a real `careerbot serve`, at a desktop width (1280 px) and a phone's (390 px).

    python docs/make_screenshots.py        (or: make screenshots)

Starts the server on a free loopback port with a throw-away data dir and a counselor login,
drives Debian's Chromium with Playwright: asks in the chat (a pay question, one about another
occupation, one the documents do not cover, a thumbs-down), then runs the shipped question
set in /admin. Writes docs/screenshots/{chat,source,roles}-{1280,390}.png and
{evaluate,gaps,feedback,retrieval,stored-data}-{1280,390}.png.
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
LOGIN = ("counselor", "screenshots")
GAP_QUESTIONS = ["What does a dental hygienist earn?", "Do OT techs work weekends?"]
RETRIEVAL_QUESTION = "Do occupational therapy technicians need a license?"


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


def chat_history(url: str) -> None:
    """What the workspace shows: gaps, and a thumbs-down with its reason."""
    sys.path.insert(0, str(ROOT))
    from tests.browser import chromium_page, wait_at_rest

    with chromium_page() as page:
        page.goto(url)
        for question in GAP_QUESTIONS:
            page.locator("#question textarea").fill(question)
            page.locator("#question textarea").press("Enter")
            page.wait_for_timeout(300)
            wait_at_rest(page)
        page.locator("#question textarea").fill("What do OTAs do?")
        page.locator("#question textarea").press("Enter")
        page.locator("#chat a.cite").first.wait_for(timeout=60_000)
        wait_at_rest(page)
        page.locator("#chat").get_by_role("button", name="Dislike").last.click()
        page.locator("#reason-panel").get_by_text("Missing information").click()
        page.locator("#send-reason").click()
        page.wait_for_function("() => document.body.innerText.includes('feedback is saved')")


def view(page, name: str) -> None:
    tab = page.get_by_role("tab", name=name)
    if not tab.is_visible():  # on a phone the tabs that do not fit are in a menu
        page.locator(".overflow-menu button, button.overflow-dropdown-button").first.click()
    page.get_by_role("tab", name=name).or_(page.get_by_role("button", name=name)).first.click()
    page.wait_for_timeout(800)


def shoot_workspace(url: str, width: int, height: int, run: bool) -> list[Path]:
    from tests.browser import chromium_page, wait_at_rest

    written = []
    with chromium_page(width=width, height=height) as page:
        page.goto(url + "admin/")
        page.get_by_label("username").fill(LOGIN[0])
        page.get_by_label("password").fill(LOGIN[1])
        page.keyboard.press("Enter")
        page.get_by_role("tab", name="Documents").wait_for(timeout=60_000)
        view(page, "Evaluate")
        if run:
            page.locator("#eval-run").click()
            page.locator("#eval-status").get_by_text("The report is below").wait_for(
                timeout=600_000
            )
        page.locator("#eval-failed input").check()
        page.locator("#eval-rows details.qrow > summary").first.wait_for(timeout=30_000)
        page.locator("#eval-rows details.qrow > summary").first.click()
        wait_at_rest(page)
        page.locator("#eval-summary").scroll_into_view_if_needed()
        page.evaluate("document.querySelector('#eval-summary').scrollIntoView()")
        written.append(OUT / f"evaluate-{width}.png")
        page.screenshot(path=str(written[-1]))
        view(page, "Gaps")
        page.locator("#gaps-select label").first.click()
        page.locator("#gaps-draft").click()
        page.locator("#gaps-status").get_by_text("draft row").wait_for(timeout=30_000)
        wait_at_rest(page)
        written.append(OUT / f"gaps-{width}.png")
        page.screenshot(path=str(written[-1]), full_page=width > 600)
        view(page, "Feedback")
        page.locator("#review-item a.cite").first.wait_for(timeout=30_000)
        wait_at_rest(page)
        written.append(OUT / f"feedback-{width}.png")
        page.screenshot(path=str(written[-1]), full_page=width > 600)
        view(page, "Retrieval test")
        page.locator("#rt-question textarea").fill(RETRIEVAL_QUESTION)
        page.locator("#rt-go").click()
        page.locator("#rt-passages details").first.wait_for(timeout=30_000)
        page.locator("#rt-passages details > summary").first.click()
        wait_at_rest(page)
        written.append(OUT / f"retrieval-{width}.png")
        page.screenshot(path=str(written[-1]), full_page=width > 600)
        view(page, "Stored data")
        page.locator("#privacy-summary table").wait_for()
        wait_at_rest(page)
        written.append(OUT / f"stored-data-{width}.png")
        page.screenshot(path=str(written[-1]))
    return written


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    data = Path(tempfile.mkdtemp(prefix="careerbot-shots-"))
    env = {
        **os.environ,
        "CAREERBOT_DATA_DIR": str(data),
        "CAREERBOT_KB_DIR": str(ROOT / "kb"),
        "CAREERBOT_WEB__AUTH_USER": LOGIN[0],
        "CAREERBOT_WEB__AUTH_PASSWORD": LOGIN[1],
    }
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
        chat_history(url)
        for i, (width, height) in enumerate(WIDTHS.items()):
            written += shoot_workspace(url, width, height, run=i == 0)
    finally:
        server.terminate()
        server.wait(20)
        shutil.rmtree(data, ignore_errors=True)
    print("Wrote " + ", ".join(str(p.relative_to(ROOT)) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
