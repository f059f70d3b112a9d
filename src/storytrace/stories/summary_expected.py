"""Which words a neutral roundup of the story will use, and a choice of sentences that says them.

The sentence scorer (:mod:`storytrace.stories.summary`) ranks sentences; it does not know
how long the roundup will be, nor which of a sentence's words the roundup would repeat.
Here each word (stem) and each pair of adjacent words of the story is a *unit* with a
predicted count in the roundup:

* :func:`unit_table` describes every unit from the story alone: how many articles and
  headlines carry it, how often and how early it appears, the best score of a sentence
  holding it, its wordfreq frequency, whether it is a stop word, a number or capitalised,
  and what the training roundups did with it (:class:`Lexicon`: of the stories that offered
  this word or word pair, the smoothed share whose neutral roundup kept it; editors keep
  "president" and drop "Mr." whatever the story);
* :class:`UnitModel` (an additive logistic model over binned features, one per count
  1, 2, 3+; weights in :data:`WEIGHTS_FILE`, fitted on NeuS train by
  ``evaluation/summary_eval.py --tune``, label: the unit's count in the neutral roundup)
  turns that into ``P(count >= k)``, hence the expected number of matches a summary
  holding the unit ``c`` times gets: ``sum_{k<=c} P(count >= k)``;
* a linear model predicts the roundup's length (in words) from the story's size;
* the summariser (``storytrace.stories.summary._expected_pick``) then picks sentences
  greedily to maximise the expected ROUGE-1 plus
  ROUGE-2 F of title plus body, ``2 E[matches] / (summary length + roundup length)``,
  blended with the sentence score; it stops when no sentence raises it. Each candidate
  comes in its full form and in shortened forms (:mod:`storytrace.stories.summary_compress`),
  so a sentence can enter without the aside the roundup would not keep.

Words are lower-cased runs of letters and digits, stems as :func:`storytrace.stories.summary_text.stem`
(the same tokens for the features, the labels and the choice). Nothing is downloaded.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np
from scipy import sparse
from wordfreq import zipf_frequency

from storytrace.stories.summary_text import STOP, stem

#: The fitted models, shipped with the package (plain JSON).
WEIGHTS_FILE = Path(__file__).with_name("summary_expected.json")

#: Counts the unit model tells apart (1, 2, 3 or more).
MAX_COUNT = 3

#: The :class:`Lexicon` columns, which end each unit's row.
UNIGRAM_LEXICON_FEATURES = ("lexicon_keep", "lexicon_seen")
BIGRAM_LEXICON_FEATURES = ("lexicon_keep", "lexicon_word_keep_min", "lexicon_word_keep_max", "lexicon_seen")
UNIGRAM_FEATURES = (
    "stop", "zipf", "digit", "stem_length", "article_share", "articles", "headline_share", "in_title", "count",
    "open_count", "first_position", "lead_share", "best_score", "mean_score", "capitalised", "log_articles",
    "log_source_words", "sentence_share", *UNIGRAM_LEXICON_FEATURES,
)
BIGRAM_FEATURES = (
    "article_share", "articles", "headline_share", "in_title", "count", "open_count", "first_position",
    "lead_share", "best_score", "mean_score", "log_articles", "log_source_words", "stop_words", "zipf_min",
    "zipf_max", "digit", "word_article_share_min", "word_article_share_max", "word_headline_share_max",
    "title_words", "sentence_share", *BIGRAM_LEXICON_FEATURES,
)
LENGTH_FEATURES = ("log_source_words", "log_articles", "title_tokens")

_RAW = re.compile(r"[A-Za-z0-9]+")


@lru_cache(maxsize=200_000)
def _unit(word: str) -> str:
    word = word.lower()
    return stem(word) if len(word) > 3 else word


def tokens(text: str) -> list[str]:
    """The units' words of ``text``: lower-cased runs of letters and digits, stemmed.

    Example:
        >>> tokens("The dams closed, officials said.")
        ['the', 'dam', 'clos', 'official', 'said']
    """
    return [_unit(w) for w in _RAW.findall(text)]


_STOP_UNITS = frozenset(_unit(w) for w in STOP) | STOP


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    return zipf_frequency(word, "en")


#: A unit enters the lexicon once this many training stories offered it; a rarer one reads as unseen.
LEXICON_MIN_SEEN = 3
#: Pseudo-stories pulling a unit's keep share toward its kind's overall share (few sightings, weak evidence).
LEXICON_SMOOTHING = 5.0


def _log_odds(entry: tuple[int, int], rate: float, smoothing: float) -> float:
    """The smoothed log-odds that a roundup keeps a unit of ``entry = (kept, seen)``; ``rate``: its kind's share."""
    kept, seen = entry
    share = (kept + smoothing * rate) / (seen + smoothing)
    share = min(max(share, 1e-6), 1 - 1e-6)
    return math.log(share / (1 - share))


@dataclass(frozen=True)
class Lexicon:
    """Per unit, in how many training stories it was a unit (``seen``) and their roundup used it (``kept``).

    Counted on training stories only (:meth:`count`); a unit seen in fewer than
    :data:`LEXICON_MIN_SEEN` of them is left out and reads as unseen. The feature is the
    smoothed log-odds of keeping, ``(kept + s * rate) / (seen + s)`` with ``s`` =
    :data:`LEXICON_SMOOTHING` and ``rate`` the kind's overall share, so an unseen unit (a
    name from another beat, another decade) gets the overall share and its other features decide.
    """

    unigrams: dict[str, tuple[int, int]]
    bigrams: dict[tuple[str, str], tuple[int, int]]
    unigram_rate: float
    bigram_rate: float
    smoothing: float = LEXICON_SMOOTHING
    _unigram_keep: dict[str, float] = field(init=False, repr=False, compare=False)
    _bigram_keep: dict[tuple[str, str], float] = field(init=False, repr=False, compare=False)

    @classmethod
    def count(cls, stories: Sequence[tuple[Sequence[str], Sequence[int], Sequence[tuple[str, str]], Sequence[int]]],
              min_seen: int = LEXICON_MIN_SEEN) -> Lexicon:
        """The lexicon of ``stories``, each ``(unigrams, their roundup counts, bigrams, their roundup counts)``."""
        tallies: list[tuple[Counter, Counter]] = [(Counter(), Counter()), (Counter(), Counter())]
        for story in stories:
            for (seen, kept), names, counts in zip(tallies, story[0::2], story[1::2]):
                seen.update(set(names))
                kept.update({n for n, c in zip(names, counts) if c > 0})
        tables, rates = [], []
        for seen, kept in tallies:
            total = sum(seen.values())
            rates.append(sum(kept.values()) / total if total else 0.0)
            tables.append({n: (kept[n], m) for n, m in sorted(seen.items()) if m >= min_seen})
        return cls(tables[0], tables[1], rates[0], rates[1])

    def __post_init__(self) -> None:
        # Each unit's log-odds once, not once per story: a big story has 10^5 units.
        for name, table, rate in (("_unigram_keep", self.unigrams, self.unigram_rate),
                                  ("_bigram_keep", self.bigrams, self.bigram_rate)):
            object.__setattr__(self, name, {unit: _log_odds(entry, rate, self.smoothing)
                                            for unit, entry in table.items()})

    def unigram_columns(self, names: Sequence[str]) -> np.ndarray:
        """:data:`UNIGRAM_LEXICON_FEATURES` of each unigram."""
        keep, unseen = self._unigram_keep, _log_odds((0, 0), self.unigram_rate, self.smoothing)
        rows = [(keep.get(w, unseen), math.log1p(self.unigrams.get(w, (0, 0))[1])) for w in names]
        return np.array(rows, dtype=np.float64).reshape(-1, len(UNIGRAM_LEXICON_FEATURES))

    def bigram_columns(self, names: Sequence[tuple[str, str]]) -> np.ndarray:
        """:data:`BIGRAM_LEXICON_FEATURES` of each bigram (its own keep log-odds, then its words')."""
        keep, unseen = self._bigram_keep, _log_odds((0, 0), self.bigram_rate, self.smoothing)
        word_keep, word_unseen = self._unigram_keep, _log_odds((0, 0), self.unigram_rate, self.smoothing)
        rows = []
        for g in names:
            a, b = word_keep.get(g[0], word_unseen), word_keep.get(g[1], word_unseen)
            rows.append((keep.get(g, unseen), min(a, b), max(a, b), math.log1p(self.bigrams.get(g, (0, 0))[1])))
        return np.array(rows, dtype=np.float64).reshape(-1, len(BIGRAM_LEXICON_FEATURES))

    def to_json(self) -> dict:
        return {
            "min_seen": LEXICON_MIN_SEEN, "smoothing": self.smoothing,  # min_seen: a record of how it was counted
            "unigram_rate": round(self.unigram_rate, 6), "bigram_rate": round(self.bigram_rate, 6),
            "unigrams": {w: list(e) for w, e in self.unigrams.items()},
            "bigrams": {" ".join(g): list(e) for g, e in self.bigrams.items()},  # units hold no space
        }

    @classmethod
    def from_json(cls, data: dict) -> Lexicon:
        return cls({w: (int(k), int(n)) for w, (k, n) in data["unigrams"].items()},
                   {tuple(g.split(" ")): (int(k), int(n)) for g, (k, n) in data["bigrams"].items()},  # type: ignore[misc]
                   float(data["unigram_rate"]), float(data["bigram_rate"]), float(data["smoothing"]))


@dataclass(slots=True)
class UnitTable:
    """A story's units: names and feature rows (unigrams, then bigrams), plus what the length model reads."""

    unigrams: list[str]
    unigram_rows: np.ndarray
    bigrams: list[tuple[str, str]]
    bigram_rows: np.ndarray
    length_row: np.ndarray
    title_tokens: list[str]


def unit_table(sentences: Sequence[tuple[int, int, str, bool]], documents: Sequence[tuple[str, str]],
               scores: np.ndarray, title: str, lexicon: Lexicon | None = None) -> UnitTable:
    """Features of every unit of a story.

    Args:
        sentences: the candidate sentences as ``(article, index in article, text, open)`` (``open``: it may be
            chosen); every sentence counts for the statistics, only open ones (and the title) give units.
        documents: ``(headline, text)`` per article.
        scores: each sentence's score (:func:`storytrace.stories.summary._scores`).
        title: the summary's title line.
        lexicon: what training roundups kept (default: the shipped models' :class:`Lexicon`).
    """
    n_sent = len(sentences)
    sent_tokens = [tokens(text) for _, _, text, _ in sentences]
    open_ = np.array([o for *_, o in sentences], dtype=bool)
    title_tokens = tokens(title)
    n_docs = max(len(documents), 1)
    source_words = math.log1p(sum(len(text.split()) for _, text in documents))
    doc_uni: Counter = Counter()
    doc_bi: Counter = Counter()
    head_uni: Counter = Counter()
    head_bi: Counter = Counter()
    for headline, text in documents:
        t, h = tokens(text), tokens(headline)
        doc_uni.update(set(t))
        doc_bi.update(set(pairwise(t)))
        head_uni.update(set(h))
        head_bi.update(set(pairwise(h)))
    capitals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    forms: dict[str, Counter] = defaultdict(Counter)
    for _, _, text, _ in sentences:
        for j, w in enumerate(_RAW.findall(text)):
            u = _unit(w)
            forms[u][w.lower()] += 1
            if j > 0:  # a sentence's first word is capitalised anyway
                capitals[u][0] += w[0].isupper()
                capitals[u][1] += 1
    uni_occ: dict[str, list[tuple[int, int]]] = defaultdict(list)
    bi_occ: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for k, t in enumerate(sent_tokens):
        for w, m in Counter(t).items():
            uni_occ[w].append((k, m))
        for g, m in Counter(pairwise(t)).items():
            bi_occ[g].append((k, m))
    open_ids = np.flatnonzero(open_)
    unigrams = sorted({w for k in open_ids for w in sent_tokens[k]} | set(title_tokens))
    bigrams = sorted({g for k in open_ids for g in pairwise(sent_tokens[k])} | set(pairwise(title_tokens)))
    leads = max(sum(1 for _, i, _, _ in sentences if i == 0), 1)
    in_title, in_title2 = set(title_tokens), set(pairwise(title_tokens))

    def occurrences(occ: list[tuple[int, int]]) -> list[float]:
        ks = [k for k, _ in occ]
        found = [scores[k] for k in ks]
        return [
            math.log1p(sum(m for _, m in occ)), math.log1p(sum(m for k, m in occ if open_[k])),
            min((sentences[k][1] for k in ks), default=20),
            len({sentences[k][0] for k in ks if sentences[k][1] == 0}) / leads,
            max(found, default=0.0), float(np.mean(found)) if found else 0.0, len(ks) / max(n_sent, 1),
        ]

    def form(u: str) -> str:
        return forms[u].most_common(1)[0][0] if forms[u] else u

    uni_rows = []
    for w in unigrams:
        count, open_count, first, lead, best, mean, share = occurrences(uni_occ.get(w, []))
        caps = capitals[w]
        uni_rows.append([
            w in _STOP_UNITS, _zipf(form(w)), w.isdigit(), len(w), doc_uni[w] / n_docs, doc_uni[w],
            head_uni[w] / n_docs, w in in_title, count, open_count, first, lead, best, mean,
            caps[0] / caps[1] if caps[1] else -1.0, math.log(n_docs), source_words, share,
        ])
    bi_rows = []
    for g in bigrams:
        count, open_count, first, lead, best, mean, share = occurrences(bi_occ.get(g, []))
        z = [_zipf(form(w)) for w in g]
        word_share = [doc_uni[w] / n_docs for w in g]
        bi_rows.append([
            doc_bi[g] / n_docs, doc_bi[g], head_bi[g] / n_docs, g in in_title2, count, open_count, first, lead,
            best, mean, math.log(n_docs), source_words, sum(w in _STOP_UNITS for w in g), min(z), max(z),
            any(w.isdigit() for w in g), min(word_share), max(word_share), max(head_uni[w] / n_docs for w in g),
            all(w in in_title for w in g), share,
        ])
    lexicon = load_models().lexicon if lexicon is None else lexicon
    uni_story = np.array(uni_rows, dtype=np.float64).reshape(-1, len(UNIGRAM_FEATURES) - len(UNIGRAM_LEXICON_FEATURES))
    bi_story = np.array(bi_rows, dtype=np.float64).reshape(-1, len(BIGRAM_FEATURES) - len(BIGRAM_LEXICON_FEATURES))
    return UnitTable(
        unigrams, np.hstack([uni_story, lexicon.unigram_columns(unigrams)]),
        bigrams, np.hstack([bi_story, lexicon.bigram_columns(bigrams)]),
        np.array([source_words, math.log(n_docs), len(title_tokens)], dtype=np.float64), title_tokens,
    )


@dataclass(frozen=True, slots=True)
class UnitModel:
    """``P(count >= k)`` for k = 1 .. :data:`MAX_COUNT`: per count, an intercept plus one weight per feature bin.

    ``edges[j]`` are feature ``j``'s bin edges; ``weights[k][j]`` its bins' weights (``len(edges[j]) + 1``).
    """

    edges: list[np.ndarray]
    weights: list[list[np.ndarray]]
    intercepts: list[float]

    def at_least(self, rows: np.ndarray) -> np.ndarray:
        """``P(count >= k)``, one column per k, never rising with k."""
        if not len(rows):
            return np.zeros((0, len(self.intercepts)))
        bins = [np.searchsorted(e, rows[:, j], side="right") for j, e in enumerate(self.edges)]
        out = np.empty((len(rows), len(self.intercepts)))
        for k, (w, b) in enumerate(zip(self.weights, self.intercepts)):
            z = b + sum(wj[bj] for wj, bj in zip(w, bins))
            out[:, k] = 1.0 / (1.0 + np.exp(-z))
        return np.minimum.accumulate(out, axis=1)

    def to_json(self) -> dict:
        return {
            "edges": [[round(float(x), 6) for x in e] for e in self.edges],
            "weights": [[[round(float(x), 5) for x in wj] for wj in w] for w in self.weights],
            "intercepts": [round(float(b), 6) for b in self.intercepts],
        }

    @classmethod
    def from_json(cls, data: dict) -> UnitModel:
        return cls(
            [np.array(e, dtype=np.float64) for e in data["edges"]],
            [[np.array(wj, dtype=np.float64) for wj in w] for w in data["weights"]],
            [float(b) for b in data["intercepts"]],
        )


@dataclass(frozen=True, slots=True)
class Models:
    """The fitted unit models, the roundup-length model (log words = intercept + weights . features) and
    the lexicon the unit models read."""

    unigram: UnitModel
    bigram: UnitModel
    length_weights: tuple[float, ...]
    length_intercept: float
    lexicon: Lexicon

    def roundup_length(self, row: np.ndarray) -> float:
        return math.exp(self.length_intercept + float(np.dot(self.length_weights, row)))

    def to_json(self) -> dict:
        return {
            "unigram": self.unigram.to_json(), "bigram": self.bigram.to_json(),
            "length": {"features": list(LENGTH_FEATURES), "weights": [round(w, 6) for w in self.length_weights],
                       "intercept": round(self.length_intercept, 6)},
            "lexicon": self.lexicon.to_json(),
        }

    @classmethod
    def from_json(cls, data: dict) -> Models:
        return cls(UnitModel.from_json(data["unigram"]), UnitModel.from_json(data["bigram"]),
                   tuple(float(w) for w in data["length"]["weights"]), float(data["length"]["intercept"]),
                   Lexicon.from_json(data["lexicon"]))


@lru_cache(maxsize=1)
def load_models() -> Models:
    """The shipped models (:data:`WEIGHTS_FILE`)."""
    return Models.from_json(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))


class ExpectedRouge:
    """Expected ROUGE-1 + ROUGE-2 F of a growing summary against the predicted roundup.

    Per unit, ``gains[j, c]`` is the expected matches when the summary holds it ``c`` times
    (``c`` capped at :data:`MAX_COUNT`): the cumulative sum of ``P(count >= k)``.
    """

    def __init__(self, table: UnitTable, models: Models, length: float):
        self.unigram_index = {w: j for j, w in enumerate(table.unigrams)}
        self.bigram_index = {g: j for j, g in enumerate(table.bigrams)}
        self.uni_gain = _cumulative(models.unigram.at_least(table.unigram_rows))
        self.bi_gain = _cumulative(models.bigram.at_least(table.bigram_rows))
        self.length = length

    def counts(self, texts: Sequence[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix, np.ndarray]:
        """Unit counts of each text (rows) and its length in words. A pair across an elision mark is no pair."""
        rows_u, cols_u, vals_u, rows_b, cols_b, vals_b, lengths = [], [], [], [], [], [], []
        for r, text in enumerate(texts):
            pieces = [tokens(p) for p in text.split("\u2026")]
            lengths.append(sum(len(p) for p in pieces))
            for w, m in Counter(w for p in pieces for w in p).items():
                if (j := self.unigram_index.get(w)) is not None:
                    rows_u.append(r), cols_u.append(j), vals_u.append(m)
            for g, m in Counter(g for p in pieces for g in pairwise(p)).items():
                if (j := self.bigram_index.get(g)) is not None:
                    rows_b.append(r), cols_b.append(j), vals_b.append(m)
        shape_u, shape_b = (len(texts), len(self.unigram_index)), (len(texts), len(self.bigram_index))
        return (sparse.csr_matrix((vals_u, (rows_u, cols_u)), shape=shape_u, dtype=np.int64),
                sparse.csr_matrix((vals_b, (rows_b, cols_b)), shape=shape_b, dtype=np.int64),
                np.array(lengths, dtype=np.float64))

    def value(self, matched_1: np.ndarray | float, matched_2: np.ndarray | float,
              length: np.ndarray | float) -> np.ndarray | float:
        """Expected ROUGE-1 F plus ROUGE-2 F (each as 2 matches / (summary length + roundup length))."""
        return 2 * matched_1 / (length + self.length) + 2 * matched_2 / np.maximum(length + self.length - 2, 1)

    def start(self, title: str) -> Summary:
        """A summary holding only ``title``."""
        held_u, held_b, length = self.counts([title])
        summary = Summary(held_u.toarray()[0].astype(np.float64), held_b.toarray()[0].astype(np.float64),
                          float(length[0]), 0.0)
        summary.value = float(self.value(*self.matched(summary.unigrams, summary.bigrams), summary.length))
        return summary

    def matched(self, unigrams: np.ndarray, bigrams: np.ndarray) -> tuple[float, float]:
        cap_u, cap_b = np.minimum(unigrams, MAX_COUNT).astype(int), np.minimum(bigrams, MAX_COUNT).astype(int)
        return (float(self.uni_gain[np.arange(len(cap_u)), cap_u].sum()),
                float(self.bi_gain[np.arange(len(cap_b)), cap_b].sum()))

    def gains(self, summary: Summary, unigrams: sparse.csr_matrix, bigrams: sparse.csr_matrix,
              lengths: np.ndarray) -> np.ndarray:
        """How much each text (rows of unit counts, and lengths) would raise the summary's expected value."""
        m1, m2 = self.matched(summary.unigrams, summary.bigrams)
        m1 = m1 + _added(self.uni_gain, summary.unigrams, unigrams)
        m2 = m2 + _added(self.bi_gain, summary.bigrams, bigrams)
        return self.value(m1, m2, summary.length + lengths) - summary.value

    def add(self, summary: Summary, unigrams: sparse.csr_matrix, bigrams: sparse.csr_matrix, length: float) -> None:
        """Put one text (one row of unit counts) into ``summary``."""
        summary.unigrams[unigrams.indices] += unigrams.data
        summary.bigrams[bigrams.indices] += bigrams.data
        summary.length += length
        m1, m2 = self.matched(summary.unigrams, summary.bigrams)
        summary.value = float(self.value(m1, m2, summary.length))


@dataclass(slots=True)
class Summary:
    """The unit counts, length and expected value of a summary being built."""

    unigrams: np.ndarray
    bigrams: np.ndarray
    length: float
    value: float


def _cumulative(at_least: np.ndarray) -> np.ndarray:
    return np.hstack([np.zeros((len(at_least), 1)), np.cumsum(at_least, axis=1)])


def _added(gain: np.ndarray, held: np.ndarray, rows: sparse.csr_matrix) -> np.ndarray:
    """Per row of ``rows`` (unit counts of a text), the expected matches it adds to a summary holding ``held``."""
    if rows.nnz == 0:
        return np.zeros(rows.shape[0])
    cols = rows.indices
    before = np.minimum(held[cols], MAX_COUNT).astype(np.int64)
    after = np.minimum(held[cols] + rows.data, MAX_COUNT).astype(np.int64)
    delta = gain[cols, after] - gain[cols, before]
    return np.add.reduceat(np.r_[delta, 0.0], rows.indptr[:-1]) * (np.diff(rows.indptr) > 0)


__all__ = [
    "BIGRAM_FEATURES", "BIGRAM_LEXICON_FEATURES", "LENGTH_FEATURES", "MAX_COUNT", "UNIGRAM_FEATURES",
    "UNIGRAM_LEXICON_FEATURES", "WEIGHTS_FILE", "ExpectedRouge", "Lexicon", "Models",
    "Summary", "UnitModel", "UnitTable", "load_models", "tokens", "unit_table",
]
