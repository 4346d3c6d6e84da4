"""The documents an evaluation checks answers against: those the bot answers from (the
application database's, for the chat and the workspace) or a kb/ folder's (`--kb`)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import DatabaseUnavailable, IngestError
from ingest.loaders import LoadedText, load_bytes
from ingest.metadata import DocMeta, meta_from_sidecar
from ingest.sources import DocumentSource, as_source

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceDocument:
    name: str  # the file name its citations name
    loaded: LoadedText
    meta: DocMeta


# What an evaluation is given to check quotes in: a kb/ folder, a source, or those already read.
Documents = Path | DocumentSource | list[SourceDocument]


def read_documents(documents: Documents) -> list[SourceDocument]:
    """Every readable document of a folder or source, with its metadata; an unreadable one is
    left out (it has no quotes to check), with a log line. Documents already read are
    returned as they are."""
    if isinstance(documents, list):
        return documents
    source = as_source(documents)
    out = []
    for entry in source.entries():
        if entry.error:
            log.info("%s left out of the evaluation: %s", entry.name, entry.error)
            continue
        try:
            data, sidecar = source.read(entry)
            loaded = load_bytes(data, Path(entry.name))
            out.append(
                SourceDocument(entry.name, loaded, meta_from_sidecar(entry.name, sidecar, loaded))
            )
        except DatabaseUnavailable:
            raise
        except IngestError as exc:
            log.info("%s left out of the evaluation: %s", entry.name, exc)
    return out
