"""Errors of the web step that a person can act on (the CLI prints them as one line)."""


class WebError(Exception):
    """A problem with serving the web app: a port taken, a bad address."""
