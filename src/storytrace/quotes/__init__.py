"""Who said what: quotations, their speakers, cited sources and named entities.

    find_quotes(articles) -> QuoteResult(quotes, citations, entities)

Per article: parse once with spaCy (sentences, entities, dependencies), find
quote spans in the clean text (:mod:`.extract`), attribute each to a cue and a
speaker (:mod:`.attribute`, :mod:`.speakers`), find credited sources
(:mod:`.citations`) and list the people, organisations and places named.
Across the run, one spelling per cited source (:func:`.citations.normalise_sources`).
Offsets are into each article's clean ``text``.

Example:
    >>> from storytrace.models import Article
    >>> text = "“We will build the bridge,” Mayor Tilda Varnow said. “It opens in May.”"
    >>> [(q.text, q.speaker) for q in find_quotes([Article.from_raw("a", "a.txt", text)]).quotes]  # doctest: +SKIP
    [('We will build the bridge', 'Tilda Varnow'), ('It opens in May.', 'Tilda Varnow')]
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import Any

from storytrace.models import Article
from storytrace.quotes.attribute import Attributor
from storytrace.quotes.citations import find_citations, normalise_sources, source_key
from storytrace.quotes.extract import QuoteSpan, find_quote_spans, quote_kind
from storytrace.quotes.groups import content_stems, group_quotes
from storytrace.quotes.nlp import load_nlp, one_blas_thread, parse
from storytrace.quotes.records import Citation, Entity, Quote, QuoteResult
from storytrace.quotes.speakers import Resolver, surname_key

#: Articles spaCy parses together (larger batches bought nothing measurable; see benchmarks/bench_quotes.py).
BATCH_SIZE = 16

__all__ = [
    "Citation",
    "Entity",
    "Quote",
    "QuoteResult",
    "QuoteSpan",
    "analyse_article",
    "find_quote_spans",
    "find_quotes",
    "merge_results",
    "normalise_sources",
    "quotes_of_texts",
    "load_nlp",
    "quote_kind",
]


def find_quotes(articles: list[Article]) -> QuoteResult:
    """Quotes, citations and entities of every article, with sources normalised across the run.

    Raises:
        MissingExtraError: spaCy or its English model is not installed.
    """
    return merge_results([quotes_of_texts([(article.id, article.text) for article in articles])], articles)


def merge_results(parts: list[QuoteResult], articles: list[Article]) -> QuoteResult:
    """Join per-shard results in order, then do what needs the whole run.

    One spelling per cited source across the run, and each remark's versions
    grouped across articles (this sets every quote's ``group``).
    """
    result = QuoteResult()
    for part in parts:
        result.quotes.extend(part.quotes)
        result.citations.extend(part.citations)
        result.entities.extend(part.entities)
        result.stems.update(part.stems)
    normalise_sources(result.citations)
    result.groups = group_quotes(result.quotes, articles, result.stems)
    return result


def quotes_of_texts(items: list[tuple[str, str]]) -> QuoteResult:
    """Quotes of ``(article id, clean text)`` pairs; a shard's worth, safe in any worker process.

    Cited sources are not yet normalised across the run: merge the shards'
    results, then call :func:`.citations.normalise_sources` once.
    """
    nlp = load_nlp()  # fails early and clearly when the model is missing
    result = QuoteResult()
    with one_blas_thread():
        docs = nlp.pipe((text for _, text in items), batch_size=BATCH_SIZE)
        for (article_id, text), doc in zip(items, docs):
            part = analyse_article(article_id, text, doc)
            result.quotes.extend(part.quotes)
            result.citations.extend(part.citations)
            result.entities.extend(part.entities)
            result.stems.update(part.stems)
    return result


def analyse_article(article_id: str, text: str, doc: Any | None = None) -> QuoteResult:
    """Quotes, citations and entities of one article's clean text (sources not yet normalised across articles)."""
    doc = doc if doc is not None else parse(text)
    resolver = Resolver(doc)
    citations = find_citations(doc, article_id, resolver, text)
    outlets = {source_key(c.source) for c in citations}
    # Names credited as outlets ("according to Rudaw") are no one's to say "he" about.
    not_people = frozenset(surname_key(c.source) for c in citations)
    if not_people & {p.key for p in resolver.people.persons}:
        resolver = Resolver(doc, not_people)
    attributor = Attributor(doc, article_id, resolver, outlets, text)
    spans = find_quote_spans(text)
    quoted = attributor.quotes(spans)
    indirect = attributor.indirect(spans)
    quotes = sorted(quoted + [q for q in indirect if not _overlaps(q, quoted)], key=lambda q: (q.start, q.end))
    for n, quote in enumerate(quotes, 1):
        quote.id = f"{article_id}:q{n}"
    for n, citation in enumerate(citations, 1):
        citation.id = f"{article_id}:c{n}"
    stop_words = load_nlp().Defaults.stop_words
    stems = {q.id: content_stems(doc.char_span(q.start, q.end, alignment_mode="expand") or (), stop_words) for q in quotes}
    return QuoteResult(quotes, citations, _entities(doc, article_id, resolver), stems=stems)


def _overlaps(quote: Quote, others: list[Quote]) -> bool:
    return any(quote.start < o.end and o.start < quote.end for o in others)


def _any_within(sorted_offsets: list[int], start: int, end: int) -> bool:
    """Whether an offset of the sorted list lies in ``[start, end)``."""
    i = bisect_left(sorted_offsets, start)
    return i < len(sorted_offsets) and sorted_offsets[i] < end


def _entities(doc: Any, article_id: str, resolver: Resolver) -> list[Entity]:
    entities: list[Entity] = []
    for person in resolver.people.persons:
        entities.append(Entity("", article_id, person.name, "PERSON", sorted(set(person.mentions))))
    groups: dict[tuple[str, str], list[Any]] = {}
    person_starts = sorted(s for p in resolver.people.persons for s, _ in p.mentions)
    for ent in doc.ents:
        if ent.label_ in ("ORG", "GPE") and not _any_within(person_starts, ent.start_char, ent.end_char):
            name = ent.text.strip()
            if name.lower().startswith("the "):
                name = name[4:]
            for suffix in ("'s", "\u2019s"):
                if name.endswith(suffix):
                    name = name[: -len(suffix)]
            if name:
                groups.setdefault((ent.label_, source_key(name)), []).append((name, ent.start_char, ent.end_char))
    for (label, _), mentions in groups.items():
        name = Counter(m[0] for m in mentions).most_common(1)[0][0]
        entities.append(Entity("", article_id, name, label, sorted((s, e) for _, s, e in mentions)))
    entities.sort(key=lambda e: e.mentions[0] if e.mentions else (0, 0))
    for n, entity in enumerate(entities, 1):
        entity.id = f"{article_id}:e{n}"
    return entities
