"""Bylines, "Source:" footers and agency credit prefixes. All names are invented."""

from __future__ import annotations

import pytest

from storytrace.ingest.rules.credits import (
    bylines,
    credit_name,
    credit_prefixes,
    read_byline,
    read_dateline,
    read_source,
    source_lines,
)

BODY = "Talks over the Velmar harbour lease stalled on Tuesday, officials said."
PARAGRAPHS = "\n\n".join([BODY] * 8)


# --- bylines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "names", "affiliation"), [
    ("By Mira Okonjo", "Mira Okonjo", ""),
    ("By Mira Okonjo and Teo Brandt", "Mira Okonjo and Teo Brandt", ""),
    ("By Mira N. Okonjo, Teo Brandt and Ana Kovrin", "Mira N. Okonjo, Teo Brandt and Ana Kovrin", ""),
    ("By Mira Okonjo, Northgate Wire", "Mira Okonjo", "Northgate Wire"),
    ("By Mira Okonjo, senior harbour correspondent", "Mira Okonjo", "senior harbour correspondent"),
    ("By MIRA OKONJO", "MIRA OKONJO", ""),
    ("By Mira Okonjo // Velmar Journal", "Mira Okonjo", "Velmar Journal"),
    ("By The Northgate Wire", "The Northgate Wire", ""),
    ("Commentary by Mira Okonjo", "Mira Okonjo", ""),
])
def test_bylines_are_read(line, names, affiliation):
    byline = read_byline(line)
    assert byline is not None
    assert byline.names == names
    assert byline.affiliation == affiliation


def test_byline_prefix_is_kept_for_the_genre():
    assert read_byline("Commentary by Mira Okonjo").prefix == "commentary by"
    assert read_byline("Analysis by Mira Okonjo").prefix == "analysis by"


@pytest.mark.parametrize("line", [
    "By the end of 2014, the harbour had doubled its traffic.",
    "By November, the lease was signed.",
    "By Early July, When Velmar Was Asking, Little Harbour Money Spent",
    "By Tuesday, officials had made progress.",
    "By Velmar's count, 300 ships docked.",
    "By contrast, Northgate kept its fees low.",
    "by mira okonjo",
])
def test_sentences_starting_with_by_are_not_bylines(line):
    assert read_byline(line) is None


def test_bylines_only_at_top_or_bottom():
    top = f"By Mira Okonjo\n\n{PARAGRAPHS}"
    bottom = f"{PARAGRAPHS}\n\nBy Mira Okonjo"
    middle = f"{BODY}\n\n{BODY}\n\n{BODY}\n\n{BODY}\n\nBy Mira Okonjo\n\n{PARAGRAPHS}"
    assert [top[e.start : e.end] for e in bylines(top)] == ["By Mira Okonjo"]
    assert [bottom[e.start : e.end] for e in bylines(bottom)] == ["By Mira Okonjo"]
    assert bylines(middle) == []


# --- source lines -------------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "name"), [
    ("Source: The Velmar Courier", "The Velmar Courier"),
    ("SOURCE: Northgate Wire", "Northgate Wire"),
    ("Source: Velmar Port Authority, Northgate Statistics Office", "Velmar Port Authority, Northgate Statistics Office"),
    ("Source: velmarcourier.example", "velmarcourier.example"),
    ("Source: U.S. Harbour Office.", "U.S. Harbour Office"),
])
def test_source_names(line, name):
    assert read_source(line) == name


@pytest.mark.parametrize("line", [
    "Source: officials said the talks stalled",
    "Source: A Courier poll of 900 residents conducted March 3-5.",
    "The source: a deputy who asked not to be named.",
])
def test_prose_after_source_is_not_a_name(line):
    assert read_source(line) is None


def test_source_under_a_table_at_the_end_credits_the_table():
    text = f"{PARAGRAPHS}\n\nVelmar $9.10\nNorthgate $8.75\n\nSource: Velmar Port Authority"
    assert [e.rule for e in source_lines(text)] == ["caption"]
    after_byline = f"{PARAGRAPHS}\n\nBy Mira Okonjo\n\nSource: The Velmar Courier"
    assert [e.rule for e in source_lines(after_byline)] == ["source"]


def test_source_footer_and_chart_source_get_different_rule_names():
    text = f"{BODY}\n\nSource: Velmar Port Authority\n\n{PARAGRAPHS}\n\nSource: The Velmar Courier"
    edits = source_lines(text)
    assert [(text[e.start : e.end], e.rule) for e in edits] == [
        ("Source: Velmar Port Authority", "caption"),
        ("Source: The Velmar Courier", "source"),
    ]


# --- credit prefixes ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "agency", "place"), [
    ("(northgatewire) -- Talks stalled.", "northgatewire", ""),
    ("VELMAR (NW) \u2014 Talks stalled.", "NW", "VELMAR"),
    ("Velmar (Northgate Wire) - Talks stalled.", "Northgate Wire", "Velmar"),
    ("PORT OLU, Velmar (NW) - Talks stalled.", "NW", "PORT OLU, Velmar"),
    ("Velmar (NW) Talks stalled.", "NW", "Velmar"),
    ("(NW)Talks stalled.", "NW", ""),
])
def test_datelines_with_agency(text, agency, place):
    dateline = read_dateline(text)
    assert dateline is not None
    assert (dateline.agency, dateline.place) == (agency, place)
    assert text[dateline.length :] == "Talks stalled."


def test_dateline_date_is_read():
    dateline = read_dateline("VELMAR, March 3, 2019 (NW) - Talks stalled.")
    assert dateline is not None and dateline.date == "March 3, 2019"


@pytest.mark.parametrize("text", [
    "Velmar Gov. Ana Kovrin (R) ordered the quay closed.",
    "Sen. Ana Kovrin (R-Velmar) - the lease's critic - spoke first.",
    "The Velmar Harbour Office (VHO) said on Tuesday that fees would rise.",
    "The Harbour Office (VHO) Said fees would rise.",
    "VELMAR \u2014 Talks stalled.",
    "(Photo) Talks stalled.",
])
def test_not_datelines(text):
    assert read_dateline(text) is None


def test_credit_prefix_removes_only_the_prefix():
    text = f"Harbour Talks Stall\n\n(northgatewire) -- {BODY}\n\n{BODY}"
    edits = credit_prefixes(text)
    assert [(text[e.start : e.end], e.rule) for e in edits] == [("(northgatewire) -- ", "credit")]


def test_credit_prefix_only_opens_the_story():
    text = f"{BODY}\n\n{BODY}\n\n{BODY}\n\nVELMAR (NW) - {BODY}"
    assert credit_prefixes(text) == []


@pytest.mark.parametrize(("raw", "name"), [
    ("northgatewire", "Northgatewire"), ("NORTHGATE WIRE", "Northgate Wire"), ("The Velmar Courier", "The Velmar Courier"),
    ("NW", "NW"), ("AP", "Associated Press"), ("REUTERS", "Reuters"), ("the velmar courier", "The Velmar Courier"),
])
def test_credit_name_casing(raw, name):
    assert credit_name(raw) == name
