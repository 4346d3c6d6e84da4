"""Debian's headless Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextlib.contextmanager
def chromium_page(width: int = 1280, height: int = 1000) -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


# The WCAG levels the pages must meet, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


# Gradio marks components whose event is running ("pending", a progress bar) and draws them
# faded until it ends: contrast is judged on the page at rest, not halfway through a fade.
_AT_REST = """() => !document.querySelector('.pending, .generating, .progress-bar, .eta-bar')
    && document.getAnimations().every(a => a.playState !== 'running')"""


def wait_at_rest(page, timeout: float = 30_000) -> None:
    """Until no event is running and no transition or animation is under way (bounded)."""
    page.wait_for_function(_AT_REST, timeout=timeout)


def axe_violations(page) -> list[str]:
    """axe-core's violations of WCAG 2.2 AA on the page at rest, one line per element."""
    from axe_playwright_python.sync_playwright import Axe

    wait_at_rest(page)

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(map(str, node['target']))}: "
        f"{node.get('failureSummary', '').strip()}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


# Collects Content-Security-Policy violations the page reports, from before its first script.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""
