"""Adding articles from the browser: checked, saved under server-chosen names, analysed, cleaned up.

Nothing the client sends reaches the file system as a path: each accepted
file is written into a fresh temporary folder under a name the server makes
(a whitelisted stem of the client's name plus a content hash, and the
file's known extension). Files of unknown type, over the size limit or past
the count limit are rejected with a reason before anything is saved; the
pipeline then rejects what it cannot read, also with a reason.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

import xxhash

from storytrace.ingest.sources import EXTENSION_KINDS

#: Endings the pipeline reads, longest first (``.warc.gz`` before ``.gz``).
ALLOWED_ENDINGS = tuple(sorted(EXTENSION_KINDS, key=len, reverse=True))
_STEM_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")

# One analysis at a time: the pipeline is CPU-bound and writes to the store.
_ANALYSIS_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """What one upload may hold."""

    max_total_bytes: int = 20 * 1024 * 1024
    max_files: int = 50


@dataclass(slots=True)
class UploadOutcome:
    """What became of an upload: articles added, inputs rejected (with the client's file name) and why."""

    files: int = 0
    added: list[dict[str, Any]] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None

    def to_export(self) -> dict[str, Any]:
        return {"files": self.files, "added": self.added, "existing": self.existing, "rejected": self.rejected, "error": self.error}


def display_name(filename: str | None) -> str:
    """The client's file name for display only: its last path part, trimmed."""
    name = PurePath((filename or "").replace("\\", "/")).name
    return name[:200] or "(unnamed file)"


def ending_of(name: str) -> str | None:
    """The pipeline's extension ``name`` ends with (case-insensitive), or None."""
    lower = name.lower()
    return next((e for e in ALLOWED_ENDINGS if lower.endswith(e)), None)


def server_name(client_name: str, ending: str, data: bytes) -> str:
    """A file name chosen by the server: safe stem characters only, a content hash, the known ending."""
    stem = _STEM_UNSAFE.sub("-", client_name[: len(client_name) - len(ending)]).strip("-_")[:40] or "upload"
    return f"{stem}-{xxhash.xxh3_64_hexdigest(data)[:12]}{ending}"


def check_files(files: list[tuple[str, bytes]], limits: UploadLimits) -> tuple[list[tuple[str, str, bytes]], list[dict[str, str]]]:
    """Split ``(client name, data)`` pairs into accepted ``(display, server name, data)`` and rejected ``{file, reason}``."""
    accepted: list[tuple[str, str, bytes]] = []
    rejected: list[dict[str, str]] = []
    total = 0
    for number, (filename, data) in enumerate(files):
        shown = display_name(filename)
        if number >= limits.max_files:
            rejected.append({"file": shown, "reason": f"too many files: at most {limits.max_files} per upload"})
            continue
        ending = ending_of(shown)
        if ending is None:
            rejected.append({"file": shown, "reason": "unknown type: the pipeline reads " + ", ".join(sorted(EXTENSION_KINDS))})
            continue
        if not data:
            rejected.append({"file": shown, "reason": "empty file"})
            continue
        total += len(data)
        if total > limits.max_total_bytes:
            rejected.append({"file": shown, "reason": f"over the upload limit of {limits.max_total_bytes // (1024 * 1024)} MB"})
            continue
        accepted.append((shown, server_name(shown, ending, data), data))
    return accepted, rejected


def analyse_upload(files: list[tuple[str, bytes]], store_location: str, limits: UploadLimits) -> UploadOutcome:
    """Check, save and analyse uploaded files into the store at ``store_location``; always cleans up."""
    from storytrace._api import analyze
    from storytrace._exceptions import StorytraceError
    from storytrace.settings import Options

    outcome = UploadOutcome(files=len(files))
    accepted, outcome.rejected = check_files(files, limits)
    if not accepted:
        return outcome
    folder = Path(tempfile.mkdtemp(prefix="storytrace-upload-"))
    try:
        shown_by_path: dict[str, str] = {}
        for shown, name, data in accepted:
            path = folder / name
            if path.exists():  # the same content twice: one copy is enough
                continue
            path.write_bytes(data)
            shown_by_path[str(path)] = shown
        with _ANALYSIS_LOCK:
            analysis = analyze([folder], options=Options(executor="serial", workers=1), store=store_location)
        for item in analysis.rejected:
            where, _, rest = item.path.partition("#")
            shown = shown_by_path.get(where, PurePath(where).name)
            outcome.rejected.append({"file": shown + (f"#{rest}" if rest else ""), "reason": item.reason})
        for article in analysis.articles:
            where = article.path.partition("#")[0]
            outcome.added.append(
                {"id": article.id, "title": article.title, "file": shown_by_path.get(where, PurePath(where).name)}
            )
    except StorytraceError as error:
        outcome.error = str(error)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return outcome
