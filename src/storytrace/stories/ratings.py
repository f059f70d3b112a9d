"""Outlet ratings the user supplies: bias, factuality, ownership, whatever their CSV has.

storytrace ships no ratings of real outlets and hard-codes none: ratings are a
judgement that belongs to whoever publishes them (AllSides, Ad Fontes, a
newsroom's own list). The file is a CSV with an ``outlet`` column and any
number of rating columns::

    outlet,bias,factuality,ownership
    The Harbor Herald,center,high,cooperative

Outlet names match case-, space- and punctuation-insensitively (``"the harbor
herald"`` finds ``The  Harbor Herald``); a leading "The" is ignored. An empty
cell means "not rated" for that column.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from storytrace._exceptions import StorytraceError
from storytrace.textnorm import fold

Ratings = dict[str, dict[str, str]]


class RatingsError(StorytraceError, ValueError):
    """The ratings CSV cannot be used; the message names the file and the line."""


def outlet_key(name: str) -> str:
    """An outlet name's matching form: folded, lower-case, punctuation and a leading "the" dropped."""
    words = re.findall(r"\w+", fold(name).lower())
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def load_ratings(path: str | Path) -> Ratings:
    """Read a ratings CSV into ``{outlet name: {rating column: value}}``.

    Raises:
        RatingsError: the file is missing or unreadable, has no ``outlet`` column,
            a row with the wrong number of cells or an empty outlet, or the same
            outlet twice (each with its line number).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RatingsError(f"{path}: cannot read the ratings file ({exc})") from exc
    rows = csv.reader(text.splitlines())
    try:
        header = next(rows)
    except StopIteration:
        raise RatingsError(f"{path}: the ratings file is empty (it needs an 'outlet' column)") from None
    except csv.Error as exc:
        raise RatingsError(f"{path}, line 1: {exc}") from exc
    columns = [c.strip() for c in header]
    lowered = [c.lower() for c in columns]
    if "outlet" not in lowered:
        raise RatingsError(f"{path}, line 1: no 'outlet' column (found: {', '.join(columns) or 'nothing'})")
    if any(not c for c in columns) or len(set(lowered)) != len(lowered):
        raise RatingsError(f"{path}, line 1: column names must be non-empty and distinct")
    outlet_at = lowered.index("outlet")
    ratings: Ratings = {}
    seen: dict[str, int] = {}
    try:
        for row in rows:
            line = rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise RatingsError(f"{path}, line {line}: {len(row)} cells, expected {len(columns)}")
            outlet = row[outlet_at].strip()
            if not outlet:
                raise RatingsError(f"{path}, line {line}: the outlet cell is empty")
            key = outlet_key(outlet)
            if key in seen:
                raise RatingsError(f"{path}, line {line}: outlet {outlet!r} is already rated on line {seen[key]}")
            seen[key] = line
            ratings[outlet] = {
                columns[i]: cell.strip() for i, cell in enumerate(row) if i != outlet_at and cell.strip()
            }
    except csv.Error as exc:
        raise RatingsError(f"{path}, line {rows.line_num}: {exc}") from exc
    return ratings


def rating_columns(ratings: Ratings) -> list[str]:
    """Every rating column used in ``ratings``, in first-seen order."""
    columns: dict[str, None] = {}
    for values in ratings.values():
        columns.update(dict.fromkeys(values))
    return list(columns)


def ratings_for(outlet: str | None, ratings: Ratings | None) -> dict[str, str]:
    """The ratings of one outlet (matched by :func:`outlet_key`), or ``{}`` when unrated."""
    if not outlet or not ratings:
        return {}
    return dict(ratings_index(ratings).get(outlet_key(outlet), {}))


def ratings_index(ratings: Ratings | None) -> dict[str, dict[str, str]]:
    """Ratings keyed by :func:`outlet_key`, for many look-ups against one file."""
    return {outlet_key(name): values for name, values in (ratings or {}).items()}


__all__ = ["Ratings", "RatingsError", "load_ratings", "outlet_key", "rating_columns", "ratings_for", "ratings_index"]
