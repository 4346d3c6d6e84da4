"""/metrics in Prometheus format: the counters move as users ask, rate and upload."""

import httpx
import pytest
from gradio_client import Client, handle_file
from prometheus_client.parser import text_string_to_metric_families

from bot.feedback import FeedbackStore
from tests.conftest import FIXTURES
from tests.web_server import start_server
from web.metrics import MeasuredFeedback, Metrics, may_read_metrics


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    running = start_server(tmp_path_factory.mktemp("metrics"), embedder)
    yield running
    running.stop()


def scrape(url: str) -> dict[tuple[str, tuple], float]:
    response = httpx.get(url + "/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def delta(before: dict, after: dict, name: str, **labels) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


def test_questions_refusals_gaps_and_latency_are_counted(server):
    client = Client(server.url + "/", verbose=False)
    before = scrape(server.url)
    client.predict("How much do kelp techs make?", "", api_name="/ask")
    client.predict("How much does a dental hygienist make?", "", api_name="/ask")  # refused
    client.predict("What is the salary of a KFA?", "", api_name="/ask")  # not covered
    after = scrape(server.url)
    assert delta(before, after, "careerbot_questions_total") == 3
    assert delta(before, after, "careerbot_refusals_total") == 1
    assert delta(before, after, "careerbot_not_covered_total") == 1
    assert delta(before, after, "careerbot_answer_seconds_count") == 3
    assert delta(before, after, "careerbot_answer_seconds_sum") > 0


def test_a_failed_question_counts_as_an_error_by_kind(server):
    client = Client(server.url + "/", verbose=False)
    before = scrape(server.url)
    with pytest.raises(Exception, match="The question is empty"):
        client.predict("   ", "", api_name="/ask")
    after = scrape(server.url)
    assert delta(before, after, "careerbot_errors_total", operation="answer", kind="BotError") == 1


def test_the_start_up_ingest_and_an_upload_are_measured(server):
    before = scrape(server.url)
    assert before[("careerbot_ingest_documents_total", (("change", "added"),))] >= 2
    assert before[("careerbot_store_chunks", ())] > 0
    admin = Client(server.admin_url, verbose=False)
    status, _, _ = admin.predict(
        [handle_file(str(FIXTURES / "test-parcel-sorter.md"))], api_name="/upload"
    )
    assert "✓" in status
    after = scrape(server.url)
    assert delta(before, after, "careerbot_ingest_documents_total", change="added") == 1
    assert delta(before, after, "careerbot_ingest_seconds_count") == 1
    assert delta(before, after, "careerbot_ingest_chunks_embedded_total") > 0
    assert after[("careerbot_store_chunks", ())] > before[("careerbot_store_chunks", ())]
    admin.predict("test-parcel-sorter", True, api_name="/delete")
    gone = scrape(server.url)
    assert delta(after, gone, "careerbot_ingest_documents_total", change="removed") == 1


def test_thumbs_up_and_down_are_counted(database):
    metrics = Metrics()
    feedback = MeasuredFeedback(FeedbackStore(database), metrics)
    answer = {"question": "Do KFAs need a license?", "answer": "Yes [1]", "citations": []}
    feedback.rate("down", answer, None, "outdated")
    feedback.rate("down", answer)
    feedback.rate("up", answer)
    value = metrics.registry.get_sample_value
    assert value("careerbot_feedback_total", {"rating": "down"}) == 2
    assert value("careerbot_feedback_total", {"rating": "up"}) == 1
    assert feedback.rows("feedback")[0]["reason"] == "outdated"  # still stored


def test_metrics_through_a_proxy_are_not_served_by_default(server):
    forwarded = httpx.get(server.url + "/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert forwarded.status_code == 404 and "careerbot_" not in forwarded.text


@pytest.mark.parametrize(
    "policy, client, headers, allowed",
    [
        ("loopback", "127.0.0.1", {}, True),
        ("loopback", "::1", {}, True),
        ("loopback", "10.0.0.7", {}, False),
        ("loopback", "127.0.0.1", {"x-forwarded-for": "10.0.0.7"}, False),
        ("network", "10.0.0.7", {}, True),
        ("off", "127.0.0.1", {}, False),
    ],
)
def test_who_may_read_the_metrics(policy, client, headers, allowed):
    assert may_read_metrics(policy, client, headers) is allowed
