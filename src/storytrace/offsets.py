"""Text that remembers where every character came from.

Cleaning deletes and rewrites text; users still need to find each clean
character in the original input (to audit the cleaning, to show a quote in
context). :class:`MappedText` applies edits and keeps, for each position of
the current text, the position in the original. :class:`OffsetMap` is the
compact, serialisable form of that map: runs of consecutive positions.

Note:
    A replacement of the same length maps character by character (curly
    quote -> straight quote keeps exact offsets); a replacement of a
    different length maps all its characters to the start of what it
    replaced, so a span's end can be found by mapping ``end - 1`` and adding 1.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Iterable, NamedTuple

import numpy as np


class Edit(NamedTuple):
    """Replace ``text[start:end]`` with ``replacement``; ``rule`` names why."""

    start: int
    end: int
    replacement: str
    rule: str


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Runs ``(clean_start, raw_start, length)`` mapping clean to raw offsets.

    Positions inside a run map linearly; the map is stored in the store and
    the export, so it is kept as three small integer lists.
    """

    clean_starts: tuple[int, ...]
    raw_starts: tuple[int, ...]
    lengths: tuple[int, ...]
    clean_length: int
    raw_length: int

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls((0,), (0,), (length,), length, length)

    @classmethod
    def from_positions(cls, positions: np.ndarray, raw_length: int) -> OffsetMap:
        """Compress a per-character position array into runs."""
        n = len(positions)
        if n == 0:
            return cls((), (), (), 0, raw_length)
        # A run breaks wherever the next raw position is not the previous + 1.
        breaks = np.flatnonzero(np.diff(positions) != 1) + 1
        starts = np.concatenate(([0], breaks))
        ends = np.concatenate((breaks, [n]))
        return cls(
            tuple(int(s) for s in starts),
            tuple(int(positions[s]) for s in starts),
            tuple(int(e - s) for s, e in zip(starts, ends)),
            n,
            raw_length,
        )

    def to_raw(self, clean_pos: int) -> int:
        """The raw offset of clean position ``clean_pos`` (``len(text)`` maps to the end of the last run)."""
        if not self.clean_starts:
            return 0
        if clean_pos >= self.clean_length:
            last = len(self.clean_starts) - 1
            return self.raw_starts[last] + self.lengths[last]
        i = bisect.bisect_right(self.clean_starts, clean_pos) - 1
        return self.raw_starts[i] + (clean_pos - self.clean_starts[i])

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` covering the clean span ``[start, end)``."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw(end - 1) + 1

    def positions(self) -> np.ndarray:
        out = np.empty(self.clean_length, dtype=np.int64)
        for c, r, n in zip(self.clean_starts, self.raw_starts, self.lengths):
            out[c : c + n] = np.arange(r, r + n)
        return out

    def to_json(self) -> list[list[int]]:
        return [[c, r, n] for c, r, n in zip(self.clean_starts, self.raw_starts, self.lengths)]

    @classmethod
    def from_json(cls, runs: list[list[int]], raw_length: int) -> OffsetMap:
        if not runs:
            return cls((), (), (), 0, raw_length)
        c, r, n = zip(*runs)
        return cls(tuple(c), tuple(r), tuple(n), c[-1] + n[-1], raw_length)


class MappedText:
    """A string plus, for each character, its offset in the original text."""

    __slots__ = ("text", "positions", "raw_length")

    def __init__(self, text: str, positions: np.ndarray | None = None, raw_length: int | None = None):
        self.text = text
        self.positions = np.arange(len(text), dtype=np.int64) if positions is None else positions
        self.raw_length = len(text) if raw_length is None else raw_length

    @classmethod
    def from_map(cls, text: str, offsets: OffsetMap) -> MappedText:
        return cls(text, offsets.positions(), offsets.raw_length)

    def offset_map(self) -> OffsetMap:
        return OffsetMap.from_positions(self.positions, self.raw_length)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``(start, end)`` of the current span ``[start, end)``."""
        if end <= start:
            raw = int(self.positions[start]) if start < len(self.positions) else self.raw_length
            return raw, raw
        return int(self.positions[start]), int(self.positions[end - 1]) + 1

    def apply(self, edits: Iterable[Edit]) -> list[tuple[Edit, int, int]]:
        """Apply non-overlapping edits; return each edit with its raw span.

        Edits may come in any order; overlapping edits are a bug in the rule
        that made them and raise ``ValueError``.
        """
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        if not ordered:
            return []
        applied: list[tuple[Edit, int, int]] = []
        text_parts: list[str] = []
        pos_parts: list[np.ndarray] = []
        cursor = 0
        for edit in ordered:
            if edit.start < cursor or edit.end < edit.start or edit.end > len(self.text):
                raise ValueError(f"overlapping or out-of-range edit from rule {edit.rule!r}: {edit.start}-{edit.end}")
            raw_start, raw_end = self.raw_span(edit.start, edit.end)
            applied.append((edit, raw_start, raw_end))
            text_parts.append(self.text[cursor : edit.start])
            pos_parts.append(self.positions[cursor : edit.start])
            n_old, n_new = edit.end - edit.start, len(edit.replacement)
            text_parts.append(edit.replacement)
            if n_new == n_old:
                pos_parts.append(self.positions[edit.start : edit.end])
            elif n_new:
                pos_parts.append(np.full(n_new, raw_start, dtype=np.int64))
            cursor = edit.end
        text_parts.append(self.text[cursor:])
        pos_parts.append(self.positions[cursor:])
        self.text = "".join(text_parts)
        self.positions = np.concatenate(pos_parts) if pos_parts else np.empty(0, dtype=np.int64)
        return applied
