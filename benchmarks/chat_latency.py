"""Single-user latency of the chat page in a real browser: submit to answer rendered.

    python -m benchmarks.chat_latency [--rounds 3] [--url URL]

Without --url, starts `careerbot serve` on a free loopback port (the shipped kb/, a temporary
data dir). Drives Debian's headless Chromium: for each question, a fresh page, the question
typed into the box, Enter pressed. The time runs in the page, from the Enter key to the last
change of the conversation's DOM that the answer caused (the answer and its sources drawn,
the progress indicator gone), so it holds the whole path: Gradio's queue, its event stream,
the server's answer and the browser's rendering. Prints the median, 95th percentile and the
slowest; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys

from benchmarks.web_load import QUESTIONS, serving
from eval.metrics import percentile
from tests.browser import chromium_page

# Records the Enter key and every change inside the conversation, in page time.
WATCH = """() => {
  window.__asked = null; window.__changed = null;
  document.querySelector('#question textarea').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) window.__asked = performance.now();
  }, true);
  new MutationObserver(() => { window.__changed = performance.now(); }).observe(
    document.querySelector('#chat'),
    {subtree: true, childList: true, characterData: true, attributes: true});
}"""
# The answer is rendered when the conversation has not changed for QUIET ms after the answer.
QUIET_MS = 800
SETTLED = (
    "(quiet) => window.__asked !== null && window.__changed !== null"
    " && window.__changed > window.__asked && performance.now() - window.__changed > quiet"
)


def measure(url: str, questions: list[str], rounds: int) -> list[float]:
    times: list[float] = []
    with chromium_page(width=1280, height=1000) as page:
        for turn in range(rounds * len(questions) + 2):  # two warm-up questions first
            page.goto(url)
            page.locator("#question textarea").wait_for()
            page.evaluate(WATCH)
            page.locator("#question textarea").fill(questions[turn % len(questions)])
            page.locator("#question textarea").press("Enter")
            page.wait_for_function(SETTLED, arg=QUIET_MS, timeout=60_000)
            if turn >= 2:
                times.append(page.evaluate("window.__changed - window.__asked"))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times each question is asked")
    parser.add_argument("--url", help="a running careerbot server instead of starting one")
    args = parser.parse_args(argv)
    # one user asking in turn stays under any sensible rate limit; serving() lifts it anyway
    with serving(args.url) as (url, _):
        times = measure(url, QUESTIONS, args.rounds)
    ordered = sorted(times)
    print(f"questions  {len(times)}")
    print(f"p50_ms     {percentile(ordered, 50):.0f}")
    print(f"p95_ms     {percentile(ordered, 95):.0f}")
    print(f"max_ms     {ordered[-1]:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
