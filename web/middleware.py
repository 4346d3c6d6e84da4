"""ASGI middleware around the whole app: security headers on every response, and the
throttle in front of the /admin login.

Pure ASGI (no BaseHTTPMiddleware) so that Gradio's event streams pass through untouched.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import re

from web.limits import LoginThrottle, too_fast

log = logging.getLogger(__name__)

# Gradio's page carries its configuration in inline <script> elements; rather than allow
# every inline script ('unsafe-inline'), the policy of an HTML page lists the hashes of the
# ones that page holds. Styles stay 'unsafe-inline': Svelte writes style attributes.
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\ssrc\s*=)[^>]*>(.*?)</script>", re.S | re.I)
MAX_HTML_BYTES = 20_000_000  # a page larger than this is passed on unhashed (it would break)


def content_security_policy(frame_ancestors: str, script_hashes: list[str] = ()) -> str:
    scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "media-src 'self' data: blob:",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def inline_script_hashes(page: bytes) -> list[str]:
    return sorted(
        {
            base64.b64encode(hashlib.sha256(body).digest()).decode()
            for body in _INLINE_SCRIPT.findall(page)
        }
    )


class SecurityHeaders:
    """CSP, nosniff, Referrer-Policy and friends on every HTTP response."""

    def __init__(self, app, frame_ancestors: str = "'self'") -> None:
        self.app = app
        self.frame_ancestors = frame_ancestors
        self.fixed = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        frame_option = {"'self'": b"SAMEORIGIN", "'none'": b"DENY"}.get(frame_ancestors.strip())
        if frame_option:  # for browsers that predate frame-ancestors
            self.fixed.append((b"x-frame-options", frame_option))
        self.ours = {name for name, _ in self.fixed} | {b"content-security-policy"}

    def headers(self, headers: list, script_hashes: list[str] = ()) -> list:
        kept = [(k, v) for k, v in headers if k.lower() not in self.ours]
        policy = content_security_policy(self.frame_ancestors, script_hashes)
        return [*kept, *self.fixed, (b"content-security-policy", policy.encode())]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start: dict | None = None
        body: list[bytes] = []

        async def send_with_headers(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict((k.lower(), v) for k, v in message.get("headers", []))
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if html and b"content-encoding" not in headers:
                    start = message  # held until the page is whole: its scripts are hashed
                    return
                message = {**message, "headers": self.headers(message.get("headers", []))}
                return await send(message)
            if message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False) and sum(map(len, body)) < MAX_HTML_BYTES:
                    return
                page = b"".join(body)
                headers = [
                    (k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"
                ]
                headers.append((b"content-length", str(len(page)).encode()))
                more = message.get("more_body", False)
                hashes = [] if more else inline_script_hashes(page)
                await send({**start, "headers": self.headers(headers, hashes)})
                start = None
                return await send({"type": "http.response.body", "body": page, "more_body": more})
            return await send(message)

        return await self.app(scope, receive, send_with_headers)


def client_address(scope) -> str:
    """The client as uvicorn sees it (X-Forwarded-For already applied for trusted proxies)."""
    client = scope.get("client")
    return client[0] if client else "unknown"


class LoginGuard:
    """Counts wrong passwords posted to the /admin login and refuses a locked client's tries
    with 429 before its password is even looked at."""

    def __init__(self, app, throttle: LoginThrottle, path: str = "/admin/login") -> None:
        self.app = app
        self.throttle = throttle
        self.paths = {path.rstrip("/"), path.rstrip("/") + "/"}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in self.paths:
            return await self.app(scope, receive, send)
        client = client_address(scope)
        wait = self.throttle.locked_for(client)
        if wait:
            return await self._refuse(send, wait)
        status = 0

        async def watch(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status == 200:
            self.throttle.succeeded(client)
        elif status in (400, 401, 403):
            failures, locked = self.throttle.failed(client)
            if locked:
                log.warning(
                    "Knowledge-base login from %s locked for %d s after %d wrong passwords",
                    client,
                    locked,
                    failures,
                )
            else:
                log.info("Wrong knowledge-base password from %s (%d in a row)", client, failures)

    @staticmethod
    async def _refuse(send, wait: int) -> None:
        detail = f"Too many wrong passwords from your address; try again in {wait} s."
        body = json.dumps({"detail": detail}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 429,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", str(wait).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class TooFastStatus:
    """Gradio answers an error raised in an unqueued API call (`POST /gradio_api/run/...`)
    with 500; a client over the rate limit gets 429 and Retry-After instead, with the same
    message, so that a program can tell "wait" from "broken"."""

    PREFIX = "/gradio_api/run/"
    MARKER = too_fast(0).split(" try again")[0].encode()
    _WAIT = re.compile(rb"try again in (\d+) s")

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(self.PREFIX):
            return await self.app(scope, receive, send)
        start: dict | None = None
        body: list[bytes] = []

        async def hold_errors(message):
            nonlocal start
            if message["type"] == "http.response.start" and message["status"] == 500:
                start = message
                return
            if message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = b"".join(body)
                headers = list(start.get("headers", []))
                status = 500
                wait = self._WAIT.search(page)
                if self.MARKER in page and wait:
                    status = 429
                    headers.append((b"retry-after", wait.group(1)))
                await send({**start, "status": status, "headers": headers})
                return await send({"type": "http.response.body", "body": page})
            return await send(message)

        return await self.app(scope, receive, hold_errors)
