"""PostgreSQL down under a running replica: questions are still answered, uploads are refused
with a reason and store nothing, and everything works again once it is back."""

import pytest
from click.testing import CliRunner
from gradio_client import Client, handle_file

from careerbot.cli import main
from db import DatabaseError
from tests.chroma_server import free_port
from tests.conftest import FIXTURES
from tests.postgres_server import PostgresServer
from tests.web_server import start_server

pytestmark = pytest.mark.slow


def test_a_database_outage_keeps_the_chat_answering_and_refuses_uploads(tmp_path, embedder):
    with PostgresServer() as postgres:
        server = start_server(tmp_path / "replica", embedder, database_url=postgres.url)
        try:
            chat = Client(server.url + "/", verbose=False)
            admin = Client(server.admin_url, verbose=False)
            postgres.stop()

            assert (
                "$41,300"
                in chat.predict("How much do kelp techs make?", "", api_name="/ask")["answer"]
            )
            with pytest.raises(DatabaseError, match="is not answering"):
                server.feedback.rate("up", {"question": "q", "answer": "a", "citations": []})
            status, _, _ = admin.predict(
                [handle_file(str(FIXTURES / "test-parcel-sorter.md"))], api_name="/upload"
            )
            assert "✗ **test-parcel-sorter.md**: cannot store it (The database" in status
            started = CliRunner().invoke(
                main,
                ["serve", "--port", str(free_port())],
                env={"CAREERBOT_DATABASE_URL": postgres.url, "CAREERBOT_KB_DIR": str(tmp_path)},
            )
            assert started.exit_code == 1
            assert started.output.startswith("Error: The database postgresql://postgres@127.0.0.1")

            postgres.start()  # same port, same data: no replica restart needed
            status, _, _ = admin.predict(
                [handle_file(str(FIXTURES / "test-parcel-sorter.md"))], api_name="/upload"
            )
            assert "✓ **test-parcel-sorter.md**" in status
            answer = chat.predict("How much does a Parcel Sorter earn?", "", api_name="/ask")
            assert "$12,345" in answer["answer"]
            server.feedback.rate("up", {"question": "q", "answer": "a", "citations": []})
            assert len(server.feedback.rows("feedback")) == 1
        finally:
            server.stop()
