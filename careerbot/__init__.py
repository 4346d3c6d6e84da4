"""careerbot: the composition root. Settings, wiring and the command line; no domain logic."""

__version__ = "0.1.0"
