"""News, opinion or analysis: what kind of piece an article is.

Two kinds of evidence, strongest first:

1. **What the page says it is.** The cleaner's guess (``article.genre``, read
   from sections, tags, breadcrumbs and bylines), section names in removed
   breadcrumbs and bylines ("Commentary by ..."), and a title prefix
   ("Analysis: ..."). A page that labels itself is taken at its word.
2. **How it is written**, when the page says nothing: first- and
   second-person voice outside quotations, questions and exclamations,
   obligation ("should", "must"), evaluative and hedging words, against the
   reporting marks of news (speech verbs, "according to", weekdays, figures).
   A small linear model over these rates (:data:`WEIGHTS`, fitted on the
   train half of the AllSides roundups by ``evaluation/genre_eval.py --fit``)
   scores each genre; news wins unless another genre clearly scores higher.

Outlet names are never used: a columnist's piece and a reporter's piece on
one site are told apart by their text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from storytrace.ingest.metadata import breadcrumb_sections, byline_genre, genre_of_label, strongest_genre
from storytrace.models import Article

GENRES = ("news", "opinion", "analysis")
#: Fewer words than this say nothing about the writing: such an article is news unless labelled.
MIN_WORDS = 15

_TITLE_PREFIX = re.compile(
    r"^\s*(?P<label>opinion|analysis|news analysis|commentary|editorial|op-ed|column|perspective|viewpoint|"
    r"fact check|explainer|letters?)\s*(?::|\||-|\u2013|\u2014)\s+",
    re.IGNORECASE,
)
_TITLE_WH = re.compile(r"^\s*(why|how|what|is|are|can|should|will|does|do|the case|it's|it is|i |we |my |our )\b",
                       re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
# Text inside quotation marks is the sources' voice, not the writer's.
_QUOTED = re.compile(r"\u201c[^\u201d]{0,600}\u201d|\"[^\"\n]{0,600}\"")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"'\u201d\u2019)]*|[^.!?]+$")

_LEXICON: dict[str, frozenset[str]] = {
    "first_singular": frozenset("i me my mine myself i'm i've i'd i'll".split()),
    "first_plural": frozenset("we us our ours ourselves we're we've we'd we'll".split()),
    "second_person": frozenset("you your yours yourself you're you've you'll".split()),
    "obligation": frozenset("should must ought shouldn't mustn't needs need".split()),
    "hedge": frozenset(
        "perhaps maybe arguably likely unlikely probably possibly seems seem seemed appears appear might "
        "could may suggests suggest suggested indicates whether why how".split()
    ),
    "evaluative": frozenset(
        "absurd awful bad best better brilliant crazy dangerous disastrous disgraceful dishonest dumb "
        "embarrassing failed failure false foolish good great hypocrisy hypocritical idiotic insane ironic "
        "laughable lies ludicrous mess nonsense obvious obviously outrageous pathetic radical reckless "
        "ridiculous sad shameful shameless silly simply stupid terrible truly wrong worse worst clearly "
        "indeed surely frankly honestly sadly unfortunately fortunately remarkable stunning fundamentally "
        "problem real really".split()
    ),
    "analysis": frozenset(
        "analysis means meaning implications explains explained explain question questions context "
        "because therefore however although though yet instead rather trend data poll polls percent "
        "experts historically history since".split()
    ),
    "reporting": frozenset(
        "said says told announced reported according statement spokesperson spokesman spokeswoman "
        "officials official confirmed added".split()
    ),
    "weekday": frozenset("monday tuesday wednesday thursday friday saturday sunday yesterday today".split()),
}

#: Per genre: an intercept and one weight per feature of :func:`features` (fitted on the AllSides train half).
WEIGHTS: dict[str, dict[str, float]] = {
    "news": {
        "bias": -1.4402, "analysis": -17.5875, "digits": 16.4905, "evaluative": -26.3014, "first_plural": 4.1515,
        "first_singular": -3.4186, "hedge": 3.1872, "obligation": -9.8844, "proper": 1.9819, "question": -4.4299,
        "quoted_share": -1.9892, "reporting": 49.5021, "second_person": -31.9969, "sentence_words": 0.5748,
        "title_question": -1.36, "title_wh": -2.3811, "weekday": 65.8615
    },
    "opinion": {
        "bias": -1.0237, "analysis": 16.4139, "digits": -13.7989, "evaluative": 12.9363, "first_plural": 32.0042,
        "first_singular": 26.535, "hedge": -23.8335, "obligation": 14.8268, "proper": 0.9389, "question": -0.8848,
        "quoted_share": 0.1115, "reporting": -50.2267, "second_person": 21.4281, "sentence_words": 0.8764,
        "title_question": 0.1114, "title_wh": 1.6, "weekday": -31.13
    },
    "analysis": {
        "bias": -0.536, "analysis": 1.1736, "digits": -2.6916, "evaluative": 13.3651, "first_plural": -36.1557,
        "first_singular": -23.1164, "hedge": 20.6463, "obligation": -4.9423, "proper": -2.9207, "question": 5.3146,
        "quoted_share": 1.8777, "reporting": 0.7246, "second_person": 10.5689, "sentence_words": -1.4512,
        "title_question": 1.2486, "title_wh": 0.7811, "weekday": -34.7315
    },
}


def label_genre(article: Article) -> str | None:
    """The genre the page itself states (cleaner's guess, breadcrumbs, byline, title prefix), or None."""
    signals: list[str | None] = [article.genre if article.genre in GENRES else None]
    removed = {r.rule: [] for r in article.removed}
    for r in article.removed:
        removed[r.rule].append(r.text)
    signals += [genre_of_label(s) for s in breadcrumb_sections(removed.get("breadcrumb", []))]
    signals += [byline_genre(line) for line in removed.get("byline", [])]
    if article.title and (prefix := _TITLE_PREFIX.match(article.title)):
        label = prefix.group("label").lower()
        signals.append("analysis" if label in {"fact check", "explainer"} else genre_of_label(label))
    return strongest_genre(signals)


def _rate(words: Iterable[str], lexicon: frozenset[str], total: int) -> float:
    return sum(w in lexicon for w in words) / total


def features(title: str | None, text: str) -> dict[str, float]:
    """The writing features the model scores: rates per word (outside quotations) and per sentence."""
    unquoted = _QUOTED.sub(" ", text)
    words = [w.lower().replace("\u2019", "'") for w in _WORD.findall(unquoted)]
    total = max(len(words), 1)
    sentences = max(len(_SENTENCE.findall(unquoted)), 1)
    feats = {name: _rate(words, lex, total) for name, lex in _LEXICON.items()}
    feats["question"] = unquoted.count("?") / sentences
    feats["exclaim"] = unquoted.count("!") / sentences
    feats["quoted_share"] = 1.0 - len(unquoted) / max(len(text), 1)
    feats["title_question"] = 1.0 if title and title.rstrip().endswith("?") else 0.0
    feats["title_wh"] = 1.0 if title and _TITLE_WH.match(title) else 0.0
    raw_words = _WORD.findall(unquoted)
    feats["proper"] = sum(1 for w in raw_words[1:] if w[:1].isupper()) / total
    feats["digits"] = len(re.findall(r"\d+", unquoted)) / total
    feats["sentence_words"] = min(total / sentences, 60.0) / 60.0
    return feats


def genre_scores(title: str | None, text: str, weights: dict[str, dict[str, float]] | None = None) -> dict[str, float]:
    """Probabilities per genre from the writing features (a softmax over linear scores)."""
    weights = weights or WEIGHTS
    feats = features(title, text)
    raw = {g: w.get("bias", 0.0) + sum(v * feats.get(k, 0.0) for k, v in w.items() if k != "bias")
           for g, w in weights.items()}
    top = max(raw.values())
    exp = {g: math.exp(s - top) for g, s in raw.items()}
    norm = sum(exp.values())
    return {g: exp[g] / norm for g in GENRES if g in exp}


def classify_genre(article: Article, *, weights: dict[str, dict[str, float]] | None = None) -> str:
    """``"news"``, ``"opinion"`` or ``"analysis"`` for one article.

    The page's own label wins (see the module note); otherwise the writing
    features decide, with news the default.

    Example:
        >>> from storytrace.models import Article
        >>> text = "I think we should stop pretending the dam is our friend. You know it, and I know it too."
        >>> classify_genre(Article.from_raw("a", "a.txt", text, title="Why I gave up on the dam"))
        'opinion'
    """
    if labelled := label_genre(article):
        return labelled
    if len(_WORD.findall(article.text)) < MIN_WORDS:
        return "news"  # too little writing to judge: the default
    scores = genre_scores(article.title, article.text, weights)
    return max(scores, key=lambda g: (scores[g], g == "news"))


__all__ = ["GENRES", "MIN_WORDS", "WEIGHTS", "classify_genre", "features", "genre_scores", "label_genre"]
