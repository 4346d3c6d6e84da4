"""Errors of the evaluation step."""


class EvalError(Exception):
    """A question set, thresholds file or configuration that cannot be used."""
