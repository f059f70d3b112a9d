"""The lineage of copies: who copied whom, chains included.

Only ``copy`` reuse counts (two articles quoting one speaker are not related
by copying). For every copy ``T`` the lineage picks its **closest sources**
among all articles it shares copied text with. When ``T`` took text from both
``A`` and ``B`` and ``B`` is itself a copy of ``A``, one of them is the farther:

1. times, where known, rule ``B`` out if it was published after ``T``;
2. on the words ``T`` took from ``A`` that ``B`` also holds, ``T`` matches ``B``
   better (it carries ``B``'s edits): ``B``; ``A`` better (it has ``A``'s wording
   where ``B`` changed it): ``A``; if ``B`` holds less than ``chain_coverage`` of
   what ``T`` took from ``A``, ``A`` is a direct source anyway (and ``B`` too when
   ``T`` carries its edits);
4. otherwise the one ``T`` credits more strongly (its outlet or author over a
   syndication credit);
5. otherwise ``B`` when the times put it between (``A`` earlier than ``B``, ``B``
   not later than ``T``): it holds everything ``T`` took and lies between them.
   A same-day ``B`` may lie between when the dates carry no time of day, but not
   one published at the very moment ``T`` was: wire copies often share one timestamp;
6. otherwise ``A``: a verbatim copy of ``A`` with nothing of ``B`` in it is taken
   to come from the original (``B`` and ``T`` are then siblings).

Pairwise directions could in principle make a cycle; the weakest edge (by
direction signal, then shared words) is dropped until none is left.

The result is a list of dicts, one per copy pair on a lineage path::

    {
        "component": 0,          # connected group of copies, numbered in input order
        "source": "000",         # article id the text came from
        "target": "001",         # article id of the copy
        "attributed": True,      # the copy credits the source (Reuse.attributed)
        "via": [],               # ids of the copies in between, source side first;
                                 # [] for a direct edge (target's closest source)
        "direct": True,          # via == []
        "signal": "credit",      # what decided the direction (Reuse.evidence["direction"])
    }

Copy pairs that are not on a path (two copies of one source sharing its text:
siblings) are left out of the list; their ``Reuse.evidence["lineage"]`` says
``sibling`` and names the common source. Direct and indirect pairs get
``direct`` or ``via [...]`` there.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from storytrace._unionfind import UnionFind
from storytrace.reuse.direction import compare_published, same_instant
from storytrace.reuse.pair import PairResult
from storytrace.settings import ReuseOptions


def _equal_mask(result: PairResult) -> np.ndarray:
    """Target words that match the source word for word."""
    mask = np.zeros(len(result.target), dtype=bool)
    for p in result.passages:
        for tag, _, _, b1, b2 in p.blocks:
            if tag == "equal":
                mask[b1:b2] = True
    return mask


def _closer(a_to_t: PairResult, b_to_t: PairResult, options: ReuseOptions) -> str:
    """The closer source of ``T`` when ``B`` is a copy of ``A``: ``"a"``, ``"b"`` or ``"both"``."""
    b_art, t_art = b_to_t.source.article, b_to_t.target.article
    if compare_published(b_art.published, t_art.published) == 1:
        return "a"
    took = a_to_t.target_mask()
    overlap = took & b_to_t.target_mask()
    if not overlap.any():
        return "both"
    # On the words T took from A that B also holds: whose wording does T carry?
    same_a = int((_equal_mask(a_to_t) & overlap).sum())
    same_b = int((_equal_mask(b_to_t) & overlap).sum())
    if overlap.sum() / took.sum() < options.chain_coverage:
        # T took text from A that B does not hold: A is a direct source; B too if T carries its edits.
        return "both" if same_b > same_a else "a"
    if same_a != same_b:
        return "a" if same_a > same_b else "b"
    if a_to_t.attribution.strength != b_to_t.attribution.strength:
        return "a" if a_to_t.attribution.strength > b_to_t.attribution.strength else "b"
    # Nothing in the text tells: B is closer only when the times put it between A and T.
    a_art = a_to_t.source.article
    b_then_t = compare_published(b_art.published, t_art.published)
    if compare_published(a_art.published, b_art.published) == -1 and (
        b_then_t == -1 or (b_then_t == 0 and not same_instant(b_art.published, t_art.published))
    ):
        return "b"
    return "a"


def _find_cycle(parents: dict[int, set[int]]) -> list[tuple[int, int]] | None:
    """The edges ``(parent, child)`` of one cycle of the parent graph, or None."""
    state: dict[int, int] = {}
    for start in parents:
        if state.get(start):
            continue
        stack = [(start, iter(sorted(parents.get(start, ()))))]
        path = [start]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            if state.get(nxt) == 1:
                cycle_nodes = path[path.index(nxt) :]
                # path runs child -> parent; edges are (parent, child)
                return [(cycle_nodes[(k + 1) % len(cycle_nodes)], cycle_nodes[k]) for k in range(len(cycle_nodes))]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(sorted(parents.get(nxt, ())))))
    return None


def _closest_sources(copies: dict[tuple[int, int], PairResult], options: ReuseOptions) -> dict[int, set[int]]:
    by_target: dict[int, list[int]] = {}
    for s, t in copies:
        by_target.setdefault(t, []).append(s)
    parents: dict[int, set[int]] = {}
    for t, sources in by_target.items():
        farther: set[int] = set()
        for a in sources:
            for b in sources:
                if a == b or (a, b) not in copies:
                    continue
                closer = _closer(copies[(a, t)], copies[(b, t)], options)
                if closer == "a":
                    farther.add(b)
                elif closer == "b":
                    farther.add(a)
                elif closer == "both":
                    continue
        kept = set(sources) - farther
        parents[t] = kept or set(sources)
    while (cycle := _find_cycle(parents)) is not None:
        weakest = min(cycle, key=lambda e: (copies[e].signal_strength, copies[e].matched(), e))
        parents[weakest[1]].discard(weakest[0])
    return parents


def _path_up(parents: dict[int, set[int]], target: int, source: int) -> list[int] | None:
    """Articles strictly between ``source`` and ``target`` along parent links (source side first)."""
    back: dict[int, int] = {target: target}
    queue = deque([target])
    while queue:
        node = queue.popleft()
        for p in sorted(parents.get(node, ())):
            if p in back:
                continue
            back[p] = node
            if p == source:
                chain = []
                cur = back[p]
                while cur != target:
                    chain.append(cur)
                    cur = back[cur]
                return chain
            queue.append(p)
    return None


def _ancestors(parents: dict[int, set[int]], node: int) -> set[int]:
    seen: set[int] = set()
    stack = [node]
    while stack:
        for p in parents.get(stack.pop(), ()):
            if p not in seen:
                seen.add(p)
                stack.append(p)
    return seen


def _components(pairs: list[tuple[int, int]]) -> dict[int, int]:
    groups: UnionFind[int] = UnionFind()
    for a, b in pairs:
        groups.join(a, b)
    items = groups.members()
    number = {r: k for k, r in enumerate(sorted({groups.find(x) for x in items}))}
    return {x: number[groups.find(x)] for x in items}


def build_lineage(results: list[PairResult], options: ReuseOptions) -> list[dict]:
    """Lineage entries for the copy pairs of a run (see the module docstring for the shape)."""
    copies = {(r.source.index, r.target.index): r for r in results if r.is_copy}
    if not copies:
        return []
    ids = {r.source.index: r.source.article.id for r in results}
    ids.update({r.target.index: r.target.article.id for r in results})
    parents = _closest_sources(copies, options)
    component = _components(list(copies))
    entries: list[dict] = []
    for (s, t), r in sorted(copies.items(), key=lambda kv: (component[kv[0][0]], kv[0][1], kv[0][0])):
        via = [] if s in parents.get(t, ()) else _path_up(parents, t, s)
        if via is None:
            common = sorted(_ancestors(parents, s) & _ancestors(parents, t))
            r.reuse.evidence["lineage"] = {
                "relation": "sibling",
                "common_sources": [ids[c] for c in common],
            }
            continue
        via_ids = [ids[v] for v in via]
        r.reuse.evidence["lineage"] = {"relation": "direct"} if not via else {"relation": "indirect", "via": via_ids}
        entries.append(
            {
                "component": component[s],
                "source": r.source.article.id,
                "target": r.target.article.id,
                "attributed": r.reuse.attributed,
                "via": via_ids,
                "direct": not via,
                "signal": r.reuse.evidence.get("direction"),
            }
        )
    entries.sort(key=lambda e: (e["component"], not e["direct"], len(e["via"])))
    return entries

