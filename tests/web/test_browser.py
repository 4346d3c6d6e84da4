"""The chat in a real headless browser: ask, see a cited answer, give a thumbs-up."""

import pytest

from tests.browser import CHROMIUM, chromium_page
from tests.conftest import ROOT
from tests.web_server import start_server

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "artifacts" / "browser"


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    if not __import__("os").path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}; run `make browser` (apt-get install chromium)"
        )
    running = start_server(tmp_path_factory.mktemp("browser"), embedder)
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
        # the sources panel opens to show the quoted passage
        chat.get_by_text("Sources (").first.click()
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
        page.on("dialog", lambda d: pytest.fail(f"a script ran: {d.message}"))
        page.goto(server.url + "/")
        attack = '<img src=x onerror="alert(1)"><script>alert(2)</script> OTA pay?'
        page.locator("#question textarea").fill(attack)
        page.locator("#ask").click()
        page.locator("#chat").get_by_text("does not cover", exact=False).first.wait_for(
            timeout=30_000
        )
        assert "<script>alert(2)</script>" in page.locator("#chat").inner_text()


def test_roles_view_shows_cited_cards_side_by_side(server):
    with chromium_page() as page:
        page.goto(server.url + "/")
        page.get_by_role("tab", name="Roles").click()
        page.locator("#show-roles").click()
        page.locator("#card-left").get_by_role("heading", name="Sources").wait_for(timeout=30_000)
        text = page.locator("#card-left").inner_text()
        assert "Duties" in text and "[1]" in text
