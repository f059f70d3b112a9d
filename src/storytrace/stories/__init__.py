"""Stories: articles about one event across outlets.

    find_stories(articles, duplicates, reuse, quotes, options, index=None, cache=None) -> StoryResult

Clustering (:mod:`.cluster`) fuses TF-IDF (:mod:`.tfidf`) and sentence
embeddings (:mod:`.embed`) with shared entities, shared quotes and a time
prior; copies always share their source's story. It is incremental: pass
the :class:`StoryIndex` of an earlier call (``StoryIndex.to_bytes()`` /
``from_bytes()`` round-trip it through a store's state) and new articles join
existing stories or open new ones. Coverage, framing and the attributed
summary are filled per story by the describe step.
"""

from __future__ import annotations

from storytrace.stories.cluster import StoryResult, find_stories, story_id
from storytrace.stories.index import StoryIndex
from storytrace.stories.records import (
    Coverage,
    Framing,
    OutletCoverage,
    SingleSourceReport,
    Story,
    SummarySentence,
)

__all__ = [
    "Coverage",
    "Framing",
    "OutletCoverage",
    "SingleSourceReport",
    "Story",
    "StoryIndex",
    "StoryResult",
    "SummarySentence",
    "find_stories",
    "story_id",
]
