"""Sparse TF-IDF vectors that stay comparable as articles arrive.

Words are hashed into a fixed space (no vocabulary to rebuild), so a vector
computed in an earlier run still lines up with today's. Term frequencies
are sublinear (``1 + log tf``) and kept per article; the inverse document
frequencies come from document counts the story index carries and updates,
and are applied when vectors are compared (:func:`weigh`). The title counts
twice: it names the event in few words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
import xxhash

from storytrace.models import Article

#: Hashed feature space (2**20 columns; collisions are rare at news vocabulary sizes).
FEATURES = 1 << 20
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
#: Function words and reporting verbs: frequent in every story, they say nothing about which one.
_STOP = frozenset(["a", "about", "above", "after", "again", "against", "all", "almost", "also", "although", "am", "among", "an", "and", "another", "any", "are", "around", "as", "at", "be", "became", "because", "become", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cannot", "could", "did", "do", "does", "doing", "done", "down", "during", "each", "either", "else", "even", "ever", "every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "last", "least", "less", "like", "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "neither", "never", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only", "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "rather", "same", "several", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "thus", "to", "too", "toward", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what", "whatever", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself", "yourselves", "said", "says", "say", "saying", "told", "tell", "according", "mr", "ms", "mrs", "dr", "new", "year", "years", "time", "people", "week", "day", "today", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])


def words(text: str) -> list[str]:
    """Lower-cased content words of ``text`` (stop words and one-letter tokens dropped)."""
    out = []
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        word = word.removesuffix("'s")
        if len(word) > 1 and word not in _STOP:
            out.append(word)
    return out


def feature(word: str) -> int:
    """The hashed column of a word (stable across runs and machines)."""
    return xxhash.xxh3_64_intdigest(word.encode("utf-8")) & (FEATURES - 1)


def term_vectors(articles: Sequence[Article], body_words: int) -> sp.csr_matrix:
    """Sublinear term frequencies (rows L2-normalised, no IDF yet) of title x2 + the first ``body_words`` words."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for article in articles:
        counts: dict[int, float] = {}
        title = words(article.title or "")
        for word in title + title + words(" ".join(article.text.split()[:body_words])):
            column = feature(word)
            counts[column] = counts.get(column, 0.0) + 1.0
        columns = sorted(counts)
        values = np.log(np.asarray([counts[c] for c in columns], dtype=np.float64)) + 1.0 if columns else np.zeros(0)
        norm = float(np.sqrt((values * values).sum())) or 1.0
        indices.extend(columns)
        data.extend((values / norm).tolist())
        indptr.append(len(indices))
    return sp.csr_matrix((np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32),
                          np.asarray(indptr, dtype=np.int64)), shape=(len(articles), FEATURES))


def document_counts(vectors: sp.csr_matrix) -> dict[int, int]:
    """How many rows hold each column (to add to the index's counts)."""
    columns, counts = np.unique(vectors.indices, return_counts=True)
    return dict(zip(columns.tolist(), counts.tolist()))


def idf_of(columns: np.ndarray, counts: dict[int, int], documents: int) -> np.ndarray:
    """Smoothed inverse document frequency ``log((1 + n) / (1 + df)) + 1`` of each column."""
    df = np.fromiter((counts.get(int(c), 0) for c in columns), dtype=np.float64, count=len(columns))
    return (np.log((1.0 + documents) / (1.0 + df)) + 1.0).astype(np.float32)


def weigh(vectors: sp.csr_matrix, counts: dict[int, int], documents: int) -> sp.csr_matrix:
    """Rows times IDF, L2-normalised again: ready for cosine by dot product."""
    out = vectors.copy().astype(np.float32)
    if out.nnz:
        out.data *= idf_of(out.indices, counts, documents)
        norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        out = sp.csr_matrix(sp.diags(1.0 / norms.astype(np.float32)) @ out)
    return out
