"""Helpers for the quote tests: spaCy's English model is a dependency, so its absence is a failure."""

from __future__ import annotations

import pytest

from storytrace._exceptions import MissingExtraError


def require_model() -> None:
    from storytrace.quotes.nlp import load_nlp

    try:
        load_nlp()
    except MissingExtraError as error:
        pytest.fail(str(error))
