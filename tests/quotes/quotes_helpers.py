"""Helpers for the quote tests: skip cleanly when spaCy's English model is not installed."""

from __future__ import annotations

import pytest

from storytrace._exceptions import MissingExtraError


def require_model() -> None:
    from storytrace.quotes.nlp import load_nlp

    try:
        load_nlp()
    except MissingExtraError as error:
        pytest.skip(str(error))
