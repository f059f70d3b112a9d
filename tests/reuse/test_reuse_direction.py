"""Which article is the source: time, credit, quoting, containment, syndication, completeness."""

from __future__ import annotations

from datetime import date

from reuse_helpers import article, paragraphs, sentences
from storytrace.reuse import find_reuse
from storytrace.reuse.direction import compare_published, parse_published
from storytrace.settings import ReuseOptions


def only_reuse(articles):
    reuse, _, _ = find_reuse(articles, [], ReuseOptions())
    assert len(reuse) == 1, reuse
    return reuse[0]


def test_parse_and_compare_publication_times():
    assert parse_published("2017-10-10") == date(2017, 10, 10)
    assert parse_published("not a date") is None
    assert compare_published("2017-10-10", "2017-10-11") == -1
    assert compare_published("2017-10-10T08:00:00", "2017-10-10") == 0  # a date without time: same day
    assert compare_published("2017-10-10T09:00:00+00:00", "2017-10-10T08:00:00Z") == 1
    assert compare_published(None, "2017-10-10") is None


BODY = "\n\n".join(paragraphs(4, seed=31))


def test_the_earlier_article_is_the_source():
    r = only_reuse([article("late", BODY, published="2020-05-02"), article("early", BODY, published="2020-05-01")])
    assert (r.source, r.target, r.evidence["direction"]) == ("early", "late", "published")


def test_the_credited_article_is_the_source():
    r = only_reuse([article("copy", BODY, credit="Quill Gazette"), article("orig", BODY, outlet="Quill Gazette")])
    assert (r.source, r.target, r.evidence["direction"]) == ("orig", "copy", "credit")
    assert r.attributed


def test_time_wins_over_credit():
    r = only_reuse([
        article("copy", BODY, credit="Quill Gazette", published="2020-01-01"),
        article("orig", BODY, outlet="Quill Gazette", published="2020-02-01"),
    ])
    assert r.source == "copy" and r.evidence["direction"] == "published"


def test_the_article_quoting_the_others_prose_is_the_copy():
    prose = " ".join(sentences(3, 32))
    quoting = "As one columnist put it, \u201c" + prose + "\u201d " + " ".join(sentences(6, 33))
    r = only_reuse([article("quoting", quoting), article("orig", " ".join(sentences(2, 34)) + " " + prose)])
    assert (r.source, r.target, r.evidence["direction"]) == ("orig", "quoting", "quoting")


def test_the_trimmed_copy_is_contained_in_the_source():
    paras = paragraphs(6, seed=35)
    r = only_reuse([article("trimmed", "\n\n".join(paras[1:4])), article("full", "\n\n".join(paras))])
    assert (r.source, r.target, r.evidence["direction"]) == ("full", "trimmed", "containment")


def test_a_syndication_credit_marks_the_copy():
    r = only_reuse([article("orig", BODY, outlet="Quill Gazette"), article("synd", BODY, outlet="Ember News", credit="KWT")])
    assert (r.source, r.target, r.evidence["direction"]) == ("orig", "synd", "syndicated")


def test_the_abridged_copy_is_the_target():
    paras = paragraphs(4, seed=36)
    long_text = "\n\n".join(paras)
    short_text = long_text.replace(paras[1].split(". ")[1] + ". ", "")  # one sentence cut inside
    r = only_reuse([article("short", short_text), article("long", long_text)])
    assert (r.source, r.target) == ("long", "short")
    assert r.evidence["direction"] in ("containment", "completeness")


def test_same_instant_needs_a_time_of_day_on_both_sides():
    from storytrace.reuse.direction import same_instant

    assert same_instant("2024-03-01T09:30:00Z", "2024-03-01T10:30:00+01:00")
    assert not same_instant("2024-03-01T09:30:00Z", "2024-03-01T09:31:00Z")
    assert not same_instant("2024-03-01", "2024-03-01")
    assert not same_instant("2024-03-01T09:30:00", "2024-03-01T09:30:00Z")  # naive vs aware: unknown
    assert not same_instant(None, "2024-03-01T09:30:00Z")
