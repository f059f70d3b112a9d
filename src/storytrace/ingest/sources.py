"""Finding inputs: files, folders (recursively), JSONL lines and WARC records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from storytrace.models import Rejected, Source
from storytrace.settings import IngestOptions


def discover(paths: Sequence[str | Path], options: IngestOptions) -> Iterator[Source | Rejected]:
    """Yield one Source per input (file, JSONL line, WARC HTML response), or a Rejected."""
    raise NotImplementedError
