"""Our exceptions.

    StorytraceError
    ├── InputError          an input that cannot be analysed (becomes a ``Rejected`` record)
    ├── StoreError          the store cannot be opened or written
    └── MissingExtraError   an optional dependency is missing (raised when a stage is built)
"""

from __future__ import annotations


class StorytraceError(Exception):
    """Base class of every error storytrace raises on purpose."""


class InputError(StorytraceError):
    """An input cannot be analysed; ``reason`` is what the user sees in ``rejected``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class StoreError(StorytraceError):
    """The store cannot be opened, migrated or written."""


class MissingExtraError(StorytraceError):
    """An optional extra (``pip install storytrace[...]``) is needed for this feature."""
