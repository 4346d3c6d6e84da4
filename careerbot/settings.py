"""The one Settings object: defaults < careerbot.toml < CAREERBOT_* environment variables.

Built when asked for (`load_settings()`), never at import. Nested sections use `__` in
environment variables: CAREERBOT_WEB__PORT=8080 sets `[web] port = 8080`.
"""

from __future__ import annotations

import logging
import os
from contextvars import ContextVar
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_serializer
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from bot.config import BotSettings
from careerbot.errors import SettingsError
from eval.config import EvalSettings
from ingest.config import IngestSettings
from web.config import WebSettings

log = logging.getLogger(__name__)

ENV_PREFIX = "CAREERBOT_"
SETTINGS_FILE_ENV = "CAREERBOT_SETTINGS"
DEFAULT_SETTINGS_FILE = "careerbot.toml"
# Variables read outside the Settings object.
_OTHER_ENV = {"CAREERBOT_SETTINGS", "CAREERBOT_DEBUG"}
# The file the Settings being built reads; set by load_settings for the duration of one build.
_toml_file: ContextVar[Path | None] = ContextVar("careerbot_settings_file", default=None)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", extra="forbid", validate_default=True
    )

    kb_dir: Path = Field(Path("kb"), description="Folder of role documents.")
    data_dir: Path = Field(
        Path("data"),
        description="The embedded store, the SQLite database (when database_url is empty) and "
        "caches.",
    )
    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server (`chroma run`); empty: the embedded store in data_dir.",
    )
    database_url: str | None = Field(
        None,
        description="The application database (documents, feedback, the ingest lock), shared by "
        "every replica: postgresql://user:password@host:5432/careerbot; empty: SQLite at "
        "data_dir/careerbot.sqlite.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "WARNING", description="Logging level: DEBUG, INFO, WARNING or ERROR."
    )
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    bot: BotSettings = Field(default_factory=BotSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    eval: EvalSettings = Field(default_factory=EvalSettings)

    @field_serializer("database_url")
    def _hide_password(self, url: str | None) -> str | None:
        """`careerbot settings` shows where the database is, never its password."""
        if not url:
            return url
        from sqlalchemy import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            return make_url(url).render_as_string(hide_password=True)
        except ArgumentError:
            return "(not a valid URL)"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml_file = _toml_file.get()
        if toml_file is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_file))
        return tuple(sources)


def _known_env_names() -> set[str]:
    names = {ENV_PREFIX + name.upper() for name in Settings.model_fields}
    for name, field in Settings.model_fields.items():
        section = field.annotation
        if isinstance(section, type) and hasattr(section, "model_fields"):
            names |= {f"{ENV_PREFIX}{name.upper()}__{sub.upper()}" for sub in section.model_fields}
    return names | _OTHER_ENV


def _settings_file(path: Path | str | None) -> Path | None:
    explicit = path or os.environ.get(SETTINGS_FILE_ENV)
    if explicit:
        file = Path(explicit)
        if not file.is_file():
            raise SettingsError(f"Settings file not found: {file}")
        return file
    default = Path(DEFAULT_SETTINGS_FILE)
    return default if default.is_file() else None


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"])
        if item["type"] == "extra_forbidden":
            section = Settings
            for part in item["loc"][:-1]:
                section = section.model_fields[str(part)].annotation
            valid = ", ".join(section.model_fields)
            problems.append(f"unknown setting {where!r} (valid here: {valid})")
        else:
            problems.append(f"{where}: {item['msg']}")
    return "; ".join(problems)


def load_settings(settings_file: Path | str | None = None, **overrides) -> Settings:
    """Settings from defaults, the settings file, the environment and explicit overrides."""
    file = _settings_file(settings_file)
    unknown = sorted(
        k for k in os.environ if k.startswith(ENV_PREFIX) and k.upper() not in _known_env_names()
    )
    if unknown:
        log.warning("Ignoring unknown environment variable(s): %s", ", ".join(unknown))
    token = _toml_file.set(file)
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        origin = f" in {file}" if file else ""
        raise SettingsError(f"Invalid settings{origin}: {_describe(exc)}") from exc
    except (OSError, ValueError) as exc:  # a TOML file that does not parse
        raise SettingsError(f"Cannot read settings file {file}: {exc}") from exc
    finally:
        _toml_file.reset(token)


def settings_reference() -> str:
    """Every setting with its environment variable, default and description, as markdown."""
    lines = [
        "# Settings",
        "",
        "Defaults < `careerbot.toml` (or the file named by `CAREERBOT_SETTINGS`) < environment "
        "variables. Unknown keys in the file are rejected with the valid ones listed. "
        "`careerbot settings` prints the values in effect. This page is generated by "
        "`careerbot settings --reference`.",
        "",
    ]

    def rows(model, prefix: str, toml_prefix: str) -> list[str]:
        out = []
        for name, field in model.model_fields.items():
            section = field.annotation
            if isinstance(section, type) and hasattr(section, "model_fields"):
                continue
            default = field.get_default(call_default_factory=True)
            shown = "(empty)" if default is None else f"`{default}`"
            key, env = f"`{toml_prefix}{name}`", f"`{prefix}{name.upper()}`"
            out.append(f"| {key} | {env} | {shown} | {field.description} |")
        return out

    header = ["| key | environment variable | default | meaning |", "|---|---|---|---|"]
    lines += ["## Top level", "", *header, *rows(Settings, ENV_PREFIX, "")]
    for name, field in Settings.model_fields.items():
        section = field.annotation
        if isinstance(section, type) and hasattr(section, "model_fields"):
            lines += ["", f"## [{name}]", "", *header]
            lines += rows(section, f"{ENV_PREFIX}{name.upper()}__", f"{name}.")
    return "\n".join(lines) + "\n"
