"""Credit: metadata or a credit phrase next to the passage naming the source."""

from __future__ import annotations

import pytest

from reuse_helpers import article, sentences
from storytrace.reuse.align import align_pair
from storytrace.reuse.attribution import attribution, author_names, credit_phrases, names_match
from storytrace.reuse.candidates import pair_seeds
from storytrace.reuse.tokens import make_docs
from storytrace.settings import ReuseOptions


@pytest.mark.parametrize(
    "text, name",
    [
        ("Ann Vale wrote in The Quill Gazette last week.", "Quill Gazette"),
        ("the Kestrel Post reported on Monday.", "Kestrel Post"),
        ("according to Ember News, the plan failed.", "Ember News"),
        ("according to local media outlet Harborline.", "Harborline"),
        ("(Lumen Wire) -- The council met.", "Lumen Wire"),
        ("DUNEVILLE (KWT) \u2014 Rain fell.", "KWT"),
        ("Photo via Marrow Daily.", "Marrow Daily"),
        ("Source: The Thistle Review", "Thistle Review"),
        ("in a report by the Onyx Times on Friday", "Onyx Times"),
        ("per Russet.com, the vote is close.", "Russet.com"),
    ],
)
def test_credit_phrases_name_the_credited(text, name):
    assert name in [c.name for c in credit_phrases(text)]


def test_told_an_outlet_is_not_a_credit():
    assert credit_phrases("The minister told Quill Gazette that it was over.") == []


def test_weekdays_are_not_outlets():
    assert [c.name for c in credit_phrases("It was first reported on Monday.")] == []


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Newsweek", "newsweek", True),
        ("The Quill Gazette", "Quill Gazette", True),
        ("quillgazette.com", "Quill Gazette", True),
        ("Harborline English", "Harborline", True),
        ("KWT (Web News)", "KWT", True),
        ("Associated Press", "AP", True),
        ("Quill Gazette", "Quill Post", False),
        ("Washington", "Washington Lantern", False),
    ],
)
def test_outlet_names_match_loosely(a, b, same):
    assert names_match(a, b) is same


def test_byline_persons():
    assert author_names("By Ann Vale and Bo Chen") == ["Ann Vale", "Bo Chen"]


SHARED = " ".join(sentences(3, seed=21))


def attribute(source_meta: dict, target_text: str, **target_meta):
    source = article("s", " ".join(sentences(2, 22)) + " " + SHARED, **source_meta)
    target = article("t", target_text, **target_meta)
    ds, dt = make_docs([source, target])
    sa, sb = pair_seeds(ds, dt, 5)
    passages = align_pair(ds, dt, sa, sb, ReuseOptions())
    return attribution(ds, dt, passages, 2)


def test_credit_metadata_naming_the_source_outlet():
    result = attribute({"outlet": "The Quill Gazette"}, SHARED, credit="Quill Gazette")
    assert result.attributed and result.evidence["how"] == "credit metadata" and result.strength == 2


def test_credit_phrase_next_to_the_passage():
    result = attribute({"outlet": "Quill Gazette"}, "Opening words here. " + SHARED + " The Quill Gazette reported.")
    assert result.attributed and result.evidence["credited"] == "The Quill Gazette"


def test_credit_phrase_naming_the_author():
    result = attribute({"byline": "By Ann Vale"}, SHARED + " Ann Vale wrote.")
    assert result.attributed and result.evidence["matches"] == "author"


def test_a_headline_before_the_credit_does_not_hide_it():
    result = attribute({"outlet": "KWT"}, "Council Votes To Close The Old Mill KWT reported. " + SHARED)
    assert result.attributed


def test_a_credit_to_someone_else_is_not_attribution():
    result = attribute({"outlet": "Quill Gazette"}, SHARED + " Ember News reported.")
    assert not result.attributed and result.evidence == {"credits_others": ["Ember News"]}


def test_credit_far_from_the_passage_does_not_count():
    far = " ".join(sentences(6, 23))
    result = attribute({"outlet": "Quill Gazette"}, SHARED + " " + far + " The Quill Gazette reported.")
    assert not result.attributed


def test_a_copied_credit_phrase_is_the_sources_not_the_targets():
    source_text = SHARED + " The Ember Post reported."
    source = article("s", source_text)
    target = article("t", source_text)
    ds, dt = make_docs([source, target])
    sa, sb = pair_seeds(ds, dt, 5)
    passages = align_pair(ds, dt, sa, sb, ReuseOptions())
    assert not attribution(ds, dt, passages, 2).attributed


def test_unknown_source_falls_back_to_any_outlet_credited_next_to_the_passage():
    result = attribute({}, SHARED + " The Ember Post reported.")
    assert result.attributed and result.evidence["credited"] == "The Ember Post" and result.strength == 0


def test_unknown_source_and_credit_metadata_next_to_the_passage():
    result = attribute({}, SHARED + " " + " ".join(sentences(8, 24)), credit="Lumen Wire")
    assert result.attributed and result.evidence == {"how": "credit metadata (source unknown)", "credited": "Lumen Wire"}
    far = attribute({}, " ".join(sentences(8, 25)) + " " + SHARED, credit="Lumen Wire")
    assert not far.attributed
