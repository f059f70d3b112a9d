"""Outlet boilerplate: lines one outlet repeats across its own articles. Outlets and text are invented."""

from __future__ import annotations

import copy

from storytrace.ingest.boilerplate import (
    ARTICLES,
    RemoveOutletBoilerplate,
    apply,
    boilerplate_lines,
    count_lines,
    group_of,
    line_key,
)
from storytrace.models import Article
from storytrace.settings import IngestOptions
from storytrace.stage import StageStats

FOOTER = "Sign the Courier harbour petition at the Velmar town hall 2019"
TOPICS = ["harbour lease", "quay fees", "port strike", "ferry timetable", "dock safety", "fish market", "night tolls"]


def story(n: int, topic: str) -> str:
    return (
        f"Velmar officials argued about the {topic} on day {n}, according to people at the meeting.\n\n"
        f"The {topic} has divided the council for months and a vote is expected before the summer recess."
    )


def article(i: int, outlet: str | None, text: str, **fields) -> Article:
    return Article.from_raw(f"a{i}", f"a{i}.txt", text, outlet=outlet, **fields)


def courier(footer: str = FOOTER) -> list[Article]:
    return [article(i, "The Velmar Courier", f"{story(i, t)}\n\n{footer.replace('2019', str(2010 + i))}") for i, t in enumerate(TOPICS)]


def run(articles: list[Article], **options) -> list[Article]:
    return RemoveOutletBoilerplate(IngestOptions(**options)).run_all(articles, StageStats("outlet-boilerplate"))


def test_line_key_folds_case_spacing_and_digits():
    assert line_key("  Copyright \u00a9 2019  The COURIER ") == line_key("copyright \u00a9 2020 the courier")


def test_group_is_outlet_then_credit_then_host():
    assert group_of(article(1, "The Velmar Courier", "x")) == "the velmar courier"
    assert group_of(article(2, None, "x", credit="Northgate Wire")) == "northgate wire"
    assert group_of(article(3, None, "x", url="https://www.courier.example/a")) == "courier.example"
    assert group_of(article(4, None, "x")) is None


def test_footer_repeated_by_one_outlet_is_removed():
    out = run(courier())
    for a in out:
        assert "petition" not in a.text
        assert [r.rule for r in a.removed] == ["outlet-boilerplate"]
        assert a.text.startswith("Velmar officials argued")
        assert not a.text.endswith("\n")


def test_same_text_in_another_outlet_is_reuse_not_boilerplate():
    articles = courier() + [article(99, "Northgate Daily", f"{story(99, 'ferry fares')}\n\n{FOOTER}")]
    out = run(articles)
    assert all("petition" in a.text for a in out)


def test_thresholds_count_articles_and_share():
    few = courier()[:2]
    assert all("petition" in a.text for a in run(few))  # 2 articles < min_articles=3
    # 3 footers among 12 outlet articles is a 25% share < 30%.
    others = ["bridge", "canal", "lighthouse", "customs", "pier", "tugboat", "warehouse", "crane", "buoy"]
    mixed = courier()[:3] + [article(50 + i, "The Velmar Courier", story(50 + i, t)) for i, t in enumerate(others)]
    assert all("petition" in a.text for a in run(mixed)[:3])
    assert not any("petition" in a.text for a in run(mixed, outlet_boilerplate_min_share=0.2))


def test_articles_without_any_group_are_never_touched():
    articles = [article(i, None, f"{story(i, t)}\n\n{FOOTER}") for i, t in enumerate(TOPICS)]
    out = run(articles)
    assert [a.text for a in out] == [a.text for a in articles]


def test_an_ungrouped_article_sharing_the_line_protects_it():
    articles = courier() + [article(99, None, f"{story(99, 'ferry fares')}\n\n{FOOTER}")]
    assert all("petition" in a.text for a in run(articles))


def test_versions_of_one_story_keep_their_shared_text():
    base = story(1, "harbour lease")
    versions = [article(i, "The Velmar Courier", f"{base}\n\nUpdate {'x' * i}: the vote is delayed.\n\n{FOOTER}") for i in range(3)]
    others = [article(10 + i, "The Velmar Courier", f"{story(10 + i, t)}\n\n{FOOTER}") for i, t in enumerate(TOPICS[1:4])]
    out = {a.id: a for a in run(versions + others)}
    for i in range(3):
        assert out[f"a{i}"].text.startswith("Velmar officials argued about the harbour lease")
        assert "petition" not in out[f"a{i}"].text  # the footer is in more articles than the story: still removed


def test_counts_merge_across_shards():
    articles = courier()
    whole = count_lines(articles)
    merged = count_lines(articles[:3]) + count_lines(articles[3:])
    assert whole == merged
    assert whole[("the velmar courier", ARTICLES)] == len(articles)
    found = boilerplate_lines(merged, 3, 0.3)
    assert list(found) == ["the velmar courier"]
    assert line_key(FOOTER) in found["the velmar courier"]
    sharded = apply(articles[:3], merged, IngestOptions()) + apply(articles[3:], merged, IngestOptions())
    assert [a.text for a in sharded] == [a.text for a in run(courier())]


def test_stage_does_not_change_its_input():
    articles = courier()
    before = copy.deepcopy(articles)
    run(articles)
    assert articles == before
