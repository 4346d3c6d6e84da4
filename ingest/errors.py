"""Errors of the ingestion step, each with a message a person can act on."""


class IngestError(Exception):
    """A problem with the knowledge base or the store that the user can fix."""


class UnreadableDocument(IngestError):
    """One file could not be turned into text; ingestion skips it and goes on."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreBusy(IngestError):
    """Another ingest holds the lock on the store."""


class StoreUnavailable(IngestError):
    """The Chroma store cannot be reached or opened."""


class StoreCorrupt(IngestError):
    """The store on disk cannot be read; it has to be rebuilt."""


class DatabaseUnavailable(IngestError):
    """The application database, where the documents are kept, cannot be reached."""
