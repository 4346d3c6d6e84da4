"""The counselor's workspace in a real browser, driven as a counselor would: log in, upload a
question set, run it, open a failed question, download the report; see a chat question the
knowledge base does not cover appear in Gaps and turn it into a draft row; review a
thumbs-down; run a retrieval test. Every view has no WCAG 2.2 AA violation at desktop and
phone widths and works under the Content-Security-Policy. And the page's figures are the
ones `careerbot eval` prints for the same set on the same knowledge base."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from eval.questions import SHIPPED, load_questions
from tests.browser import CSP_WATCH, axe_violations, chromium_page, wait_at_rest
from tests.conftest import FIXTURES, KELP_SET, SHIPPED_KB
from tests.web_server import start_server

pytestmark = pytest.mark.browser
LOGIN = ("counselor", "s3cret")
WIDTHS = [1280, 390]
VIEWS = ["Documents", "Evaluate", "Gaps", "Feedback", "Retrieval test", "Stored data"]
HEADINGS = {"Documents": "Knowledge base"}  # each view's heading, when not its tab's name


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    running = start_server(tmp_path_factory.mktemp("workspace"), embedder, auth=LOGIN)
    yield running
    running.stop()


def log_in(page, server) -> None:
    page.add_init_script(CSP_WATCH)
    page.goto(server.admin_url)
    page.get_by_label("username").fill(LOGIN[0])
    page.get_by_label("password").fill(LOGIN[1])
    page.keyboard.press("Enter")
    page.get_by_role("tab", name="Documents").wait_for(timeout=30_000)


def open_view(page, name: str) -> None:
    tab = page.get_by_role("tab", name=name)
    if not tab.is_visible():  # on a phone the tabs that do not fit are in a menu
        page.locator(".overflow-menu button, button.overflow-dropdown-button").first.click()
        page.get_by_role("button", name=name).or_(tab).first.click()
    else:
        tab.click()
    heading = page.get_by_role("heading", name=HEADINGS.get(name, name), exact=True, level=2)
    heading.wait_for(state="visible")
    wait_at_rest(page)


def ask_in_the_chat(page, server, question: str) -> None:
    page.goto(server.url + "/")
    page.locator("#question textarea").fill(question)
    page.locator("#question textarea").press("Enter")
    page.locator("#chat .message").nth(1).wait_for(timeout=30_000)
    wait_at_rest(page)


def test_a_counselor_runs_an_uploaded_set_opens_a_failed_question_and_downloads_the_report(
    server,
):
    with chromium_page() as page:
        log_in(page, server)
        open_view(page, "Evaluate")
        page.locator("#eval-upload input[type=file]").set_input_files(str(KELP_SET))
        page.locator("#eval-status").get_by_text("kelp-5.csv: 5 questions").wait_for()
        worker = server.app.state.workspace.worker
        held, release = threading.Event(), threading.Event()

        def hold_after_two(job):
            if job.done == 2:
                held.set()
                release.wait(60)

        worker.on_progress = hold_after_two
        try:
            page.locator("#eval-run").click()
            assert held.wait(60)
            # the progress bar, as far as the run has come
            page.get_by_text("Evaluating kelp-5.csv: 2 of 5 answered").wait_for()
            assert page.locator("#eval-status .progress-bar, #eval-status .eta-bar").count()
        finally:
            release.set()
            worker.on_progress = None
        page.locator("#eval-status").get_by_text("The report is below").wait_for(timeout=120_000)
        summary = page.locator("#eval-summary")
        assert "4 of 5 questions passed" in summary.inner_text()
        assert "answer correctness" in summary.inner_text()
        page.locator("#eval-failed input").check()
        rows = page.locator("#eval-rows details.qrow")
        rows.first.wait_for()
        page.wait_for_function(
            "() => document.querySelectorAll('#eval-rows details.qrow').length === 1"
        )
        rows.first.locator("> summary").click()
        opened = rows.first.inner_text()
        assert "duties-kft" in opened and "What does a kelp farm technician do all day?" in opened
        assert "a submarine licence" in opened  # the fact it missed
        assert rows.first.locator("a.cite").count() > 0  # the answer with its citations
        with page.expect_download() as download:
            page.locator("#eval-dl-md").click()
        report = download.value
        assert report.suggested_filename.endswith(".md")
        text = Path(report.path()).read_text(encoding="utf-8")
        assert text.startswith("# careerbot evaluation") and "kelp-5.csv" in text
        with page.expect_download() as download:
            page.locator("#eval-dl-csv").click()
        assert "duties-kft" in Path(download.value.path()).read_text(encoding="utf-8")
        assert page.evaluate("window.__cspViolations") == []


def test_a_question_the_chat_refuses_appears_in_gaps_and_becomes_a_draft_row(server):
    with chromium_page() as page:
        ask_in_the_chat(page, server, "What does a lighthouse keeper earn?")
        assert "no information about" in page.locator("#chat").inner_text()
        log_in(page, server)
        open_view(page, "Gaps")
        listing = page.locator("#gaps-list")
        listing.get_by_text("lighthouse keeper", exact=False).first.wait_for(timeout=10_000)
        assert "salary and pay" in listing.inner_text()
        page.locator("#gaps-select").get_by_text("lighthouse keeper", exact=False).click()
        page.locator("#gaps-draft").click()
        page.locator("#gaps-status").get_by_text("draft row").wait_for(timeout=30_000)
        drafts = yaml.safe_load(page.locator("#gaps-drafts textarea").input_value())
        assert [(d["question"], d["expect"]) for d in drafts] == [
            ("What does a lighthouse keeper earn?", "refuse")
        ]
        with page.expect_download() as download:
            page.locator("#gaps-dl-yaml").click()
        assert [q.question for q in load_questions(download.value.path())] == [
            "What does a lighthouse keeper earn?"
        ]
        page.locator("#gaps-to-eval").click()
        page.locator("#gaps-status").get_by_text("Drafts from the Gaps view").wait_for()
        open_view(page, "Evaluate")
        assert "Drafts from the Gaps view" in page.locator("#eval-set").inner_text() + (
            page.locator("#eval-set input").input_value()
        )


def test_a_thumbs_down_is_reviewed_and_added_to_the_counselors_own_set(server):
    with chromium_page() as page:
        ask_in_the_chat(page, server, "How much do kelp techs make?")
        page.locator("#chat").get_by_role("button", name="Dislike").last.click()
        page.locator("#reason-panel >> visible=true").get_by_text("Outdated").click()
        page.locator("#send-reason").click()
        page.wait_for_function("() => document.body.innerText.includes('feedback is saved')")
        log_in(page, server)
        open_view(page, "Feedback")
        item = page.locator("#review-item")
        item.get_by_text("How much do kelp techs make?").wait_for(timeout=10_000)
        assert "What was wrong: outdated" in item.inner_text()
        assert item.locator("a.cite").count() > 0 and "$41,300" in item.inner_text()
        page.locator("#review-facts textarea").fill("$41,300 | 41,300\n$28,000")
        page.locator("#review-add").click()
        page.locator("#review-status").get_by_text("Added to your question set").wait_for()
    from eval.question_sets import QuestionSets

    # the counselor's set as another replica reads it from the database
    (added,) = QuestionSets(server.database, server.data_dir / "elsewhere").load("mine")
    assert added.question == "How much do kelp techs make?"
    assert added.facts == [["$41,300", "41,300"], ["$28,000"]]
    assert not (SHIPPED.parent / "my-questions.yaml").exists()
    reviewed = [r for r in server.feedback.thumbs_down() if r["question"] == added.question]
    assert reviewed[0]["review"] == "added to question set"
    assert reviewed[0]["question_id"] == added.id


def test_a_retrieval_test_shows_the_role_topics_scored_passages_and_the_answer(server):
    with chromium_page() as page:
        log_in(page, server)
        open_view(page, "Retrieval test")
        page.locator("#rt-question textarea").fill("Do kelp farm technicians need to swim?")
        page.locator("#rt-go").click()
        page.locator("#rt-passages details").first.wait_for(timeout=30_000)
        reading = page.locator("#rt-reading").inner_text()
        assert "Role(s): Kelp Farm Technician" in reading
        first = page.locator("#rt-passages details summary").first.inner_text()
        assert "swim" in first and re.search(r"fused \d\.\d+ · dense \d\.\d+ \(#\d+\)", first)
        assert "BM25" in first and "cited" in first
        assert "200-meter swim test" in page.locator("#rt-answer").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_view_has_no_accessibility_violation_and_keeps_to_the_csp(server, width):
    worker = server.app.state.workspace.worker
    if not server.app.state.workspace.runs.list():  # a run to show
        job = worker.start(load_questions(KELP_SET), "kelp-5.csv")
        while not job.finished:
            worker.wait(job, job.done, timeout=5)
    server.feedback.gap({"question": "What do pilots earn?", "answer": "No.", "refused": True,
                         "others": ["pilots"], "topics": ["salary"]})  # fmt: skip
    server.feedback.rate(
        "down", {"question": "q", "answer": "an answer", "citations": []}, reason="wrong"
    )
    with chromium_page(width=width, height=900) as page:
        log_in(page, server)
        for view in VIEWS:
            open_view(page, view)
            if view == "Evaluate":
                page.locator("#eval-rows details.qrow").first.wait_for(timeout=30_000)
                page.locator("#eval-rows details.qrow > summary").first.click()
            if view == "Gaps":
                page.locator("#gaps-list").get_by_text("pilots", exact=False).first.wait_for()
            if view == "Retrieval test":
                page.locator("#rt-question textarea").fill("How much do kelp techs make?")
                page.locator("#rt-go").click()
                page.locator("#rt-passages details").first.wait_for(timeout=30_000)
                page.locator("#rt-passages details summary").first.click()
            assert axe_violations(page) == [], view
        assert page.evaluate("window.__cspViolations") == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width


# -- the page shows the figures of `careerbot eval` ------------------------------------------
@pytest.fixture(scope="module")
def shipped_server(tmp_path_factory, embedder):
    running = start_server(tmp_path_factory.mktemp("shipped-ws"), embedder, auth=LOGIN,
                           kb=SHIPPED_KB)  # fmt: skip
    yield running
    running.stop()


def cli_figures(table: str) -> dict[str, str]:
    lines = table.splitlines()
    header = next(ln for ln in lines if ln.startswith("| configuration |"))
    labels = [c.strip() for c in header.strip("|").split("|")][1:]
    full = next(ln for ln in lines if ln.startswith("| full |"))
    return dict(zip(labels, [c.strip() for c in full.strip("|").split("|")][1:], strict=True))


def test_the_summary_in_the_page_has_the_figures_of_careerbot_eval(
    shipped_server, tmp_path, monkeypatch
):
    from careerbot.cli import main

    rows = yaml.safe_load(SHIPPED.read_text())[::16]  # a slice across the categories
    assert {r["expect"] for r in rows} >= {"answer", "refuse"}
    slice_file = tmp_path / "shipped-slice.yaml"
    slice_file.write_text(yaml.safe_dump(rows, sort_keys=False))
    with chromium_page() as page:
        log_in(page, shipped_server)
        open_view(page, "Evaluate")
        page.locator("#eval-upload input[type=file]").set_input_files(str(slice_file))
        page.locator("#eval-status").get_by_text(f"{len(rows)} questions").wait_for()
        page.locator("#eval-run").click()
        page.locator("#eval-status").get_by_text("The report is below").wait_for(timeout=300_000)
        cells = (
            page.locator("#eval-summary table")
            .last.locator("tbody tr")
            .evaluate_all("rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")
        )
    in_page = {label: value for label, value in cells}
    monkeypatch.setenv("CAREERBOT_DATA_DIR", str(tmp_path / "cli-data"))
    result = CliRunner().invoke(
        main,
        ["eval", "--questions", str(slice_file), "--config", "full", "--kb",
         str(shipped_server.kb_dir), "--out", str(tmp_path / "out")],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    printed = cli_figures(result.stdout)
    timings = {"p50 ms", "p95 ms"}  # the time answers took differs run to run
    assert set(printed) == set(in_page)
    assert {k: v for k, v in in_page.items() if k not in timings} == {
        k: v for k, v in printed.items() if k not in timings
    }


def test_an_upload_shows_the_role_read_from_its_text_and_the_counselor_corrects_it(server):
    """A document without metadata: its derived role and names are shown before it is stored;
    the role typed over them is what the knowledge base then lists (and its metadata file)."""
    cna = FIXTURES / "multirole" / "certified-nursing-assistant.txt"
    with chromium_page() as page:
        log_in(page, server)
        page.locator("#documents-upload input[type=file]").set_input_files(str(cna))
        preview = page.locator("#upload-preview")
        role_cell = preview.get_by_test_id("cell-0-2")  # row 1, column "role"
        role_cell.get_by_text("Certified Nursing Assistant", exact=True).wait_for()
        assert "nurse aide" in preview.inner_text().lower()
        assert "the text (no metadata)" in preview.inner_text()
        assert server.database.documents.get("certified-nursing-assistant") is None
        assert axe_violations(page) == []
        role_cell.dblclick()
        editor = role_cell.get_by_label("Edit cell")
        editor.fill("Nurse Aide")
        editor.press("Enter")
        wait_at_rest(page)
        page.get_by_role("button", name="Add to the knowledge base").click()
        status = page.locator("#status")
        status.get_by_text("with the role you set").wait_for(timeout=60_000)
        page.locator("#documents").get_by_text("Nurse Aide", exact=True).wait_for()
        sidecar = server.database.documents.content("certified-nursing-assistant")[1]
        assert yaml.safe_load(sidecar)["role"] == "Nurse Aide"
        # cleared for the next upload (Gradio hides it in an update of its own, a moment after
        # the status: waited for, not sampled)
        page.wait_for_function(
            "() => [...document.querySelectorAll('#upload-preview')]"
            ".every(e => !e.checkVisibility())"
        )
