"""Golden tests of reuse on the five seed articles (read through the ``seed_texts`` fixture).

The expected strings are short checks typed from reading the seeds, not copies of them.
Article metadata is set as the metadata stage would set it: 000's outlet is Newsweek
and 001's ``(newsweek) --`` prefix is its credit.
"""

from __future__ import annotations

import re

import pytest

from storytrace.models import Article
from storytrace.reuse import find_reuse
from storytrace.settings import ReuseOptions


def _dehyphenate(raw: str) -> str:
    """Test-only preparation of the PDF page 004 while the print-repair stage is not available:
    join the lines of each paragraph, dropping line-break hyphens before a lower-case letter."""
    out = []
    for block in re.split(r"\n\s*\n", raw.strip()):
        text = ""
        for line in (ln.strip() for ln in block.splitlines() if ln.strip()):
            text = text[:-1] + line if text.endswith("-") and line[:1].islower() else (text + " " + line).strip()
        if out and (len(out[-1]) == 1 or (out[-1][-1] not in ".!?\u201d\"" and text[:1].islower())):
            out[-1] = out[-1].rstrip("-") + ("" if len(out[-1]) == 1 or out[-1].endswith("-") else " ") + text
        else:
            out.append(text)
    return "\n\n".join(out)


def print_page(raw: str) -> Article:
    article = Article.from_raw("004", "004.txt", raw)
    try:
        from storytrace.ingest.print_repair import RepairPrint

        out = RepairPrint().process(article)
        return out[0] if isinstance(out, list) else out  # the page's main article, not its sidebar
    except (ImportError, NotImplementedError):
        return Article.from_raw("004", "004.txt", _dehyphenate(raw))


def seed_articles(seed_texts: dict[str, str], outlet_000: str | None = "Newsweek") -> list[Article]:
    return [
        Article.from_raw("000", "000.txt", seed_texts["000"], outlet=outlet_000),
        Article.from_raw("001", "001.txt", seed_texts["001"], credit="Newsweek"),
        Article.from_raw("002", "002.txt", seed_texts["002"]),
        Article.from_raw("003", "003.txt", seed_texts["003"]),
        print_page(seed_texts["004"]),
    ]


@pytest.fixture(scope="module")
def articles(seed_texts) -> dict[str, Article]:
    return {a.id: a for a in seed_articles(seed_texts)}


@pytest.fixture(scope="module")
def result(articles):
    reuse, edits, lineage = find_reuse(list(articles.values()), [], ReuseOptions())
    return {(r.source, r.target): r for r in reuse}, {(e.source, e.target): e for e in edits}, lineage


def test_pairs_found_and_nothing_with_the_opinion_piece(result):
    reuse, _, _ = result
    copies = {pair for pair, r in reuse.items() if r.kind == "copy"}
    quotations = {frozenset(pair) for pair, r in reuse.items() if r.kind == "quotation"}
    assert copies == {("000", "001"), ("000", "004"), ("001", "004")}
    assert quotations == {frozenset(("000", "003")), frozenset(("001", "003"))}  # a direction means nothing here
    assert not any("002" in pair for pair in reuse)


def test_the_syndicated_copy_is_aligned_over_all_of_it(result, articles):
    r = result[0][("000", "001")]
    text = articles["001"].text
    first = min(p.target_start for p in r.passages)
    last = max(p.target_end for p in r.passages)
    assert text[first:].startswith("During a visit to Moscow")  # its first paragraph included
    assert last >= len(text.rstrip()) - 2
    covered = sum(p.target_end - p.target_start for p in r.passages)
    assert covered / len(text[first:]) > 0.99
    assert (r.kind, r.attributed) == ("copy", True)
    assert r.evidence["direction"] == "credit" and r.evidence["attribution"]["how"] == "credit metadata"


def test_the_print_page_quotes_newsweeks_reporting_with_credit(result, articles):
    r = result[0][("000", "004")]
    assert (r.kind, r.attributed) == ("copy", True)
    assert r.evidence["credited"] == "Newsweek" and r.evidence["direction"] == "credit"
    quoted = [(p, k) for p, k in zip(r.passages, r.evidence["passages"]) if "Now that ISIS has been declared" in p.target_text]
    assert quoted, [p.target_text[:40] for p in r.passages]
    passage, kind = quoted[0]
    assert kind["kind"] == "copy" and kind["quoted_in_source"] == 0.0 and kind["quoted_in_target"] > 0.5
    assert any("has instead praised the efforts" in p.target_text for p in r.passages)
    # the page's own shared Maliki quotes are quotations inside the same pair
    assert "quotation" in {k["kind"] for k in r.evidence["passages"]}
    for p in r.passages:
        assert articles["000"].text[p.source_start : p.source_end] == p.source_text
        assert articles["004"].text[p.target_start : p.target_end] == p.target_text


@pytest.mark.parametrize("other", ["000", "001"])
def test_the_report_shares_only_a_maliki_quotation(result, other):
    (r,) = [r for pair, r in result[0].items() if set(pair) == {other, "003"}]
    assert r.kind == "quotation"
    if r.source == "000":  # Newsweek: 003 credits Rudaw, not Newsweek
        assert not r.attributed and r.evidence["attribution"]["credits_others"] == ["Rudaw"]
    elif r.attributed:  # a source with no known outlet: a credit next to the quote names someone
        assert r.evidence["credited"].lower() in {"rudaw", "newsweek"}  # "per Rudaw" / "(newsweek) --"
    (p,) = r.passages
    assert "prone to new political developments" in p.source_text
    assert "prone to new political developments" in p.target_text


def test_lineage(result):
    reuse, _, lineage = result
    assert {(e["source"], e["target"]) for e in lineage} == {("000", "001"), ("000", "004")}
    assert all(e["direct"] and e["attributed"] and e["via"] == [] for e in lineage)
    assert reuse[("001", "004")].evidence["lineage"] == {"relation": "sibling", "common_sources": ["000"]}


def test_edits_of_the_syndicated_copy(result, articles):
    _, edits, _ = result
    ops = edits[("000", "001")].ops
    found = {(op.op, op.from_, op.to): op for op in ops}

    def has(op: str, old: str, new: str, swap: bool | None = None) -> None:
        matches = [o for (kind, f, t), o in found.items() if kind == op and old in f and new == t]
        assert matches, (op, old, new, sorted(found))
        if swap is not None:
            assert matches[0].label_swap is swap

    has("replace", "jihadist", "terrorist", True)
    has("replace", "the Islamic State militant group (ISIS)", "ISIS")
    has("replace", "hardline Sunni Muslim", "extremist", True)
    has("replace", "jihadists", "extremists", True)
    has("delete", "whose national aspirations have frustrated both the Syrian and Iraqi governments", "")
    has("replace", "jihadist", "extremist", True)
    source, target = articles["000"].text, articles["001"].text
    for op in ops:
        assert source[op.source_start : op.source_start + len(op.from_)] == op.from_
        assert target[op.target_start : op.target_start + len(op.to)] == op.to
        assert op.from_.replace(".", "") != op.to.replace(".", "")  # nothing typographic only


def test_quotations_have_no_edits(result):
    _, edits, _ = result
    assert not any("003" in pair for pair in edits)


def test_unknown_outlet_still_finds_direction_and_the_credited_name(seed_texts):
    reuse, _, _ = find_reuse(seed_articles(seed_texts, outlet_000=None), [], ReuseOptions())
    r = {(x.source, x.target): x for x in reuse}[("000", "004")]
    assert r.attributed and r.evidence["credited"] == "Newsweek"
    assert r.evidence["direction"] == "quoting"
