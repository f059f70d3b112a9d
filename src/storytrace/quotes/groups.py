"""The same quote across outlets: copies, trimmed versions, spelling variants, translations.

    group_quotes(quotes, articles) -> list[QuoteGroup]

Two quotes *match* when they are one remark:

``copy``
    the same word sequence after :func:`storytrace.textnorm.words` and a small
    British/American spelling normaliser (:func:`spelling_key`: defence/defense,
    -ise/-ize, -our/-or, -tre/-ter, -lled/-led ...). Typography and punctuation
    never count ("now, and" = "now and").
``trimmed``
    the shorter quote's words are (almost) all found, in order, in the longer
    one (:data:`TRIM_COVERAGE` of its words in matching runs of two or more
    words), and the shorter one has at least :data:`MIN_TRIM_WORDS` words, so
    "a stake" or "large batch" does not join every quote that has those words.
``translation``
    different words, same meaning (two outlets translating one remark). This
    needs the *same known speaker* (canonical names equal after folding, or
    equal surnames whose first names, when both have one, start with the same
    letter: "Nouri al-Maliki" = "Nuri al-Maliki", "Sergey" = "Sergei"), and an
    overlap of content stems (spaCy lemmas minus stop words, cut to
    :data:`STEM_CHARS` characters so politics/politically and
    military/militarily meet): at least :data:`MIN_SHARED` shared stems, and
    shared / smaller set >= :data:`MIN_OVERLAP`, and smaller / larger set >=
    :data:`MIN_LENGTH_RATIO` (similar length). A same-speaker pair from two
    articles that word overlap leaves unmatched (both quotes of
    :data:`MIN_EMBED_WORDS` words or more, sharing :data:`MIN_EMBED_SHARED`
    content stems) is a translation when sentence embeddings say so
    (:mod:`.semantic`; without sentence-transformers, word overlap only).

Copies and trims may not have conflicting speakers (both known and different);
one side unresolved (None) is fine, since outlets often lose the attribution.

Groups: the match graph's edges are taken best first (copy, then trim, then
translation by score); an edge joins its two groups only when the groups'
*representatives* (each group's longest quote) match as well, and when no
article has a quote in both groups that is no copy or trim of the other (an
article that quotes two sentences gives them as two remarks). This keeps a
short fragment that occurs in two different remarks, or a chain of loose
translations, from gluing unrelated quotes together. Translations are only
looked for between different articles. Every quote gets a group
(a remark quoted once is a group of one), so ``Quote.group`` is never None
after grouping and the export is consistent: each quote id is in exactly one
group's ``quotes``.

``earliest`` is the member article with the smallest ``published`` value (ISO
date strings compare as text); articles without a date come after dated ones,
and among equals the order of ``articles`` (then of ``quotes``) decides.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any

from storytrace.models import Article
from storytrace.quotes.records import Quote, QuoteGroup
from storytrace.quotes.semantic import similar_pairs
from storytrace.quotes.speakers import surname_key
from storytrace.textnorm import fold, words

__all__ = ["MatchInfo", "content_stems", "group_quotes", "match", "same_speaker", "spelling_key"]

#: A trimmed version must cover this share of the shorter quote's words (in runs of >= 2 words).
TRIM_COVERAGE = 0.85
#: ... and the shorter quote must have at least this many words.
MIN_TRIM_WORDS = 3
#: Content lemmas are compared on their first characters (a light stemmer).
STEM_CHARS = 6
#: A translation shares at least this many content stems ...
MIN_SHARED = 4
#: ... which are at least this share of the smaller quote's content stems ...
MIN_OVERLAP = 0.5
#: ... and the smaller quote has at least this share of the larger one's content stems.
MIN_LENGTH_RATIO = 0.5
#: Pairs word overlap leaves open go to sentence embeddings when both quotes have this many words ...
MIN_EMBED_WORDS = 6
#: ... and share this many content stems (a name, a place, a key word: keeps the number of pairs small).
MIN_EMBED_SHARED = 2

# --- British/American spelling -------------------------------------------------

_WORD_MAP = {
    "programme": "program", "programmes": "programs", "catalogue": "catalog", "dialogue": "dialog",
    "analogue": "analog", "grey": "gray", "tyre": "tire", "tyres": "tires", "cheque": "check", "cheques": "checks",
    "mould": "mold", "plough": "plow", "sceptical": "skeptical", "jewellery": "jewelry", "storey": "story",
    "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "ageing": "aging", "judgement": "judgment",
    "acknowledgement": "acknowledgment", "whilst": "while", "amongst": "among", "aluminium": "aluminum",
    "enrol": "enroll", "fulfil": "fulfill", "practise": "practice", "practised": "practiced", "licence": "license",
    "offence": "offense", "defence": "defense", "pretence": "pretense", "offences": "offenses", "defences": "defenses",
}
_SUFFIX_RULES = [
    # -ise/-ize, -isation/-ization, -yse/-yze (applied to both sides, so "rise" -> "rize" harms nothing)
    (re.compile(r"^(\w{2,})is(e|es|ed|ing|er|ers|ation|ations)$"), r"\1iz\2"),
    (re.compile(r"^(\w{2,})ys(e|es|ed|ing)$"), r"\1yz\2"),
    # -our/-or (colour, honourable, neighbourhood)
    (re.compile(r"^(\w{3,})our(s|ed|ing|ite|ites|able|ably|ful|hood|hoods|er|ers)?$"), r"\1or\2"),
    # -tre/-ter, -bre/-ber (centre, theatre, fibre)
    (re.compile(r"^(\w{2,})([tb])re(s|d)?$"), r"\1\2er\3"),
    # -lled/-led (travelled, cancelling, labelled)
    (re.compile(r"^(\w{2,}[ea])ll(ed|ing|er|ers)$"), r"\1l\2"),
    # -ence/-ense for the few nouns that differ (offenceless forms handled by the map)
    (re.compile(r"^(def|off|pret)ence(s)?$"), r"\1ense\2"),
    # ae/oe ligature spellings (paediatric, oestrogen, haemorrhage)
    (re.compile(r"^(\w*?)(ae|oe)(m|d|s|t)(\w{3,})$"), r"\1e\3\4"),
]


@lru_cache(maxsize=1 << 16)  # pure, and called for every word of every quote: seven regexes per new word only
def spelling_key(word: str) -> str:
    """One spelling for British and American forms of a normalised word ("defence" -> "defense")."""
    mapped = _WORD_MAP.get(word)
    if mapped is not None:
        return mapped
    for pattern, repl in _SUFFIX_RULES:
        new = pattern.sub(repl, word)
        if new != word:
            return new
    return word


# --- per-quote features -------------------------------------------------------------


@dataclass(slots=True)
class _Features:
    words: tuple[str, ...]
    stems: frozenset[str] = field(default_factory=frozenset)
    vocab: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        self.vocab = frozenset(self.words)


def _word_seq(text: str) -> tuple[str, ...]:
    return _spelling_seq(words(text))


def _spelling_seq(tokens: list[Any]) -> tuple[str, ...]:
    return tuple(spelling_key(t.norm) for t in tokens)


def _content_stems(texts: list[str]) -> list[frozenset[str]]:
    """Content-word stems of each text, parsing the texts (quotes from :func:`.analyse_article` come with theirs)."""
    from storytrace.quotes.nlp import load_nlp

    nlp = load_nlp()
    return [content_stems(doc, nlp.Defaults.stop_words) for doc in nlp.pipe(texts, batch_size=64)]


def content_stems(tokens: Iterable[Any], stop_words: Collection[str]) -> frozenset[str]:
    """Content-word stems of parsed tokens: lemmas minus stop words, spelling-normalised, cut short."""
    stems = set()
    for tok in tokens:
        if tok.is_stop or tok.is_punct or tok.is_space or not (tok.is_alpha or tok.like_num):
            continue
        lemma = fold(tok.lemma_ or tok.text)
        if lemma in stop_words:
            continue
        stems.add(spelling_key(lemma)[:STEM_CHARS])
    return frozenset(stems)


# --- matching -------------------------------------------------------------------------


@dataclass(slots=True)
class MatchInfo:
    """Why two quotes match: ``kind`` (copy, trimmed, translation) and a score in (0, 2]."""

    kind: str
    score: float


def _first_name_initial(name: str) -> str:
    parts = name.split()
    return fold(parts[0])[:1] if len(parts) >= 2 else ""


def same_speaker(a: str | None, b: str | None) -> bool:
    """Both speakers known and the same person (equal names, or equal surnames with compatible first names)."""
    if not a or not b:
        return False
    if a == b:
        return True
    (folded_a, key_a, initial_a), (folded_b, key_b, initial_b) = _name_parts(a), _name_parts(b)
    if folded_a == folded_b:
        return True
    if key_a != key_b or not key_a:
        return False
    return not initial_a or not initial_b or initial_a == initial_b


@lru_cache(maxsize=1 << 16)
def _name_parts(name: str) -> tuple[str, str, str]:
    """A speaker name's folded form, surname key and first initial (cached: a run compares the same names often)."""
    return fold(name).strip(), surname_key(name), _first_name_initial(name)


def _speakers_conflict(a: str | None, b: str | None) -> bool:
    return bool(a and b) and not same_speaker(a, b)


def _coverage(short: tuple[str, ...], long: tuple[str, ...]) -> float:
    """Share of ``short``'s words found in order in ``long``, counting only runs of two or more words."""
    if not short:
        return 0.0
    blocks = SequenceMatcher(None, short, long, autojunk=False).get_matching_blocks()
    hit = sum(b.size for b in blocks if b.size >= 2 or (b.size == 1 and len(short) == 1))
    return hit / len(short)


def _match(qa: Quote, fa: _Features, qb: Quote, fb: _Features) -> MatchInfo | None:
    if not fa.words or not fb.words:
        return None
    if fa.words == fb.words:
        return None if _speakers_conflict(qa.speaker, qb.speaker) else MatchInfo("copy", 2.0)
    short, long = (fa.words, fb.words) if len(fa.words) <= len(fb.words) else (fb.words, fa.words)
    if len(short) >= MIN_TRIM_WORDS and not _speakers_conflict(qa.speaker, qb.speaker):
        long_set = fb.vocab if long is fb.words else fa.vocab
        present = sum(1 for w in short if w in long_set)  # an upper bound of the coverage, cheap
        cover = _coverage(short, long) if present >= TRIM_COVERAGE * len(short) else 0.0
        if cover >= TRIM_COVERAGE:
            return MatchInfo("trimmed", 1.0 + cover * len(short) / len(long))
    if qa.article == qb.article or not same_speaker(qa.speaker, qb.speaker):
        return None  # an article does not translate one remark twice
    small, large = sorted((fa.stems, fb.stems), key=len)
    if not small:
        return None
    shared = len(small & large)
    overlap = shared / len(small)
    if shared >= MIN_SHARED and overlap >= MIN_OVERLAP and len(small) / len(large) >= MIN_LENGTH_RATIO:
        return MatchInfo("translation", shared / len(small | large))  # Jaccard, <= 1: after copies and trims
    return None


def match(a: Quote, b: Quote) -> MatchInfo | None:
    """Whether two quotes are one remark (see the module notes); parses both for content lemmas."""
    stems = _content_stems([a.text, b.text])
    fa, fb = _Features(_word_seq(a.text), stems[0]), _Features(_word_seq(b.text), stems[1])
    info = _match(a, fa, b, fb)
    if info is None and _worth_embedding(a, fa, b, fb):
        cosine = similar_pairs([a.text, b.text], [(0, 1)]).get((0, 1))
        info = MatchInfo("translation", cosine - 1.0) if cosine is not None else None
    return info


def _worth_embedding(qa: Quote, fa: _Features, qb: Quote, fb: _Features) -> bool:
    """A pair for :func:`.semantic.similar_pairs`: one speaker, two articles, a few content words in common."""
    return (
        qa.article != qb.article
        and min(len(fa.words), len(fb.words)) >= MIN_EMBED_WORDS
        and len(fa.stems & fb.stems) >= MIN_EMBED_SHARED
        and same_speaker(qa.speaker, qb.speaker)
    )


# --- grouping -------------------------------------------------------------------------


def group_quotes(
    quotes: list[Quote], articles: Iterable[Article], stems: Mapping[str, frozenset[str]] | None = None
) -> list[QuoteGroup]:
    """Group the quotes that are one remark; sets each quote's ``group`` **in place** and returns the groups.

    Every quote gets a group id (``g1``, ``g2``, ... numbered by each group's
    first member in ``quotes`` order); a remark quoted once is a group of one.
    ``articles`` gives outlet names and publication dates (articles the quotes
    do not name are ignored; a quote whose article is missing still groups).
    ``stems`` maps quote ids to their content stems when the caller has them
    (:func:`storytrace.quotes.analyse_article` does, from the article's parse);
    the others are parsed here.
    """
    articles = list(articles)
    by_id = {a.id: a for a in articles}
    order = {a.id: n for n, a in enumerate(articles)}
    n = len(quotes)
    if n == 0:
        return []
    tokens = [words(q.text) for q in quotes]  # once per quote: for matching, and for telling versions apart
    seqs = [_spelling_seq(t) for t in tokens]
    norms = [tuple(t.norm for t in ts) for ts in tokens]
    del tokens
    # Lemmas only for quotes that could be translations (a known speaker shared with another quote).
    speaker_keys = Counter(surname_key(q.speaker) for q in quotes if q.speaker)
    need = [i for i, q in enumerate(quotes) if q.speaker and speaker_keys[surname_key(q.speaker)] > 1]
    known = stems or {}
    parse = [i for i in need if quotes[i].id not in known]
    found: dict[int, frozenset[str]] = {i: known[quotes[i].id] for i in need if quotes[i].id in known}
    found.update(zip(parse, _content_stems([quotes[i].text for i in parse])) if parse else ())
    feats = [_Features(seqs[i], found.get(i, frozenset())) for i in range(n)]

    edges: list[tuple[float, int, int]] = []
    cache: dict[tuple[int, int], MatchInfo | None] = {}
    for i, j in _candidate_pairs(quotes, feats):
        info = _match(quotes[i], feats[i], quotes[j], feats[j])
        cache[(i, j)] = info
        if info is not None:
            edges.append((info.score, i, j))
    # Same-speaker pairs word overlap left open: does meaning say they are one remark (a loose translation)?
    unsettled = [(i, j) for (i, j), info in cache.items() if info is None and _worth_embedding(quotes[i], feats[i], quotes[j], feats[j])]
    for (i, j), cosine in similar_pairs([q.text for q in quotes], unsettled).items():
        cache[(i, j)] = MatchInfo("translation", cosine - 1.0)  # after every word-overlap match
        edges.append((cosine - 1.0, i, j))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))

    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def rep(root: int) -> int:  # the group's longest quote (most words; first in input order on ties)
        return max(members[root], key=lambda k: (len(seqs[k]), -k))

    for _, i, j in edges:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        a, b = sorted((rep(ri), rep(rj)))
        if (a != i or b != j) and cache.get((a, b)) is None:
            continue
        if not _compatible(members[ri], members[rj], quotes, cache):
            continue
        parent[rj] = ri
        members[ri].extend(members.pop(rj))

    def article_key(article_id: str, quote_index: int) -> tuple[Any, ...]:
        published = by_id[article_id].published if article_id in by_id else None
        return (published is None, published or "", order.get(article_id, len(order)), quote_index)

    roots = sorted(members, key=lambda r: min(members[r]))
    groups: list[QuoteGroup] = []
    for number, root in enumerate(roots, 1):
        idx = sorted(members[root])
        group_id = f"g{number}"
        for k in idx:
            quotes[k].group = group_id
        speakers = Counter(quotes[k].speaker for k in idx if quotes[k].speaker)
        speaker = None
        if speakers:
            top = max(speakers.values())
            speaker = next(quotes[k].speaker for k in idx if quotes[k].speaker and speakers[quotes[k].speaker] == top)
        earliest = quotes[min(idx, key=lambda k: article_key(quotes[k].article, k))].article
        groups.append(QuoteGroup(group_id, [quotes[k].id for k in idx], speaker, earliest, _versions(quotes, idx, by_id, article_key, norms)))
    return groups


#: A word pair shared by more quotes than this is too common to propose candidates ("of the").
MAX_BIGRAM_QUOTES = 500


def _candidate_pairs(quotes: list[Quote], feats: list[_Features]) -> list[tuple[int, int]]:
    """Pairs that could match, instead of all n² pairs (a run can hold hundreds of thousands of quotes).

    A copy or a trim shares a word pair with its longer version (a trim is
    matched by runs of two or more words), or, below two words, the whole
    sequence; each quote is paired through its rarest word pairs only. A translation needs the same speaker and shares content stems
    (at least :data:`MIN_EMBED_SHARED`, fewer than word overlap needs), so
    within one speaker's quotes only pairs sharing that many stems are
    proposed, found through each stem's quotes (a stem in more than
    :data:`MAX_BIGRAM_QUOTES` of them says nothing and is skipped): a
    much-quoted speaker does not make the pairs grow with the square of
    their quotes.
    """
    buckets: dict[object, list[int]] = {}
    keys_of: list[list[object]] = []
    for i, feature in enumerate(feats):
        seq = feature.words
        keys = list(dict.fromkeys(zip(seq, seq[1:]))) if len(seq) >= 2 else [seq]
        keys_of.append(keys)
        for key in keys:
            buckets.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for i, keys in enumerate(keys_of):
        # A longer version holds all but a few of a quote's word pairs (each changed word breaks two), so the
        # quote's rarest pairs, one more than can break, are enough to find every version of it.
        wanted = 2 * math.ceil((1 - TRIM_COVERAGE) * len(feats[i].words)) + 1
        for key in sorted(keys, key=lambda k: len(buckets[k]))[:wanted]:
            members = buckets[key]
            if len(members) <= MAX_BIGRAM_QUOTES:
                pairs.update((min(i, j), max(i, j)) for j in members if j != i)
    by_speaker: dict[str, list[int]] = {}
    for i, quote in enumerate(quotes):
        if quote.speaker and feats[i].stems:
            by_speaker.setdefault(surname_key(quote.speaker), []).append(i)
    for members in by_speaker.values():
        postings: dict[str, list[int]] = {}
        for i in members:
            for stem in feats[i].stems:
                postings.setdefault(stem, []).append(i)
        shared: Counter[tuple[int, int]] = Counter()
        for quotes_with_stem in postings.values():
            if 1 < len(quotes_with_stem) <= MAX_BIGRAM_QUOTES:
                shared.update((quotes_with_stem[a], quotes_with_stem[b])
                              for a in range(len(quotes_with_stem)) for b in range(a + 1, len(quotes_with_stem)))
        pairs.update(pair for pair, count in shared.items() if count >= MIN_EMBED_SHARED)
    return sorted(pairs)


def _compatible(ga: list[int], gb: list[int], quotes: list[Quote], cache: dict[tuple[int, int], MatchInfo | None]) -> bool:
    """Groups may join unless one article quotes both as two remarks (two of its quotes that are no copy or trim of each other)."""
    for x in ga:
        for y in gb:
            if quotes[x].article == quotes[y].article:
                info = cache.get((min(x, y), max(x, y)))
                if info is None or info.kind == "translation":
                    return False
    return True


def _versions(
    quotes: list[Quote], idx: list[int], by_id: dict[str, Article], article_key: Any, norms: list[tuple[str, ...]] | None = None
) -> list[dict[str, Any]]:
    """Distinct wordings (the same folded words; spelling variants stay apart), each with its articles
    and outlets earliest first; a version's ``text`` is its earliest quote's, and versions come in the
    order they first appeared. ``norms``: each quote's word forms (indexed like ``quotes``) when the
    caller has them."""
    versions: dict[tuple[str, ...], dict[str, Any]] = {}
    for k in sorted(idx, key=lambda k: article_key(quotes[k].article, k)):
        q = quotes[k]
        key = norms[k] if norms is not None else tuple(t.norm for t in words(q.text))
        v = versions.setdefault(key, {"text": q.text, "articles": [], "outlets": []})
        if q.article not in v["articles"]:
            v["articles"].append(q.article)
        outlet = by_id[q.article].outlet if q.article in by_id else None
        if outlet and outlet not in v["outlets"]:
            v["outlets"].append(outlet)
    return list(versions.values())
