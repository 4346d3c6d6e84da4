"""Twenty people asking at once through gradio_client all get correct, cited answers."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from gradio_client import Client

from tests.web_server import start_server

pytestmark = pytest.mark.slow

QUESTIONS = {
    "How much do kelp techs make?": "$41,300",
    "What benefits do kelp farm technicians get?": "Health insurance",
    "Do KFAs need a license?": "State aquaculture license",
    "What does a KFA do?": "hatchery",
    "What exam do kelp techs pass?": "Saltmere Boating Exam",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    # twenty people have twenty addresses; here they share loopback, so no per-client limit
    running = start_server(tmp_path_factory.mktemp("load"), embedder, questions_per_minute=0)
    yield running
    running.stop()


def test_twenty_concurrent_users_get_correct_cited_answers(server):
    questions = list(QUESTIONS) * 4

    def ask(question):
        client = Client(server.url + "/", verbose=False)
        return question, client.predict(question, "", api_name="/ask")

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(ask, questions))
    assert len(results) == 20
    for question, data in results:
        assert QUESTIONS[question] in data["answer"], question
        assert data["citations"] and not data["refused"]
