"""A text run by many outlets: each copy is aligned with its closest partners only, and lineage still holds."""

from __future__ import annotations

from reuse_helpers import article, paragraphs
from storytrace.dedup import find_duplicates
from storytrace.reuse import find_reuse
from storytrace.reuse.candidates import closest_pairs
from storytrace.reuse.tokens import make_docs
from storytrace.settings import DedupOptions, ReuseOptions

PARAS = paragraphs(6, seed=77, per=3)


def _own_touch(paras: list[str], k: int) -> str:
    """A copy with one word of its own in the last paragraph (each site's small change: near, not exact)."""
    last = paras[-1].split()
    # A word of its own at a place of its own (letters: tokens fold digits together).
    last[k % len(last)] = "quill" + "".join("abcdefghij"[int(d)] for d in str(k))
    return "\n\n".join([*paras[:-1], " ".join(last)])


def _wire_story(copies: int, edited: int):
    """The original, ``copies`` copies of it, one edited version and ``edited`` copies of that one."""
    changed = [p.replace(p.split()[4], "zanzibar", 1) if i == 2 else p for i, p in enumerate(PARAS)]
    out = [article("orig", "\n\n".join(PARAS), outlet="Wire", published="2025-03-01T08:00:00+00:00")]
    out += [article(f"v{k:02d}", _own_touch(PARAS, k), outlet=f"Site {k}", published="2025-03-01T12:00:00+00:00")
            for k in range(copies)]
    out.append(article("edit", "\n\n".join(changed), outlet="Desk", published="2025-03-01T10:00:00+00:00"))
    out += [article(f"e{k:02d}", _own_touch(changed, 100 + k), outlet=f"Page {k}",
                    published="2025-03-01T14:00:00+00:00") for k in range(edited)]
    return out


def test_closest_pairs_keeps_each_articles_strongest_partners_earlier_first_on_ties():
    docs = make_docs(_wire_story(4, 0))  # orig, v00..v03
    strength = {(a, b): 1.0 for a in range(5) for b in range(a + 1, 5)}
    strength[(3, 4)] = 2.0
    kept = closest_pairs(strength, docs, 2)
    # Every copy keeps the original (earliest on a tie) and its strongest partner; v00-v01 (tied, later) go.
    assert {(0, 1), (0, 2), (0, 3), (0, 4), (3, 4)} <= kept
    assert (1, 2) in kept  # v00's second choice among tied later copies: the earlier index
    assert len(kept) < len(strength)
    assert closest_pairs(strength, docs, 0) == set(strength)  # 0: every pair
    assert closest_pairs(strength, docs, 4) == set(strength)  # nobody has more than 4 partners


def _direct_parents(lineage: list[dict]) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    for entry in lineage:
        if entry["direct"]:
            parents.setdefault(entry["target"], set()).add(entry["source"])
    return parents


def test_a_widely_syndicated_text_is_aligned_linearly_with_the_lineage_of_aligning_every_pair():
    articles = _wire_story(copies=30, edited=20)
    duplicates = find_duplicates(articles, DedupOptions(max_near_partners=0))
    assert len(duplicates) == 52 * 51 // 2  # every pair of the 52 near-copies
    everything, _, full = find_reuse(articles, duplicates, ReuseOptions(max_partners=0))
    # Bounded on both sides: each copy lists its closest near duplicates and is aligned with its closest partners.
    closest = find_duplicates(articles, DedupOptions(max_near_partners=6))
    assert len(closest) <= 6 * len(articles)
    bounded, _, lineage = find_reuse(articles, closest, ReuseOptions(max_partners=6))
    assert len(everything) == 52 * 51 // 2
    assert len(bounded) <= 6 * len(articles)
    parents, parents_full = _direct_parents(lineage), _direct_parents(full)
    assert parents["edit"] == parents_full["edit"] == {"orig"}
    copies = [f"v{k:02d}" for k in range(30)]
    assert [parents[c] for c in copies] == [parents_full[c] for c in copies]
    assert sum(parents[c] == {"orig"} for c in copies) >= 28  # the original, not a sibling
    edited_branch = {"edit"} | {f"e{k:02d}" for k in range(20)}
    for k in range(20):  # a copy carrying the desk's edit comes from the edited version or a copy of it
        assert parents[f"e{k:02d}"] and parents[f"e{k:02d}"] <= edited_branch
