"""Errors of the composition root."""


class SettingsError(Exception):
    """The settings file or an environment variable is wrong."""
