"""Cited sources: the outlets and agencies an article credits.

Patterns (read from the dependency parse, so word order may vary):
"according to Rudaw", "per Rudaw", "TASS reported", "Reuters cited ... as
saying", "wrote ... in Asharq Al-Awsat", "told Rudaw English". A source that
is a person the article names is a speaker, not a citation.
:func:`normalise_sources` then makes one spelling per source across the run
("Tass" and "TASS" become "TASS").
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from storytrace.quotes.nlp import cue_indices
from storytrace.quotes.records import Citation
from storytrace.quotes.speakers import Resolver, clean_name
from storytrace.textnorm import fold

#: Verbs whose subject, when not a person, is a credited outlet.
REPORT_VERBS = frozenset({"report", "cite", "quote", "publish", "broadcast"})
#: Verbs whose object, when not a person, is the outlet spoken to ("told Rudaw English").
TELL_VERBS = frozenset({"tell"})
#: Verbs whose "in X" names the outlet the words appeared in ("wrote in Newsweek").
WRITE_VERBS = frozenset({"write", "say", "tell", "report", "publish", "quote", "argue", "note"})
#: The verbs :func:`find_citations` looks at.
_CUE_LEMMAS = REPORT_VERBS | TELL_VERBS | WRITE_VERBS


def source_key(name: str) -> str:
    """The matching form of a source name: folded, without "the " and "'s"."""
    key = fold(name).strip(" .,;:")
    if key.startswith("the "):
        key = key[4:]
    if key.endswith("'s"):
        key = key[:-2]
    return " ".join(key.split())


#: Nouns that make a noun phrase an outlet ("Kurdish media outlet Rudaw", "the website Pravda.ru").
OUTLET_NOUNS = frozenset(
    "outlet agency newspaper paper website site network channel broadcaster magazine daily weekly media service "
    "wire tv television radio station news journal tabloid blog publication portal".split()
)
#: Last words that mark a name as an outlet's ("Rudaw English", "Fox News", "Al Arabiya TV").
OUTLET_SUFFIXES = frozenset("english arabic news tv radio times post journal agency press magazine network channel daily".split())


def _name_span(doc: Any, head: Any, ents: tuple[Any, ...] | None = None) -> Any | None:
    """The proper-name words of the noun phrase at ``head`` ("Kurdish media outlet Rudaw" -> "Rudaw").

    ``ents``: the doc's entities when the caller has read them (``doc.ents`` builds them anew on each access).
    """
    for ent in doc.ents if ents is None else ents:
        if ent.start <= head.i < ent.end and ent.label_ in ("ORG", "PERSON", "GPE", "WORK_OF_ART", "FAC", "PRODUCT"):
            return ent
    if head.pos_ == "PROPN":
        start = head.i
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ in ("compound", "flat"):
            start -= 1
        return doc[start : head.i + 1]
    # "the state-run Tass Russian news agency", "the website Pravda.ru": the proper names in the phrase.
    names = [t for t in head.subtree if t.pos_ == "PROPN" and t.ent_type_ not in ("NORP", "GPE", "DATE")]
    if not names:
        return None
    first = names[0].i
    end = first + 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].ent_type_ not in ("NORP", "GPE", "DATE"):
        end += 1
    return doc[first:end]


def _outlet_phrase(head: Any) -> bool:
    return any(t.lemma_.lower() in OUTLET_NOUNS for t in head.subtree) or head.lower_ in OUTLET_SUFFIXES


def looks_like_outlet(head: Any) -> bool:
    """Whether a noun phrase names a news outlet by its words ("the Washington Post", "Kurdish media outlet
    Rudaw", "Fox News"): an outlet noun in the phrase, or an outlet's last word ending a proper name."""
    if _outlet_phrase(head):
        return True
    return head.pos_ == "PROPN" and head.lower_ in OUTLET_SUFFIXES | {"post", "herald", "tribune", "guardian", "telegraph", "gazette", "examiner", "observer"}


def _real_person(resolver: Resolver, span: Any) -> bool:
    """A name the article uses for a person with a full name (not a one-word PERSON guess such as "Rudaw")."""
    person = resolver.people.find(span.text)
    return person is not None and person.first is not None and len(person.name.split()) > 1


def find_citations(doc: Any, article_id: str, resolver: Resolver, text: str | None = None) -> list[Citation]:
    """Credited sources in one parsed article, in text order (ids are numbered later).

    ``text``: what the doc was parsed from, when the caller has it (``doc.text`` rebuilds it from every token).
    """
    found: dict[tuple[int, int], Citation] = {}
    ents = tuple(doc.ents)  # built anew on every access: read once
    clean: list[str] = []  # the article's text, read when the first citation is found

    def add(name_span: Any, phrase_start: int, phrase_end: int) -> None:
        if name_span is None:
            return
        source = clean_name(name_span.text)
        if source.lower().startswith("the "):
            source = source[4:]
        if not source or not source[:1].isupper():
            return
        if not clean:
            clean.append(doc.text if text is None else text)
        found[(phrase_start, phrase_end)] = Citation("", article_id, source, clean[0][phrase_start:phrase_end], phrase_start, phrase_end)

    def is_outlet(obj: Any, span: Any, strong: bool, certain: bool = False) -> bool:
        """``strong``: the pattern says outlet unless the name is a known person; ``certain``: it always does
        (nobody writes *in* a person); otherwise the words must say so ("Rudaw English", "news agency")."""
        if any(t.ent_type_ in ("DATE", "NORP", "TIME", "CARDINAL", "ORDINAL") for t in span):
            return False
        if _outlet_phrase(obj):
            return True
        # A place is where one wrote or whom one told (a government); "according to" a place credits it.
        if any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in span):
            return strong and not certain
        if certain or span[-1].lower_ in OUTLET_SUFFIXES or any(t.ent_type_ == "ORG" for t in span):
            return True
        return strong and not _real_person(resolver, span)

    for token in (doc[i] for i in cue_indices(doc, _CUE_LEMMAS, ("according", "per"))):
        lemma = token.lemma_.lower()
        if token.lower_ in ("according", "per"):
            prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"), token)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            span = _name_span(doc, obj, ents) if obj is not None else None
            if span is not None and is_outlet(obj, span, strong=True):
                add(span, token.idx, span.end_char)
        elif lemma in REPORT_VERBS and token.pos_ == "VERB":
            subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
            span = _name_span(doc, subj, ents) if subj is not None else None
            if span is not None and is_outlet(subj, span, strong=True):
                lo, hi = sorted((span.start_char, token.idx + len(token.text)))
                add(span, lo, max(hi, span.end_char))
        if lemma in TELL_VERBS and token.pos_ == "VERB":
            obj = next((c for c in token.children if c.dep_ in ("dobj", "dative")), None)
            span = _name_span(doc, obj, ents) if obj is not None else None
            if span is not None and is_outlet(obj, span, strong=False):
                add(span, token.idx, span.end_char)
        if lemma in WRITE_VERBS and token.pos_ == "VERB":
            # "wrote in Newsweek", and "wrote Amir Taheri in Asharq Al-Awsat" (the parser hangs "in" on the name).
            holders = [token] + [c for c in token.children if c.dep_ in ("nsubj", "dobj") and c.i > token.i]
            for holder in holders:
                for prep in holder.children:
                    if prep.dep_ != "prep" or prep.lower_ != "in":
                        continue
                    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                    span = _name_span(doc, obj, ents) if obj is not None else None
                    if span is not None and is_outlet(obj, span, strong=True, certain=True):
                        add(span, prep.idx, span.end_char)
    return [found[k] for k in sorted(found)]


def normalise_sources(citations: list[Citation]) -> None:
    """One spelling per source across the run, in place.

    Spellings that match case-insensitively (without "the " and "'s") become
    one: the all-capitals form when one was seen (an acronym: "TASS"), else
    the most common form (ties: the earliest).
    """
    forms: dict[str, Counter[str]] = {}
    for c in citations:
        forms.setdefault(source_key(c.source), Counter())[c.source] += 1
    chosen: dict[str, str] = {}
    for key, counter in forms.items():
        upper = [f for f in counter if f.isupper() and len(f) > 1]
        chosen[key] = max(upper, key=counter.__getitem__) if upper else counter.most_common(1)[0][0]
    for c in citations:
        c.source = chosen[source_key(c.source)]
