"""The chat in a real headless browser: ask, see a cited answer, give a thumbs-up or down."""

import pytest

from tests.browser import CHROMIUM, chromium_page
from tests.conftest import ROOT, SHIPPED_KB
from tests.web_server import start_server

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts" / "browser"


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    if not __import__("os").path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; run `make browser` (apt-get install chromium)"
        )
    running = start_server(tmp_path_factory.mktemp("browser"), embedder, kb=SHIPPED_KB)
    yield running
    running.stop()


def test_salary_question_gets_a_cited_answer_and_a_thumbs_up_is_stored(server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with chromium_page() as page:
        page.goto(server.url + "/")
        page.locator("#question textarea").fill("How much do OT techs make?")
        page.locator("#ask").click()
        chat = page.locator("#chat")
        chat.get_by_text("$57,620", exact=False).first.wait_for(timeout=30_000)
        assert "[1]" in chat.inner_text()
        # the sources list under the answer opens to show the quoted passages
        chat.locator("details.sources summary").first.click()
        chat.get_by_text("can expect to make an average of $57,620", exact=False).last.wait_for()
        page.wait_for_timeout(500)  # let the panel finish opening before the picture
        page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
        before = len(server.feedback.rows("feedback"))
        chat.get_by_role("button", name="Like").last.click()
        page.wait_for_function(
            "() => document.body.innerText.includes('feedback is saved')", timeout=10_000
        )
    rows = server.feedback.rows("feedback")
    assert len(rows) == before + 1
    assert rows[-1]["rating"] == "up" and "$57,620" in rows[-1]["answer"]
    assert (ARTIFACTS / "chat.png").stat().st_size > 10_000


def test_script_in_a_question_shows_as_text(server):
    with chromium_page() as page:
        dialogs = []  # a dialog left open would freeze the page: note it and close it
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(server.url + "/")
        attack = '<img src=x onerror="alert(1)"><script>alert(2)</script> OTA pay?'
        page.locator("#question textarea").fill(attack)
        page.locator("#ask").click()
        page.locator("#chat").get_by_text("do not state", exact=False).first.wait_for(
            timeout=30_000
        )
        assert "<script>alert(2)</script>" in page.locator("#chat").inner_text()
        assert dialogs == [], "a script ran"


def test_roles_view_shows_cited_cards_side_by_side(server):
    with chromium_page() as page:
        page.goto(server.url + "/")
        page.get_by_role("tab", name="Roles").click()
        page.locator("#show-roles").click()
        page.locator("#card-left").get_by_role("heading", name="Sources").wait_for(timeout=30_000)
        text = page.locator("#card-left").inner_text()
        assert "Duties" in text and "[1]" in text


def test_script_in_a_document_shows_as_text(server, embedder):
    from ingest.pipeline import ingest_kb

    document = server.kb_dir / "test-badge-printer.md"
    document.write_text(
        "# Badge Printer job description\n\n"
        "_TEST FIXTURE: an invented role used only by the test suite; not a real career guide._\n\n"
        "## Salary\n\n"
        'A Badge Printer earns a test figure of $23,456 per year <img src=x onerror="alert(3)"> '
        "<script>alert(4)</script> in this fixture.\n",
        encoding="utf-8",
    )
    try:
        ingest_kb(server.kb_dir, server.bot.store, embedder)
        server.bot.index.invalidate()
        with chromium_page() as page:
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(server.url + "/")
            page.locator("#question textarea").fill("How much does a Badge Printer earn?")
            page.locator("#ask").click()
            chat = page.locator("#chat")
            chat.get_by_text("$23,456", exact=False).first.wait_for(timeout=30_000)
            # the answer drops markup; the sources list shows the quote as it stands, as text
            chat.locator("details.sources summary").first.click()
            chat.get_by_text("<script>alert(4)</script>", exact=False).last.wait_for()
            assert 'onerror="alert(3)"' in chat.inner_text()
            assert page.locator("#chat img[src='x']").count() == 0
            assert page.locator("#chat script").count() == 0
            # and so does the source viewer, around the highlighted quote
            chat.locator("a.cite").first.click()
            mark = page.locator("#source-viewer mark")
            mark.wait_for(timeout=10_000)
            assert "<script>alert(4)</script>" in mark.inner_text()
            assert page.locator("#source-viewer img, #source-viewer script").count() == 0
            assert dialogs == [], "a script ran"
    finally:
        document.unlink()
        ingest_kb(server.kb_dir, server.bot.store, embedder)
        server.bot.index.invalidate()


def test_thumbs_down_asks_what_was_wrong_and_stores_the_reason(server):
    with chromium_page() as page:
        page.goto(server.url + "/")
        page.locator("#question textarea").fill("Do OTAs need a license?")
        page.locator("#question textarea").press("Enter")
        chat = page.locator("#chat")
        chat.locator("a.cite").first.wait_for(timeout=30_000)
        before = len(server.feedback.rows("feedback"))
        chat.get_by_role("button", name="Dislike").last.click()
        # while Gradio swaps a group's visibility, the page may briefly hold it twice
        panel = page.locator("#reason-panel >> visible=true")
        panel.get_by_text("What was wrong with this answer?").wait_for(timeout=10_000)
        # the question takes the focus, so a keyboard user is where the answer is asked for
        page.wait_for_function(
            "() => [...document.querySelectorAll('#reason-panel')]"
            ".some(e => e.contains(document.activeElement))"
        )
        panel.get_by_label("Outdated").check()
        panel.get_by_label("In your own words (optional)").fill("The fee changed in 2026.")
        page.locator("#send-reason").click()
        page.wait_for_function(
            "() => document.body.innerText.includes('feedback is saved')", timeout=10_000
        )
        page.wait_for_function(
            "() => [...document.querySelectorAll('#reason-panel')].every(e => !e.checkVisibility())"
        )
    rows = server.feedback.rows("feedback")
    assert len(rows) == before + 1
    assert rows[-1]["rating"] == "down"
    assert rows[-1]["reason"] == "outdated; The fee changed in 2026."
    assert "reason" in server.feedback.csv("feedback").splitlines()[0]
