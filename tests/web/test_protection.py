"""Protected from abuse: a rate limit on asking (chat, /ask, MCP), a lock on repeated wrong
/admin passwords, security headers on every response, the source viewer serving ingested
text only. Time is the test's clock, moved by hand; nothing here waits for it."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import httpx
import pytest
from gradio_client import Client

from tests.conftest import Clock
from tests.web_server import start_server
from web.limits import RateLimiter
from web.middleware import content_security_policy, inline_script_hashes

pytestmark = pytest.mark.slow
BURST = 3
PER_MINUTE = 6  # one question every 10 s after the burst
TOO_FAST = "You are asking faster than we can answer; try again in"


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    running = start_server(
        tmp_path_factory.mktemp("protected"),
        embedder,
        auth=("counselor", "s3cret"),
        mcp=True,
        questions_per_minute=PER_MINUTE,
        question_burst=BURST,
        login_failures=5,
        login_lockout_seconds=60,
        frame_ancestors="'self' https://jobs.example.org",
    )
    yield running
    running.stop()


@pytest.fixture
def clock(server):
    """The app's rate limit and login lock read this clock; each test starts them afresh."""
    state = server.server.config.app.state
    fake = Clock(5000.0)
    state.rate_limiter.clock = fake
    state.rate_limiter._buckets.clear()
    state.login_throttle.clock = fake
    state.login_throttle._clients.clear()
    return fake


def test_a_burst_over_the_limit_gets_the_message_and_no_error_500(server, clock):
    def ask(_):
        try:
            client = Client(server.url + "/", verbose=False)
            return client.predict("How much do kelp techs make?", "", api_name="/ask")
        except Exception as exc:  # the refusal comes back as the client's error
            return exc

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(ask, range(8)))
    answered = [r for r in results if isinstance(r, dict)]
    refused = [str(r) for r in results if not isinstance(r, dict)]
    assert len(answered) == BURST and all("$41,300" in r["answer"] for r in answered)
    assert len(refused) == 8 - BURST
    assert all(f"{TOO_FAST} 10 s" in r for r in refused), refused
    # under the limit again once the time has passed: nothing changes
    clock.now += 10
    data = Client(server.url + "/", verbose=False).predict(
        "How much do kelp techs make?", "", api_name="/ask"
    )
    assert "$41,300" in data["answer"]


def test_raw_http_clients_get_a_readable_error_not_a_500(server, clock):
    statuses, messages, waits = [], [], []
    for _ in range(BURST + 1):
        response = httpx.post(
            server.url + "/gradio_api/run/ask_json",
            json={"data": ["Do KFAs need a license?", "", None]},
        )
        statuses.append(response.status_code)
        messages.append(response.text)
        waits.append(response.headers.get("retry-after"))
    assert statuses == [200] * BURST + [429]  # "wait", not "broken"
    assert TOO_FAST in messages[-1] and "$" not in messages[-1]
    assert waits[-1] == "10"


def test_the_mcp_tool_is_limited_with_the_same_message(server, clock):
    from mcp import ClientSession
    from mcp.client.sse import sse_client

    async def calls():
        async with (
            sse_client(server.url + "/gradio_api/mcp/sse") as (read, write),
            ClientSession(read, write) as session,
        ):
            await session.initialize()
            tool = (await session.list_tools()).tools[0]
            return [
                await session.call_tool(tool.name, {"question": "What does a KFA do?", "role": ""})
                for _ in range(BURST + 1)
            ]

    results = asyncio.run(calls())
    assert all(not r.isError for r in results[:BURST])
    assert results[-1].isError and TOO_FAST in results[-1].content[0].text


def test_the_chat_says_so_in_words_and_keeps_the_question(server):
    from web.chat import ChatApp

    limiter = RateLimiter(PER_MINUTE, burst=1, clock=Clock(5000.0))
    app = ChatApp(server.bot, server.feedback, limiter=limiter)
    me = SimpleNamespace(client=SimpleNamespace(host="203.0.113.7"))
    *_, (messages, records, box, _) = list(
        app.respond("What does a KFA do?", [], "", {}, request=me)
    )
    assert records and box == ""
    *_, (messages, records, box, announced) = list(
        app.respond("And their pay?", messages, "", records, request=me)
    )
    assert messages[-1]["content"].endswith(f"{TOO_FAST} 10 s.")
    assert box == "And their pay?"  # to send again, nothing to retype
    assert TOO_FAST in announced
    # the notice is not part of the conversation the bot reads
    from web.chat import to_history

    assert all(TOO_FAST not in turn["content"] for turn in to_history(messages, records))


def login(server, password):
    return httpx.post(
        server.admin_url + "login", data={"username": "counselor", "password": password}
    )


def test_twenty_wrong_logins_are_locked_out_logged_and_a_correct_one_works_after(
    server, clock, caplog
):
    caplog.set_level(logging.INFO, logger="web.middleware")
    statuses = [login(server, f"guess-{i}").status_code for i in range(20)]
    assert statuses[:5] == [400] * 5
    assert statuses[5:] == [429] * 15  # refused before the password is even looked at
    locked = login(server, "s3cret")
    assert locked.status_code == 429 and "try again in 60 s" in locked.json()["detail"]
    assert locked.headers["retry-after"] == "60"
    assert "locked for 60 s after 5 wrong passwords" in caplog.text
    clock.now += 60
    assert login(server, "s3cret").status_code == 200
    Client(server.admin_url, auth=("counselor", "s3cret"), verbose=False)  # logs in


def test_the_lock_doubles_with_each_wrong_password_after_it(server, clock):
    for i in range(5):
        login(server, f"guess-{i}")
    clock.now += 60
    assert login(server, "still wrong").status_code == 400
    assert login(server, "s3cret").json()["detail"].endswith("try again in 120 s.")


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/"),
        ("GET", "/config"),
        ("GET", "/gradio_api/info"),
        ("GET", "/careerbot-static/careerbot.js"),
        ("GET", "/source.json?doc=kelp-farm-technician&section=Salary"),
        ("GET", "/no-such-page"),
        ("GET", "/admin/"),
        ("POST", "/admin/login"),
    ],
)
def test_every_response_carries_the_security_headers(server, clock, method, path):
    response = httpx.request(method, server.url + path, data={"username": "x", "password": "y"})
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    policy = headers["content-security-policy"]
    assert "frame-ancestors 'self' https://jobs.example.org" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]
    assert "'unsafe-eval'" not in policy
    assert "x-frame-options" not in headers  # it cannot name another site; CSP does


def test_the_page_policy_allows_exactly_its_own_inline_scripts(server):
    response = httpx.get(server.url + "/")
    hashes = inline_script_hashes(response.content)
    assert hashes  # Gradio's configuration travels in inline scripts
    assert response.headers["content-security-policy"] == content_security_policy(
        "'self' https://jobs.example.org", hashes
    )
    assert int(response.headers["content-length"]) == len(response.content)


def test_the_source_viewer_serves_the_cited_section_with_its_quote_marked(server, clock):
    data = Client(server.url + "/", verbose=False).predict(
        "How much do kelp techs make?", "", api_name="/ask"
    )
    cited = next(c for c in data["citations"] if "$41,300" in c["quote"])
    query = {"doc": cited["doc_id"], "section": cited["section"], "quote": cited["quote"]}
    passage = httpx.get(server.url + "/source.json", params=query).json()
    assert passage["title"] == cited["title"] and passage["file_name"].endswith(".txt")
    assert [p["text"] for p in passage["parts"] if p["mark"]] == [cited["quote"]]
    page = httpx.get(server.url + "/source", params=query)
    assert page.status_code == 200 and "<mark>" in page.text and "$41,300" in page.text


@pytest.mark.parametrize(
    "doc",
    ["../../../../etc/passwd", "/etc/passwd", "kelp-farm-technician.txt", "no-such-role"],
)
def test_the_source_viewer_takes_a_document_id_never_a_path(server, doc):
    for path in ("/source.json", "/source"):
        response = httpx.get(server.url + path, params={"doc": doc, "section": "Salary"})
        assert response.status_code == 404
        assert "root:" not in response.text
        assert "no longer in the knowledge base" in response.text


def test_the_source_viewer_never_reflects_markup(server):
    attack = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    for params in (
        {"doc": "kelp-farm-technician", "section": attack, "quote": attack},
        {"doc": attack, "section": "Salary"},
    ):
        response = httpx.get(server.url + "/source", params=params)
        assert response.status_code in (200, 404)
        assert "<script>alert" not in response.text and "<img src=x" not in response.text
    too_long = httpx.get(server.url + "/source.json", params={"doc": "x" * 5000})
    assert too_long.status_code == 422
