"""Everyone can use the pages: axe-core finds no WCAG 2.2 AA violation on the chat, the roles
view and /admin at desktop and phone widths; a keyboard alone can ask, hear the answer once,
open a citation and come back, give a thumb; the page works under its Content-Security-Policy;
on a phone the conversation takes the screen and nothing scrolls sideways."""

import pytest
from gradio_client import Client

from tests.browser import CSP_WATCH, axe_violations, chromium_page, wait_at_rest
from tests.conftest import SHIPPED_KB
from tests.web_server import start_server

pytestmark = pytest.mark.browser
WIDTHS = [1280, 390]
PAY_QUESTION = "How much do OT techs make?"


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    running = start_server(tmp_path_factory.mktemp("a11y"), embedder, kb=SHIPPED_KB)
    yield running
    running.stop()


def ask(page, question):
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    page.locator("#chat a.cite").first.wait_for(timeout=30_000)


def open_page(page, url):
    page.add_init_script(CSP_WATCH)
    page.goto(url)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_chat_has_no_accessibility_violations(server, width):
    with chromium_page(width=width, height=900) as page:
        open_page(page, server.url + "/")
        page.locator("#question textarea").wait_for()
        assert axe_violations(page) == []
        ask(page, PAY_QUESTION)
        page.locator("#chat details.sources summary").first.click()
        assert axe_violations(page) == []
        page.locator("#chat a.cite").first.click()
        page.locator("#source-viewer mark").wait_for(timeout=10_000)
        assert axe_violations(page) == []
        assert page.evaluate("window.__cspViolations") == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_roles_view_and_the_comparison_have_no_accessibility_violations(server, width):
    with chromium_page(width=width, height=900) as page:
        open_page(page, server.url + "/")
        page.get_by_role("tab", name="Roles").click()
        compare = page.locator("#compare input")
        compare.click()
        compare.fill("Occupational Therapy Technician")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.locator("#show-roles").click()
        for card in ("#card-left", "#card-right"):
            page.locator(card).get_by_role("heading", name="Sources").wait_for(timeout=60_000)
        assert page.locator("#card-right a.cite").count() > 0
        assert axe_violations(page) == []
        # a citation of a card opens its passage like one in the chat
        page.locator("#card-right a.cite").first.click()
        page.locator("#source-viewer mark").wait_for(timeout=10_000)
        assert axe_violations(page) == []
        assert page.evaluate("window.__cspViolations") == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_admin_view_has_no_accessibility_violations(server, width):
    with chromium_page(width=width, height=900) as page:
        open_page(page, server.admin_url)
        page.locator("#documents").get_by_text("occupational-therapy-technician").first.wait_for(
            timeout=30_000
        )
        assert axe_violations(page) == []
        assert page.evaluate("window.__cspViolations") == []


def test_a_citation_opens_the_passage_with_the_quote_highlighted_and_escape_comes_back(server):
    expected = Client(server.url + "/", verbose=False).predict(PAY_QUESTION, "", api_name="/ask")
    pay = next(c for c in expected["citations"] if "$30,000" in c["quote"])
    with chromium_page() as page:
        open_page(page, server.url + "/")
        ask(page, PAY_QUESTION)
        link = page.locator("#chat .message a.cite", has_text=f"[{pay['n']}]").first
        assert link.get_attribute("aria-label") == (
            f"Source {pay['n']}: {pay['title']}, {pay['section']}"
        )
        link.click()
        viewer = page.locator("#source-viewer")
        mark = viewer.locator("mark")
        mark.wait_for(timeout=10_000)
        assert mark.inner_text() == pay["quote"]
        assert viewer.get_by_role("heading", name=pay["title"]).is_visible()
        assert pay["section"] in viewer.inner_text()
        assert "occupational-therapy-technician.txt" in viewer.inner_text()
        assert mark.is_visible()
        page.keyboard.press("Escape")
        viewer.wait_for(state="hidden")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
            link.get_attribute("aria-label")
        )


# Whether the focused element is hidden, even in part, behind the sticky question box.
BEHIND_INPUT = """() => {
  const el = document.activeElement, row = document.querySelector('#input-row');
  if (!el || row.contains(el)) return false;
  const a = el.getBoundingClientRect(), b = row.getBoundingClientRect();
  return a.bottom > b.top && a.top < b.bottom && a.right > b.left && a.left < b.right;
}"""


def tab_to(page, condition: str, key: str = "Tab", limit: int = 80) -> list[str]:
    """Press key until the focused element meets condition (JS); the elements passed."""
    passed = []
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(BEHIND_INPUT):
            raise AssertionError(f"focus hidden behind the question box: {passed[-1:]}")
        passed.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
        if page.evaluate(f"() => {{ const el = document.activeElement; return {condition}; }}"):
            return passed
    raise AssertionError(f"not reached with {key}: {condition}; passed {passed[-5:]}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_keyboard_alone_asks_hears_the_answer_once_opens_a_source_and_rates(server, width):
    with chromium_page(width=width, height=800) as page:
        open_page(page, server.url + "/")
        page.locator("#question textarea").wait_for()
        page.locator("body").click(position={"x": 1, "y": 1})
        tab_to(page, "el.matches('#question textarea')")
        page.evaluate(
            """() => {
              window.__announced = [];
              new MutationObserver(() => window.__announced.push(
                document.querySelector('#answer-status').textContent)).observe(
                document.querySelector('#answer-status'),
                {childList: true, characterData: true, subtree: true});
            }"""
        )
        page.keyboard.type(PAY_QUESTION)
        page.keyboard.press("Enter")
        page.locator("#chat a.cite").first.wait_for(timeout=30_000)
        page.wait_for_function("() => window.__announced.length > 0", timeout=10_000)
        wait_at_rest(page)  # the answer's event is over: nothing more to announce
        announced = page.evaluate("window.__announced")
        assert len(announced) == 1 and "$57,620" in announced[0]
        assert page.locator("#answer-status").get_attribute("aria-live") == "polite"
        # back from the box into the answer: a citation, opened with Enter, closed with Escape
        tab_to(page, "el.matches('#chat a.cite')", key="Shift+Tab")
        name = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert name.startswith("Source ")
        page.keyboard.press("Enter")
        page.locator("#source-viewer mark").wait_for(timeout=10_000)
        assert page.evaluate(
            "document.querySelector('#source-viewer').contains(document.activeElement)"
        )
        page.keyboard.press("Escape")
        page.locator("#source-viewer").wait_for(state="hidden")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == name
        # on to the thumbs-up, operated with Enter
        before = len(server.feedback.rows("feedback"))
        tab_to(page, "(el.getAttribute('aria-label') || el.title || '') === 'Like'")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => document.body.innerText.includes('feedback is saved')", timeout=10_000
        )
    assert len(server.feedback.rows("feedback")) == before + 1


def test_on_a_phone_the_conversation_takes_the_screen_below_a_full_width_role_selector(server):
    with chromium_page(width=390, height=844) as page:
        open_page(page, server.url + "/")
        page.locator("#question textarea").wait_for()
        ask(page, PAY_QUESTION)
        box = page.evaluate(
            """() => Object.fromEntries(['#role', '#chat', '#input-row', '#ask-tab'].map(
                 (s) => [s, document.querySelector(s).getBoundingClientRect().toJSON()]))"""
        )
        role, chat, tab = box["#role"], box["#chat"], box["#ask-tab"]
        assert role["bottom"] <= chat["top"]  # above the conversation
        assert role["width"] >= tab["width"] - 40  # the full width
        assert chat["height"] >= 0.6 * 844  # the screen's height, less the question box
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # and the source viewer is a full-screen sheet
        page.locator("#chat a.cite").first.click()
        page.locator("#source-viewer mark").wait_for(timeout=10_000)
        sheet = page.locator("#source-viewer").bounding_box()
        assert sheet["x"] <= 1 and sheet["width"] >= 389 and sheet["height"] >= 843
