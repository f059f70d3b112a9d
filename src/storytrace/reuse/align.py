"""Local word-level alignment of the passages two articles share.

Alignment starts from the seeds :mod:`~storytrace.reuse.candidates` found
(positions of shared rare n-grams) and works on word ids, so typography
(quotes, ``U.S.``/``US``, hyphens, British spellings) never breaks a match.

1. **Runs**: seeds on one diagonal whose n-grams touch or overlap are one
   exact run of matching words.
2. **Chains**: runs in order on both sides join into one passage when the gap
   between them is small on both sides (``max_gap`` words: a replaced phrase, a
   deleted clause) or when one side only adds whole paragraphs
   (``max_paragraph_gap``: a dropped photo caption or aside).
3. **Gaps** between the runs of a chain are aligned with rapidfuzz's
   ``Indel.opcodes`` (a longest-common-subsequence alignment of word ids), so
   the runs anchor the alignment and a stray "the" cannot pull it astray.
4. **Extension**: each chain is extended outward past its first and last run
   with an X-drop walk (matched word +1, inserted or deleted word -1, stop when
   the score drops ``extend_xdrop`` below its best, keep the best end). This
   picks up a passage's first or last words when a substitution sits within
   ``ngram`` words of its edge (where passim's n-gram seeds stop short).

Passages with fewer than ``min_passage_words`` matched words are dropped.
The result, :class:`Aligned`, keeps the word alignment (the edit stage reads
it) and turns into a :class:`~storytrace.models.Passage` with character
offsets into both articles' clean text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz.distance import Indel

from storytrace.models import Passage
from storytrace.reuse.tokens import Doc
from storytrace.settings import ReuseOptions

#: One alignment block in word indexes: (tag, a_start, a_end, b_start, b_end); tag is
#: ``equal``, ``delete`` (words only in a), ``insert`` (only in b) or ``replace``.
Block = tuple[str, int, int, int, int]

_FLIP = {"equal": "equal", "delete": "insert", "insert": "delete", "replace": "replace"}


@dataclass(slots=True, eq=False)
class Aligned:
    """One shared passage: a word alignment from doc ``a`` to doc ``b``."""

    a: Doc
    b: Doc
    blocks: list[Block]

    @property
    def a_start(self) -> int:
        return self.blocks[0][1]

    @property
    def a_end(self) -> int:
        return self.blocks[-1][2]

    @property
    def b_start(self) -> int:
        return self.blocks[0][3]

    @property
    def b_end(self) -> int:
        return self.blocks[-1][4]

    @property
    def matched(self) -> int:
        return sum(a2 - a1 for tag, a1, a2, _, _ in self.blocks if tag == "equal")

    @property
    def score(self) -> float:
        """Share of the passage's words (both sides) that match: 1.0 for a verbatim copy."""
        total = (self.a_end - self.a_start) + (self.b_end - self.b_start)
        return 2 * self.matched / total if total else 0.0

    def flipped(self) -> Aligned:
        """The same alignment read from ``b`` to ``a``."""
        return Aligned(self.b, self.a, [(_FLIP[t], b1, b2, a1, a2) for t, a1, a2, b1, b2 in self.blocks])

    def passage(self) -> Passage:
        """The record: character offsets into ``a`` (source) and ``b`` (target) clean text."""
        s0, s1 = self.a.char_span(self.a_start, self.a_end)
        t0, t1 = self.b.char_span(self.b_start, self.b_end)
        return Passage(s0, s1, t0, t1, self.a.text[s0:s1], self.b.text[t0:t1], round(self.score, 4))


def seed_runs(seeds_a: np.ndarray, seeds_b: np.ndarray, n: int) -> list[tuple[int, int, int]]:
    """Exact runs ``(a_start, b_start, length)`` from n-gram seeds, ordered by position in ``a``."""
    if len(seeds_a) == 0:
        return []
    seeds_a = np.asarray(seeds_a, dtype=np.int64)
    diag = np.asarray(seeds_b, dtype=np.int64) - seeds_a
    order = np.lexsort((seeds_a, diag))
    a, d = seeds_a[order], diag[order]
    new = np.ones(len(a), dtype=bool)
    new[1:] = (d[1:] != d[:-1]) | (a[1:] - a[:-1] > n)
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], len(a))
    a0 = a[starts]
    length = a[ends - 1] + n - a0
    b0 = a0 + d[starts]
    runs = sorted(zip(a0.tolist(), b0.tolist(), length.tolist()))
    return runs


def _bridgeable(doc_a: Doc, doc_b: Doc, ea: int, sa: int, eb: int, sb: int, options: ReuseOptions) -> bool:
    """Whether words ``[ea, sa)`` of a and ``[eb, sb)`` of b can sit inside one passage."""
    ga, gb = sa - ea, sb - eb
    if ga <= options.max_gap and gb <= options.max_gap:
        return True
    small = max(2, options.max_gap // 4)
    if gb <= small and ga <= options.max_paragraph_gap:
        return doc_a.paragraph_break_before(ea) and doc_a.paragraph_break_before(sa)
    if ga <= small and gb <= options.max_paragraph_gap:
        return doc_b.paragraph_break_before(eb) and doc_b.paragraph_break_before(sb)
    return False


def chain_runs(runs: list[tuple[int, int, int]], doc_a: Doc, doc_b: Doc, options: ReuseOptions) -> list[list[tuple[int, int, int]]]:
    """Group runs (ordered by ``a``) into chains monotone on both sides, each a passage candidate.

    A run joins the open chain it follows with the smallest bridgeable gap; a run
    overlapping a chain's end (a repeated phrase) is trimmed to start after it.
    """
    chains: list[list[tuple[int, int, int]]] = []
    open_chains: list[list[tuple[int, int, int]]] = []
    reach = max(options.max_gap, options.max_paragraph_gap)
    for a0, b0, length in runs:
        open_chains = [c for c in open_chains if c[-1][0] + c[-1][2] + reach >= a0]
        best: list[tuple[int, int, int]] | None = None
        best_cost = None
        best_trim = 0
        covered = False
        for chain in open_chains:
            la, lb, ll = chain[-1]
            if a0 < la or b0 < lb:
                continue
            ea, eb = la + ll, lb + ll
            trim = max(0, ea - a0, eb - b0)
            if trim >= length:
                covered = covered or (a0 - la == b0 - lb)
                continue
            sa, sb = a0 + trim, b0 + trim
            if not _bridgeable(doc_a, doc_b, ea, sa, eb, sb, options):
                continue
            cost = max(sa - ea, sb - eb)
            if best_cost is None or cost < best_cost:
                best, best_cost, best_trim = chain, cost, trim
        if best is not None:
            best.append((a0 + best_trim, b0 + best_trim, length - best_trim))
        elif not covered:
            chain = [(a0, b0, length)]
            chains.append(chain)
            open_chains.append(chain)
    return chains


def _gap_blocks(ids_a: list[int], ids_b: list[int], ea: int, sa: int, eb: int, sb: int) -> list[Block]:
    """Alignment of the words between two runs."""
    if sa == ea and sb == eb:
        return []
    if sa == ea:
        return [("insert", ea, ea, eb, sb)]
    if sb == eb:
        return [("delete", ea, sa, eb, eb)]
    blocks: list[Block] = []
    for tag, i1, i2, j1, j2 in Indel.opcodes(ids_a[ea:sa], ids_b[eb:sb]):
        blocks.append((tag, ea + i1, ea + i2, eb + j1, eb + j2))
    return blocks


#: An extension must gain at least this score: one stray matching word ("Maliki" after
#: two different quotes end) does not extend a passage.
_MIN_GAIN = 2


def _walk(opcodes, xdrop: int) -> tuple[int, int, int]:
    """Best-scoring prefix of an alignment: (number of opcodes kept, words of a, words of b)."""
    score = best = 0
    keep = (0, 0, 0)
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            score += i2 - i1
            if score > best:
                best = score
                if best >= _MIN_GAIN:
                    keep = (k + 1, i2, j2)
        else:
            score -= (i2 - i1) + (j2 - j1)
            if score < best - xdrop:
                break
    return keep


def _extend_right(ids_a: list[int], ids_b: list[int], ea: int, eb: int, options: ReuseOptions) -> list[Block]:
    blocks: list[Block] = []
    window = options.extend_window
    while True:
        wa, wb = ids_a[ea : ea + window], ids_b[eb : eb + window]
        if not wa or not wb:
            return blocks
        ops = [tuple(op) for op in Indel.opcodes(wa, wb)]
        kept, da, db = _walk(ops, options.extend_xdrop)
        if not kept:
            return blocks
        blocks.extend((t, ea + i1, ea + i2, eb + j1, eb + j2) for t, i1, i2, j1, j2 in ops[:kept])
        ea, eb = ea + da, eb + db
        if da < len(wa) and db < len(wb):
            return blocks


def _extend_left(ids_a: list[int], ids_b: list[int], sa: int, sb: int, options: ReuseOptions) -> list[Block]:
    """Blocks before ``(sa, sb)``, in text order."""
    blocks: list[Block] = []
    window = options.extend_window
    while True:
        wa = ids_a[max(0, sa - window) : sa][::-1]
        wb = ids_b[max(0, sb - window) : sb][::-1]
        if not wa or not wb:
            break
        ops = [tuple(op) for op in Indel.opcodes(wa, wb)]
        kept, da, db = _walk(ops, options.extend_xdrop)
        if not kept:
            break
        # Reversed coordinates: word k back from the anchor is at sa - 1 - k.
        blocks.extend((t, sa - i2, sa - i1, sb - j2, sb - j1) for t, i1, i2, j1, j2 in ops[:kept])
        sa, sb = sa - da, sb - db
        if da < len(wa) and db < len(wb):
            break
    blocks.reverse()
    return blocks


def _merge_blocks(blocks: list[Block]) -> list[Block]:
    """Adjacent blocks of one tag become one; empty blocks go."""
    out: list[Block] = []
    for block in blocks:
        tag, a1, a2, b1, b2 = block
        if a1 == a2 and b1 == b2:
            continue
        if out and out[-1][0] == tag and out[-1][2] == a1 and out[-1][4] == b1:
            out[-1] = (tag, out[-1][1], a2, out[-1][3], b2)
        else:
            out.append(block)
    return out


def chain_alignment(chain: list[tuple[int, int, int]], doc_a: Doc, doc_b: Doc, options: ReuseOptions) -> Aligned:
    """The word alignment of one chain, gaps aligned and both ends extended."""
    ids_a, ids_b = doc_a.ids, doc_b.ids
    a0, b0, _ = chain[0]
    blocks: list[Block] = _extend_left(ids_a, ids_b, a0, b0, options)
    prev_end: tuple[int, int] | None = None
    for a0, b0, length in chain:
        if prev_end is not None:
            blocks.extend(_gap_blocks(ids_a, ids_b, prev_end[0], a0, prev_end[1], b0))
        blocks.append(("equal", a0, a0 + length, b0, b0 + length))
        prev_end = (a0 + length, b0 + length)
    assert prev_end is not None
    blocks.extend(_extend_right(ids_a, ids_b, prev_end[0], prev_end[1], options))
    return Aligned(doc_a, doc_b, _merge_blocks(blocks))


def _cut_before(aligned: Aligned, a_min: int, b_min: int) -> Aligned | None:
    """The part of ``aligned`` from the first equal word at or after ``(a_min, b_min)``."""
    blocks = aligned.blocks
    for k, (tag, a1, a2, b1, b2) in enumerate(blocks):
        if tag != "equal":
            continue
        skip = max(0, a_min - a1, b_min - b1)
        if skip < a2 - a1:
            first = ("equal", a1 + skip, a2, b1 + skip, b2)
            return Aligned(aligned.a, aligned.b, [first, *blocks[k + 1 :]])
    return None


def align_pair(doc_a: Doc, doc_b: Doc, seeds_a: np.ndarray, seeds_b: np.ndarray, options: ReuseOptions) -> list[Aligned]:
    """The passages ``doc_a`` and ``doc_b`` share, ordered by position in ``doc_a``.

    Args:
        doc_a, doc_b: the two articles' word sequences.
        seeds_a, seeds_b: word positions of their shared n-grams (same length).
        options: ``ngram``, ``max_gap``, ``max_paragraph_gap``, ``extend_window``,
            ``extend_xdrop``, ``min_passage_words``.
    """
    runs = seed_runs(seeds_a, seeds_b, options.ngram)
    chains = chain_runs(runs, doc_a, doc_b, options)
    passages = [chain_alignment(chain, doc_a, doc_b, options) for chain in chains]
    passages.sort(key=lambda p: (p.a_start, p.b_start))
    kept: list[Aligned] = []
    for passage in passages:
        trimmed = _after(passage, kept)
        if trimmed is not None and trimmed.matched >= options.min_passage_words:
            if not any(_inside(trimmed, p) for p in kept):
                kept.append(trimmed)
    return kept


def _after(passage: Aligned, kept: list[Aligned]) -> Aligned | None:
    """``passage`` without what it shares with earlier passages (extension can run one into the next)."""
    for prev in kept:
        if passage.a_start < prev.a_end and passage.b_start < prev.b_end and passage.a_end > prev.a_end:
            cut = _cut_before(passage, prev.a_end, prev.b_end)
            if cut is None:
                return None
            passage = cut
    return passage


def _inside(p: Aligned, q: Aligned) -> bool:
    """Whether ``p`` lies within ``q`` on both sides."""
    return q.a_start <= p.a_start and p.a_end <= q.a_end and q.b_start <= p.b_start and p.b_end <= q.b_end
