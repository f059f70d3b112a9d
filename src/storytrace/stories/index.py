"""The incremental story index: what clustering keeps between runs.

Per article (one row each): its id, story, publication day, outlet, title, lead,
TF-IDF term vector, embedding, hashed entity names and sidebar parent; per
story: its id and members. With it a later run places new articles without
re-reading or re-embedding the old ones. :meth:`StoryIndex.to_bytes` writes
it as a NumPy ``.npz`` (no pickle: a state blob read back from a store is
never executed).
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from storytrace.stories.embed import DIMENSIONS
from storytrace.stories.tfidf import FEATURES

#: Bumped when the layout changes; an index of another version is refused (cluster from scratch instead).
FORMAT = 2


@dataclass
class StoryIndex:
    """Articles placed so far and the stories they form (see the module docstring)."""

    ids: list[str] = field(default_factory=list)
    #: Story id per row.
    story: list[str] = field(default_factory=list)
    #: Days since 0001-01-01 (``date.toordinal``), NaN when undated.
    day: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    published: list[str | None] = field(default_factory=list)
    outlet: list[str | None] = field(default_factory=list)
    title: list[str | None] = field(default_factory=list)
    #: The article's first sentence (a story's title when none of its articles has a title).
    lead: list[str] = field(default_factory=list)
    #: The article this one was split from (a print sidebar), or None.
    parent: list[str | None] = field(default_factory=list)
    tf: sp.csr_matrix = field(default_factory=lambda: sp.csr_matrix((0, FEATURES), dtype=np.float32))
    #: float16 embeddings; rows of articles embedded without a model are zero (``has_embedding`` False).
    embedding: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float16))
    has_embedding: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    #: Hashed entity keys per row, as CSR parts.
    entity_ptr: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    entity_keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    #: Per row: its mean similarity to its nearest articles outside its first-pass story when it was
    #: placed, clamped (``StoryOptions.neighbourhood_*``); half of it is subtracted from its pair similarities.
    neighbourhood: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    #: Document counts of TF-IDF columns over every indexed article.
    df: dict[int, int] = field(default_factory=dict)
    #: Story id -> the stories it is related to (a sidebar's story and its page's story).
    related: dict[str, list[str]] = field(default_factory=dict)
    #: Rows of the stored index left unloaded (a store loads only a time window's; see
    #: :mod:`storytrace.incremental_stories`): they still count as documents for the IDF.
    unloaded: int = 0
    #: What a windowed load read (which rows, of which parts), for writing back; None for a whole index.
    window: Any = None

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self) -> dict[str, int]:
        """Article id -> row."""
        return {article_id: row for row, article_id in enumerate(self.ids)}

    def members(self) -> dict[str, list[int]]:
        """Story id -> its rows, in row order."""
        out: dict[str, list[int]] = {}
        for row, story in enumerate(self.story):
            out.setdefault(story, []).append(row)
        return out

    def entities(self, row: int) -> np.ndarray:
        return self.entity_keys[self.entity_ptr[row]:self.entity_ptr[row + 1]]

    def take(self, rows: np.ndarray) -> StoryIndex:
        """The index of these rows only (in the order given), without document counts or relations."""
        rows = np.asarray(rows, dtype=np.int64)
        starts, stops = self.entity_ptr[rows], self.entity_ptr[rows + 1]
        keys = [self.entity_keys[a:b] for a, b in zip(starts.tolist(), stops.tolist()) if b > a]
        picked = rows.tolist()
        return StoryIndex(
            ids=[self.ids[r] for r in picked], story=[self.story[r] for r in picked], day=self.day[rows],
            published=[self.published[r] for r in picked], outlet=[self.outlet[r] for r in picked],
            title=[self.title[r] for r in picked], lead=[self.lead[r] for r in picked],
            parent=[self.parent[r] for r in picked], tf=sp.csr_matrix(self.tf[rows]),
            embedding=self.embedding[rows], has_embedding=self.has_embedding[rows],
            entity_ptr=np.concatenate([[0], np.cumsum(stops - starts)]).astype(np.int64),
            entity_keys=np.concatenate(keys) if keys else np.zeros(0, dtype=np.uint64),
            neighbourhood=self.neighbourhood[rows],
        )

    @classmethod
    def concat(cls, parts: list[StoryIndex]) -> StoryIndex:
        """The rows of ``parts`` one after another (document counts and relations are not joined)."""
        if not parts:
            return cls()
        if len(parts) == 1:
            return parts[0]
        ptrs, at = [np.zeros(1, dtype=np.int64)], 0
        for part in parts:
            ptrs.append(part.entity_ptr[1:] + at)
            at += int(part.entity_ptr[-1])
        return cls(
            ids=[i for p in parts for i in p.ids], story=[s for p in parts for s in p.story],
            day=np.concatenate([p.day for p in parts]), published=[x for p in parts for x in p.published],
            outlet=[x for p in parts for x in p.outlet], title=[x for p in parts for x in p.title],
            lead=[x for p in parts for x in p.lead], parent=[x for p in parts for x in p.parent],
            tf=sp.csr_matrix(sp.vstack([p.tf for p in parts], format="csr")),
            embedding=np.concatenate([p.embedding for p in parts]),
            has_embedding=np.concatenate([p.has_embedding for p in parts]),
            entity_ptr=np.concatenate(ptrs), entity_keys=np.concatenate([p.entity_keys for p in parts]),
            neighbourhood=np.concatenate([p.neighbourhood for p in parts]),
        )

    def to_bytes(self, **extra: np.ndarray) -> bytes:
        """The index as ``.npz`` bytes (read back with :meth:`from_bytes`); ``extra`` arrays ride along."""
        meta = {"format": FORMAT, "ids": self.ids, "story": self.story, "published": self.published,
                "outlet": self.outlet, "title": self.title, "lead": self.lead, "parent": self.parent,
                "related": self.related}
        columns = np.fromiter(self.df.keys(), dtype=np.int64, count=len(self.df))
        counts = np.fromiter(self.df.values(), dtype=np.int64, count=len(self.df))
        buffer = io.BytesIO()
        np.savez(buffer, meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
                 day=self.day, tf_data=self.tf.data.astype(np.float16), tf_indices=self.tf.indices,
                 tf_indptr=self.tf.indptr, embedding=self.embedding, has_embedding=self.has_embedding,
                 entity_ptr=self.entity_ptr, entity_keys=self.entity_keys, df_columns=columns, df_counts=counts,
                 neighbourhood=self.neighbourhood, **extra)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> StoryIndex:
        """An index written by :meth:`to_bytes`.

        Raises:
            ValueError: the bytes are not an index of this format.
        """
        try:
            arrays = np.load(io.BytesIO(data), allow_pickle=False)
            meta = json.loads(arrays["meta"].tobytes().decode("utf-8"))
        except Exception as error:  # zip, npz or JSON damage: all mean "not an index"
            raise ValueError(f"not a story index: {error}") from error
        if meta.get("format") != FORMAT:
            raise ValueError(f"story index format {meta.get('format')!r}, expected {FORMAT}: cluster from scratch")
        n = len(meta["ids"])
        tf = sp.csr_matrix((arrays["tf_data"].astype(np.float32), arrays["tf_indices"], arrays["tf_indptr"]),
                           shape=(n, FEATURES))
        return cls(ids=meta["ids"], story=meta["story"], day=arrays["day"], published=meta["published"],
                   outlet=meta["outlet"], title=meta["title"], lead=meta["lead"], parent=meta["parent"], tf=tf,
                   embedding=arrays["embedding"], has_embedding=arrays["has_embedding"],
                   entity_ptr=arrays["entity_ptr"], entity_keys=arrays["entity_keys"],
                   neighbourhood=arrays["neighbourhood"].astype(np.float32),
                   df=dict(zip(arrays["df_columns"].tolist(), arrays["df_counts"].tolist())),
                   related={k: list(v) for k, v in meta["related"].items()})
