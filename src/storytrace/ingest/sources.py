"""Finding inputs: files, folders (recursively), JSONL lines and WARC records.

Discovery turns what the user named into a stream of :class:`Source` records
(one per article-to-be) and :class:`Rejected` records (one per input that
cannot be read), in a deterministic order, so that every input is accounted
for and two runs over the same folder see the same sequence.

The kind of a file comes from its extension and, for unknown extensions,
from its first bytes. Sizes are checked with ``stat`` before anything is
read: a 50 MB one-line file is refused without being loaded. Container
formats (JSON Lines, WARC) are streamed, and the size limit applies to each
record in them rather than to the whole archive.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from storytrace.ingest.decode import SURROGATES, decode_bytes, looks_binary, os_reason, too_large
from storytrace.ingest.jsonl import iter_json_document, iter_jsonl
from storytrace.ingest.warc import iter_warc
from storytrace.models import Rejected, Source
from storytrace.settings import IngestOptions

#: File name endings -> kind. Longer endings are tested first (``.warc.gz`` before ``.gz``).
EXTENSION_KINDS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".json": "json",
    ".warc": "warc",
    ".warc.gz": "warc",
}

#: A corpus folder's own documentation: names like ``README.md``, ``LICENSE``, ``CHANGELOG.txt``.
_FOLDER_DOC = re.compile(
    r"(?:readme|licen[cs]e|copying|changelog|contributing|code_of_conduct|authors|notice)"
    r"(?:[._-][a-z0-9_-]*)?(?:\.(?:md|markdown|txt|text|rst))?",
    re.IGNORECASE,
)

#: How many leading bytes decide the kind of a file with an unknown extension.
SNIFF_BYTES = 4096

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ROOT = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_TAG = re.compile(r"</?[a-z][a-z0-9]*[\s>/]", re.IGNORECASE)
#: A page saved with text before its markup still has many tags; prose that mentions one has few.
MIN_TAGS_FOR_HTML = 10


def discover(paths: Sequence[str | Path], options: IngestOptions) -> Iterator[Source | Rejected]:
    """Yield one Source per input (file, JSONL line, WARC HTML response), or a Rejected.

    Paths are taken in the order given; folders are walked recursively in
    sorted order, skipping hidden entries (``.git``, ``.DS_Store``). A
    Source's ``path`` is the path as the user gave it joined with the path
    inside a folder, never made absolute, so reports read like the command.
    """
    for given in paths:
        yield from _discover_path(Path(given), printable_path(str(given)), options, visited=set())


def printable_path(name: str) -> str:
    """``name`` as valid Unicode for reports, exports and the store: undecodable bytes shown as ``\\xe9``.

    Python gives a file name that is not valid UTF-8 (``caf\\xe9.txt`` from a
    Latin-1 disk) lone surrogates, which no UTF-8 file, JSON export or
    database can hold; the name is shown the way ``ls -b`` shows it instead.
    Only the displayed path changes: the file is opened by its real name.
    """
    if not SURROGATES.search(name):
        return name
    try:
        raw = os.fsencode(name)  # undoes the surrogate escapes os.fsdecode made
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def _discover_path(path: Path, display: str, options: IngestOptions, visited: set[tuple[int, int]]) -> Iterator[Source | Rejected]:
    """One path: a folder is walked, a regular file read, anything else rejected.

    ``visited`` holds the folders above this one (device, inode), so a
    followed symbolic link cannot send the walk round in a circle.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        yield Rejected(display, "broken symbolic link" if path.is_symlink() else "not found")
        return
    except OSError as error:
        yield Rejected(display, os_reason(error))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, display, options, visited | {(info.st_dev, info.st_ino)})
    elif stat.S_ISREG(info.st_mode):
        yield from _read_file(path, display, info.st_size, options)
    else:
        # Reading a FIFO or a device would block or never end.
        yield Rejected(display, "not a regular file")


def _walk(folder: Path, display: str, options: IngestOptions, visited: set[tuple[int, int]]) -> Iterator[Source | Rejected]:
    """The inputs in ``folder`` and its subfolders, sorted by name."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((entry for entry in listing if not entry.name.startswith(".")), key=lambda e: e.name)
    except OSError as error:
        yield Rejected(display, os_reason(error))
        return
    for entry in entries:
        child = os.path.join(display, printable_path(entry.name))
        if entry.is_symlink():
            if not options.follow_symlinks:
                yield Rejected(child, "symbolic link not followed (follow_symlinks is off)")
                continue
            if _is_visited_folder(Path(entry.path), visited):
                yield Rejected(child, "symbolic link loops back to a folder already read")
                continue
        if options.skip_folder_docs and _FOLDER_DOC.fullmatch(entry.name) and entry.is_file():
            # Corpora ship a README or a LICENSE beside their articles; read as an article it would join a story.
            yield Rejected(child, "the folder's documentation (README, LICENSE, ...), not an article; "
                                  "name the file itself to read it")
            continue
        yield from _discover_path(Path(entry.path), child, options, visited)


def _is_visited_folder(path: Path, visited: set[tuple[int, int]]) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False  # a broken link is reported when it is read
    return stat.S_ISDIR(info.st_mode) and (info.st_dev, info.st_ino) in visited


def kind_by_extension(name: str) -> str | None:
    """``text``, ``html``, ``jsonl``, ``json`` or ``warc`` from a file name, None when unknown."""
    lower = name.lower()
    for ending in sorted(EXTENSION_KINDS, key=len, reverse=True):
        if lower.endswith(ending):
            return EXTENSION_KINDS[ending]
    return None


def sniff_kind(head: bytes) -> str:
    """``binary``, ``html`` or ``text`` from a file's first bytes (for unknown extensions)."""
    if looks_binary(head):
        return "binary"
    text = decode_bytes(head).text.lstrip("\ufeff")
    if _HTML_START.match(text):
        return "html"
    if _HTML_ROOT.search(text) and len(_TAG.findall(text)) >= MIN_TAGS_FOR_HTML:
        return "html"
    return "text"


def _read_file(path: Path, display: str, size: int, options: IngestOptions) -> Iterator[Source | Rejected]:
    """The Sources of one file: itself, or each line or record of a container."""
    if size == 0:
        yield Rejected(display, "empty file")
        return
    kind = kind_by_extension(path.name)
    if kind == "jsonl":
        yield from iter_jsonl(path, display, options.max_bytes)
        return
    if kind == "warc":
        yield from iter_warc(path, display, options.max_bytes)
        return
    if size > options.max_bytes:
        yield Rejected(display, too_large(size, options.max_bytes))
        return
    try:
        data = _read_at_most(path, size, options.max_bytes)
    except OSError as error:
        yield Rejected(display, os_reason(error))
        return
    if data is None:  # the file grew after stat
        yield Rejected(display, too_large(path.stat().st_size, options.max_bytes))
        return
    if kind == "json":
        yield from iter_json_document(data, display)
        return
    if kind is None:
        kind = sniff_kind(data[:SNIFF_BYTES])
    if kind == "binary":
        yield Rejected(display, "binary file")
        return
    yield Source(path=display, kind=kind, data=data)


def _read_at_most(path: Path, size: int, limit: int) -> bytes | None:
    """The file's bytes, or None if it holds more than ``limit`` (never reading more than limit + 1).

    Reads ``size`` (from stat) + 1 bytes: ``read(n)`` reserves n bytes up
    front, so asking for the limit would reserve 20 MB for every small file.
    The extra byte notices a file that grew since it was measured.
    """
    with open(path, "rb") as stream:
        data = stream.read(size + 1)
        if size < len(data) <= limit:
            data += stream.read(limit + 1 - len(data))
    return data if len(data) <= limit else None
