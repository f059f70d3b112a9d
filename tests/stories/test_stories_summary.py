"""The attributed summary: sentence choice, support and single-source reports (invented articles)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storytrace.stories.summary import (
    Document,
    SummaryParams,
    attributed_summary,
    central_title,
    inside_quotation,
    single_source,
    split_sentences,
    stem,
    summarize,
    word_budget,
)

A = Document("a", (
    "Dalvenia began filling the Harrow Gap reservoir on Monday, officials in Velm said. "
    "Sarrow says the filling is drying out the Orvane delta downstream. "
    "The Herald's reporter watched the first sluice gates close at dawn."
), "Harbor Herald", "Dalvenia starts filling Harrow Gap reservoir")
B = Document("b", (
    "Officials in Velm said Dalvenia started filling the Harrow Gap reservoir on Monday. "
    "Sarrow's foreign minister said the filling was drying out the Orvane delta. "
    "Fishermen in Lowmarsh have already moved their boats upstream for the winter season."
), "Orvane Valley Radio", "Sarrow protests as Dalvenia fills dam")
C = Document("c", (
    "Dalvenia has started to fill the Harrow Gap reservoir, officials in Velm said on Monday. "
    "A basin commission will send engineers to read the river gauges next week."
), "Sarrow Delta Courier", "Dam filling begins")


def test_sentences_split_at_stops_but_not_after_abbreviations_or_initials():
    text = "Sen. J. Roe met U.S. officials. They agreed!\nNew line here? Yes."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Sen. J. Roe met U.S. officials.", "They agreed!", "New line here?", "Yes."
    ]
    assert split_sentences("") == []


def test_stems_join_word_forms():
    assert stem("reports") == stem("reported") == stem("reporting") == "report"
    assert stem("ceasefires") == stem("ceasefire") and stem("closed") == stem("closes") == stem("close")
    assert stem("class") == "class" and stem("cities") == stem("city")


def test_every_summary_sentence_lists_its_own_article_and_the_ones_that_carry_it():
    summary = summarize([A, B, C], SummaryParams(words=25))
    assert summary, "a three-article story has a summary"
    texts = [s.text for s in summary]
    first = summary[0]
    assert "Harrow Gap reservoir" in first.text and len(first.support) == 3  # all three report it
    for sentence in summary:
        own = next(d.id for d in (A, B, C) if sentence.text in " ".join(d.text.split()))
        assert own in sentence.support
        assert sentence.outlets == sorted(sentence.outlets)
    assert len(set(texts)) == len(texts)


def test_what_only_one_outlet_reports_is_single_source():
    reports = single_source([A, B, C], SummaryParams())
    texts = {r.text: r.outlet for r in reports}
    only_c = "A basin commission will send engineers to read the river gauges next week."
    assert texts.get(only_c) == "Sarrow Delta Courier"
    assert not any("filling the Harrow Gap" in t or "fill the Harrow Gap" in t for t in texts)
    assert single_source([A], SummaryParams()) == []  # one outlet: nothing to contrast


@pytest.mark.parametrize("expected_rouge", [False, True])
def test_the_word_budget_bounds_the_summary_and_one_pass_gives_both_parts(expected_rouge):
    capped = SummaryParams(words=10, max_summary_words=10, expected_rouge=expected_rouge)
    short = summarize([A, B, C], capped)
    longer = summarize([A, B, C], SummaryParams(words=80, expected_rouge=expected_rouge))
    assert len(short) == 1 and len(longer) >= len(short)
    if not expected_rouge:  # the expected-ROUGE choice finds its own length; the plain one fills the budget
        assert len(longer) > len(short)
    summary, single = attributed_summary([A, B, C], capped)
    assert [s.text for s in summary] == [s.text for s in short] and single


def test_the_word_budget_is_a_share_of_the_stories_words_within_its_bounds():
    params = SummaryParams(budget_share=0.25, min_budget=15, words=75)
    article = Document("x", "The river rose again. " * 40)  # 160 words
    assert word_budget([article], params) == 40
    assert word_budget([article, article], params) == 75  # capped
    assert word_budget([Document("y", "The river rose.")], params) == 15  # at least min_budget
    assert word_budget([], params) == 15


def test_the_summary_grows_with_its_budget_share():
    facts = [
        "Dalvenia began filling the Harrow Gap reservoir on Monday.",
        "Fishermen in Lowmarsh moved their boats upstream before the winter storms.",
        "A basin commission will send engineers to read the river gauges next week.",
        "Sarrow's foreign minister called the filling a breach of the old water treaty.",
        "Farmers near Velm expect cheaper irrigation once the new canals open in spring.",
    ]
    story = [Document(f"d{i}", " ".join(facts), f"Outlet {i}") for i in range(2)]  # 2 x 59 words
    # The plain choice (the first pass, and the fallback) fills its budget.
    plain = SummaryParams(min_words=3, min_budget=5, expected_rouge=False)
    small = summarize(story, replace(plain, budget_share=0.05))  # 6 words
    large = summarize(story, replace(plain, budget_share=0.3))  # 35 words
    assert len(small) == 1 and len(large) >= 3
    assert sum(len(s.text.split()) for s in large) >= 35


def test_empty_stories_and_the_central_title():
    assert summarize([]) == [] and summarize([Document("x", "")]) == []
    assert central_title([A, B, C]) in {A.title, B.title, C.title}
    assert central_title([Document("x", "text")]) == ""


def test_of_two_versions_of_a_sentence_the_earliest_articles_wording_is_used():
    tail = " of cutting the flow of the Orvane by half since January. Talks resume in April, both delegations said."
    source = Document("src", "Orlec accused the Dalvenian government" + tail, "Harbor Herald")
    copy = Document("cp", "Orlec accused the Dalvenian regime" + tail, "Coastline Daily")
    other = Document("o", "Sarrow says Dalvenia has cut the flow of the Orvane by half since January.", "Radio")
    for docs in ([source, copy, other], [source, other, copy]):
        summary = summarize(docs, SummaryParams(words=12))
        assert "government" in summary[0].text and "regime" not in summary[0].text
        assert {"src", "cp"} <= set(summary[0].support)


def test_a_big_story_keeps_each_articles_first_sentences_only():
    body = " ".join(f"Sentence number {i} about the Harrow Gap dam and the river." for i in range(40))
    docs = [Document(f"d{k}", body, f"Outlet {k}") for k in range(30)]
    from storytrace.stories.summary import _prepare

    story = _prepare(docs, SummaryParams(max_story_sentences=600, lead_sentences=12))
    assert len(story.cands) == 30 * 20 and story.sims.shape == (600, 600)
    assert summarize(docs, SummaryParams(max_story_sentences=600))  # still summarised


def test_the_panel_takes_each_outlets_first_article_first_and_keeps_the_given_order():
    from storytrace.stories.summary import panel

    docs = [Document(f"d{k}", "", outlet) for k, outlet in enumerate("AABBBCA")]
    assert panel(docs, 10) == list(range(7))
    assert panel(docs, 3) == [0, 2, 5]  # A, B and C, each by its first article
    assert panel(docs, 4) == [0, 1, 2, 5]  # then the others, earliest first
    assert panel(docs[:0], 5) == []


def test_a_story_bigger_than_the_panel_is_summarised_from_the_panel_with_support_from_every_article():
    shared = "The Harrow Gap dam opened its flood gates on Monday after a week of heavy rain in the valley."
    docs = [
        Document(f"d{k:03d}", f"{shared} Reporter {k} adds a detail about gauge number {k} and its keeper.",
                 f"Outlet {k % 40}")
        for k in range(120)
    ]
    # One article, outside any panel of the first 40 outlets' first articles, says something else.
    docs.append(Document("odd", "Fishermen on the lower Harrow Gap counted dead trout along the banks.", "Outlet 7"))
    from storytrace.stories.summary import _prepare

    params = SummaryParams(max_story_articles=40, words=20)
    story = _prepare(docs, params)
    panel_docs = {c.article for c in story.cands}
    assert len(panel_docs) == 40 and story.sims.shape[0] == len(story.cands)  # the dense matrix is the panel's
    summary = summarize(docs, params)
    assert summary and summary[0].text == shared
    assert len(summary[0].support) == 120  # every article carrying the sentence, in the panel or not
    assert "odd" not in summary[0].support


def test_a_page_flattened_into_one_run_on_sentence_still_gets_a_summary_sentence():
    # No lead sentence qualifies (60+ words, over max_words): the summary falls back to the best one there is.
    run_on = " ".join(["Dalvenia began filling the Harrow Gap reservoir on Monday"] + ["and officials in Velm said"] * 12) + "."
    flat = Document("f", f"{run_on} Share Facebook Twitter Email", "Velm Post", "Harrow Gap filling begins")
    summary = summarize([flat])
    assert len(summary) == 1 and summary[0].support == ["f"]
    assert summary[0].text.startswith("Dalvenia began filling")


def test_a_table_row_the_extractor_kept_is_never_a_summary_sentence():
    table = Document("t", (
        "| Gauge | Level on Monday | Level on Friday | Change over the week at Harrow Gap |\n\n"
        "The Harrow Gap reservoir rose by two metres in its first week of filling, officials in Velm said."
    ), "Velm Post", "Harrow Gap reservoir rises")
    texts = [s.text for s in summarize([table, A])]
    assert texts and not any("|" in t for t in texts)


def test_the_state_of_a_quotation_is_carried_from_sentence_to_sentence_within_a_paragraph():
    text = (
        '"The gates stay shut. Nobody downstream was asked," the minister said. Engineers left.\n'
        "\u201cWe will wait. Then we decide.\u201d\n"
        '"A stray mark opens here. It stays open to the end of its paragraph.\n'
        "A new paragraph starts outside."
    )
    spans = split_sentences(text)
    flags = dict(zip((text[s:e] for s, e in spans), inside_quotation(text, spans)))
    assert flags == {
        '"The gates stay shut.': False,
        'Nobody downstream was asked," the minister said.': True,
        "Engineers left.": False,
        "\u201cWe will wait.": False,
        "Then we decide.\u201d": True,
        '"A stray mark opens here.': False,
        "It stays open to the end of its paragraph.": True,
        "A new paragraph starts outside.": False,
    }


def test_a_piece_of_a_longer_quotation_is_never_put_in_the_outlets_voice():
    # The closing piece of a two-sentence quote carries the story's shared words, but it is the minister's
    # words: taken alone it would read as the outlet's own statement of fact.
    quoting = Document("q", (
        '"We were never told. The Harrow Gap sluices closed at dawn and the Orvane delta is drying out," '
        "the minister in Sarrow said on Monday.\nFishermen in Lowmarsh moved their boats upstream."
    ), "Sarrow Delta Courier", "Harrow Gap sluices close, Orvane delta drying")
    report = Document("r", (
        "Engineers in Velm closed the Harrow Gap sluices at dawn on Monday. "
        "Sarrow says the Orvane delta downstream is drying out."
    ), "Harbor Herald", "Harrow Gap sluices close")
    texts = [s.text for s in summarize([quoting, report], SummaryParams(words=40))]
    assert texts and not any(t.startswith("The Harrow Gap sluices closed at dawn") for t in texts)
    assert any("Harrow Gap sluices" in t for t in texts)
