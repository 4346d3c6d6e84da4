"""Errors of the application database, each with a message a person can act on."""


class DatabaseError(Exception):
    """The database cannot be reached, is misconfigured, or was migrated by a newer careerbot."""


class LockTimeout(DatabaseError):
    """The ingest lock stayed taken for longer than the caller would wait."""

    def __init__(self, message: str, holder: str = "") -> None:
        super().__init__(message)
        self.holder = holder


class DocumentNameTaken(DatabaseError):
    """Another live document is stored under this file name."""
