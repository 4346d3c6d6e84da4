"""Past one machine: two careerbot replicas sharing one `chroma run` server (docs/deploy.md)."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from gradio_client import Client, handle_file

from tests.chroma_server import ChromaServer, free_port
from tests.conftest import FIXTURES, KB

pytestmark = pytest.mark.slow


class Replica:
    def __init__(self, root: Path, chroma_url: str) -> None:
        root.mkdir(parents=True)
        shutil.copytree(KB, root / "kb")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {
            **os.environ,
            "CAREERBOT_KB_DIR": str(root / "kb"),
            "CAREERBOT_DATA_DIR": str(root / "data"),
            "CAREERBOT_CHROMA_URL": chroma_url,
            # every question looks at the shared store: what one replica adds, the other's
            # next question sees, with no polling in the test
            "CAREERBOT_BOT__FRESHNESS_SECONDS": "0",
        }
        careerbot = Path(sys.executable).parent / "careerbot"
        self.log = (root / "serve.log").open("w")
        self.proc = subprocess.Popen(
            [str(careerbot), "serve", "--port", str(self.port)],
            env=env,
            stdout=self.log,
            stderr=self.log,
        )

    def wait(self, timeout: float = 180) -> "Replica":
        """Until the replica serves; bounded, so a slow machine only waits longer."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, "careerbot serve exited"
            try:
                if httpx.get(self.url, timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.5)
        raise TimeoutError("replica did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)
        self.log.close()


def test_a_document_uploaded_through_one_replica_is_answerable_through_the_other(tmp_path):
    with ChromaServer(tmp_path / "chroma") as chroma:
        first = Replica(tmp_path / "a", chroma.url).wait()
        second = Replica(tmp_path / "b", chroma.url).wait()
        try:
            ask_second = Client(second.url, verbose=False)
            question = "How much does a Parcel Sorter earn?"
            assert ask_second.predict(question, "", api_name="/ask")["refused"]

            admin_first = Client(first.url + "admin/", verbose=False)
            status, _, _ = admin_first.predict(
                [handle_file(str(FIXTURES / "test-parcel-sorter.md"))], api_name="/upload"
            )
            assert "✓" in status

            # the upload returns once the document is in the shared store
            data = ask_second.predict(question, "", api_name="/ask")
            assert "$12,345" in data["answer"]
            assert data["citations"][0]["doc_id"] == "test-parcel-sorter"
            # the second replica's own kb/ never saw the file: the store is what they share
            assert not (tmp_path / "b" / "kb" / "test-parcel-sorter.md").exists()
        finally:
            first.stop()
            second.stop()
