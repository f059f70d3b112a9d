"""The JSON export: the documented contract other tools build on.

``storytrace analyze --json`` writes one document in the ``storytrace/1``
format, described by ``schema/storytrace-1.schema.json`` (JSON Schema Draft
2020-12, shipped inside the package). The listed keys stay for the life of
``storytrace/1``; later issues add keys, so readers must ignore the ones they
do not know, and records allow extra fields.

The document is deterministic: the same analysis gives the same bytes
whatever order the stages produced records in (articles by id, rejected by
path, pairs by their two ids), so exports can be diffed and cached.

Example:
    >>> from types import SimpleNamespace
    >>> doc = to_json(SimpleNamespace(articles=[], rejected=[], duplicates=[], reuse=[], edits=[]))
    >>> doc["schema"], doc["stories"]
    ('storytrace/1', [])
    >>> validate(doc)
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, is_dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

SCHEMA_ID = "storytrace/1"
SCHEMA_RESOURCE = "schema/storytrace-1.schema.json"

#: Record lists of the document and the fields that order them. Sections a
#: later issue adds are exported from ``getattr(analysis, name, [])``; records
#: without the sort fields keep the order the analysis gave them.
_SECTIONS: dict[str, tuple[str, ...]] = {
    "duplicates": ("a", "b", "kind"),
    "reuse": ("source", "target", "kind"),
    "edits": ("source", "target"),
    "lineage": ("source", "target"),
    "stories": ("id",),
    "quotes": ("id",),
    "citations": ("id",),
    "quote_groups": ("id",),
    "entities": ("id",),
}


def _version() -> str:
    try:
        return metadata.version("storytrace")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def _plain(value: Any) -> Any:
    """JSON-ready data from records: ``to_export()`` first, then dataclasses, mappings, sequences."""
    if hasattr(value, "to_export"):
        return _plain(value.to_export())
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(item) for item in value), key=repr)
    if isinstance(value, np.generic):
        return value.item()
    return value


def _sort_key(fields: tuple[str, ...]) -> Any:
    def key(record: dict[str, Any]) -> tuple[str, ...]:
        return tuple("" if record.get(name) is None else str(record.get(name)) for name in fields)

    return key


def _records(items: Iterable[Any] | None, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    records = [_plain(item) for item in items or []]
    for record in records:
        if not isinstance(record, dict):
            raise TypeError(f"an export record must be a mapping or have to_export(), not {type(record).__name__}")
    return sorted(records, key=_sort_key(fields))  # stable: records without the fields keep their order


def to_json(analysis: Any) -> dict[str, Any]:
    """The ``storytrace/1`` document for an analysis.

    Args:
        analysis: An object with ``articles``, ``rejected``, ``duplicates``,
            ``reuse`` and ``edits`` (lists of records), and optionally
            ``lineage``, ``stories``, ``quotes``, ``citations``,
            ``quote_groups``, ``entities`` and ``stats``. A record is a
            dataclass with ``to_export()``, another dataclass, or a dict.
    """
    document: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "generated_by": {"name": "storytrace", "version": _version()},
        "articles": _records(analysis.articles, ("id",)),
        "rejected": _records(analysis.rejected, ("path", "reason")),
    }
    for name in ("duplicates", "reuse", "edits"):
        document[name] = _records(getattr(analysis, name), _SECTIONS[name])
    for name, fields in _SECTIONS.items():
        if name not in document:
            document[name] = _records(getattr(analysis, name, None), fields)
    stats = _plain(getattr(analysis, "stats", None) or {})
    document["stats"] = {key: stats[key] for key in sorted(stats)}
    return document


def dumps(document: Mapping[str, Any], indent: int | None = 2) -> str:
    """The document as JSON text: UTF-8 characters kept, NaN and infinities refused (they are not JSON)."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=indent) + "\n"


def write_json(analysis: Any, path: str | os.PathLike[str], indent: int | None = 2) -> Path:
    """Write the analysis's document to ``path`` (UTF-8), replacing it atomically.

    The document is written to a temporary file beside ``path`` first, so a
    crash never leaves a half-written export where a previous one was.
    """
    target = Path(path)
    text = dumps(to_json(analysis), indent=indent)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


@cache
def _schema_text() -> str:
    return resources.files("storytrace").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The JSON Schema of ``storytrace/1`` (a fresh copy the caller may change)."""
    loaded: dict[str, Any] = json.loads(_schema_text())
    return loaded


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def validate(document: Any) -> None:
    """Check a document against the schema; raise :class:`jsonschema.ValidationError` with the most relevant error."""
    error = best_match(_validator().iter_errors(document))
    if error is not None:
        raise error
