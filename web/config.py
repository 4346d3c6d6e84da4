"""Settings of the web app; nested in the full Settings."""

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator


class WebSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    host: str = Field(
        "127.0.0.1", description="Address the web app binds to (loopback by default)."
    )
    port: int = Field(7860, ge=1, le=65535, description="Port of the web app.")
    auth_user: str | None = Field(None, description="Login for the knowledge-base view.")
    auth_password: SecretStr | None = Field(
        None, description="Password for the knowledge-base view."
    )
    max_upload_mb: float = Field(10.0, gt=0, description="Largest file an upload may be.")
    shutdown_grace_seconds: float = Field(
        5.0, gt=0, description="On a stop, how long open requests and chat streams may finish."
    )
    metrics: Literal["loopback", "network", "off"] = Field(
        "loopback",
        description="Who may read /metrics (Prometheus): loopback (clients on this machine, "
        "not through a proxy), network (anyone who reaches the server: for a Prometheus on "
        "another machine) or off.",
    )
    open_admin: bool = Field(
        False,
        description="Serve the knowledge-base view without a login on a non-loopback host "
        "(refused by default).",
    )
    questions_per_minute: float = Field(
        30.0,
        ge=0,
        description="Questions one client (address) may ask per minute on average, in the chat, "
        "/ask and the MCP tool; 0: no limit. Counted per replica; people behind one address "
        "(a job centre's network) count as one client.",
    )
    question_burst: int = Field(
        15, ge=1, description="Questions one client may ask in a quick run before the limit."
    )
    login_failures: int = Field(
        5, ge=1, description="Wrong /admin passwords in a row from one client before it is locked."
    )
    login_lockout_seconds: float = Field(
        60.0,
        gt=0,
        description="How long the first lock lasts; each further wrong password doubles it, up "
        "to an hour.",
    )
    frame_ancestors: str = Field(
        "'self'",
        description="Sites that may show the pages in a frame (CSP frame-ancestors), e.g. "
        "\"'self' https://jobs.example.org\"; \"'none'\" forbids frames.",
    )
    trusted_proxies: str = Field(
        "127.0.0.1",
        description="Addresses of reverse proxies whose X-Forwarded-For header names the client "
        "(for the rate limit and the login lock); comma-separated, * for any.",
    )

    retention_days: float = Field(
        90.0,
        gt=0,
        le=3650,
        description="Days the questions users typed are kept (feedback with its reasons and "
        "review state, refused and not-covered questions); older ones are deleted at start and "
        "once a day.",
    )

    @field_validator("frame_ancestors")
    @classmethod
    def _one_directive(cls, value: str) -> str:
        value = value.strip()
        if not value or re.search(r"[;,\r\n]", value):
            raise ValueError(
                "frame_ancestors is a space-separated list of sources, like \"'self' "
                'https://jobs.example.org" or "\'none\'", without ; or ,'
            )
        return value
