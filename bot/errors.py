"""Errors of the answering step."""


class BotError(Exception):
    """A problem answering that the user can fix (bad question input, store not ready)."""
