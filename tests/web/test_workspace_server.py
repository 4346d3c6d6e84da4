"""The workspace on a running server, through its API: an evaluation never keeps the chat
from answering, and the retention period is applied when the server starts."""

import threading
import time

import pytest
from gradio_client import Client, handle_file

from bot.feedback import FeedbackStore
from tests.conftest import KELP_SET
from tests.web_server import start_server

pytestmark = pytest.mark.slow
LOGIN = ("counselor", "s3cret")


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("ws-server")
    # a thumbs-down from a year ago, in the file the server will open
    year_ago = time.time() - 365 * 24 * 3600
    old = FeedbackStore(root / "data" / "feedback.sqlite", clock=lambda: year_ago)
    old.rate("down", {"question": "I'm 52 and was laid off", "answer": "", "citations": []})
    running = start_server(root, embedder, auth=LOGIN)
    yield running
    running.stop()


def test_a_chat_question_is_answered_while_an_evaluation_runs(server):
    worker = server.app.state.workspace.worker
    held, release = threading.Event(), threading.Event()

    def hold_after_the_first_question(job):
        if job.done == 1:
            held.set()
            release.wait(120)

    worker.on_progress = hold_after_the_first_question
    try:
        admin = Client(server.admin_url, auth=LOGIN, verbose=False)
        status, _ = admin.predict(handle_file(str(KELP_SET)), api_name="/upload_questions")
        assert "5 questions" in status
        running = admin.submit("upload:kelp-5.csv", False, api_name="/evaluate")
        assert held.wait(120)  # the evaluation is under way, between two questions
        answer = Client(server.url + "/", verbose=False).predict(
            "How much do kelp techs make?", "", api_name="/ask"
        )
        assert "$41,300" in answer["answer"]
        assert not worker.current().finished  # answered while the evaluation was running
    finally:
        release.set()
        worker.on_progress = None
    status = running.result(timeout=120)[0]
    assert status.startswith("✓ Evaluated 5 question(s) of kelp-5.csv")
    assert [r.questions_file for r in server.app.state.workspace.runs.list()] == ["kelp-5.csv"]


def test_what_is_past_the_retention_period_is_gone_when_the_server_has_started(server):
    assert [r["question"] for r in server.feedback.rows("feedback")] == []
