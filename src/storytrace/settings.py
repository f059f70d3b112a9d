"""One options object for a run, instead of keyword arguments threaded through calls.

Each analysis owns one small dataclass here; :class:`Options` groups them.
Defaults are what a user gets from ``storytrace analyze`` with no flags.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


@dataclass(slots=True)
class IngestOptions:
    """Reading and cleaning inputs."""

    #: Inputs larger than this are rejected as ``too large`` (bytes).
    max_bytes: int = 20 * 1024 * 1024
    #: A clean body with fewer words than this is rejected as ``not an article``.
    min_words: int = 25
    #: A line must occur in at least this many articles of one outlet to count as that outlet's boilerplate.
    outlet_boilerplate_min_articles: int = 3
    #: ...and in at least this share of the outlet's articles.
    outlet_boilerplate_min_share: float = 0.3
    #: Follow symbolic links when walking folders.
    follow_symlinks: bool = False


@dataclass(slots=True)
class DedupOptions:
    """Exact and near-duplicate detection (MinHash-LSH, verified exactly)."""

    shingle_size: int = 5
    num_perm: int = 128
    #: A pair is a near-duplicate when Jaccard >= this ...
    min_similarity: float = 0.5
    #: ... or when the smaller text's containment in the larger is >= this.
    min_containment: float = 0.8
    seed: int = 1


@dataclass(slots=True)
class ReuseOptions:
    """Passage alignment, reuse kinds, direction and edits."""

    ngram: int = 5
    #: Shared n-grams occurring in more articles than this are too common to seed alignment.
    max_ngram_df: int = 100
    #: Shortest reported passage, in words.
    min_passage_words: int = 8


@dataclass(slots=True)
class Options:
    """Everything that configures one run of the pipeline."""

    ingest: IngestOptions = field(default_factory=IngestOptions)
    dedup: DedupOptions = field(default_factory=DedupOptions)
    reuse: ReuseOptions = field(default_factory=ReuseOptions)
    #: Worker processes for per-article stages; 0 means one per core.
    workers: int = 0
    #: Articles per shard handed to a worker.
    shard_size: int = 256
    #: Show a Rich progress bar.
    progress: bool = False

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)
