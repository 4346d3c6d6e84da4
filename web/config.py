"""Settings of the web app; nested in the full Settings."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr


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
