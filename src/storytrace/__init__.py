"""storytrace: follow one news story across every outlet that ran it.

The public surface is small: :func:`analyze` returns an :class:`Analysis`
of typed records; the CLI (``storytrace``) and the web app are thin layers
over it.
"""

from storytrace._api import Analysis, analyze
from storytrace._exceptions import ConfigError, InputError, MissingExtraError, StoreError, StorytraceError
from storytrace.models import Article, Duplicate, EditOp, Edits, Passage, Rejected, Removal, Reuse, Source
from storytrace.offsets import OffsetMap
from storytrace.stories.records import Coverage, Framing, Story, SummarySentence
from storytrace.settings import DedupOptions, IngestOptions, Options, ReuseOptions, StoryOptions

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Article",
    "ConfigError",
    "Coverage",
    "DedupOptions",
    "Duplicate",
    "EditOp",
    "Edits",
    "Framing",
    "IngestOptions",
    "InputError",
    "MissingExtraError",
    "OffsetMap",
    "Options",
    "Passage",
    "Rejected",
    "Removal",
    "Reuse",
    "ReuseOptions",
    "Source",
    "StoreError",
    "Story",
    "StoryOptions",
    "StorytraceError",
    "SummarySentence",
    "__version__",
    "analyze",
]
