"""The knowledge-base view behind a login, and the MCP tool."""

import asyncio
import json

import httpx
import pytest
from gradio_client import Client, handle_file
from gradio_client.exceptions import AuthenticationError

from tests.conftest import FIXTURES
from tests.web_server import start_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def locked(tmp_path_factory, embedder):
    running = start_server(
        tmp_path_factory.mktemp("locked"), embedder, auth=("counselor", "s3cret"), mcp=True
    )
    yield running
    running.stop()


def test_upload_without_login_is_refused(locked):
    with pytest.raises(AuthenticationError, match="Please login"):
        Client(locked.admin_url, verbose=False).predict(
            [handle_file(str(FIXTURES / "test-parcel-sorter.md"))], api_name="/upload"
        )
    assert not (locked.kb_dir / "test-parcel-sorter.md").exists()
    # raw HTTP too: the view's config and its API need the login cookie
    assert httpx.get(locked.admin_url + "config").status_code in (401, 403)


def test_upload_with_login_works(locked):
    admin = Client(locked.admin_url, auth=("counselor", "s3cret"), verbose=False)
    status, _, _ = admin.predict(
        [handle_file(str(FIXTURES / "test-parcel-sorter.md"))], api_name="/upload"
    )
    assert "✓" in status
    admin.predict("test-parcel-sorter", True, api_name="/delete")


def test_wrong_password_is_refused(locked):
    with pytest.raises(ValueError, match="Could not login"):
        Client(locked.admin_url, auth=("counselor", "guess"), verbose=False)


def test_the_chat_needs_no_login(locked):
    data = Client(locked.url + "/", verbose=False).predict(
        "Do KFAs need a license?", "", api_name="/ask"
    )
    assert data["citations"]


def test_mcp_client_lists_the_tool_and_gets_cited_json(locked):
    from mcp import ClientSession
    from mcp.client.sse import sse_client

    async def call():
        async with (
            sse_client(locked.url + "/gradio_api/mcp/sse") as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            tools = (await session.list_tools()).tools
            assert len(tools) == 1
            tool = tools[0]
            result = await session.call_tool(
                tool.name, {"question": "How much do kelp techs make?", "role": ""}
            )
            return tool, result

    tool, result = asyncio.run(call())
    assert tool.name.endswith("ask_careerbot")
    assert "Kelp Farm Technician" in tool.description
    assert "citation" in tool.description
    payload = json.loads(result.content[0].text)
    assert "$41,300" in payload["answer"]
    assert payload["citations"][0]["quote"]


def test_admin_api_refuses_raw_http_without_login(locked):
    for path in ("gradio_api/info", "gradio_api/call/upload", "gradio_api/queue/join", "config"):
        response = (
            httpx.post(locked.admin_url + path, json={"data": []})
            if "call" in path
            else httpx.get(locked.admin_url + path)
        )
        assert response.status_code in (401, 403, 405), (path, response.status_code)
        assert "test-parcel-sorter" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "gradio_api/file=/etc/passwd",
        "gradio_api/file=../../../../etc/passwd",
        "gradio_api/file=%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "file=/etc/passwd",
        "admin/gradio_api/file=/etc/passwd",
    ],
)
def test_no_file_outside_the_app_can_be_read(locked, path):
    response = httpx.get(f"{locked.url}/{path}")
    assert "root:" not in response.text
    assert response.status_code in (400, 401, 403, 404)


def test_the_data_dir_is_not_served(locked):
    target = locked.data_dir / "careerbot.sqlite"
    assert target.exists()
    response = httpx.get(f"{locked.url}/gradio_api/file={target}")
    assert response.status_code in (400, 403, 404)
