"""Story clustering, incremental: new articles join existing stories or open new ones.

Articles are grouped by average linkage. A *unit* is an article together with
its copies (duplicates and copy reuse are must-links: a copy and its source
always share a story; a copied passage under ``copy_link_containment`` of both
articles is no copy of the article and only counts as similarity); every unit
starts as a cluster, and the most similar pair of clusters merges while

    fused = w * mean cos(embeddings) + (1 - w) * mean cos(TF-IDF)    (over article pairs)
    score = fused + entity_weight * shared entities + quote_weight * shared quote
            - time penalty (the gap between the two clusters' spans)

reaches ``join_threshold``. A second pass then repeats this on similarities
relative to each article's neighbourhood: minus the mean of the two articles'
similarities to their nearest articles outside their first-pass story, so an
article in a crowded topic needs more to join and an isolated one less
(``relative_threshold``). Means over article pairs come from each cluster's
vector sums, so a merge costs one dot product per neighbouring cluster.
Candidate pairs are each new article's nearest articles (two matrix
products against the rows dated within ``time_scale_days`` of it, or the
whole index for an undated article), so nothing already placed is compared
again: a call costs in proportion to its new articles.

With an index, its stories are clusters that new units may join; two of them
merge only when a must-link ties them or once new articles joined one and the
two then reach the threshold (the older id survives; the other is ``removed``). A print sidebar
never joins the story of the page it was split from; the two stories are
listed in each other's ``related``. Story ids derive from the founding
(earliest) article's id, so they are stable across runs.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp
import xxhash

from storytrace._unionfind import UnionFind
from storytrace.models import Article, Duplicate, Reuse
from storytrace.settings import StoryOptions
from storytrace.stories import tfidf
from storytrace.stories.embed import embed_articles
from storytrace.stories.index import StoryIndex
from storytrace.stories.records import Story
from storytrace.stories.titles import day_of, first_sentence, time_key

if TYPE_CHECKING:
    from storytrace.quotes.records import QuoteResult
    from storytrace.store.base import Store

#: Rows compared per block in the nearest-neighbour search (bounds memory: block x articles floats).
_BLOCK = 512
_ENTITY_TYPES = ("PERSON", "ORG", "GPE")


@dataclass
class StoryResult:
    """What one clustering call produced.

    ``stories`` are the stories this call created or changed (with id, title,
    articles in time order, span, first report and related stories; coverage,
    framing and summary are left for the describe step); ``index`` is the
    updated incremental index; ``removed`` the ids of stories merged away.
    """

    stories: list[Story]
    index: StoryIndex
    removed: list[str] = field(default_factory=list)


def story_id(founder: str) -> str:
    """The id of a story founded by this article (stable across runs)."""
    return "s-" + xxhash.xxh3_64_hexdigest(founder.encode("utf-8"))


def entity_key(kind: str, name: str) -> int:
    """The hashed key of a named entity (type and case-folded name)."""
    return xxhash.xxh3_64_intdigest(f"{kind}\x00{' '.join(name.casefold().split())}".encode())


def find_stories(
    articles: list[Article],
    duplicates: list[Duplicate],
    reuse: list[Reuse],
    quotes: QuoteResult | None,
    options: StoryOptions,
    *,
    index: StoryIndex | None = None,
    cache: Store | None = None,
) -> StoryResult:
    """Cluster ``articles`` into stories, or add them to the stories of ``index``.

    Args:
        articles: the articles to place; those already in ``index`` stay where they are.
        duplicates: near/exact duplicate pairs (must-links).
        reuse: reuse records; those of kind ``copy`` covering ``options.copy_link_containment`` of either
            article are must-links.
        quotes: entities and quote groups, when the quote analysis ran (None otherwise).
        options: thresholds and weights (see :class:`~storytrace.settings.StoryOptions`).
        index: the index of an earlier call; None clusters from scratch.
        cache: a store whose vector cache keeps sentence embeddings between runs.

    Returns:
        The stories created or changed, the updated index and the ids of stories merged away.
    """
    state = _Clustering(index if index is not None else StoryIndex(), options)
    state.add(articles, quotes, cache)
    state.link(_must_links(duplicates, reuse, options.copy_link_containment), _quote_groups(quotes))
    state.place()
    return state.result()


def _must_links(
    duplicates: Iterable[Duplicate], reuse: Iterable[Reuse], min_containment: float = 0.0
) -> list[tuple[str, str]]:
    """Pairs that must share a story: duplicates, and copies covering ``min_containment`` of either article.

    A passage of a few dozen words is not a copy of the article: an outlet's inline template (a
    politician's hover card with their latest headlines, a standing disclaimer) repeats across its
    articles of a whole year, and as must-links such passages chained 54 of one outlet's articles
    over nine months into one story. Below the share, the shared text still counts as similarity.
    """
    pairs = [(d.a, d.b) for d in duplicates]
    pairs += [(r.source, r.target) for r in reuse if r.kind == "copy" and _copied_share(r) >= min_containment]
    return pairs


def _copied_share(reuse: Reuse) -> float:
    """The larger share of the two articles inside the copied passages (1.0 when not recorded)."""
    shares = reuse.evidence.get("containment") or {}
    return max((float(v) for v in shares.values()), default=1.0)


def _quote_groups(quotes: QuoteResult | None) -> dict[str, set[str]]:
    """Article id -> the quote groups (remarks quoted by several articles) it holds."""
    out: dict[str, set[str]] = {}
    for group in quotes.groups if quotes is not None else []:
        members = {a for version in group.versions for a in version.get("articles", [])}
        if len(members) > 1:
            for article_id in members:
                out.setdefault(article_id, set()).add(group.id)
    return out


@dataclass(eq=False)
class _Cluster:
    """A cluster while placing: its rows and the sums its similarities are computed from."""

    rows: list[int]
    embedding: np.ndarray
    weighted: _Sparse
    entities: Counter
    first: float
    last: float
    groups: set[str]
    #: Rows of the pages this cluster's sidebars were split from (it may not join those).
    parents: set[int]
    #: The id of the indexed story it is (None for a cluster of new articles).
    story: str | None = None
    version: int = 0
    alive: bool = True
    #: How many of its rows are new in this call (two indexed stories may merge only once one has some).
    fresh: int = 0
    #: Sum of its rows' neighbourhood similarities (see :meth:`_Clustering._set_neighbourhood`).
    neighbourhood: float = 0.0


class _Clustering:
    """One call's work on an index (see the module docstring)."""

    def __init__(self, index: StoryIndex, options: StoryOptions) -> None:
        self.options = options
        self.index = StoryIndex(
            ids=list(index.ids), story=list(index.story), day=index.day, published=list(index.published),
            outlet=list(index.outlet), title=list(index.title), lead=list(index.lead), parent=list(index.parent),
            tf=index.tf, embedding=index.embedding, has_embedding=index.has_embedding,
            entity_ptr=index.entity_ptr, entity_keys=index.entity_keys, df=dict(index.df),
            neighbourhood=index.neighbourhood,
            related={k: list(v) for k, v in index.related.items()}, unloaded=index.unloaded, window=index.window,
        )
        self.old = len(index)
        self.use_embeddings = False
        self.units: list[tuple[list[int], set[str]]] = []
        self.groups: dict[int, set[str]] = {}
        self.removed: list[str] = []
        self.clusters: list[_Cluster] = []
        self.cluster_of_row: dict[int, int] = {}
        self.cluster_of_story: dict[str, int] = {}
        self.changed: set[int] = set()
        self._members: dict[str, list[int]] | None = None
        self._rows: dict[str, int] | None = None
        #: Whether similarities are taken relative to the articles' neighbourhoods (the second pass).
        self.relative = False

    # -- adding rows ----------------------------------------------------------

    def add(self, articles: Sequence[Article], quotes: QuoteResult | None, cache: Store | None) -> None:
        """Append the articles not yet indexed as rows (vectors, entities, dates)."""
        known = set(self.index.ids)
        fresh: list[Article] = []
        for article in articles:
            if article.id not in known:
                known.add(article.id)
                fresh.append(article)
        self.fresh = fresh
        ix, o = self.index, self.options
        tf = tfidf.term_vectors(fresh, o.tfidf_body_words)
        for column, count in tfidf.document_counts(tf).items():
            ix.df[column] = ix.df.get(column, 0) + count
        embeddings = None
        if o.embeddings and fresh:
            embeddings = embed_articles(fresh, lead_words=o.embed_lead_words, max_seq_length=o.embed_max_tokens,
                                        cache=cache)
        self.use_embeddings = o.embeddings and (embeddings is not None or not fresh) and (
            self.old == 0 or bool(ix.has_embedding.all()))
        if embeddings is None:
            embeddings = np.zeros((len(fresh), ix.embedding.shape[1]), dtype=np.float32)
        by_article: dict[str, list[int]] = {}
        for entity in quotes.entities if quotes is not None else []:
            if entity.type in _ENTITY_TYPES:
                by_article.setdefault(entity.article, []).append(entity_key(entity.type, entity.name))
        keys = [np.unique(np.asarray(by_article.get(a.id, []), dtype=np.uint64)) for a in fresh]
        ix.ids += [a.id for a in fresh]
        ix.story += [""] * len(fresh)
        ix.day = np.concatenate([ix.day, np.asarray([day_of(a.published) for a in fresh], dtype=np.float64)])
        ix.published += [a.published for a in fresh]
        ix.outlet += [a.outlet for a in fresh]
        ix.title += [(a.title or "").strip() or None for a in fresh]
        ix.lead += [first_sentence(a.text) for a in fresh]
        ix.parent += [a.parent for a in fresh]
        ix.tf = sp.csr_matrix(sp.vstack([ix.tf, tf], format="csr"))
        ix.embedding = np.concatenate([ix.embedding, embeddings.astype(np.float16)])
        ix.has_embedding = np.concatenate([ix.has_embedding, np.full(len(fresh), self.use_embeddings)])
        ix.neighbourhood = np.concatenate([ix.neighbourhood, np.zeros(len(fresh), dtype=np.float32)])
        ix.entity_keys = np.concatenate([ix.entity_keys, *keys]) if keys else ix.entity_keys
        ix.entity_ptr = np.concatenate([ix.entity_ptr, ix.entity_ptr[-1] + np.cumsum([len(k) for k in keys],
                                                                                      dtype=np.int64)])
        self.weighted = tfidf.weigh(ix.tf, ix.df, len(ix) + ix.unloaded)  # rows a store left unloaded count too

    # -- must-links and units ------------------------------------------------

    def link(self, pairs: list[tuple[str, str]], groups: dict[str, set[str]]) -> None:
        """Group new rows into units by must-links, noting the old stories each unit is tied to."""
        rows = self.index.row_of()
        self.groups = {rows[a]: g for a, g in groups.items() if a in rows}
        uf: UnionFind[int] = UnionFind()
        for a, b in pairs:
            if a in rows and b in rows and a != b:
                uf.join(rows[a], rows[b])
        components: dict[int, list[int]] = {}
        for row in range(len(self.index)):
            if row >= self.old or row in uf:
                components.setdefault(uf.find(row), []).append(row)
        day = self.index.day
        units = []
        for members in components.values():
            new = [r for r in members if r >= self.old]
            forced = {self.index.story[r] for r in members if r < self.old}
            if new or len(forced) > 1:
                units.append((new, forced))
        ids = self.index.ids
        units.sort(key=lambda u: min((time_key(day[r], ids[r]) for r in u[0]), default=(2, 0.0, "")))
        self.units = [(new, {s for s in forced}) for new, forced in units]

    # -- placing ----------------------------------------------------------------

    def place(self) -> None:
        """Average-linkage agglomeration of the new units, with indexed stories as fixed clusters.

        Candidate pairs come from each new article's nearest articles; the most
        similar pair merges first, while its average similarity reaches the
        threshold. Two indexed stories merge when a must-link ties them, or when
        one has taken in new articles and the two then reach the threshold (as
        they would have from scratch); stories no new article joined stay as they were.

        With ``neighbourhood_k`` > 0 this runs twice: a first pass on plain similarities
        gives each new article a provisional story; its neighbourhood is then the mean
        similarity of its nearest articles *outside* that story (so a big story's members,
        whose nearest articles are each other, are not penalised), and the second pass,
        on similarities relative to the two articles' neighbourhoods, is kept.
        """
        o = self.options
        e = self.use_embeddings
        neighbours = self._neighbours([r for rows, _ in self.units for r in rows])
        self.relative = False
        if o.neighbourhood_k > 0:
            related = {k: list(v) for k, v in self.index.related.items()}
            self._agglomerate(neighbours, o.join_threshold if e else o.join_threshold_tfidf)
            self._set_neighbourhood(neighbours)
            self._reset(related)
            self.relative = True
            self._agglomerate(neighbours, o.relative_threshold if e else o.relative_threshold_tfidf)
        else:
            self._agglomerate(neighbours, o.join_threshold if e else o.join_threshold_tfidf)
        self._name_stories()
        self._relate()

    def _reset(self, related: dict[str, list[str]]) -> None:
        """Forget the clusters of a first pass (the index's story column is only written after the last)."""
        self.clusters, self.cluster_of_row, self.cluster_of_story = [], {}, {}
        self.changed, self.removed = set(), []
        self.index.related = related

    def _agglomerate(self, neighbours: dict[int, tuple[np.ndarray, np.ndarray]], threshold: float) -> None:
        """One pass of average linkage over the candidate pairs (clusters live in ``self.clusters``)."""
        for rows, forced in self.units:
            if forced:
                target = self._forced_merge(sorted(forced))
                if rows:
                    self._absorb(target, self._new_cluster(rows))
            else:
                self._new_cluster(rows)
        heap: list[tuple[float, int, int, int, int]] = []
        linked: dict[int, set[int]] = {}
        seen: set[tuple[int, int]] = set()
        for row, (columns, sims) in neighbours.items():
            a = self.cluster_of_row[row]
            for column, sim in zip(columns.tolist(), sims.tolist()):
                b = self._cluster_of(column)
                if b is None or a == b:
                    continue
                linked.setdefault(a, set()).add(b)
                linked.setdefault(b, set()).add(a)
                pair = (min(a, b), max(a, b))
                if pair in seen:
                    continue
                seen.add(pair)
                score = self._score(a, b, sim)
                if score is not None and score >= threshold:
                    heap.append((-score, a, b, self.clusters[a].version, self.clusters[b].version))
        heapq.heapify(heap)
        while heap:
            _, a, b, va, vb = heapq.heappop(heap)
            ca, cb = self.clusters[a], self.clusters[b]
            if not (ca.alive and cb.alive) or ca.version != va or cb.version != vb:
                continue
            if ca.story is not None and cb.story is not None:  # two stories: the older one's id survives
                a, b = sorted((a, b), key=self._founded)
            elif cb.story is not None:  # an indexed story keeps its id: the new cluster joins it
                a, b = b, a
            self._join(a, b, linked, heap, threshold)

    def _join(self, a: int, b: int, linked: dict[int, set[int]], heap: list[tuple[float, int, int, int, int]],
              threshold: float) -> None:
        """Merge cluster ``b`` into ``a`` and queue ``a``'s pairs with its neighbouring clusters again."""
        self._absorb(a, b)
        others = (linked.pop(a, set()) | linked.pop(b, set())) - {a, b}
        linked[a] = others
        version = self.clusters[a].version
        for x in others:
            linked[x].discard(b)
            linked[x].add(a)
            score = self._score(a, x)
            if score is not None and score >= threshold:
                heapq.heappush(heap, (-score, a, x, version, self.clusters[x].version))

    def _founded(self, number: int) -> tuple[int, float, str]:
        """Time key of a cluster's founding (earliest) article: the older story sorts first."""
        ix = self.index
        return min(time_key(ix.day[r], ix.ids[r]) for r in self.clusters[number].rows)

    def _neighbours(self, rows: list[int]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """The ``options.neighbours`` most similar other rows of each row in ``rows``, with their fused similarity.

        A dated row is compared only with the rows dated within ``time_scale_days`` of it (beyond that
        the time penalty is at its full amount) and with undated rows: rows are sorted by day once and
        each block of new rows, taken in day order, reads one contiguous slice. An undated row is
        compared with every row, and so is every row when ``time_weight`` is 0. So a call costs new rows
        x the rows of their time window, not x the index.
        """
        k = self.options.neighbours
        if not rows or len(self.index) < 2 or k <= 0:
            return {}
        w = self.options.embedding_weight if self.use_embeddings else 0.0
        day = self.index.day
        dated = np.flatnonzero(~np.isnan(day))
        order = dated[np.argsort(day[dated], kind="stable")]
        sorted_days = day[order]
        undated = np.flatnonzero(np.isnan(day))
        rank = np.empty(len(day), dtype=np.int64)
        rank[order] = np.arange(len(order))
        window = max(float(self.options.time_scale_days), 0.0)
        queries = np.asarray(rows, dtype=np.int64)
        # Without a time penalty, time is no reason to leave a row out: every row is compared, as if undated.
        query_days = day[queries] if self.options.time_weight > 0 else np.full(len(queries), np.nan)
        by_day = queries[~np.isnan(query_days)]
        by_day = by_day[np.argsort(day[by_day], kind="stable")]
        out: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for start in range(0, len(by_day), _BLOCK):
            block = by_day[start:start + _BLOCK]
            lo = int(np.searchsorted(sorted_days, day[block[0]] - window, side="left"))
            hi = int(np.searchsorted(sorted_days, day[block[-1]] + window, side="right"))
            columns = np.concatenate([order[lo:hi], undated]) if len(undated) else order[lo:hi]
            # A block's slice spans its first row's window to its last's: mask what is outside each row's own.
            gap = np.abs(day[columns][None, :] - day[block][:, None])
            self._nearest(block, columns, rank[block] - lo, k, w, out, outside=gap > window)
        undated_queries = queries[np.isnan(query_days)]
        if len(undated_queries):
            everything, everything_t = np.arange(len(day)), self.weighted.T.tocsr()  # transposed once
            for start in range(0, len(undated_queries), _BLOCK):
                block = undated_queries[start:start + _BLOCK]
                self._nearest(block, everything, block, k, w, out, columns_t=everything_t)
        return {row: out[row] for row in rows if row in out}  # in the callers' order: merges break ties by it

    def _nearest(self, block: np.ndarray, columns: np.ndarray, own: np.ndarray, k: int, w: float,
                 out: dict[int, tuple[np.ndarray, np.ndarray]], outside: np.ndarray | None = None,
                 columns_t: sp.csr_matrix | None = None) -> None:
        """Top-``k`` fused similarities of ``block`` rows among ``columns`` (``own``: each row's position there).

        ``outside`` marks the columns a row may not meet (beyond its time window); a row keeps fewer
        than ``k`` neighbours when its window holds fewer, and none when it holds none.
        """
        take = min(k, len(columns) - 1)
        if take <= 0:
            return
        if columns_t is None:  # the TF-IDF rows of ``columns``, transposed
            columns_t = self.weighted[columns].T.tocsr()
        sims = (self.weighted[block] @ columns_t).toarray()
        if w > 0:
            embedding = self.index.embedding
            sims *= 1.0 - w
            sims += w * (embedding[block].astype(np.float32) @ embedding[columns].astype(np.float32).T)
        sims[np.arange(len(block)), own] = -np.inf
        if outside is not None:
            sims[outside] = -np.inf
        top = np.argpartition(-sims, take - 1, axis=1)[:, :take]
        values = np.take_along_axis(sims, top, axis=1)
        found = columns[top]
        for i, row in enumerate(block.tolist()):
            keep = values[i] > -np.inf
            if keep.all():
                out[row] = (found[i], values[i])
            elif keep.any():
                out[row] = (found[i][keep], values[i][keep])

    def _set_neighbourhood(self, neighbours: dict[int, tuple[np.ndarray, np.ndarray]]) -> None:
        """Each new row's neighbourhood: the mean of its ``neighbourhood_k`` best similarities outside
        its first-pass cluster (its story-mates and copies are no sign of a crowded topic), clamped to
        ``[neighbourhood_floor, neighbourhood_cap]``.
        Indexed rows keep the value they got when they were placed.
        """
        o, ix = self.options, self.index
        # Clamped: a small corpus (nothing around) or a crowded topic moves the bar only so far. A row
        # whose listed neighbours are all in its own story (a big story) gets the floor.
        ix.neighbourhood[self.old:] = o.neighbourhood_floor
        for row, (columns, sims) in neighbours.items():
            own = self.cluster_of_row[row]
            outside = sorted((s for c, s in zip(columns.tolist(), sims.tolist())
                              if s > -np.inf and self._cluster_of(c) != own), reverse=True)[:o.neighbourhood_k]
            if outside:
                ix.neighbourhood[row] = min(max(float(np.mean(outside)), o.neighbourhood_floor), o.neighbourhood_cap)

    def _score(self, a: int, b: int, pair_similarity: float | None = None) -> float | None:
        """Average fused similarity of two clusters plus entity/quote evidence minus the time gap; None if forbidden."""
        o = self.options
        ca, cb = self.clusters[a], self.clusters[b]
        if ca.story is not None and cb.story is not None and not (ca.fresh or cb.fresh):
            return None  # stories no new article joined stay as they were
        if ca.parents.intersection(cb.rows) or cb.parents.intersection(ca.rows):
            return None
        pairs = len(ca.rows) * len(cb.rows)
        if pair_similarity is not None and pairs == 1:
            fused = pair_similarity
        else:
            fused = ca.weighted.dot(cb.weighted) / pairs
            if self.use_embeddings:
                embedding = float(ca.embedding @ cb.embedding) / pairs
                fused = o.embedding_weight * embedding + (1 - o.embedding_weight) * fused
        if self.relative:
            fused -= 0.5 * (ca.neighbourhood / len(ca.rows) + cb.neighbourhood / len(cb.rows))
        if o.entity_weight and ca.entities and cb.entities:
            fused += o.entity_weight * _entity_overlap(ca, cb)
        if o.quote_weight and ca.groups and cb.groups and not ca.groups.isdisjoint(cb.groups):
            fused += o.quote_weight
        if o.time_weight and ca.first == ca.first and cb.first == cb.first:
            gap = max(0.0, ca.first - cb.last, cb.first - ca.last)
            span = max(o.time_scale_days - o.time_grace_days, 1e-9)
            fused -= o.time_weight * min(1.0, max(0.0, gap - o.time_grace_days) / span)
        return float(fused)

    # -- clusters ---------------------------------------------------------------

    def _new_cluster(self, rows: list[int], story: str | None = None) -> int:
        ix = self.index
        cluster = _Cluster([], np.zeros(ix.embedding.shape[1], dtype=np.float32), _Sparse(), Counter(),
                           float("nan"), float("nan"), set(), set(), story)
        number = len(self.clusters)
        self.clusters.append(cluster)
        self._extend(cluster, rows)
        for r in rows:
            self.cluster_of_row[r] = number
        if story is not None:
            self.cluster_of_story[story] = number
        else:
            self.changed.add(number)
        return number

    def _cluster_of(self, row: int) -> int | None:
        """The cluster of a row: its unit's for a new row, its story's (loaded on first use) for an indexed one."""
        number = self.cluster_of_row.get(row)
        if number is not None:
            return number
        story = self.index.story[row]
        if not story:
            return None
        number = self.cluster_of_story.get(story)
        if number is None:
            if self._members is None:
                self._members = self.index.members()
            number = self._new_cluster(self._members.get(story, []), story)
        return number

    def _extend(self, cluster: _Cluster, rows: list[int]) -> None:
        if not rows:
            return
        ix, w = self.index, self.weighted
        cluster.rows.extend(rows)
        cluster.embedding += ix.embedding[rows].astype(np.float32).sum(axis=0)
        cluster.neighbourhood += float(ix.neighbourhood[rows].sum())
        cluster.fresh += sum(1 for r in rows if r >= self.old)
        for r in rows:
            cluster.weighted.add(w.indices[w.indptr[r]:w.indptr[r + 1]], w.data[w.indptr[r]:w.indptr[r + 1]])
            cluster.entities.update(ix.entities(r).tolist())
            cluster.groups |= self.groups.get(r, set())
            parent = ix.parent[r]
            if parent:
                if self._rows is None:
                    self._rows = ix.row_of()
                if parent in self._rows:
                    cluster.parents.add(self._rows[parent])
        days = ix.day[rows]
        days = days[~np.isnan(days)]
        if len(days):
            cluster.first = float(np.nanmin([cluster.first, days.min()]))
            cluster.last = float(np.nanmax([cluster.last, days.max()]))

    def _absorb(self, a: int, b: int) -> None:
        """Move cluster ``b`` into ``a``."""
        ca, cb = self.clusters[a], self.clusters[b]
        ca.rows.extend(cb.rows)
        ca.embedding += cb.embedding
        ca.neighbourhood += cb.neighbourhood
        ca.fresh += cb.fresh
        ca.weighted.merge(cb.weighted)
        ca.entities.update(cb.entities)
        ca.groups |= cb.groups
        ca.parents |= cb.parents
        ca.first = float(np.nanmin([ca.first, cb.first])) if cb.first == cb.first else ca.first
        ca.last = float(np.nanmax([ca.last, cb.last])) if cb.last == cb.last else ca.last
        ca.version += 1
        cb.alive = False
        for r in cb.rows:
            self.cluster_of_row[r] = a
        if cb.story is not None:
            self.cluster_of_story[cb.story] = a
            self._retire(cb.story, ca.story)
        self.changed.add(a)
        self.changed.discard(b)

    def _forced_merge(self, stories: list[str]) -> int:
        """Merge indexed stories tied by a must-link into the biggest (ties: the smallest id)."""
        numbers = [self._cluster_of(self._members_of(s)[0]) for s in stories if self._members_of(s)]
        numbers = sorted({n for n in numbers if n is not None},
                         key=lambda n: (-len(self.clusters[n].rows), self.clusters[n].story))
        target = numbers[0]
        for other in numbers[1:]:
            self._absorb(target, other)
        self.changed.add(target)
        return target

    def _members_of(self, story: str) -> list[int]:
        if self._members is None:
            self._members = self.index.members()
        return self._members.get(story, [])

    def _retire(self, story: str, into: str | None) -> None:
        """A story merged away: list it as removed and point its related links at the story it joined."""
        self.removed.append(story)
        self.index.related.pop(story, None)
        for key, links in list(self.index.related.items()):
            if story in links:
                links[:] = sorted({into if s == story else s for s in links} - {None, key})  # type: ignore[arg-type]

    def _name_stories(self) -> None:
        """Give every changed cluster its story id (an indexed story's, or its founder's) and record membership."""
        ix = self.index
        for number in sorted(self.changed):
            cluster = self.clusters[number]
            if not cluster.alive:
                continue
            if cluster.story is None:
                founder = min(cluster.rows, key=lambda r: time_key(ix.day[r], ix.ids[r]))
                cluster.story = story_id(ix.ids[founder])
                self.cluster_of_story[cluster.story] = number
            for r in cluster.rows:
                ix.story[r] = cluster.story

    def _relate(self) -> None:
        """Link the story of each sidebar with the story of the page it was split from."""
        ix = self.index
        for number in sorted(self.changed):
            cluster = self.clusters[number]
            if not cluster.alive:
                continue
            for parent in cluster.parents:
                other = ix.story[parent]
                if other and other != cluster.story:
                    self._link(cluster.story, other)  # type: ignore[arg-type]
            for r in cluster.rows:  # a page whose sidebar sits in another story
                for sidebar in self._sidebars_of(ix.ids[r]):
                    other = ix.story[sidebar]
                    if other and other != cluster.story:
                        self._link(cluster.story, other)  # type: ignore[arg-type]

    def _sidebars_of(self, article_id: str) -> list[int]:
        if not hasattr(self, "_sidebars"):
            self._sidebars: dict[str, list[int]] = {}
            for row, parent in enumerate(self.index.parent):
                if parent:
                    self._sidebars.setdefault(parent, []).append(row)
        return self._sidebars.get(article_id, [])

    def _link(self, a: str, b: str) -> None:
        for x, y in ((a, b), (b, a)):
            links = self.index.related.setdefault(x, [])
            if y not in links:
                links.append(y)
                links.sort()
                number = self.cluster_of_story.get(x)
                if number is not None:
                    self.changed.add(number)
                else:
                    self._cluster_of(self._members_of(x)[0])
                    self.changed.add(self.cluster_of_story[x])

    # -- output -------------------------------------------------------------

    def result(self) -> StoryResult:
        stories = [self._story(self.clusters[n]) for n in sorted(self.changed) if self.clusters[n].alive]
        stories.sort(key=lambda s: (s.start is None, s.start or "", s.id))
        return StoryResult(stories, self.index, sorted(set(self.removed)))

    def _story(self, cluster: _Cluster) -> Story:
        ix = self.index
        rows = sorted(set(cluster.rows), key=lambda r: time_key(ix.day[r], ix.ids[r]))
        dated = [r for r in rows if ix.day[r] == ix.day[r]]
        first = dated[0] if dated else None
        story = cluster.story or ""
        return Story(
            id=story,
            title=self._title(cluster, rows),
            articles=[ix.ids[r] for r in rows],
            start=ix.published[dated[0]] if dated else None,
            end=ix.published[dated[-1]] if dated else None,
            first_reported_by=(ix.outlet[first] or ix.ids[first]) if first is not None else None,
            first_article=ix.ids[first] if first is not None else None,
            related=list(ix.related.get(story, [])),
        )

    def _title(self, cluster: _Cluster, rows: list[int]) -> str:
        """The headline of the member closest to the centroid (titled members first)."""
        ix, w = self.index, self.weighted
        titled = [r for r in rows if ix.title[r]] or rows
        scores = np.asarray([sum(v * cluster.weighted.values.get(c, 0.0)
                                 for c, v in zip(w.indices[w.indptr[r]:w.indptr[r + 1]].tolist(),
                                                 w.data[w.indptr[r]:w.indptr[r + 1]].tolist())) for r in titled])
        if self.use_embeddings:
            e = self.options.embedding_weight
            scores = (1 - e) * scores + e * (ix.embedding[titled].astype(np.float32) @ cluster.embedding)
        best = titled[int(np.argmax(scores))]
        return ix.title[best] or ix.lead[best] or ix.ids[best]


def _entity_overlap(a: _Cluster, b: _Cluster) -> float:
    """Weighted overlap of the entities two clusters name (each entity weighted by the share of articles naming it)."""
    na, nb = len(a.rows), len(b.rows)
    small, large, ns, nl = (a.entities, b.entities, na, nb) if len(a.entities) <= len(b.entities) else \
        (b.entities, a.entities, nb, na)
    shared = sum(min(count / ns, large.get(key, 0) / nl) for key, count in small.items())
    return shared / max(1e-9, min(sum(small.values()) / ns, sum(large.values()) / nl))


class _Sparse:
    """A sparse vector as a dict (column -> value) with its squared norm kept up to date."""

    __slots__ = ("norm2", "values")

    def __init__(self) -> None:
        self.values: dict[int, float] = {}
        self.norm2 = 0.0

    def add(self, columns: np.ndarray, values: np.ndarray) -> None:
        mine = self.values
        for column, value in zip(columns.tolist(), values.tolist()):
            old = mine.get(column, 0.0)
            mine[column] = old + value
            self.norm2 += 2 * old * value + value * value

    def merge(self, other: _Sparse) -> None:
        self.add(np.fromiter(other.values.keys(), dtype=np.int64, count=len(other.values)),
                 np.fromiter(other.values.values(), dtype=np.float64, count=len(other.values)))

    def dot(self, other: _Sparse) -> float:
        small, large = (self.values, other.values) if len(self.values) <= len(other.values) else (other.values, self.values)
        return sum(value * large.get(column, 0.0) for column, value in small.items())

    def cosine(self, other: _Sparse) -> float:
        norm = np.sqrt(max(self.norm2, 0.0) * max(other.norm2, 0.0))
        return self.dot(other) / norm if norm > 0 else 0.0
