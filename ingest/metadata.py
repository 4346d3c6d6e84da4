"""Document metadata: read from the `<name>.meta.yaml` beside a file, or inferred from its text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.errors import IngestError

SIDECAR_SUFFIX = ".meta.yaml"
# libyaml's loader when PyYAML has it: the pure-Python one is most of the per-file cost at scale
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_sidecar(side: Path) -> object:
    """The parsed YAML of a metadata file (raises yaml.YAMLError, UnicodeDecodeError, OSError)."""
    return yaml.load(side.read_text(encoding="utf-8"), Loader=_YAML_LOADER)


META_FIELDS = ("id", "title", "role", "aliases", "kind", "source", "origin")

# Words that name the kind of page rather than the role ("Nurse Job Description").
_TITLE_NOISE = re.compile(
    r"\s*(\[[^\]]*\]|\([^)]*\)|\b(job|role|position)\s+(description|profile|posting|template)s?\b"
    r"|\bcareer\s+(guide|profile)\b|\btemplate\b|[:|–—-]\s*$)\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DocMeta:
    id: str
    title: str
    role: str
    aliases: tuple[str, ...] = ()
    kind: str = "role document"
    source: str = ""
    origin: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def role_names(self) -> tuple[str, ...]:
        """The role and its aliases, without repeats, role first."""
        seen: dict[str, str] = {}
        for name in (self.role, *self.aliases):
            if name and name.lower() not in seen:
                seen[name.lower()] = name
        return tuple(seen.values())


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or "document"


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def role_from_title(title: str) -> str:
    role = _TITLE_NOISE.sub(" ", title)
    role = re.sub(r"\s+", " ", role).strip(" -:|")
    return role or title.strip()


def guess_title(text: str, fallback: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:200]
    return fallback


def _acronym(name: str) -> str | None:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in {"of", "and", "the"}]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else None


def load_meta(path: Path, text: str) -> DocMeta:
    """Metadata for a kb file: the sidecar's fields where given, inferred ones elsewhere."""
    side = sidecar_path(path)
    try:
        data = side.read_bytes() if side.exists() else None
    except OSError as exc:
        raise IngestError(f"{side.name}: cannot be read ({exc.strerror or exc})") from exc
    return meta_from_sidecar(path.name, data, text)


def meta_from_sidecar(name: str, sidecar: bytes | None, text: str) -> DocMeta:
    """Metadata for a document stored under file name `name`, from its sidecar's bytes (None:
    no sidecar): the sidecar's fields where given, inferred ones elsewhere."""
    given: dict = {}
    path = Path(name)
    side = sidecar_path(path)
    if sidecar is not None:
        try:
            given = yaml.load(sidecar.decode("utf-8"), Loader=_YAML_LOADER) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise IngestError(f"{side.name}: not valid YAML ({exc.__class__.__name__})") from exc
        if not isinstance(given, dict):
            raise IngestError(f"{side.name}: expected a mapping of {', '.join(META_FIELDS)}")
        unknown = sorted(set(given) - set(META_FIELDS))
        if unknown:
            raise IngestError(
                f"{side.name}: unknown field(s) {', '.join(unknown)}; "
                f"known fields are {', '.join(META_FIELDS)}"
            )
    title = str(given.get("title") or guess_title(text, path.stem))
    role = str(given.get("role") or role_from_title(title))
    aliases = given.get("aliases")
    if aliases is None:
        aliases = [role.lower()] + ([a] if (a := _acronym(role)) else [])
    if isinstance(aliases, str):
        aliases = [aliases]
    return DocMeta(
        id=slugify(str(given.get("id") or path.stem)),
        title=title,
        role=role,
        aliases=tuple(str(a) for a in aliases),
        kind=str(given.get("kind") or "role document"),
        source=str(given.get("source") or path.name),
        origin=str(given.get("origin") or ""),
    )
