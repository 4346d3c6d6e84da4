"""`careerbot ask` in each of its modes, as other tools call it."""

import json

import pytest
from click.testing import CliRunner

from careerbot.cli import main
from tests.chroma_server import free_port

KEYS = ["question", "answer", "refused", "citations", "latency_ms"]


@pytest.fixture
def cli(embedder, monkeypatch, kb_dir):
    monkeypatch.setattr("careerbot.components.make_embedder", lambda settings: embedder)
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return run


def test_ask_prints_the_answer_and_numbered_sources(cli):
    result = cli("ask", "What benefits do kelp techs get?")
    assert result.exit_code == 0
    assert "Health insurance [" in result.stdout
    assert "Sources:\n[1] Kelp Farm Technician Job Description" in result.stdout
    assert "“Free wetsuit and boots”" in result.stdout


def test_ask_ingests_first_with_progress_on_stderr_only(cli):
    result = cli("ask", "--json", "Do KFAs need a license?")
    data = json.loads(result.stdout)  # stdout holds exactly one JSON object
    assert list(data) == KEYS and not data["refused"]
    assert data["citations"][0]["source"] == "kelp-farm-assistant.md"


def test_ask_json_for_a_refusal(cli):
    data = json.loads(cli("ask", "--json", "How much does a dentist make?").stdout)
    assert data["refused"] is True and data["citations"] == []


def test_ask_with_a_role(cli):
    data = json.loads(cli("ask", "--json", "--role", "KFA", "what are the duties?").stdout)
    assert {c["doc_id"] for c in data["citations"]} == {"kelp-farm-assistant"}


def test_jsonl_answers_each_line_in_order_and_reports_bad_lines(cli):
    lines = [
        json.dumps({"question": "How much do kelp techs make?"}),
        "this is not json",
        json.dumps({"question": ""}),
        json.dumps({"answer": "no question here"}),
        "",
        json.dumps(
            {
                "question": "and do they need a license?",
                "history": [
                    {"role": "user", "content": "What does a KFA do?"},
                    {"role": "assistant", "content": "They tend the hatchery tanks."},
                ],
            }
        ),
        json.dumps({"question": "hi", "history": "not a list"}),
    ]
    result = cli("ask", "--jsonl", input="\n".join(lines) + "\n")
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 6  # the blank line is no input
    assert list(out[0]) == KEYS and "$41,300" in out[0]["answer"]
    assert "not valid JSON" in out[1]["error"]
    assert "empty" in out[2]["error"]
    assert "question" in out[3]["error"]
    assert out[4]["citations"][0]["doc_id"] == "kelp-farm-assistant"
    assert "history" in out[5]["error"]


def test_empty_question_is_a_one_line_error(cli):
    result = cli("ask", "   ")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: The question is empty: type a question about a role in the knowledge base."
    )


def test_question_and_jsonl_together_is_a_usage_error(cli):
    assert cli("ask", "--jsonl", "What?").exit_code == 2


def test_unknown_llm_is_a_clear_error(cli):
    result = cli("ask", "--llm", "gemini:pro", "Do KFAs need a license?")
    assert result.exit_code == 1 and "Unknown LLM 'gemini:pro'" in result.output


def test_llm_server_down_falls_back_with_a_notice(cli):
    url = f"http://127.0.0.1:{free_port()}/v1"
    result = cli(
        "ask", "--json", "--llm", "openai:some-model", "--base-url", url, "Do KFAs need a license?"
    )
    data = json.loads(result.stdout)
    assert data["answer"].startswith("_LLM unavailable") and data["citations"]


def test_jsonl_line_with_a_role_that_is_not_text_gets_an_error_line(cli):
    lines = [
        json.dumps({"question": "Do KFAs need a license?", "role": 5}),
        json.dumps({"question": "Do KFAs need a license?"}),
    ]
    out = [
        json.loads(line)
        for line in cli("ask", "--jsonl", input="\n".join(lines) + "\n").stdout.splitlines()
    ]
    assert "role must be text" in out[0]["error"] and out[1]["citations"]
