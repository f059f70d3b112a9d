"""The summary's title line: which of the articles' headlines reads most like a neutral roundup's.

Each headline of a story is a candidate, after light hygiene (:func:`tidy_title`: a
"Opinion:"/"WATCH:"/"BREAKING:" label and a trailing " | Site" or " - Outlet" suffix
dropped). A small linear model scores each candidate from what the other articles
say and how the headline is written (:func:`title_features`):

* **consensus**: how much of the headline's words and word pairs the other articles'
  headlines and texts also carry (cosine of weighted word vectors, shares of unigrams,
  bigrams and shared concepts), and how much of the other headlines it covers;
* **overlap with the body**: word pairs the chosen body sentences already say (a title
  that repeats the body adds little);
* **how it is written**: length, an exclamation mark, evaluative words, and the
  article's genre scores (:func:`storytrace.stories.genre.genre_scores`: an opinion or
  analysis piece rarely has a neutral headline).

Outlet names and the articles' order are never features: the chooser works on any
outlets. The weights (:data:`WEIGHTS_FILE`, plain JSON) are fitted on NeuS train only by
``evaluation/summary_eval.py --split train --tune`` (logistic regression, label: the
headline whose summary scores best against the neutral roundup).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Protocol

import numpy as np

from storytrace.stories.genre import features as writing_features
from storytrace.stories.genre import genre_scores
from storytrace.stories.summary_concepts import concepts
from storytrace.stories.summary_text import WORD, stem, term_matrix, terms

#: The fitted weights (feature name -> weight), shipped with the package.
WEIGHTS_FILE = Path(__file__).with_name("summary_title.json")

#: The features of :func:`title_features`, in order.
FEATURES = (
    "sim_titles", "sim_texts", "concept_share", "p1_titles", "p2_titles", "p1_texts", "p2_texts", "p2_body",
    "r2_titles", "log_words", "exclaim", "evaluative", "opinion", "analysis",
)


class Titled(Protocol):
    """What the chooser reads of an article (``summary.Document`` fits)."""

    title: str
    text: str
    outlet: str


_LABEL = re.compile(
    r"^\s*(?:opinion|analysis|news analysis|commentary|editorial|op-ed|column|perspective|viewpoint|watch|"
    r"breaking(?: news)?|exclusive|video|live|just in|update|updated)\s*(?::|\||\u2013|\u2014|-)\s+",
    re.IGNORECASE,
)
# A site name after a pipe: short, no sentence inside it.
_PIPE_SUFFIX = re.compile(r"\s+\|\s+[^|.!?]{1,40}$")


def tidy_title(title: str, outlet: str = "") -> str:
    """A headline without its section label ("Opinion:", "WATCH:") and its site suffix (" | Site", " - Outlet").

    A " - ..." or " \u2014 ..." tail is dropped only when it names the article's own outlet
    (a dash inside a headline is usually part of it).

    Example:
        >>> tidy_title("WATCH: Dam gates close | Harbor Herald")
        'Dam gates close'
        >>> tidy_title("Dam gates close - Harbor Herald", "Harbor Herald")
        'Dam gates close'
    """
    text = " ".join(title.split())
    tidied = _LABEL.sub("", text, count=1)
    tidied = _PIPE_SUFFIX.sub("", tidied)
    if outlet.strip():
        tail = re.compile(r"\s+[-\u2013\u2014]\s+" + re.escape(" ".join(outlet.split())) + r"\.?$", re.IGNORECASE)
        tidied = tail.sub("", tidied)
    return tidied if len(WORD.findall(tidied)) >= 3 else text


def _tokens(text: str) -> list[str]:
    return [stem(w.lower().replace("\u2019", "'").removesuffix("'s")) for w in WORD.findall(text)]


def _grams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return set(tokens) if n == 1 else set(pairwise(tokens))  # type: ignore[arg-type]


def _share(mine: set, others: set) -> float:
    return len(mine & others) / len(mine) if mine else 0.0


def _in_others(mine: set, own: set, counts: Counter) -> set:
    """The items of ``mine`` that some *other* article has: ``counts`` holds, per item, how many articles have
    it, ``own`` is this article's set (so a story of n articles costs n set passes, not n²)."""
    return {g for g in mine if counts[g] - (g in own) > 0}


def title_features(titles: Sequence[str], texts: Sequence[str], body: Sequence[str] = ()) -> np.ndarray:
    """One row of :data:`FEATURES` per headline; ``texts`` are the headlines' articles, ``body`` the summary."""
    n = len(titles)
    m = term_matrix([terms(t) for t in titles] + [terms(x) for x in texts])
    sims = (m[:n] @ m.T).toarray()  # headlines against headlines and texts
    title_toks = [_tokens(t) for t in titles]
    title_grams = [(_grams(t, 1), _grams(t, 2)) for t in title_toks]
    text_grams = [(_grams(t, 1), _grams(t, 2)) for t in (_tokens(x) for x in texts)]
    body_pairs = set().union(*(_grams(_tokens(s), 2) for s in body)) if body else set()
    article_concepts = [concepts(t) | concepts(x) for t, x in zip(titles, texts)]
    # How many articles have each word, word pair and concept, in their headline and in their text.
    title_counts = [Counter(g for grams in title_grams for g in grams[k]) for k in (0, 1)]
    text_counts = [Counter(g for grams in text_grams for g in grams[k]) for k in (0, 1)]
    concept_counts = Counter(c for cs in article_concepts for c in cs)
    rows = []
    for i, title in enumerate(titles):
        others = [j for j in range(n) if j != i]
        (uni, bi), (text_uni, text_bi) = title_grams[i], text_grams[i]
        mine = concepts(title)
        words = len(WORD.findall(title))
        genre = genre_scores(title, texts[i])
        feats = {
            "sim_titles": float(np.mean([sims[i, j] for j in others])) if others else 0.0,
            "sim_texts": float(np.mean([sims[i, n + j] for j in others])) if others else 0.0,
            "concept_share": _share(mine, _in_others(mine, article_concepts[i], concept_counts)),
            "p1_titles": _share(uni, _in_others(uni, uni, title_counts[0])),
            "p2_titles": _share(bi, _in_others(bi, bi, title_counts[1])),
            "p1_texts": _share(uni, _in_others(uni, text_uni, text_counts[0])),
            "p2_texts": _share(bi, _in_others(bi, text_bi, text_counts[1])),
            "p2_body": _share(bi, body_pairs),
            "r2_titles": float(np.mean([_share(title_grams[j][1], bi) for j in others])) if others else 0.0,
            "log_words": math.log1p(words),
            "exclaim": float("!" in title),
            "evaluative": writing_features(None, title)["evaluative"],
            "opinion": genre.get("opinion", 0.0),
            "analysis": genre.get("analysis", 0.0),
        }
        rows.append([feats[f] for f in FEATURES])
    return np.array(rows, dtype=np.float64).reshape(n, len(FEATURES))


@lru_cache(maxsize=1)
def load_weights() -> dict[str, float]:
    """The shipped weights (:data:`WEIGHTS_FILE`)."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return {f: float(data["weights"][f]) for f in FEATURES}


def summary_title(docs: Sequence[Titled], body: Sequence[str] = (), weights: dict[str, float] | None = None) -> str:
    """The headline (tidied) that the fitted model ranks most like a neutral roundup's, or ``""`` without one.

    ``body`` is the summary's sentences (a headline that repeats them ranks lower). Ties go
    to the earlier article.
    """
    titled = [d for d in docs if d.title.strip()]
    if not titled:
        return ""
    titles = [tidy_title(d.title, d.outlet) for d in titled]
    if len(titled) == 1:
        return titles[0]
    w = load_weights() if weights is None else weights
    scores = title_features(titles, [d.text for d in titled], body) @ np.array([w.get(f, 0.0) for f in FEATURES])
    return titles[int(np.argmax(scores))]


__all__ = ["FEATURES", "WEIGHTS_FILE", "load_weights", "summary_title", "tidy_title", "title_features"]
