"""Our exceptions.

    StorytraceError
    ├── InputError          an input that cannot be analysed (becomes a ``Rejected`` record)
    ├── StoreError          the store cannot be opened or written
    ├── MissingExtraError   an optional dependency is missing (raised when a stage is built)
    └── ConfigError         a configuration file the user gave (e.g. outlet ratings) cannot be used
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


class ConfigError(StorytraceError):
    """A configuration file or option the user gave cannot be used; the message says where and why."""
