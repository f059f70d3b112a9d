"""An extractive summary of a story in which every sentence names the articles that carry it.

How a sentence is chosen (weights fitted on the NeuS *train* split by
``evaluation/summary_eval.py --tune``):

* every body sentence of every article is a candidate (too short or too long
  ones, questions, sentences that are mostly quotation and the later pieces of a quotation
  split over several sentences are not);
* **consensus**: how closely the other articles carry the same content (for
  each other article, its most similar sentence), so what several outlets
  report outranks what one outlet adds: a neutral summary keeps the shared
  facts;
* **centrality**: similarity to the story's word centroid;
* **closeness to the titles** (all articles' titles together): what the editors put up front;
* **position** (earlier sentences higher; its fitted weight is 0 on NeuS, whose articles are
  short openings, and only the first ``lead_sentences`` of an article are candidates);
* **concept gain** (Gillick & Favre style, :mod:`~storytrace.stories.summary_concepts`): the
  words and word pairs that at least two outlets share and the summary does not cover yet, per
  square root of the sentence's words; it is recomputed after every pick, so a sentence that
  repeats what the summary already says gains nothing;
* sentences are taken greedily, best score plus concept gain first, skipping one too similar to a
  sentence already taken, until the summary reaches its word budget; they
  are then put in story order (earliest article first, then sentence order);
* **the word budget** (:func:`word_budget`) is a share of the sources' words (0.28, fitted on
  NeuS train, where the neutral roundups grow with the articles they sum up), capped at ``words``:
  a fixed budget was too long for a story of short items and too short for a long one;
* **a big story** (more than ``max_story_articles``) is summarised from a *panel* (:func:`panel`: each
  outlet's first article, then the earliest others), since the sentence matrix is dense; articles
  outside the panel still count for support.

**Support.** An article supports a summary sentence when it carries the same
content: the sentence is its own, or one of its sentences is a close match
(cosine of weighted word vectors >= ``support_similarity``). Word weights are
inverse word frequencies from ``wordfreq`` (a fixed background, so a two-article
story weighs words the same way as a large one); words are lower-cased and
lightly stemmed. Nothing here downloads a model.

``single_source``: sentences of an article that no article from another outlet
supports, the most central first: what only one outlet reports.

The summary's headline line is chosen in :mod:`storytrace.stories.summary_title` (a learned
chooser over the articles' headlines); :func:`central_title` is the plain similarity pick it replaced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from storytrace.stories import summary_compress, summary_expected
from storytrace.stories.records import SingleSourceReport, SummarySentence
from storytrace.stories.summary_concepts import ConceptCover
from storytrace.stories.summary_text import (
    STOP,
    WORD,
    inside_quotation,
    split_sentences,
    stem,
    term_matrix,
    terms,
)
from storytrace.stories.summary_title import summary_title

# Older names, still imported by framing and the evaluation script.
_WORD, _STOP, _matrix = WORD, STOP, term_matrix


# --- the summary --------------------------------------------------------------------------------


@dataclass(slots=True)
class Document:
    """One article as the summariser sees it."""

    id: str
    text: str
    outlet: str = ""
    title: str = ""


@dataclass(slots=True)
class Candidate:
    """A sentence of one article."""

    article: int  # index into the documents
    index: int  # sentence number inside its article
    text: str
    words: int
    eligible: bool


@dataclass(slots=True)
class SummaryParams:
    """What shapes the summary (fitted on NeuS train; see the module note)."""

    #: The word budget is this share of the sources' words (fitted on NeuS train; see :func:`word_budget`) ...
    budget_share: float = 0.28
    #: ... but at least this many words ...
    min_budget: int = 15
    #: ... and at most this many: stop adding sentences once the summary has reached the budget.
    words: int = 75
    #: At most this many sentences.
    max_sentences: int = 5
    consensus_weight: float = 1.0
    centrality_weight: float = 2.0
    #: Fitted to 0 on NeuS, whose articles are ~90-word openings (every sentence is a lead sentence).
    position_weight: float = 0.0
    #: Weight of a sentence's similarity to the articles' titles (what the editors put up front).
    title_weight: float = 0.5
    #: A candidate this similar to a sentence already taken is skipped.
    redundancy: float = 0.5
    #: Weight of a candidate's concept gain (shared words and word pairs the summary lacks, per square
    #: root of its words; :mod:`storytrace.stories.summary_concepts`) next to its sentence score.
    concept_weight: float = 0.2
    min_words: int = 6
    max_words: int = 55
    #: An article supports a sentence when one of its sentences is at least this similar.
    support_similarity: float = 0.45
    #: Only the first this many sentences of each article are candidates (the rest still give support).
    lead_sentences: int = 12
    #: Sentences compared per story at most (each article keeps at least its ``lead_sentences``); support
    #: in a bigger story is judged on each article's first sentences.
    max_story_sentences: int = 3000
    #: In a story of more articles, sentences are chosen from a *panel* of this many (each outlet's first
    #: article first, see :func:`panel`); every article still counts for support. The sentence matrix is
    #: dense, so without the panel a story of 2,000 wire copies took 33 CPU-s and 6.8 GB.
    max_story_articles: int = 200
    single_source_max: int = 5
    #: Choose sentences by expected ROUGE against the predicted roundup (:mod:`~storytrace.stories.summary_expected`),
    #: shortened forms included; ``False`` keeps the plain greedy choice by score and concept gain.
    expected_rouge: bool = True
    #: Weight of the sentence score plus concept gain next to the expected-ROUGE gain.
    score_blend: float = 0.2
    #: Each candidate also enters in its this many most probable shortened forms (and both cuts together).
    shortened_forms: int = 2
    #: Added to a shortened form's gain: between equal gains the shorter form wins.
    shortened_bonus: float = 0.01
    #: After the choice, a summary sentence loses one more aside when the model gives the cut more than this.
    cut_threshold: float = 0.6
    #: At most this many candidates (best score first) enter the expected-ROUGE choice: bounds a big story.
    expected_pool: int = 60
    #: Stop adding sentences once the summary has this many words (0: no cap; the expected-ROUGE choice finds
    #: its own length from the predicted roundup's, and ``max_sentences`` bounds it).
    max_summary_words: int = 0


@dataclass(slots=True)
class _Story:
    docs: list[Document]
    cands: list[Candidate]
    sims: np.ndarray  # sentence x sentence cosine
    by_doc: list[list[int]] = field(default_factory=list)
    #: Each sentence's cosine with the articles' titles taken together.
    title_sims: np.ndarray = field(default_factory=lambda: np.zeros(0))
    #: The articles with candidates, and where each one's run of candidates starts (for per-article maxima).
    run_docs: list[int] = field(default_factory=list)
    run_starts: list[int] = field(default_factory=list)
    #: Outside the panel: the candidates' term rows, and the first sentences of the other articles (rows)
    #: with the article each belongs to (``outside_doc``, ascending; ``outside_start``: where each run begins).
    cand_terms: sparse.csr_matrix | None = None
    outside_terms: sparse.csr_matrix | None = None
    outside_doc: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    outside_start: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: The articles the summary is chosen from (:func:`panel`), and the term columns of ``cand_terms``.
    panel: list[int] = field(default_factory=list)
    vocab: dict[str, int] = field(default_factory=dict)


# Light compression: a wire dateline or agency tag and a "VIDEO:" label open a sentence but are no part of it.
_LEAD_TAGS = re.compile(
    r"^(?:[A-Z][A-Za-z.'\-]*(?:[ ,]+[A-Z][A-Za-z.'\-]*){0,4}\s*(?:\([^()]{1,30}\))?\s*[\u2014\u2013]\s*"
    r"|[A-Z][A-Z.'\-]*(?:[ ,]+[A-Z][A-Za-z.'\-]*){0,3}\s*\([A-Za-z .]{1,20}\)\s*-{1,2}\s*"
    r"|\([A-Z][A-Za-z .]{1,20}\)\s*[\u2014\u2013-]?\s*"
    r"|[A-Z]{3,12}:\s+)"
)


def tidy_sentence(text: str) -> str:
    """A sentence without its opening dateline, agency tag or section label, spaces collapsed.

    Example:
        >>> tidy_sentence("WASHINGTON (AP) \u2014 The Senate voted on Monday.")
        'The Senate voted on Monday.'
    """
    text = " ".join(text.split())
    stripped = _LEAD_TAGS.sub("", text, count=1)
    return stripped if len(stripped.split()) >= 3 and stripped[:1].isupper() else text


def _opens_quote(text: str) -> bool:
    """A sentence that opens a quotation it does not close: a piece of a longer quote, not a summary sentence."""
    return text[:1] in "\"\u201c" and not re.search(r"[\"\u201d]", text[1:])


def _quoted_share(text: str) -> float:
    quoted = sum(len(m) for m in re.findall(r"\u201c[^\u201d]*\u201d|\"[^\"]*\"", text))
    return quoted / max(len(text), 1)


def panel(docs: Sequence[Document], limit: int) -> list[int]:
    """Indices of the articles a big story's summary is chosen from: each outlet's first article (in the
    order given), then the others in order, ``limit`` at most; all of them when there are no more.

    Example:
        >>> docs = [Document("a", "", "X"), Document("b", "", "X"), Document("c", "", "Y")]
        >>> panel(docs, 2)
        [0, 2]
    """
    if len(docs) <= limit:
        return list(range(len(docs)))
    seen: set[str] = set()
    firsts, rest = [], []
    for d, doc in enumerate(docs):
        outlet = doc.outlet or doc.id
        (rest if outlet in seen else firsts).append(d)
        seen.add(outlet)
    return sorted((firsts + rest)[:max(limit, 1)])


def _prepare(docs: Sequence[Document], params: SummaryParams) -> _Story:
    cands: list[Candidate] = []
    by_doc: list[list[int]] = []
    chosen = panel(docs, params.max_story_articles)
    in_panel = np.zeros(len(docs), dtype=bool)
    in_panel[chosen] = True
    # The sentence-by-sentence matrix is dense: a big story keeps each article's first sentences only.
    per_article = max(params.lead_sentences, params.max_story_sentences // max(len(chosen), 1))
    outside: list[tuple[int, str]] = []
    for d, doc in enumerate(docs):
        mine: list[int] = []
        if not in_panel[d]:
            outside.extend((d, " ".join(doc.text[s:e].split()))
                           for s, e in split_sentences(doc.text)[:params.lead_sentences])
            by_doc.append(mine)
            continue
        spans = split_sentences(doc.text)[:per_article]
        for i, ((s, e), quoted) in enumerate(zip(spans, inside_quotation(doc.text, spans))):
            text = tidy_sentence(doc.text[s:e]) if i == 0 else " ".join(doc.text[s:e].split())
            n = len(WORD.findall(text))
            eligible = (
                params.min_words <= n
                and i < params.lead_sentences
                and not text.rstrip("\"'\u201d\u2019").endswith("?")
                and _quoted_share(text) < 0.6
                and not _opens_quote(text)
                and not quoted
                and not _is_table_row(text)
            )
            mine.append(len(cands))
            cands.append(Candidate(d, i, text, n, eligible))
        by_doc.append(mine)
    story = _Story(list(docs), cands, np.zeros((0, 0)), by_doc, np.zeros(0))
    story.panel = chosen
    story.run_docs = [d for d, members in enumerate(by_doc) if members]
    story.run_starts = [by_doc[d][0] for d in story.run_docs]
    if cands:
        titles = " ".join(docs[d].title for d in chosen)
        m = term_matrix([terms(c.text) for c in cands] + [terms(titles)] + [terms(t) for _, t in outside],
                        story.vocab)
        inner = m[: len(cands) + 1]
        all_sims = (inner @ inner.T).toarray().astype(np.float32)
        story.sims, story.title_sims = all_sims[:-1, :-1], all_sims[:-1, -1]
        story.cand_terms = inner[:-1].tocsr()
        if outside:
            story.outside_terms = m[len(cands) + 1:].T.tocsr()
            story.outside_doc = np.array([d for d, _ in outside], dtype=np.int64)
            story.outside_start = np.flatnonzero(np.r_[True, story.outside_doc[1:] != story.outside_doc[:-1]])
    return story


def _support(story: _Story, k: int, threshold: float, text: str | None = None) -> list[int]:
    """Documents that carry candidate ``k`` (or ``text``, a shortened form of it): its own, and those with a
    sentence at least ``threshold`` similar."""
    own = story.cands[k].article
    row = story.cand_terms[k] if text is None or story.cand_terms is None else _term_row(story, text)
    sims_k = story.sims[k] if text is None else (row @ story.cand_terms.T).toarray().ravel()
    # Each article's candidates are one run of columns: its best match is a reduceat over the row.
    best = np.maximum.reduceat(sims_k, story.run_starts)
    found = [own] + [d for d, value in zip(story.run_docs, best.tolist()) if d != own and value >= threshold]
    if story.outside_terms is not None and story.cand_terms is not None:
        # Articles outside the panel: one sparse product, then each article's best sentence.
        sims = (row @ story.outside_terms).toarray().ravel()
        best = np.maximum.reduceat(sims, story.outside_start)
        found.extend(story.outside_doc[story.outside_start[best >= threshold]].tolist())
    return sorted(found)


def _term_row(story: _Story, text: str) -> sparse.csr_matrix:
    """``text``'s L2-normalised term vector in the story's columns (a shortened sentence has no new words)."""
    bag = {story.vocab[t]: w for t, w in terms(text).items() if t in story.vocab}
    cols = np.array(list(bag), dtype=np.int64)
    vals = np.array(list(bag.values()), dtype=np.float64)
    norm = float(np.sqrt((vals**2).sum())) or 1.0
    return sparse.csr_matrix((vals / norm, (np.zeros(len(cols), dtype=np.int64), cols)),
                             shape=(1, max(len(story.vocab), 1)))


def _scores(story: _Story, params: SummaryParams) -> np.ndarray:
    n = len(story.cands)
    sims = story.sims
    consensus = np.zeros(n)
    others = max(len([m for m in story.by_doc if m]) - 1, 1)
    for d, members in enumerate(story.by_doc):
        if not members:
            continue
        best = sims[:, members].max(axis=1)  # each sentence's closest sentence in document d
        mask = np.array([c.article != d for c in story.cands])
        consensus += np.where(mask, best, 0.0)
    consensus /= others
    centrality = sims.mean(axis=1) if n else np.zeros(0)
    position = np.array([1.0 / (1.0 + c.index) for c in story.cands])
    return (
        params.consensus_weight * consensus
        + params.centrality_weight * centrality
        + params.position_weight * position
        + params.title_weight * story.title_sims
    )


#: Sentences at least this similar are versions of one sentence (a copy's, with its edits).
_SAME_SENTENCE = 0.9


def _first_version(story: _Story, k: int, params: SummaryParams) -> int:
    """Of the versions of candidate ``k`` in copies, the one in the earliest article (the source's wording).

    A copy that swapped "government" for "regime" scores as well as its source; the
    summary should carry the wording the story started with.
    """
    versions = [
        j for j in np.flatnonzero(story.sims[k] >= _SAME_SENTENCE)
        if story.cands[j].eligible and story.cands[j].words <= params.max_words
    ]
    return int(min(versions, key=lambda j: (story.cands[j].article, story.cands[j].index), default=k))


def word_budget(docs: Sequence[Document], params: SummaryParams | None = None) -> int:
    """How many words a summary of ``docs`` may reach: ``budget_share`` of their words, within
    ``min_budget`` and ``words``.

    Example:
        >>> word_budget([Document("a", "word " * 120), Document("b", "word " * 80)])
        56
    """
    params = params or SummaryParams()
    source = sum(len(d.text.split()) for d in docs)
    return min(params.words, max(params.min_budget, round(params.budget_share * source)))


def _concepts(story: _Story) -> ConceptCover:
    outlets = [d.outlet or d.id for d in story.docs]
    return ConceptCover(
        [c.text for c in story.cands], [outlets[c.article] for c in story.cands],
        [(o, d.title) for o, d in zip(outlets, story.docs) if d.title],
    )


def _pick(story: _Story, params: SummaryParams) -> list[int]:
    """Greedy choice: at each step the candidate with the best sentence score plus concept gain.

    The gain changes as the summary grows (what it already covers adds nothing), so the ranking is
    redone at each step; a candidate too similar to a sentence already taken is never chosen.
    """
    scores = _scores(story, params)
    budget = word_budget(story.docs, params)
    lengths = np.array([max(c.words, 1) for c in story.cands], dtype=np.float64)
    open_ = np.array([c.eligible and c.words <= params.max_words for c in story.cands], dtype=bool)
    cover = _concepts(story) if params.concept_weight and open_.any() else None
    chosen: list[int] = []
    words = 0
    while open_.any() and words < budget and len(chosen) < params.max_sentences:
        value = scores if cover is None else scores + params.concept_weight * cover.gains() / np.sqrt(lengths)
        # The first best (stable): ties go to the earlier article and sentence.
        k = int(np.flatnonzero(open_)[np.argmax(value[open_])])
        open_[k] = False
        if chosen and float(story.sims[k, chosen].max()) >= params.redundancy:
            continue
        words += story.cands[k].words
        if cover is not None:
            cover.cover(k)
        chosen.append(_first_version(story, k, params))
    if not chosen:
        chosen = _fallback(story, scores, params)
    return sorted(chosen, key=lambda k: (story.cands[k].article, story.cands[k].index))


def _compose(story: _Story, params: SummaryParams) -> tuple[str, list[tuple[int, str]]]:
    """The title line and the body: ``(candidate, text)`` per sentence, in story order.

    The plain choice (:func:`_pick`) gives a first title; the expected-ROUGE choice (:func:`_expected_pick`)
    then picks among full and shortened sentences, the title is chosen again for that body, and each body
    sentence may lose one more aside (:func:`_shorten`).
    """
    title_docs = [story.docs[d] for d in story.panel]
    plain = [(k, story.cands[k].text) for k in _pick(story, params)]
    title = summary_title(title_docs, [t for _, t in plain])
    if not params.expected_rouge or not plain:
        return title, plain
    words = _story_words(story)  # what each article says, for both cut models
    chosen = _expected_pick(story, params, title, words)
    if not chosen:
        return title, plain
    title = summary_title(title_docs, [t for _, t in chosen])
    return title, _shorten(story, params, chosen, title, words)


def _story_words(story: _Story) -> summary_compress.StoryWords:
    return summary_compress.StoryWords([(c.article, c.text) for c in story.cands],
                                       [story.docs[d].title for d in story.panel])


def _expected_pick(story: _Story, params: SummaryParams, title: str,
                   story_words: summary_compress.StoryWords) -> list[tuple[int, str]]:
    """Greedy choice maximising expected ROUGE (:mod:`~storytrace.stories.summary_expected`) plus
    ``score_blend`` x (sentence score + concept gain), among each candidate's full and shortened forms;
    it stops when no form raises the expected value, at ``max_sentences``, or at ``max_summary_words``."""
    scores = _scores(story, params)
    lengths = np.array([max(c.words, 1) for c in story.cands], dtype=np.float64)
    open_ = np.array([c.eligible and c.words <= params.max_words for c in story.cands], dtype=bool)
    if not open_.any():
        return []
    cover = _concepts(story)
    first_value = scores + params.concept_weight * cover.gains() / np.sqrt(lengths)
    pool = sorted(np.flatnonzero(open_), key=lambda k: -first_value[k])[:max(params.expected_pool, 1)]
    in_pool = np.zeros(len(story.cands), dtype=bool)
    in_pool[pool] = True
    models = summary_expected.load_models()
    docs = [story.docs[d] for d in story.panel]
    table = summary_expected.unit_table(
        [(c.article, c.index, c.text, bool(in_pool[k])) for k, c in enumerate(story.cands)],
        [(d.title, d.text) for d in docs], scores, title, models.lexicon)
    # The roundup's predicted length, kept within the word budget's range (the model saw 2-3 article stories).
    length = min(max(models.roundup_length(table.length_row), params.min_budget), 2 * params.words)
    expected = summary_expected.ExpectedRouge(table, models, length)
    cut_model = summary_compress.load_models()["candidate"]
    title_stems = set(summary_compress.content_stems(title))
    owner, texts, is_cut, first = [], [], [], {}
    for k in sorted(pool):
        k = int(k)
        first[k] = source = _first_version(story, k, params)
        text = story.cands[source].text
        forms = [text] + summary_compress.shortened(
            text, story.cands[source].article, story_words, cut_model, 0.0, keep=params.shortened_forms,
            min_words=params.min_words, summary_stems=title_stems)
        for j, form in enumerate(forms):
            owner.append(k), texts.append(form), is_cut.append(j > 0)
    unigrams, bigrams, form_lengths = expected.counts(texts)
    owner_ = np.array(owner)
    bonus = params.shortened_bonus * np.array(is_cut, dtype=np.float64)
    available = np.ones(len(texts), dtype=bool)
    summary = expected.start(title)
    chosen: list[tuple[int, str]] = []
    words, cap = 0, params.max_summary_words or float("inf")
    while available.any() and len(chosen) < params.max_sentences and words < cap:
        idx = np.flatnonzero(available)
        gain = expected.gains(summary, unigrams[idx], bigrams[idx], form_lengths[idx])
        ks = owner_[idx]
        prior = scores[ks] + params.concept_weight * cover.gains()[ks] / np.sqrt(lengths[ks])
        j = int(np.argmax(gain + bonus[idx] + params.score_blend * prior))
        r, k = int(idx[j]), int(owner_[idx[j]])
        if gain[j] <= 0 and chosen:
            break
        available[owner_ == k] = False
        if chosen and float(story.sims[k, [c for c, _ in chosen]].max()) >= params.redundancy:
            continue
        expected.add(summary, unigrams[r], bigrams[r], float(form_lengths[r]))
        words += len(WORD.findall(texts[r]))
        cover.cover(k)
        chosen.append((first[k], texts[r]))
    return sorted(chosen, key=lambda x: (story.cands[x[0]].article, story.cands[x[0]].index))


def _shorten(story: _Story, params: SummaryParams, body: list[tuple[int, str]], title: str,
             words: summary_compress.StoryWords) -> list[tuple[int, str]]:
    """Each body sentence loses its most probable aside when the summary model gives the cut more than
    ``cut_threshold`` (it sees the rest of the summary: an aside the summary already says goes first)."""
    model = summary_compress.load_models()["summary"]
    budget = word_budget(story.docs, params)
    over = (sum(len(t.split()) for _, t in body) - budget) / budget
    stems = [set(summary_compress.content_stems(t)) for _, t in body]
    title_stems = set(summary_compress.content_stems(title))
    out = []
    for j, (k, text) in enumerate(body):
        rest = title_stems.union(*(s for i, s in enumerate(stems) if i != j))
        cuts = summary_compress.best_cuts(text, story.cands[k].article, words, model, params.cut_threshold,
                                          summary_stems=rest, over_budget=over, n_sentences=len(body))
        out.append((k, summary_compress.cut(text, cuts[0][1]) if cuts else text))
    return out


def _fallback(story: _Story, scores: np.ndarray, params: SummaryParams) -> list[int]:
    """One sentence when no lead sentence qualifies (a page flattened into one long paragraph, a story
    of short lines): the best-scored sentence of any position and length that is not a table row, so a
    story with text never has an empty summary."""
    usable = [k for k, c in enumerate(story.cands) if c.words >= 1 and not _is_table_row(c.text)]
    sized = [k for k in usable if params.min_words <= story.cands[k].words <= params.max_words]
    pool = sized or usable
    return [max(pool, key=lambda k: (float(scores[k]), -k))] if pool else []


def _is_table_row(text: str) -> bool:
    """A row of a table the extractor kept ("| Name | Age |"): cells, not a sentence."""
    return text.count("|") >= 2


def attributed_summary(
    docs: Sequence[Document], params: SummaryParams | None = None
) -> tuple[list[SummarySentence], list[SingleSourceReport]]:
    """The summary (:func:`summarize`) and the single-source reports (:func:`single_source`) in one pass."""
    _, summary, single = summary_with_title(docs, params)
    return summary, single


def summary_with_title(
    docs: Sequence[Document], params: SummaryParams | None = None
) -> tuple[str, list[SummarySentence], list[SingleSourceReport]]:
    """The summary's title line (a tidied headline, ``""`` without one), its sentences and the single-source
    reports. In a big story the title is chosen among the headlines of the :func:`panel`."""
    params = params or SummaryParams()
    story = _prepare(docs, params)
    title, body = _compose(story, params)
    return title, _sentences(story, params, body), _single_source(story, params)


def _sentences(story: _Story, params: SummaryParams, body: list[tuple[int, str]]) -> list[SummarySentence]:
    out: list[SummarySentence] = []
    for k, text in body:
        full = story.cands[k].text
        support = _support(story, k, params.support_similarity, None if text == full else text)
        ids = [story.docs[d].id for d in support]
        outlets = sorted({story.docs[d].outlet or story.docs[d].id for d in support})
        out.append(SummarySentence(text, ids, outlets, full))
    return out


def summarize(docs: Sequence[Document], params: SummaryParams | None = None) -> list[SummarySentence]:
    """An extractive summary of ``docs`` (in story order, earliest first) with each sentence's support.

    Every sentence lists at least its own article in ``support``.

    Example:
        >>> docs = [Document("a", "The dam opened on Monday. Officials praised it."),
        ...         Document("b", "The dam opened on Monday, officials said. Fish died.")]
        >>> [s.support for s in summarize(docs, SummaryParams(min_words=3, words=4))]
        [['a', 'b']]
    """
    params = params or SummaryParams()
    story = _prepare(docs, params)
    return _sentences(story, params, _compose(story, params)[1])


def single_source(docs: Sequence[Document], params: SummaryParams | None = None) -> list[SingleSourceReport]:
    """Sentences no article from another outlet supports, the most central first (at most ``single_source_max``).

    Needs at least two outlets: in a one-outlet story everything is single-source, so nothing is listed.
    """
    params = params or SummaryParams()
    return _single_source(_prepare(docs, params), params)


def _single_source(story: _Story, params: SummaryParams) -> list[SingleSourceReport]:
    if len({d.outlet or d.id for d in story.docs}) < 2 or params.single_source_max <= 0:
        return []
    scores = _scores(story, params)
    found: list[SingleSourceReport] = []
    seen: list[int] = []
    for k in np.argsort(-scores, kind="stable"):
        k = int(k)
        cand = story.cands[k]
        if not cand.eligible or cand.words > params.max_words:
            continue
        own = story.docs[cand.article]
        own_outlet = own.outlet or own.id
        support = _support(story, k, params.support_similarity)
        if any((story.docs[d].outlet or story.docs[d].id) != own_outlet for d in support):
            continue
        if seen and float(story.sims[k, seen].max()) >= params.redundancy:
            continue
        seen.append(k)
        found.append(SingleSourceReport(cand.text, own.id, own_outlet))
        if len(found) >= params.single_source_max:
            break
    return found


def central_title(docs: Sequence[Document]) -> str:
    """The title most similar to the other articles' titles and texts (a neutral pick), or ``""``."""
    titled = [d for d in docs if d.title.strip()]
    if not titled:
        return ""
    m = term_matrix([terms(d.title) for d in titled] + [terms(d.text) for d in titled])
    sims = (m @ m.T).toarray()
    n = len(titled)
    score = [sims[i, :n].sum() - 1.0 + sims[i, n:].sum() for i in range(n)]
    return titled[int(np.argmax(score))].title


__all__ = [
    "Document", "SummaryParams", "attributed_summary", "central_title", "panel", "single_source", "split_sentences",
    "stem", "summarize", "summary_with_title", "terms", "tidy_sentence", "word_budget",
]
