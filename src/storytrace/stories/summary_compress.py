"""Sentence compression for the summary: drop one clause a neutral roundup would leave out.

A summary sentence is verbatim text from one article. A roundup that states what the
outlets share rarely keeps a sentence's asides: a parenthesis, a dash aside, an inner
comma clause ("..., who led the 2019 talks, ..."), a trailing participle, a leading
time or place adverbial. :func:`segments` finds such deletable
spans; :class:`CutModel` (logistic regression over :data:`FEATURES`, weights in
:data:`WEIGHTS_FILE`, fitted on NeuS train by ``evaluation/summary_eval.py --tune``,
label: removing the span alone raises the summary's ROUGE-1 + ROUGE-2 against the
neutral roundup) says how likely a span is to be one the roundup omits.

What is never cut: anything inside quotation marks (a quote is given whole or not at
all), a span that would leave fewer than ``min_words`` words, a list item ("A, B and
C"), a tail that opens with a verb's object, an attribution ("according to X", ", officials
said": roundups drop them, but a reader checking the summary needs to know who says it).
The removed text is shown as an elision mark (" \u2026 "), so a reader sees that the
sentence was shortened; the full sentence stays on the summary sentence
(``SummarySentence.full_text``).

Features compare the span with the rest of the story: how much of its words and word
pairs the *other* articles carry, how many of them do, whether the headlines or the rest
of the summary already say it, and how it is written (kind, length, position, opening
word class, digits, capitals, wordfreq rarity). Outlet names are never features.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np
from wordfreq import zipf_frequency

from storytrace.stories.summary_text import STOP, WORD, stem

#: The fitted weights, shipped with the package (plain JSON).
WEIGHTS_FILE = Path(__file__).with_name("summary_compress.json")

#: The elision mark put where a span was removed.
ELISION = "\u2026"

_QUOTE = re.compile(r"\u201c[^\u201d]*\u201d?|\"[^\"]*\"?")
_DASH = "\u2014\u2013"
#: (kind, pattern): the match is the span removed.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("paren", re.compile(r"\s*\([^()]{1,100}\)")),
    ("dash_aside", re.compile(rf"\s+(?:[{_DASH}]|--)\s+[^{_DASH}]{{2,150}}?\s+(?:[{_DASH}]|--)(?=\s)")),
    ("dash_tail", re.compile(rf"\s+(?:[{_DASH}]|--)\s+[^{_DASH}]{{2,200}}?(?=[.!]?[\"'\u201d\u2019]?$)")),
    ("comma_inner", re.compile(rf",\s[^,;{_DASH}()]{{2,150}}?,(?=\s)")),
    ("comma_tail", re.compile(rf",\s[^,;{_DASH}()]{{2,200}}?(?=[.!]?$)")),
    ("semi_tail", re.compile(r";\s[^;]{2,250}?(?=[.!]?$)")),
    ("lead", re.compile(rf"^[^,;{_DASH}()\"\u201c]{{2,80}}?,\s")),
)
KINDS = tuple(k for k, _ in _KINDS)
_TAILS = ("comma_tail", "dash_tail", "semi_tail")

_RELATIVE = frozenset("who which whom whose where when while although though because as after before since".split())
_PREPOSITIONS = frozenset(
    "in on at for with from by to of after before during amid despite under over into among near without "
    "including like".split()
)
_SAYING = frozenset("said says say told tells reported reports according announced stated wrote added noted "
                    "claimed argued".split())
#: A span this short with a saying verb is an attribution, not a clause of its own.
_ATTRIBUTION_WORDS = 8
_PRONOUNS = frozenset("he she they it we i his her their its".split())
_DETERMINERS = frozenset("the a an this that these those".split())
_CONJUNCTIONS = frozenset("and but or so yet".split())
_OPENERS = frozenset("last earlier meanwhile however still instead also separately now today yesterday previously "
                     "later then overall".split())
_TIME_WORDS = frozenset("monday tuesday wednesday thursday friday saturday sunday week month year night "
                        "morning".split())
_TAIL_OPENERS = frozenset("but while though although whereas as even just up down citing adding saying noting far "
                          "compared an a the".split())

#: The features of :func:`features`, in order.
FEATURES = KINDS + (
    "log_words", "word_share", "rel_pos", "rest_words", "f_rel", "f_prep", "f_say", "has_say", "f_pron", "f_det",
    "f_conj", "f_ing", "f_ed", "f_cap", "digits", "caps_share", "consensus", "rarity", "over_budget", "sent_words",
    "n_sent", "nx_det", "nx_cap", "nx_say", "nx_prep", "cons2", "out_frac", "in_summary", "in_titles", "cons_rel",
)


@dataclass(frozen=True, slots=True)
class Segment:
    """A deletable span ``text[start:end]`` of one sentence, and what kind of clause it is."""

    kind: str
    start: int
    end: int


def _attributes(words: list[str]) -> bool:
    """The span names who says what the sentence says ("according to X", ", officials said", "(AP reported)"):
    a summary for fact-checkers keeps its sentences' attribution."""
    if any(a == "according" and b == "to" for a, b in pairwise(words)):
        return True
    return len(words) <= _ATTRIBUTION_WORDS and any(w in _SAYING for w in words)


def _allowed(text: str, kind: str, start: int, end: int, quotes: list[tuple[int, int]], min_words: int) -> bool:
    if any(start < q_end and q_start < end for q_start, q_end in quotes):
        return False
    if len(WORD.findall(text[:start] + " " + text[end:])) < min_words:
        return False
    words = [w.lower() for w in WORD.findall(text[start:end])]
    if not words:
        return False
    if _attributes(words):
        return False
    first = words[0]
    if kind == "lead":
        # Only an adverbial opener ("In Paris, ...", "Earlier, ...", "On Monday, ..."), never a subject.
        return first in _PREPOSITIONS or first in _OPENERS or (len(words) <= 2 and words[-1] in _TIME_WORDS)
    if kind in _TAILS:
        return first in _RELATIVE or first in _PREPOSITIONS or first in _TAIL_OPENERS or first.endswith("ing")
    if kind == "comma_inner":
        # A conjunction opens a list item or a clause of its own; "A, B, and C" is a list, not an aside. So
        # is a span whose closing comma is followed by "Y and Z": cutting "..., compelling X, Y and Z" to
        # "... Y and Z" would change what the sentence says.
        # A determiner after it opens an appositive of the span's own noun ("..., which became a larger
        # enemy, the Islamic State"): cut, the appositive would attach to the wrong noun.
        after = re.split(r"[,;.!?]", text[end:], maxsplit=1)[0]
        following = WORD.findall(after)
        return (first not in _CONJUNCTIONS and not re.search(r"\b(?:and|or)\b", after, re.IGNORECASE)
                and not (following and following[0].lower() in _DETERMINERS))
    return True


def segments(text: str, min_words: int = 6) -> list[Segment]:
    """The spans of ``text`` that may be cut (see the module note), in pattern order.

    Example:
        >>> [s.kind for s in segments("The council approved the dam (a 40-year project) on a narrow vote.")]
        ['paren']
    """
    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    found: list[Segment] = []
    seen: set[tuple[int, int]] = set()
    for kind, pattern in _KINDS:
        for m in pattern.finditer(text):
            start, end = m.span()
            if (start, end) in seen or end - start < 3 or not _allowed(text, kind, start, end, quotes, min_words):
                continue
            seen.add((start, end))
            found.append(Segment(kind, start, end))
    return found


def cut(text: str, segment: Segment) -> str:
    """``text`` with ``segment`` replaced by the elision mark.

    Example:
        >>> cut("The dam opened (after years of delay) on Monday.", Segment("paren", 14, 37))
        'The dam opened \u2026 on Monday.'
    """
    start, end = segment.start, segment.end
    if segment.kind == "lead":
        out = f"{ELISION} {text[end:]}"
    elif segment.kind in _TAILS:
        rest = text[end:]
        out = text[:start].rstrip() + f" {ELISION}" + (rest if rest[:1] in "\"'\u201d\u2019" else "")
    else:
        out = text[:start].rstrip() + f" {ELISION} " + text[end:].lstrip()
    return re.sub(rf" {ELISION} ([,.;:])", rf"{ELISION}\1", " ".join(out.split()))


def content_stems(text: str) -> list[str]:
    """The stems of ``text``'s content words, in order."""
    out = []
    for word in WORD.findall(text):
        word = word.lower().replace("\u2019", "'").removesuffix("'s")
        if word not in STOP and len(word) >= 2:
            out.append(stem(word))
    return out


@lru_cache(maxsize=100_000)
def _rarity(word: str) -> float:
    return 8.0 - zipf_frequency(word, "en")


class StoryWords:
    """What the articles of a story say, to ask "do the *other* articles carry this?" of one article's span.

    Per article: the content stems of its sentences and their adjacent pairs; over the story: how many
    articles carry each stem and pair (so one article's view costs a subtraction, not a pass over the others).

    Args:
        sentences: ``(article, text)`` for every sentence of the story.
        titles: the articles' headlines.
    """

    def __init__(self, sentences: Sequence[tuple[int, str]], titles: Sequence[str] = ()):
        per_article: dict[int, tuple[set[str], set[tuple[str, str]]]] = {}
        for article, text in sentences:
            stems, pairs = per_article.setdefault(article, (set(), set()))
            found = content_stems(text)
            stems.update(found)
            pairs.update(pairwise(found))
        self._own = per_article
        self.articles = len(per_article)
        self._stems = Counter(x for stems, _ in per_article.values() for x in stems)
        self._pairs = Counter(x for _, pairs in per_article.values() for x in pairs)
        self.title_stems = {x for t in titles for x in content_stems(t)}

    def others(self, article: int, stem_: str) -> int:
        """How many articles other than ``article`` carry ``stem_``."""
        own = self._own.get(article)
        return self._stems[stem_] - (own is not None and stem_ in own[0])

    def others_pair(self, article: int, pair: tuple[str, str]) -> bool:
        own = self._own.get(article)
        return self._pairs[pair] - (own is not None and pair in own[1]) > 0


def features(text: str, segment: Segment, article: int, words: StoryWords, summary_stems: set[str] = frozenset(),
             over_budget: float = 0.0, n_sentences: int = 0) -> list[float]:
    """One row of :data:`FEATURES` for cutting ``segment`` from ``text`` (a sentence of ``article``).

    ``summary_stems``: the content stems of the rest of the summary and its title; ``over_budget``: how far
    the summary is past its word budget (a share); ``n_sentences``: the summary's sentences.
    """
    span = text[segment.start:segment.end]
    span_words = WORD.findall(span)
    all_words = WORD.findall(text)
    first = span_words[0] if span_words else ""
    first_lower = first.lower()
    stems = content_stems(span)
    n_others = max(words.articles - 1, 1)
    carried = [words.others(article, x) for x in stems]
    consensus = sum(1 for c in carried if c > 0) / len(stems) if stems else 0.0
    rest = content_stems(text[:segment.start] + " " + text[segment.end:])
    rest_consensus = sum(1 for x in rest if words.others(article, x) > 0) / len(rest) if rest else 0.0
    pairs = list(pairwise(stems))
    rare = [_rarity(w.lower()) for w in span_words if w.lower() not in STOP] or [0.0]
    following = WORD.findall(text[segment.end:])
    nxt = following[0] if following else ""
    f = {k: float(segment.kind == k) for k in KINDS}
    f.update({
        "log_words": math.log1p(len(span_words)), "word_share": len(span_words) / max(len(all_words), 1),
        "rel_pos": segment.start / max(len(text), 1), "rest_words": math.log1p(len(all_words) - len(span_words)),
        "f_rel": float(first_lower in _RELATIVE), "f_prep": float(first_lower in _PREPOSITIONS),
        "f_say": float(first_lower in _SAYING), "has_say": float(any(w.lower() in _SAYING for w in span_words)),
        "f_pron": float(first_lower in _PRONOUNS), "f_det": float(first_lower in _DETERMINERS),
        "f_conj": float(first_lower in _CONJUNCTIONS), "f_ing": float(first_lower.endswith("ing")),
        "f_ed": float(first_lower.endswith("ed")), "f_cap": float(first[:1].isupper()),
        "digits": float(any(c.isdigit() for c in span)),
        "caps_share": sum(1 for w in span_words if w[:1].isupper()) / max(len(span_words), 1),
        "consensus": consensus, "rarity": float(np.mean(rare)) / 8.0, "over_budget": over_budget,
        "sent_words": math.log1p(len(all_words)), "n_sent": float(n_sentences),
        "nx_det": float(nxt.lower() in _DETERMINERS), "nx_cap": float(nxt[:1].isupper()),
        "nx_say": float(nxt.lower() in _SAYING), "nx_prep": float(nxt.lower() in _PREPOSITIONS),
        "cons2": sum(1 for p in pairs if words.others_pair(article, p)) / len(pairs) if pairs else 0.0,
        "out_frac": float(np.mean([min(c, n_others) / n_others for c in carried])) if stems else 0.0,
        "in_summary": sum(1 for x in stems if x in summary_stems) / len(stems) if stems else 0.0,
        "in_titles": sum(1 for x in stems if x in words.title_stems) / len(stems) if stems else 0.0,
        "cons_rel": consensus - rest_consensus,
    })
    return [f[k] for k in FEATURES]


@dataclass(frozen=True, slots=True)
class CutModel:
    """A logistic model: P(the roundup omits this span) from :func:`features` (unnamed features weigh 0)."""

    weights: dict[str, float]
    intercept: float

    def probability(self, row: Sequence[float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in zip(FEATURES, row))
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict:
        return {"weights": {k: round(v, 6) for k, v in self.weights.items()}, "intercept": round(self.intercept, 6)}

    @classmethod
    def from_json(cls, data: dict) -> CutModel:
        return cls({k: float(v) for k, v in data["weights"].items()}, float(data["intercept"]))


@lru_cache(maxsize=1)
def load_models() -> dict[str, CutModel]:
    """The shipped models: ``"candidate"`` (while choosing sentences: no summary-size features) and
    ``"summary"`` (on the chosen summary)."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return {name: CutModel.from_json(data[name]) for name in ("candidate", "summary")}


def best_cuts(text: str, article: int, words: StoryWords, model: CutModel, threshold: float,
              summary_stems: set[str] = frozenset(), over_budget: float = 0.0,
              n_sentences: int = 0) -> list[tuple[float, Segment]]:
    """The spans of ``text`` the model gives more than ``threshold``, most probable first."""
    scored = []
    for segment in segments(text):
        p = model.probability(features(text, segment, article, words, summary_stems, over_budget, n_sentences))
        if p > threshold:
            scored.append((p, segment))
    scored.sort(key=lambda x: -x[0])
    return scored


def shortened(text: str, article: int, words: StoryWords, model: CutModel, threshold: float, keep: int = 2,
              min_words: int = 6, **context) -> list[str]:
    """Shorter versions of ``text``: its ``keep`` most probable cuts, and (when they do not overlap) both."""
    scored = best_cuts(text, article, words, model, threshold, **context)
    out = [cut(text, s) for _, s in scored[:keep]]
    if keep >= 2 and len(scored) >= 2:
        a, b = sorted((scored[0][1], scored[1][1]), key=lambda s: -s.start)
        if a.start >= b.end:  # cut the later span first so the earlier one's offsets still hold
            both = cut(cut(text, a), b)
            if len(WORD.findall(both)) >= min_words:
                out.append(both)
    return out


__all__ = [
    "ELISION", "FEATURES", "KINDS", "WEIGHTS_FILE", "CutModel", "Segment", "StoryWords", "best_cuts", "content_stems",
    "cut", "features", "load_models", "segments", "shortened",
]
