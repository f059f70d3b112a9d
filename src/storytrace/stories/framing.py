"""Framing: the words each outlet uses for the same actors and events in one story.

Two sources of evidence, both pairing a term of one article with the term
another article uses *in the same place*:

* **edits between copies** (:class:`~storytrace.models.Edits`): a replacement
  that is a label swap ("jihadist" -> "terrorist"), or a short replacement
  where either side is a label of the lexicon ("militia" -> "armed gang");
* **aligned sentences of independent articles**: two sentences from different
  outlets, not copies of each other, that read alike (rapidfuzz ratio of
  their word sequences >= ``framing_sentence_similarity``) except for one
  short differing slot ("... attacks by *Iran-backed sectarian* militias ..."
  / "... attacks by *Shiite* militias ..."). A slot counts when it is a label
  swap, or a modifier of a shared head noun; slots with digits (different
  facts), only function words, or mere spelling variants are not framing.

**Concepts.** A pairing is filed under the label family both terms share in
the lexicon (``reuse/labels.txt``: ``armed-group``, ``government``,
``unrest``, ...), else under the shared head noun that follows the slot
(``militias``), else under the first term. Within a concept, ``terms`` maps
each outlet (its id when it has none) to its terms in the order first seen;
``evidence`` records every pairing with the two articles and where it was
seen, so a reader can check it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from rapidfuzz import fuzz, process

from storytrace._unionfind import UnionFind
from storytrace.models import Article, Edits, Reuse
from storytrace.reuse.edits import Lexicon, is_label_swap, load_labels
from storytrace.reuse.tokens import spelling_key
from storytrace.stories.coverage import outlet_of
from storytrace.stories.records import Framing
from storytrace.stories.summary import split_sentences
from storytrace.textnorm import normal_word

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019\-]*")
_FUNCTION = frozenset(
    "a an the of and or to in on at for by with from as that its their his her our is was were are be been "
    "has have had this these those it he she they who which".split()
)
#: Longest term (in words) taken as a framing choice; longer replacements are rewrites, not word choice.
MAX_TERM_WORDS = 4


def _keys(text: str) -> list[str]:
    return [spelling_key(normal_word(w)) for w in _WORD.findall(text)]


def _lemma(key: str, lexicon: Lexicon) -> tuple[str, ...] | None:
    for cand in (key, key[:-3] + "y" if key.endswith("ies") else "", key[:-3] + "man" if key.endswith("men") else "",
                 key[:-2] if key.endswith(("es", "ed")) else "", key[:-1] if key.endswith(("s", "d")) else ""):
        if cand and (cand,) in lexicon:
            return (cand,)
    return None


def label_families(text: str, lexicon: Lexicon) -> set[str]:
    """The lexicon families of the labels in ``text`` ("jihadists and insurgents" -> {"armed-group", ...})."""
    keys = _keys(text)
    found: set[str] = set()
    for n in (2, 3):
        for i in range(len(keys) - n + 1):
            found |= lexicon.get(tuple(keys[i : i + n]), frozenset())
    for k in keys:
        if lemma := _lemma(k, lexicon):
            found |= lexicon[lemma]
    return found


def concept_name(old: str, new: str, lexicon: Lexicon, head: str | None = None) -> str:
    """The concept two competing terms name: a shared label family, else the head noun, else the first term."""
    shared = label_families(old, lexicon) & label_families(new, lexicon)
    if shared:
        return sorted(shared)[0]
    either = label_families(old, lexicon) | label_families(new, lexicon)
    if head:
        return head.lower()
    if either:
        return sorted(either)[0]
    return old.lower()


class _Table:
    """Concept -> outlet -> terms, with evidence, in first-seen order."""

    def __init__(self) -> None:
        self.terms: dict[str, dict[str, list[str]]] = {}
        self.evidence: dict[str, list[dict]] = {}

    def add(self, concept: str, pairs: Iterable[tuple[str, str]], evidence: dict) -> None:
        table = self.terms.setdefault(concept, {})
        for outlet, term in pairs:
            listed = table.setdefault(outlet, [])
            if term.lower() not in {t.lower() for t in listed}:
                listed.append(term)
        self.evidence.setdefault(concept, []).append(evidence)

    def framings(self) -> list[Framing]:
        out = [Framing(c, self.terms[c], self.evidence[c]) for c in self.terms]
        # Concepts where outlets differ most come first.
        return sorted(out, key=lambda f: (-len(f.evidence), f.concept))


def _is_framing_slot(old: str, new: str, lexicon: Lexicon) -> bool:
    """Whether two differing phrases are a word choice rather than a different fact or a spelling."""
    if not old or not new or any(ch.isdigit() for ch in old + new):
        return False
    ok, nk = _keys(old), _keys(new)
    if not ok or not nk or len(ok) > MAX_TERM_WORDS or len(nk) > MAX_TERM_WORDS:
        return False
    if all(k in _FUNCTION for k in ok) or all(k in _FUNCTION for k in nk) or ok == nk:
        return False
    if fuzz.ratio(" ".join(ok), " ".join(nk)) >= 80:
        return False  # spelling variants, not word choice
    return True


def from_edits(edits: list[Edits], articles: dict[str, Article], lexicon: Lexicon, table: _Table) -> None:
    """File the label swaps (and short replacements of a label) between copies in the story."""
    for pair in edits:
        if pair.source not in articles or pair.target not in articles:
            continue
        src, tgt = articles[pair.source], articles[pair.target]
        for op in pair.ops:
            if op.op != "replace":
                continue
            labelled = label_families(op.from_, lexicon) or label_families(op.to, lexicon)
            if not (op.label_swap or (labelled and _is_framing_slot(op.from_, op.to, lexicon))):
                continue
            concept = concept_name(op.from_, op.to, lexicon)
            table.add(
                concept,
                [(outlet_of(src), op.from_), (outlet_of(tgt), op.to)],
                {"kind": "edit", "source": src.id, "target": tgt.id, "from": op.from_, "to": op.to,
                 "source_start": op.source_start, "target_start": op.target_start, "label_swap": op.label_swap},
            )


def _slot(a_words: list[str], b_words: list[str]) -> tuple[tuple[int, int, int, int], list[str]] | None:
    """The one differing slot of two word sequences that otherwise match, and the words after it."""
    matcher = SequenceMatcher(None, [w.lower() for w in a_words], [w.lower() for w in b_words], autojunk=False)
    diffs = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    if len(diffs) != 1 or diffs[0][0] != "replace":
        return None
    _, a1, a2, b1, b2 = diffs[0]
    return (a1, a2, b1, b2), a_words[a2 : a2 + 1]


def story_sentences(story_ids: list[str], articles: dict[str, Article], limit: int) -> list[tuple[str, str, list[str]]]:
    """``(article id, sentence, words)`` for the story's sentences of 8 to 80 words, at most ``limit``."""
    sents: list[tuple[str, str, list[str]]] = []
    for article_id in story_ids:
        article = articles[article_id]
        for s, e in split_sentences(article.text):
            words = _WORD.findall(article.text[s:e])
            if 8 <= len(words) <= 80:
                sents.append((article_id, " ".join(article.text[s:e].split()), words))
        if len(sents) >= limit:
            break
    return sents[:limit]


def from_aligned_sentences(
    story_ids: list[str],
    articles: dict[str, Article],
    copies: CopyGroups,
    lexicon: Lexicon,
    table: _Table,
    *,
    min_similarity: float = 75.0,
    max_sentences: int = 3000,
) -> None:
    """File word choices found in closely matching sentences of independent articles of different outlets."""
    sents = story_sentences(story_ids, articles, max_sentences)
    if len(sents) < 2:
        return
    keyed = [" ".join(w.lower() for w in words) for _, _, words in sents]
    scores = process.cdist(keyed, keyed, scorer=fuzz.ratio, score_cutoff=min_similarity, workers=1)
    seen: set[tuple[str, str, str, str]] = set()
    for i, j in zip(*scores.nonzero()):
        if i >= j:
            continue
        a_id, a_text, a_words = sents[i]
        b_id, b_text, b_words = sents[j]
        a, b = articles[a_id], articles[b_id]
        if a_id == b_id or outlet_of(a) == outlet_of(b) or frozenset((a_id, b_id)) in copies:
            continue
        found = _slot(a_words, b_words)
        if found is None:
            continue
        (a1, a2, b1, b2), after = found
        old, new = " ".join(a_words[a1:a2]), " ".join(b_words[b1:b2])
        if not _is_framing_slot(old, new, lexicon):
            continue
        swap = is_label_swap(_keys(old), _keys(new), lexicon)
        head = after[0] if after and after[0].lower() not in _FUNCTION and after[0][:1].islower() else None
        if not swap and head is None:
            continue  # a different verb or object, not two names for one thing
        key = (outlet_of(a), old.lower(), outlet_of(b), new.lower())
        if key in seen:
            continue
        seen.add(key)
        table.add(
            concept_name(old, new, lexicon, None if swap else head),
            [(outlet_of(a), old), (outlet_of(b), new)],
            {"kind": "aligned-sentences", "source": a_id, "target": b_id, "from": old, "to": new,
             "source_sentence": a_text, "target_sentence": b_text, "label_swap": swap},
        )


#: Default verbs of reporting: the neutral choice, too common in paraphrases to pair on their own.
_NEUTRAL_LABELS = frozenset({"say", "said", "says"})


@dataclass(frozen=True, slots=True)
class _Label:
    """One lexicon label in a sentence: its surface text and the content words around it."""

    text: str
    context: frozenset[str]


#: Content words on each side of a label that say what it names ("leader *Kim Jong Un*").
CONTEXT_WORDS = 4


def _context(keys: list[str], start: int, end: int) -> frozenset[str]:
    """Up to ``CONTEXT_WORDS`` content words before ``start`` and after ``end`` (function words skipped)."""
    before = [k for k in reversed(keys[:start]) if k not in _FUNCTION][:CONTEXT_WORDS]
    after = [k for k in keys[end:] if k not in _FUNCTION][:CONTEXT_WORDS]
    return frozenset(before + after)


def _labels_in(words: list[str], lexicon: Lexicon) -> dict[str, dict[str, _Label]]:
    """Family -> {label key: the label} for the lexicon labels in a sentence's words."""
    keys = [spelling_key(normal_word(w)) for w in words]
    found: dict[str, dict[str, _Label]] = {}
    for n in (3, 2):
        for i in range(len(keys) - n + 1):
            entry = tuple(keys[i : i + n])
            for family in lexicon.get(entry, ()):
                label = _Label(" ".join(words[i : i + n]), _context(keys, i, i + n))
                found.setdefault(family, {})["-".join(entry)] = label
    for i, k in enumerate(keys):
        if k in _NEUTRAL_LABELS or (lemma := _lemma(k, lexicon)) is None:
            continue
        for family in lexicon[lemma]:
            found.setdefault(family, {}).setdefault(lemma[0], _Label(words[i], _context(keys, i, i + 1)))
    return found


def _same_referent(a: dict[str, _Label], b: dict[str, _Label]) -> tuple[_Label, _Label] | None:
    """The two labels, one of each sentence, that name the same thing: the pair sharing most context words.

    Two paraphrases can use one family's labels for different people ("North Korean *leader* Kim" /
    "*President* Donald Trump's nominee ... *dictator* Kim"); a label pairs only with one whose
    neighbouring words it shares, and of several, the one sharing most.
    """
    best, shared = None, 0
    for la in a.values():
        for lb in b.values():
            n = len(la.context & lb.context)
            if n > shared:
                best, shared = (la, lb), n
    return best


def from_paraphrases(
    sents: list[tuple[str, str, list[str]]],
    articles: dict[str, Article],
    copies: CopyGroups,
    lexicon: Lexicon,
    table: _Table,
    *,
    min_cosine: float = 0.4,
) -> None:
    """File label choices in sentences of independent outlets that say the same thing in other words.

    Two sentences pair when their weighted word vectors are at least ``min_cosine``
    similar; a family of labels used in both, with no label in common ("militants" /
    "terrorists"), is a word choice for that family's concept when a label of each shares
    content words around it (:func:`_same_referent`), a sign that both name the same thing.
    """
    from storytrace.stories.summary import _matrix, terms

    labelled = [(i, found) for i, (_, _, words) in enumerate(sents) if (found := _labels_in(words, lexicon))]
    if len(labelled) < 2:
        return
    m = _matrix([terms(sents[i][1]) for i, _ in labelled])
    sims = (m @ m.T).toarray()
    # Pairs above the bar from two outlets and two groups of copies, found with numpy: a story of
    # many copies holds millions of similar pairs, nearly all between copies.
    outlet_ids: dict[str, int] = {}
    outlets = np.array([outlet_ids.setdefault(outlet_of(articles[sents[i][0]]), len(outlet_ids)) for i, _ in labelled])
    group_ids: dict[str, int] = {}
    groups = np.array([group_ids.setdefault(copies.group(sents[i][0]), len(group_ids)) for i, _ in labelled])
    keep = (sims >= min_cosine) & (outlets[:, None] != outlets[None, :]) & (groups[:, None] != groups[None, :])
    for x, y in zip(*np.nonzero(np.triu(keep, k=1))):
        (i, fa), (j, fb) = labelled[x], labelled[y]
        a_id, a_text, _ = sents[i]
        b_id, b_text, _ = sents[j]
        a, b = articles[a_id], articles[b_id]
        for family in sorted(set(fa) & set(fb)):
            if set(fa[family]) & set(fb[family]):
                continue  # a label in common: no contrast
            if (referent := _same_referent(fa[family], fb[family])) is None:
                continue  # nothing around the two labels in common: no sign they name one thing
            old, new = referent[0].text, referent[1].text
            table.add(
                family,
                [(outlet_of(a), old), (outlet_of(b), new)],
                {"kind": "paraphrase", "source": a_id, "target": b_id, "from": old, "to": new,
                 "source_sentence": a_text, "target_sentence": b_text, "similarity": round(float(sims[x, y]), 3)},
            )


class CopyGroups:
    """Articles tied by copying: a copy, its source and their other copies are not independent.

    Reuse aligns each article with its closest partners only (a wire story on hundreds of sites),
    so two copies of one source need not be a listed pair; ``frozenset((a, b)) in groups`` asks
    whether ``a`` and ``b`` are in one group of copies, however they are linked.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._groups: UnionFind[str] = UnionFind()
        for a, b in pairs:
            self._groups.join(a, b)
        self._copied = frozenset(self._groups.members())

    def group(self, article_id: str) -> str:
        """The id that names ``article_id``'s group of copies (itself when it has no copy)."""
        return self._groups.find(article_id) if article_id in self._copied else article_id

    def __contains__(self, pair: object) -> bool:
        if not isinstance(pair, frozenset) or len(pair) != 2:
            return False
        a, b = tuple(pair)
        return a in self._copied and b in self._copied and self._groups.find(a) == self._groups.find(b)


def describe_framing(
    story_ids: list[str],
    articles: dict[str, Article],
    *,
    edits: list[Edits],
    reuse: list[Reuse],
    labels_path: str | None = None,
    min_similarity: float = 75.0,
    min_cosine: float = 0.4,
    max_sentences: int = 3000,
) -> list[Framing]:
    """The framing table of one story: per concept, each outlet's terms, with evidence.

    Args:
        story_ids: the story's article ids.
        articles: every article of the run by id.
        edits: word edits between copies (only pairs inside the story are used).
        reuse: reuse pairs; copies are excluded from sentence alignment (their edits already say it).
        labels_path: a label lexicon file; None uses the packaged one.
        min_similarity: rapidfuzz ratio (0-100) two sentences need to be aligned word by word.
        min_cosine: weighted-word cosine two sentences need to count as paraphrases (label families only).
        max_sentences: sentences compared per story at most (the comparison is quadratic).
    """
    members = [a for a in story_ids if a in articles]
    inside = set(members)
    lexicon = load_labels(labels_path)
    table = _Table()
    from_edits([e for e in edits if e.source in inside and e.target in inside], articles, lexicon, table)
    copies = CopyGroups([(r.source, r.target) for r in reuse if r.kind == "copy"]
                        + [(e.source, e.target) for e in edits])
    from_aligned_sentences(members, articles, copies, lexicon, table,
                           min_similarity=min_similarity, max_sentences=max_sentences)
    from_paraphrases(story_sentences(members, articles, max_sentences), articles, copies, lexicon, table,
                     min_cosine=min_cosine)
    return table.framings()


__all__ = ["MAX_TERM_WORDS", "CopyGroups", "concept_name", "describe_framing", "label_families"]
