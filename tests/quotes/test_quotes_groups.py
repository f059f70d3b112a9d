"""The same quote across outlets: :func:`storytrace.quotes.groups.group_quotes`.

The invented texts below (a mayor, a minister of an invented country) are
typed for these tests; the seed test reads the seeds through ``seeds_dir`` and
checks the two translations of one remark by the former Iraqi prime minister.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from quotes_helpers import require_model

import storytrace
from storytrace.models import Article
from storytrace.quotes.groups import group_quotes, same_speaker, spelling_key
from storytrace.quotes.records import Quote, QuoteGroup


def _article(id: str, outlet: str | None = None, published: str | None = None) -> Article:
    return Article.from_raw(id, f"{id}.txt", "(body not used)", outlet=outlet, published=published)


def _quote(id: str, article: str, text: str, speaker: str | None, kind: str = "direct") -> Quote:
    return Quote(id, article, text, 0, len(text), kind, speaker)


def _by_id(groups: list[QuoteGroup]) -> dict[str, QuoteGroup]:
    return {g.id: g for g in groups}


def _partition_ok(quotes: list[Quote], groups: list[QuoteGroup]) -> None:
    """Every quote is in exactly one group, and its ``group`` field names that group."""
    seen: dict[str, str] = {}
    for g in groups:
        for qid in g.quotes:
            assert qid not in seen, qid
            seen[qid] = g.id
    assert seen == {q.id: q.group for q in quotes}


BRIDGE = "The new bridge over the Keller river will open to traffic in May, and the tolls will be abolished next year."
BRIDGE_CURLY = "The new bridge over the Keller river will open to traffic in May \u2013 and the tolls will be abolished next year"
TRIM = "the tolls will be abolished next year"

LINDQVIST_A = (
    "Traditionally, Norland has warm ties with Estmark. For that reason we want to see a strong Norland "
    "presence in the northern provinces, in trade and in security."
)
LINDQVIST_B = (
    "It is well known that Norland has traditionally close ties with Estmark. So we would like Norland to have "
    "a substantial presence in the northern provinces, in commerce and security."
)
HOLM_SIMILAR = (
    "Norland has traditionally close ties with Estmark, and a presence in the northern provinces "
    "helps trade and security."
)
LINDQVIST_OTHER = "The budget for schools in Estmark will rise by four percent, and teachers will receive a bonus this winter."


def test_spelling_key_joins_british_and_american_forms():
    pairs = [("defence", "defense"), ("organise", "organize"), ("organisation", "organization"),
             ("harbour", "harbor"), ("neighbourhood", "neighborhood"), ("centre", "center"),
             ("travelled", "traveled"), ("analysed", "analyzed"), ("programme", "program")]
    for british, american in pairs:
        assert spelling_key(british) == spelling_key(american), (british, american)
    assert spelling_key("four") != spelling_key("for")
    assert spelling_key("river") == "river"


def test_same_speaker():
    assert same_speaker("Oskar Lindqvist", "Oscar Lindqvist")
    assert same_speaker("Tilda Varnow", "Varnow")
    assert same_speaker("Hamid al-Rashu", "Hamid Rashu")
    assert not same_speaker("Anna Lindqvist", "Oskar Lindqvist")
    assert not same_speaker("Greta Holm", "Oskar Lindqvist")
    assert not same_speaker(None, "Oskar Lindqvist")


def test_copy_trim_and_earliest_by_date():
    articles = [_article("a", "Harbor Daily", "2031-05-02"), _article("b", "Valley Post", "2031-05-01"),
                _article("c", "Ridge Times", "2031-05-03")]
    quotes = [
        _quote("a:q1", "a", BRIDGE, "Tilda Varnow"),
        _quote("b:q1", "b", BRIDGE_CURLY, "Tilda Varnow"),
        _quote("c:q1", "c", TRIM, None, "partial"),
    ]
    groups = group_quotes(quotes, articles)
    _partition_ok(quotes, groups)
    assert len(groups) == 1
    group = groups[0]
    assert group.quotes == ["a:q1", "b:q1", "c:q1"]
    assert group.speaker == "Tilda Varnow"
    assert group.earliest == "b"
    # The copy is one version (punctuation does not count), published first in b; the trim is another.
    assert [v["articles"] for v in group.versions] == [["b", "a"], ["c"]]
    assert group.versions[0]["outlets"] == ["Valley Post", "Harbor Daily"]
    assert group.versions[1]["text"] == TRIM
    export = group.to_export()
    assert {"id", "quotes", "speaker", "earliest", "versions"} <= set(export)
    assert export["versions"][1] == {"text": TRIM, "articles": ["c"], "outlets": ["Ridge Times"]}


def test_earliest_falls_back_to_input_order_without_dates():
    articles = [_article("x"), _article("y", published="2031-01-09"), _article("z")]
    quotes = [_quote("z:q1", "z", BRIDGE, None), _quote("x:q1", "x", BRIDGE, None)]
    (group,) = group_quotes(quotes, articles)
    assert group.earliest == "x"  # no dates: the order of the articles
    quotes.append(_quote("y:q1", "y", BRIDGE, None))
    (group,) = group_quotes(quotes, articles)
    assert group.earliest == "y"  # a dated article comes before undated ones


def test_spelling_variant_is_grouped():
    articles = [_article("uk", "Albion Herald"), _article("us", "Prairie Wire")]
    quotes = [
        _quote("uk:q1", "uk", "Our defence of the harbour is a priority, and we will organise the patrols ourselves.", "Ines Marlow"),
        _quote("us:q1", "us", "Our defense of the harbor is a priority, and we will organize the patrols ourselves.", None),
    ]
    groups = group_quotes(quotes, articles)
    assert len(groups) == 1 and groups[0].quotes == ["uk:q1", "us:q1"]
    assert len(groups[0].versions) == 2  # spelling variants stay apart as versions
    assert quotes[0].group == quotes[1].group == groups[0].id


def test_short_fragment_does_not_join():
    articles = [_article("a"), _article("b")]
    quotes = [_quote("a:q1", "a", BRIDGE, "Tilda Varnow"), _quote("b:q1", "b", "next year", "Tilda Varnow", "partial")]
    groups = group_quotes(quotes, articles)
    assert len(groups) == 2
    _partition_ok(quotes, groups)


def test_copy_by_conflicting_speakers_is_not_grouped():
    articles = [_article("a"), _article("b")]
    quotes = [_quote("a:q1", "a", BRIDGE, "Tilda Varnow"), _quote("b:q1", "b", BRIDGE, "Greta Holm")]
    assert len(group_quotes(quotes, articles)) == 2


def test_translation_same_speaker_grouped_other_speaker_and_other_remark_not():
    require_model()
    articles = [_article("n1", "Norland Today"), _article("n2", "Estmark Review"), _article("n3", "Coast Radio"),
                _article("n4", "Inland Gazette"), _article("n5", "Fjord Weekly")]
    quotes = [
        _quote("n1:q1", "n1", LINDQVIST_A, "Oskar Lindqvist"),
        _quote("n2:q1", "n2", LINDQVIST_B, "Oscar Lindqvist"),
        _quote("n3:q1", "n3", HOLM_SIMILAR, "Greta Holm"),
        _quote("n4:q1", "n4", LINDQVIST_OTHER, "Oskar Lindqvist"),
        _quote("n5:q1", "n5", HOLM_SIMILAR, "Anna Lindqvist"),
    ]
    groups = group_quotes(quotes, articles)
    _partition_ok(quotes, groups)
    assert quotes[0].group == quotes[1].group
    assert quotes[2].group != quotes[0].group  # similar words, different speaker
    assert quotes[4].group != quotes[0].group  # similar words, another person of the same surname
    assert quotes[4].group != quotes[2].group  # the same words, but two different people
    assert quotes[3].group != quotes[0].group  # same speaker, another remark
    group = _by_id(groups)[quotes[0].group]
    assert group.quotes == ["n1:q1", "n2:q1"] and group.speaker == "Oskar Lindqvist"
    assert [v["outlets"] for v in group.versions] == [["Norland Today"], ["Estmark Review"]]


def test_similar_sentence_joins_when_the_speaker_is_the_same():
    """The control for the test above: the same paraphrase, said by the same person, is grouped."""
    require_model()
    articles = [_article("n2"), _article("n3")]
    quotes = [_quote("n2:q1", "n2", LINDQVIST_B, "Oskar Lindqvist"), _quote("n3:q1", "n3", HOLM_SIMILAR, "Lindqvist")]
    assert len(group_quotes(quotes, articles)) == 1


def test_article_quoting_two_remarks_keeps_them_apart():
    """Two quotes of one article are two remarks: a translation elsewhere joins at most one of them."""
    require_model()
    articles = [_article("n1"), _article("n2")]
    second = "Norland wants warm ties with Estmark and a presence in the northern provinces for trade."
    quotes = [
        _quote("n1:q1", "n1", LINDQVIST_A, "Oskar Lindqvist"),
        _quote("n1:q2", "n1", second, "Oskar Lindqvist"),
        _quote("n2:q1", "n2", LINDQVIST_B, "Oskar Lindqvist"),
    ]
    group_quotes(quotes, articles)
    assert quotes[0].group != quotes[1].group
    assert quotes[2].group in (quotes[0].group, quotes[1].group)


def test_no_quotes_no_groups():
    assert group_quotes([], [_article("a")]) == []


@pytest.fixture(scope="module")
def seed_analysis(seeds_dir: Path):
    require_model()
    analysis = storytrace.analyze([seeds_dir], options=storytrace.Options(workers=1))
    groups = group_quotes(analysis.quotes, analysis.articles)
    return analysis, groups


def test_seed_translations_of_one_maliki_remark_share_a_group(seed_analysis):
    analysis, groups = seed_analysis
    quotes = [q for q in analysis.quotes if "." not in q.article]
    _partition_ok(analysis.quotes, groups)

    def starting(prefix: str, words: str):
        found = [q for q in quotes if q.article.startswith(prefix) and q.text.startswith(words)]
        assert len(found) == 1, (prefix, words, [q.text[:40] for q in quotes if q.article.startswith(prefix)])
        return found[0]

    originals = [starting(p, "Historically, Russia has close relations") for p in ("000", "001", "004")]
    translation = starting("002", "It is known that Russia has historically")
    group_id = translation.group
    assert group_id is not None
    assert all(q.group == group_id for q in originals)
    group = _by_id(groups)[group_id]
    assert group.speaker is not None and group.speaker.endswith("Maliki")
    assert group.earliest in {q.article for q in originals + [translation]}
    assert len(group.versions) >= 2
    lavrov = [q for q in quotes if q.article.startswith("003") and q.speaker and q.speaker.endswith("Lavrov")]
    assert lavrov and all(q.group != group_id for q in lavrov)
    # Only Maliki's words are in the group.
    assert all(q.speaker is None or q.speaker.endswith("Maliki") for q in analysis.quotes if q.group == group_id)


def test_fragment_of_two_remarks_does_not_chain_them():
    """A trimmed quote found in two different remarks joins one of them; the remarks stay apart."""
    articles = [_article("a"), _article("b"), _article("c")]
    quotes = [
        _quote("a:q1", "a", "The tolls will be abolished next year, and the ferry to Osterby will stop running.", None),
        _quote("b:q1", "b", "Parking fees downtown will double in March, and the tolls will be abolished next year.", None),
        _quote("c:q1", "c", TRIM, None, "partial"),
    ]
    groups = group_quotes(quotes, articles)
    _partition_ok(quotes, groups)
    assert quotes[0].group != quotes[1].group
    assert quotes[2].group in (quotes[0].group, quotes[1].group)
