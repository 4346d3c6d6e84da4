"""The running web app through gradio_client, as other programs use it."""

import pytest
from gradio_client import Client, handle_file

from tests.conftest import FIXTURES
from tests.web_server import start_server

KEYS = ["question", "answer", "refused", "citations", "latency_ms"]


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    running = start_server(tmp_path_factory.mktemp("web"), embedder)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(server):
    return Client(server.url + "/", verbose=False)


def test_ask_returns_the_same_json_as_the_cli(client):
    data = client.predict("What does a KFA do day to day?", "", api_name="/ask")
    assert list(data) == KEYS and not data["refused"]
    assert data["citations"][0]["doc_id"] == "kelp-farm-assistant"
    assert "[1]" in data["answer"]


def test_a_follow_up_uses_the_history(client):
    first = client.predict("What does a kelp tech do?", "", api_name="/ask")
    history = [
        {"role": "user", "content": first["question"]},
        {"role": "assistant", "content": first["answer"]},
    ]
    data = client.predict("and how much do they make?", "", history, api_name="/ask")
    assert "$41,300" in data["answer"]
    assert {c["doc_id"] for c in data["citations"]} == {"kelp-farm-technician"}


def test_role_narrows_the_answer(client):
    data = client.predict("what are the duties?", "Kelp Farm Assistant", api_name="/ask")
    assert {c["doc_id"] for c in data["citations"]} == {"kelp-farm-assistant"}


def test_out_of_scope_question_is_refused_and_kept_as_a_gap(client, server):
    data = client.predict("How much does a dental hygienist make?", "", api_name="/ask")
    assert data["refused"] and data["citations"] == []
    assert any("dental hygienist" in row["question"] for row in server.feedback.rows("refused"))


def test_empty_message_gets_a_readable_error_not_a_traceback(client):
    with pytest.raises(Exception) as err:
        client.predict("   ", "", api_name="/ask")
    assert "The question is empty" in str(err.value)
    assert "Traceback" not in str(err.value)


def test_a_10000_character_message_is_answered(client):
    data = client.predict("What do kelp techs earn? " + "x" * 10_000, "", api_name="/ask")
    assert "$41,300" in data["answer"]


def test_uploaded_markdown_role_becomes_answerable_and_binary_is_refused(server, client, tmp_path):
    admin = Client(server.admin_url, verbose=False)
    junk = tmp_path / "photo.md"
    junk.write_bytes(bytes(range(256)) * 20)
    status, table, _ = admin.predict(
        [handle_file(str(FIXTURES / "test-parcel-sorter.md")), handle_file(str(junk))],
        api_name="/upload",
    )
    assert "✓ **test-parcel-sorter.md**" in status
    assert "✗ **photo.md**: binary content" in status
    assert not (server.kb_dir / "photo.md").exists()
    assert "test-parcel-sorter" in [row[0] for row in table["data"]]
    data = client.predict("How much does a Parcel Sorter earn?", "", api_name="/ask")
    assert "$12,345" in data["answer"] and not data["refused"]
    # and it can be deleted again
    status, table, _ = admin.predict("test-parcel-sorter", True, api_name="/delete")
    assert "Deleted" in status and not (server.kb_dir / "test-parcel-sorter.md").exists()
    assert client.predict("How much does a Parcel Sorter earn?", "", api_name="/ask")["refused"]


def test_upload_names_are_sanitised(server, tmp_path):
    admin = Client(server.admin_url, verbose=False)
    odd = tmp_path / "odd.md"
    odd.write_text((FIXTURES / "test-parcel-sorter.md").read_text())
    from ingest.manage import safe_name

    assert safe_name("../../etc/passwd.md") == "passwd.md"
    assert safe_name("my\x07 guide (final).MD") == "my-guide-final.md"
    status, _, _ = admin.predict([handle_file(str(odd))], api_name="/upload")
    assert "saved as `odd.md`" in status
    admin.predict("odd", True, api_name="/delete")


def test_thumbs_down_with_a_reason_lands_in_the_feedback_table(server):
    from web.chat import ChatApp

    app = ChatApp(server.bot, server.feedback)
    *_, (messages, records, _, _) = list(
        app.respond("Do KFAs need a license?", [], "All roles", {})
    )

    class Dislike:
        index, liked = int(next(iter(records))), False

    before = len(server.feedback.rows("feedback"))
    pending, panel = app.rate(records, Dislike)
    assert panel["visible"] is True  # the question of what was wrong opens
    assert len(server.feedback.rows("feedback")) == before  # stored with its reason, below
    app.send_reason(records, pending, "Missing information", "  no fee given ")
    row = server.feedback.rows("feedback")[-1]
    assert row["rating"] == "down" and row["question"] == "Do KFAs need a license?"
    assert row["reason"] == "missing information; no fee given"
    assert "State aquaculture license" in row["citations"]
    header = server.feedback.csv("feedback").splitlines()[0]
    assert "rating" in header and "reason" in header


def test_a_thumbs_down_without_a_reason_is_kept_too(server):
    from web.chat import ChatApp

    app = ChatApp(server.bot, server.feedback)
    *_, (messages, records, _, _) = list(app.respond("What does a KFA do?", [], "", {}))
    index = next(iter(records))
    app.send_reason(records, index, None, "")
    row = server.feedback.rows("feedback")[-1]
    assert row["rating"] == "down" and row["reason"] is None


def test_answers_appear_whole_with_linked_citations(server):
    from web.chat import ChatApp

    app = ChatApp(server.bot, server.feedback)
    steps = list(app.respond("How much do kelp techs make?", [], "", {}))
    assert len(steps) == 1  # no typing effect: one update, the whole answer
    messages, records, box, announced = steps[0]
    answer = messages[-1]["content"]
    assert "$41,300" in answer and '<a class="cite" href="source?doc=kelp-farm-technician' in answer
    assert 'title="Source 1: ' in answer and "$41,300" in announced


def test_csv_exports_never_hand_a_spreadsheet_a_formula(tmp_path):
    from bot.feedback import FeedbackStore

    store = FeedbackStore(tmp_path / "f.sqlite")
    store.refused({"question": '=HYPERLINK("http://evil","x")', "answer": "-1+1"})
    exported = store.csv("refused")
    assert "'=HYPERLINK" in exported and "'-1+1" in exported


def test_a_role_that_is_not_text_is_a_readable_error(client):
    with pytest.raises(Exception, match="The role must be text"):
        client.predict("What do KFAs do?", 5, api_name="/ask")


def test_an_upload_with_a_corrected_role_is_answered_under_that_role(server, client):
    """What the preview table hands the upload: the counselor's role for a file without
    metadata becomes its metadata file, and the chat resolves the new name."""
    admin = Client(server.admin_url, verbose=False)
    cna = FIXTURES / "multirole" / "certified-nursing-assistant.txt"
    table = {
        "headers": ["file", "stored as", "role", "other names", "role read from", "check"],
        "data": [
            ["a row the counselor added", "", "Someone Else", "", "", ""],  # matched by file
            [cna.name, cna.name, "Resident Care Aide", "CNA", "the text", "new document"],
        ],
    }
    status, documents, _ = admin.predict([handle_file(str(cna))], table, api_name="/upload")
    assert "with the role you set" in status
    row = next(r for r in documents["data"] if r[0] == "certified-nursing-assistant")
    assert row[1] == "Resident Care Aide"
    data = client.predict("What does a resident care aide do?", "", api_name="/ask")
    assert not data["refused"]
    assert data["citations"][0]["doc_id"] == "certified-nursing-assistant"
    admin.predict("certified-nursing-assistant", True, api_name="/delete")
