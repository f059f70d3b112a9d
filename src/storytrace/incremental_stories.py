"""The story index in a store, by month: a run reads and writes only its time window's part.

Clustering compares a dated new article only with the articles dated within
``time_scale_days`` of it (see :mod:`storytrace.stories.cluster`), and only the
stories those articles belong to can change. So the index is kept as one
state value per month of publication (``undated`` for the rest), plus a small
global value (document counts, story relations, sidebar links) and a manifest
naming them all. A run over new articles loads:

* the months within ``time_scale_days`` of its articles' dates, and the undated part;
* every month holding a member of a story found there (each part lists, per
  story, the months of its members), and of stories related to those, so each
  story that may change is loaded whole;

and writes back those months and the global value. The rows keep their order
in the whole index (each part stores its rows' positions), so the clustering
sees the same candidates in the same order as with the whole index loaded,
and its results are the same; the rows left out still count as documents for
the IDF (``StoryIndex.unloaded``). A run with an undated article, or without a
time penalty (every article meets every other), loads everything.

Parts are written to the slot (``a``/``b``) the manifest does not name, and the
manifest last: a run killed part-way leaves the previous index readable. A
manifest or part that does not check out makes the index unreadable (None: the
next run clusters its articles from scratch), never wrong.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import xxhash

from storytrace import incremental
from storytrace.models import Article
from storytrace.settings import StoryOptions
from storytrace.store import Store
from storytrace.stories.index import StoryIndex
from storytrace.stories.titles import day_of

#: The manifest under ``STORY_INDEX_KEY`` starts with this (older stores hold one ``.npz`` value there).
MAGIC = b"storytrace-story-index:"
LAYOUT = 1
UNDATED = "undated"


@dataclass
class Window:
    """What a windowed load read: enough to write the changed parts back."""

    manifest: dict[str, Any]
    #: Position in the whole index of each loaded row.
    rows: np.ndarray
    #: The parts read.
    parts: set[str]
    #: Stories loaded whole (they may change); others are only partly loaded and stay as they were.
    scope: set[str]
    #: Story -> its parts, as the loaded parts listed them.
    story_parts: dict[str, list[str]] = field(default_factory=dict)
    #: Article -> [linked article, its part] for sidebars and the pages they were split from.
    family: dict[str, list[list[str]]] = field(default_factory=dict)


def part_of(day: float) -> str:
    """The part (``YYYY-MM``, or ``undated``) a row of this day belongs to."""
    if math.isnan(day):
        return UNDATED
    return date.fromordinal(int(day)).strftime("%Y-%m")


def _key(*names: str) -> str:
    return "/".join((incremental.STORY_INDEX_KEY, *names))


# -- reading -----------------------------------------------------------------


def read_manifest(value: bytes | None) -> dict[str, Any] | None:
    """The manifest in a state value, or None when the value is not one (an older layout, or damage)."""
    if not value or not value.startswith(MAGIC):
        return None
    try:
        manifest = json.loads(value[len(MAGIC):])
    except ValueError:
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("layout") == LAYOUT else None


def _read(store: Store, key: str, entry: dict[str, Any]) -> bytes:
    blob = incremental.read_value(store, key)
    if blob is None or len(blob) != entry.get("bytes") or xxhash.xxh3_64_hexdigest(blob) != entry.get("xxh3"):
        raise ValueError(f"story index value {key!r} does not match its manifest")
    return blob


def _read_part(store: Store, name: str, entry: dict[str, Any]) -> tuple[StoryIndex, np.ndarray, dict[str, list[str]]]:
    blob = _read(store, _key("month", name, entry["slot"]), entry)
    arrays = np.load(io.BytesIO(blob), allow_pickle=False)
    part = StoryIndex.from_bytes(blob)
    extra = json.loads(arrays["part"].tobytes().decode("utf-8"))
    return part, arrays["rows"], extra["story_parts"]


def load(store: Store, manifest: dict[str, Any], around: Sequence[Article] | None,
         options: StoryOptions | None) -> StoryIndex:
    """The index (or the part a run over ``around`` needs) from a manifest.

    Raises:
        ValueError: a part is missing or damaged.
    """
    parts: dict[str, dict[str, Any]] = manifest["parts"]
    arrays = np.load(io.BytesIO(_read(store, _key("global", manifest["global"]["slot"]), manifest["global"])),
                     allow_pickle=False)
    extra = json.loads(arrays["meta"].tobytes().decode("utf-8"))
    related: dict[str, list[str]] = extra["related"]
    family: dict[str, list[list[str]]] = extra["family"]
    loaded: dict[str, tuple[StoryIndex, np.ndarray, dict[str, list[str]]]] = {}
    story_parts: dict[str, list[str]] = {}

    def read(names: set[str]) -> None:
        for name in sorted(names - loaded.keys()):
            if name in parts:
                loaded[name] = _read_part(store, name, parts[name])
                story_parts.update(loaded[name][2])

    span = _span(around, options)
    if span is None:
        read(set(parts))
        pending: set[str] = set()
    else:
        lo, hi = span
        read({n for n, e in parts.items() if n == UNDATED or (e["last"] >= lo and e["first"] <= hi)})
        # The stories of the rows the new articles may meet (within the span, or undated) may change.
        pending = {s for part, _, _ in loaded.values() for d, s in zip(part.day.tolist(), part.story)
                   if s and (math.isnan(d) or lo <= d <= hi)}
    scope: set[str] = set()
    while pending:
        # Each story that may change is loaded whole, with the stories it may link to: its related
        # stories, and the stories of its articles' sidebars and pages.
        scope |= pending
        read({p for s in pending for p in story_parts.get(s, [])})
        found = {r for s in pending for r in related.get(s, [])}
        links = {article: part for p, _, _ in loaded.values() for a, s in zip(p.ids, p.story)
                 if s in pending and a in family for article, part in family[a]}
        read(set(links.values()))
        found.update(s for p, _, _ in loaded.values() for a, s in zip(p.ids, p.story) if a in links and s)
        pending = found - scope
    ordered = sorted(loaded)
    rows = np.concatenate([loaded[n][1] for n in ordered]).astype(np.int64) if ordered else np.zeros(0, np.int64)
    order = np.argsort(rows, kind="stable")
    index = StoryIndex.concat([loaded[n][0] for n in ordered])
    if len(order) > 1 and (np.diff(order) != 1).any():
        index = index.take(order)
    index.df = dict(zip(arrays["df_columns"].tolist(), arrays["df_counts"].tolist()))
    index.related = {k: list(v) for k, v in related.items()}
    index.unloaded = int(manifest["rows"]) - len(index)
    if span is not None:
        index.window = Window(manifest, rows[order], set(loaded), scope, story_parts, family)
    return index


def _span(around: Sequence[Article] | None, options: StoryOptions | None) -> tuple[float, float] | None:
    """The days whose rows a run over ``around`` may compare its articles with; None for all of them."""
    if around is None or options is None or options.time_weight <= 0:
        return None
    days = np.asarray([day_of(a.published) for a in around], dtype=np.float64)
    if not len(days) or np.isnan(days).any():
        return None  # an undated article meets every row
    window = max(float(options.time_scale_days), 0.0)
    return float(days.min()) - window, float(days.max()) + window


# -- writing -----------------------------------------------------------------


def save(store: Store, index: StoryIndex) -> None:
    """Write ``index``: the parts it changed when it was loaded for a window, every part otherwise."""
    window: Window | None = getattr(index, "window", None)
    old = window.manifest if window is not None else read_manifest(store.state(incremental.STORY_INDEX_KEY))
    if window is None:
        positions = np.arange(len(index), dtype=np.int64)
        total, targets, scope, before = len(index), None, None, {}
        family: dict[str, list[list[str]]] = {}
    else:
        fresh = len(index) - len(window.rows)
        positions = np.concatenate([window.rows, int(window.manifest["rows"]) + np.arange(fresh, dtype=np.int64)])
        total, scope, before = int(window.manifest["rows"]) + fresh, window.scope, window.story_parts
        family = {k: [list(x) for x in v] for k, v in window.family.items()}
    names = [part_of(d) for d in index.day.tolist()]
    by_part: dict[str, list[int]] = {}
    for row, name in enumerate(names):
        by_part.setdefault(name, []).append(row)
    if window is not None:
        missing = set(by_part) - window.parts
        if missing & set(old["parts"]):  # a new row in a month not loaded: cannot happen for a window load
            raise ValueError(f"story index parts {sorted(missing)} were not loaded")
        targets = window.parts | set(by_part)
    # Each story's parts: recomputed for the stories loaded whole and the new ones, kept for the rest.
    computed: dict[str, set[str]] = {}
    for story, name in zip(index.story, names):
        if story and (scope is None or story in scope or story not in before):
            computed.setdefault(story, set()).add(name)
    row_of: dict[str, int] | None = None
    for row, parent in enumerate(index.parent):
        if parent:
            row_of = row_of if row_of is not None else index.row_of()
            if parent in row_of:
                _add_link(family, (index.ids[row], names[row]), (parent, names[row_of[parent]]))
    entries = dict(old["parts"]) if old is not None and window is not None else {}
    for name in sorted(targets if targets is not None else by_part):
        rows = np.asarray(by_part.get(name, []), dtype=np.int64)
        part = index.take(rows)
        story_parts = {s: sorted(computed[s]) if s in computed else before[s] for s in set(part.story) if s}
        slot = _other_slot(old, name)
        blob = _part_bytes(part, positions[rows], story_parts)
        incremental.write_value(store, _key("month", name, slot), blob)
        days = part.day[~np.isnan(part.day)]
        entries[name] = {"slot": slot, "rows": len(rows), "first": float(days.min()) if len(days) else None,
                         "last": float(days.max()) if len(days) else None, **_check(blob)}
    columns = np.fromiter(index.df.keys(), dtype=np.int64, count=len(index.df))
    counts = np.fromiter(index.df.values(), dtype=np.int64, count=len(index.df))
    meta = json.dumps({"related": index.related, "family": family}).encode("utf-8")
    buffer = io.BytesIO()
    np.savez(buffer, df_columns=columns, df_counts=counts, meta=np.frombuffer(meta, dtype=np.uint8))
    extra = buffer.getvalue()
    slot = _other_slot(old, None)
    incremental.write_value(store, _key("global", slot), extra)
    manifest = {"layout": LAYOUT, "rows": total, "parts": {n: e for n, e in entries.items() if e["rows"]},
                "global": {"slot": slot, **_check(extra)}}
    store.save_state(incremental.STORY_INDEX_KEY, MAGIC + json.dumps(manifest).encode("utf-8"))


def _add_link(family: dict[str, list[list[str]]], sidebar: tuple[str, str], page: tuple[str, str]) -> None:
    """Note that a sidebar was split from a page: each lists the other, with its part."""
    for (a, _), (b, part) in ((sidebar, page), (page, sidebar)):
        links = family.setdefault(a, [])
        if [b, part] not in links:
            links.append([b, part])


def _other_slot(manifest: dict[str, Any] | None, name: str | None) -> str:
    """The slot a part (None: the global value) is not in now."""
    if manifest is None:
        return "a"
    entry = manifest["global"] if name is None else manifest["parts"].get(name)
    return "b" if entry is not None and entry.get("slot") == "a" else "a"


def _check(blob: bytes) -> dict[str, Any]:
    return {"bytes": len(blob), "xxh3": xxhash.xxh3_64_hexdigest(blob)}


def _part_bytes(part: StoryIndex, rows: np.ndarray, story_parts: dict[str, list[str]]) -> bytes:
    """One part: its rows as ``StoryIndex.to_bytes`` writes them, their positions and their stories' parts."""
    meta = json.dumps({"story_parts": story_parts}).encode("utf-8")
    return part.to_bytes(rows=rows.astype(np.int64), part=np.frombuffer(meta, dtype=np.uint8))
