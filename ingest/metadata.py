"""Document metadata: read from the `<name>.meta.yaml` beside a file, or inferred from its text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from ingest.errors import IngestError
from ingest.loaders import PLAIN, LoadedText
from ingest.occupations import canonical
from ingest.roles import clean_title, derive_role, short_forms, stated_names

SIDECAR_SUFFIX = ".meta.yaml"
# libyaml's loader when PyYAML has it: the pure-Python one is most of the per-file cost at scale
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


META_FIELDS = ("id", "title", "role", "aliases", "kind", "source", "origin")


@dataclass(frozen=True)
class DocMeta:
    id: str
    title: str
    role: str
    aliases: tuple[str, ...] = ()
    kind: str = "role document"
    source: str = ""
    origin: str = ""
    # short names guessed from the title ("pharmacy tech"), kept only where no other role
    # of the knowledge base claims them (see bot.roles)
    guessed: tuple[str, ...] = ()
    role_source: str = "metadata"  # "metadata" (the file's sidecar) or "text" (derived)
    extra: dict = field(default_factory=dict, compare=False)

    def role_names(self) -> tuple[str, ...]:
        """The role and its aliases, without repeats, role first."""
        seen: dict[str, str] = {}
        for name in (self.role, *self.aliases, *self.guessed):
            if name and name.lower() not in seen:
                seen[name.lower()] = name
        return tuple(seen.values())


def slugify(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or "document"


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def parse_given(name: str, sidecar: bytes | None) -> dict:
    """The fields the metadata file of document `name` gives, from its bytes (None: no file),
    checked; IngestError names the file."""
    if sidecar is None:
        return {}
    side = sidecar_path(Path(name))
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
    return given


def load_meta(path: Path, loaded: LoadedText | str) -> DocMeta:
    """Metadata for a kb file: the sidecar's fields where given, derived from the text elsewhere
    (the role and the names job seekers use for it; see ingest.roles)."""
    side = sidecar_path(path)
    try:
        data = side.read_bytes() if side.exists() else None
    except OSError as exc:
        raise IngestError(f"{side.name}: cannot be read ({exc.strerror or exc})") from exc
    return meta_from_sidecar(path.name, data, loaded)


def meta_from_sidecar(name: str, sidecar: bytes | None, loaded: LoadedText | str) -> DocMeta:
    """Metadata for a document stored under file name `name`, from its sidecar's bytes (None:
    no sidecar) and its text."""
    return meta_from(name, parse_given(name, sidecar), loaded)


def meta_from(file_name: str, given: dict, loaded: LoadedText | str) -> DocMeta:
    """Metadata from the fields a sidecar gives (maybe none) and the document's text."""
    if isinstance(loaded, str):
        loaded = LoadedText(loaded, PLAIN)
    stem = Path(file_name).stem
    headings = document_headings(loaded)
    title = str(given.get("title") or _title(loaded, headings))
    role = str(given.get("role") or "")
    stated: tuple[str, ...] = ()
    if not role:
        derived = derive_role(loaded.text, headings, loaded.title or title, stem)
        if derived is not None:
            role, stated = derived.name, derived.stated
        else:  # no head noun we know ("Bell Tuner"): the title names the role
            role = clean_title(title) or stem.replace("-", " ").replace("_", " ").title()
    elif given.get("aliases") is None:
        stated = stated_names(loaded.text, canonical(role))
    title = title or role
    aliases = given.get("aliases")
    guessed: tuple[str, ...] = ()
    if aliases is None:  # the names job seekers use, as far as the text tells
        aliases = [role.lower(), *stated]
        guessed = short_forms(role, aliases)
    if isinstance(aliases, str):
        aliases = [aliases]
    return DocMeta(
        id=slugify(str(given.get("id") or stem)),
        title=title,
        role=role,
        aliases=tuple(dict.fromkeys(str(a) for a in aliases)),
        kind=str(given.get("kind") or "role document"),
        source=str(given.get("source") or file_name),
        origin=str(given.get("origin") or ""),
        guessed=tuple(guessed),
        role_source="metadata" if given.get("role") else "text",
    )


@lru_cache(maxsize=8)
def document_headings(loaded: LoadedText) -> tuple[str, ...]:
    """The document's headings in order, page furniture left out. Kept for the few documents
    read last: an ingest asks for them twice (the role, the headings' topics)."""
    from ingest.blocks import HEADING
    from ingest.chunking import _heading_text, parse_blocks

    text = loaded.text
    return tuple(
        _heading_text(text, b) for b in parse_blocks(text, loaded.format) if b.kind == HEADING
    )


def _title(loaded: LoadedText, headings: list[str]) -> str:
    """The title the file declares, else its first heading, else its first line when that
    reads as a title (short, no full stop)."""
    if loaded.title:
        return loaded.title[:200]
    if headings:
        return headings[0][:200]
    from ingest.boilerplate import is_boilerplate

    for line in loaded.text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line and not is_boilerplate(line):
            short = len(line.split()) <= 12 and not line.endswith(".")
            return line[:200] if short else ""
    return ""
