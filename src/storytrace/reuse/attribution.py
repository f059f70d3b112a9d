"""Does a copy credit its source?

A target credits a source when

1. its credit metadata (``article.credit``, e.g. ``Newsweek`` from a
   ``(newsweek) --`` prefix) names the source's outlet, an author of its byline,
   or the source's own credit (a syndicated source carries its owner's name); or
2. a **credit phrase** within ``credit_window_sentences`` sentences of a shared
   passage names one of those: "Tom O'Connor wrote in Newsweek", "Reuters
   reported", "according to Newsweek", "via AP", "(Reuters) --", "Source: The
   Duran". "told Newsweek" is not a credit: it says who interviewed a speaker,
   not whose text this is.

Credit phrases the target copied along with the text (the source's own
"according to Tass") do not count: a phrase whose name lies on words matched to
the source is skipped.

Names match loosely: case, a leading "The", a web suffix (".com", ".ru"), a
qualifier ("CNN (Web News)", "Newsmax - News"), trailing words such as
"English", "Online" or "News", spaces, and initials ("AP" for "Associated
Press") are ignored.

When nothing is known about the source (no outlet, byline or credit), the
copy is attributed to whatever it credits next to the passage: its credit
metadata when a passage starts within its first sentences (where the syndication
credit the metadata came from stood), else a credit phrase near a passage that
names something outlet-like (an acronym, a media word, a web address, a media
description such as "news agency", or the object of "wrote in"). The name is
recorded as ``credited`` in the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from storytrace.reuse.align import Aligned
from storytrace.reuse.tokens import Doc
from storytrace.textnorm import fold

_WORD = r"[A-Z][\w&'\u2019.\-]*"
_SPACE = r"[^\S\n]+"  # spaces, tabs, no-break spaces; never a line break
_NAME = rf"{_WORD}(?:{_SPACE}(?:(?:of|the|de|for|and|&){_SPACE})*{_WORD}){{0,5}}"
_THE = rf"(?:(?i:the){_SPACE})?"

# (pattern, how, trusted): ``trusted`` patterns name a publication by their grammar alone.
_PATTERNS: list[tuple[re.Pattern[str], str, bool]] = [
    (
        re.compile(
            r"\b(?i:wrote|writes|written|writing|published|appeared|first\s+reported|reported|reporting|reports)"
            rf"\s+(?i:in|by|for|on)\s+{_THE}(?P<name>{_NAME})"
        ),
        "wrote in",
        True,
    ),
    (
        re.compile(
            r"\b(?i:via|courtesy\s+of|source:|originally\s+(?:published|appeared|ran)\s+(?:in|on|by|at)|"
            r"(?:republished|reprinted|syndicated|adapted)\s+(?:from|by|with\s+permission\s+(?:from|of)))"
            rf"\s+{_THE}(?P<name>{_NAME})"
        ),
        "via",
        True,
    ),
    (
        re.compile(r"\((?P<name>[A-Za-z][\w .&'\u2019\-]{0,38}[\w.])\)\s*(?:--|\u2014|\u2013|-)"),
        "dateline",
        True,
    ),
    (
        re.compile(
            rf"(?P<name>{_NAME})\s+(?i:reported|reports|has\s+reported|had\s+reported|first\s+reported|"
            r"wrote|writes|cited|published|said\s+in\s+(?:a|an|its)\s+(?:report|article|story|dispatch))\b"
        ),
        "reported",
        False,
    ),
    (
        re.compile(
            r"\b(?i:in|from)\s+(?i:an?|the|its|their)\s+(?i:report|article|story|piece|column|op-ed|dispatch|post|editorial)"
            rf"\s+(?i:in|by|for|from|on)\s+{_THE}(?P<name>{_NAME})"
        ),
        "report by",
        False,
    ),
    (re.compile(r"\b(?i:according\s+to|citing|per)\s+(?P<clause>(?:[^.;:!?\n]|\.(?=\w)){1,90})"), "according to", False),
]

_CLAUSE_NAME = re.compile(_NAME)
_MEDIA_WORDS = {
    "news", "times", "post", "journal", "press", "tribune", "herald", "daily", "weekly", "magazine", "gazette",
    "telegraph", "guardian", "network", "radio", "tv", "television", "agency", "wire", "review", "monitor",
    "observer", "chronicle", "examiner", "reporter", "insider", "today", "mail", "express", "standard",
    "independent", "register", "bulletin", "courier", "dispatch", "inquirer", "beacon", "caller", "star",
    "sun", "week", "online", "media", "broadcasting", "channel", "report", "digest", "globe", "mirror",
}
_MEDIA_DESCRIPTIONS = re.compile(
    r"\b(?:news\s+agency|agency|outlet|newspaper|broadcaster|magazine|website|web\s+site|network|channel|"
    r"daily|weekly|wire\s+service|tabloid|paper|site|publication|news\s+service)\b",
    re.IGNORECASE,
)
_WEB_SUFFIX = re.compile(r"\.(?:com|org|net|co\.uk|co|uk|ru|de|fr|in|info|news|io|us|ca|au)$")
_TRAILING_GENERIC = ("english", "online", "magazine", "website", "newspaper", "com", "news")
_NOT_NAMES = {
    "i", "he", "she", "it", "we", "they", "this", "that", "these", "those", "there", "but", "and", "in", "on",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
}


@dataclass(slots=True)
class Credit:
    """A credit phrase in an article: the name it credits and where it is."""

    name: str
    how: str
    phrase: str
    start: int  # character span of the name
    end: int
    outlet_like: bool


def name_key(name: str) -> str:
    """The loose form outlet and author names are compared by.

    Example:
        >>> name_key("The Washington Post") == name_key("washingtonpost.com")
        True
        >>> name_key("Rudaw English") == name_key("Rudaw")
        True
        >>> name_key("CNN (Web News)") == name_key("CNN")
        True
    """
    s = fold(name).strip()
    # Qualifiers after the name: "CNN (Web News)", "Newsmax - News", "Reuters | Business".
    s = re.sub(r"\s*(\(.*?\)|\s[-|:]\s.*)$", "", s) or s
    s = s.strip(".,;:'\"()[]")
    s = _WEB_SUFFIX.sub("", s)
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(r"['\u2019]s$", "", s)
    parts = re.findall(r"[a-z0-9]+", s)
    while len(parts) > 1 and parts[-1] in _TRAILING_GENERIC:
        parts.pop()
    return "".join(parts)


def _initials(name: str) -> str:
    parts = re.findall(r"[a-z0-9]+", re.sub(r"^the\s+", "", fold(name)))
    parts = [p for p in parts if p not in {"of", "the", "and", "de", "for"}]
    return "".join(p[0] for p in parts) if len(parts) > 1 else ""


def names_match(a: str, b: str) -> bool:
    """Whether two outlet names are the same outlet, loosely ("AP" == "Associated Press")."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    ia, ib = _initials(a), _initials(b)
    return (len(ka) >= 2 and ka == ib) or (len(kb) >= 2 and kb == ia)


def author_names(byline: str | None) -> list[str]:
    """The persons of a byline ("By Ann Lee and Bo Chen" -> ["Ann Lee", "Bo Chen"])."""
    if not byline:
        return []
    text = re.sub(r"^\s*by\s+", "", byline.strip(), flags=re.IGNORECASE)
    return [p.strip() for p in re.split(r",|;|&|\band\b", text) if p.strip()]


def person_matches(credited: str, person: str) -> bool:
    """A credited name is a byline person when it is the whole name or the surname."""
    c, p = name_key(credited), name_key(person)
    if not c or not p:
        return False
    if c == p:
        return True
    surname = name_key(person.split()[-1]) if person.split() else ""
    return len(surname) >= 3 and c == surname


def _outlet_like(name: str, context: str) -> bool:
    bare = name.strip()
    if re.fullmatch(r"[A-Z]{2,6}", bare):
        return True
    if _WEB_SUFFIX.search(fold(bare)):
        return True
    if any(w in _MEDIA_WORDS for w in re.findall(r"[a-z]+", fold(bare))):
        return True
    return bool(_MEDIA_DESCRIPTIONS.search(context))


def credit_phrases(text: str, start: int = 0, end: int | None = None) -> list[Credit]:
    """Credit phrases in ``text[start:end]`` with the names they credit.

    Example:
        >>> [c.name for c in credit_phrases("Hands up, Ann Vale wrote in The Daily Lantern.")]
        ['Ann Vale', 'Daily Lantern']
    """
    end = len(text) if end is None else end
    window = text[start:end]
    found: list[Credit] = []
    for pattern, how, trusted in _PATTERNS:
        for m in pattern.finditer(window):
            if how == "according to":
                found.extend(_clause_credits(m, start))
                continue
            name = m.group("name").rstrip(".'\u2019")
            if fold(name) in _NOT_NAMES:
                continue
            s = start + m.start("name")
            found.append(Credit(name, how, m.group().strip(), s, s + len(name), trusted or _outlet_like(name, m.group())))
    found.sort(key=lambda c: c.start)
    return found


def _clause_credits(m: re.Match[str], offset: int) -> list[Credit]:
    """Names after "according to" up to the first comma; the last one is the phrase's head.

    "according to Kurdish media outlet Rudaw" credits Rudaw; "per Rudaw, a Kurdish
    media outlet" credits Rudaw too (the description after the comma makes it outlet-like).
    """
    clause = m.group("clause")
    head = clause.split(",", 1)[0]
    base = offset + m.start("clause")
    names = [n for n in _CLAUSE_NAME.finditer(head) if fold(n.group().rstrip(".'\u2019")) not in _NOT_NAMES]
    credits = []
    for k, n in enumerate(names):
        name = n.group().rstrip(".'\u2019")
        outlet_like = k == len(names) - 1 and _outlet_like(name, clause)
        credits.append(Credit(name, "according to", m.group().strip(), base + n.start(), base + n.start() + len(name), outlet_like))
    return credits


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+|\n+")


def sentence_ends(doc: Doc) -> np.ndarray:
    """Character offsets where the sentences of ``doc`` end (cached on the doc)."""
    if doc.sentences is None:
        ends = [m.end() for m in _SENTENCE_END.finditer(doc.text)]
        doc.sentences = np.asarray(ends + [len(doc.text)], dtype=np.int64)
    return doc.sentences


def passage_window(doc: Doc, start: int, end: int, sentences: int) -> tuple[int, int]:
    """Characters from ``sentences`` sentences before ``start`` to ``sentences`` after ``end``."""
    ends = sentence_ends(doc)
    first = int(np.searchsorted(ends, start, side="right")) - sentences
    last = int(np.searchsorted(ends, end, side="left")) + sentences
    lo = int(ends[first - 1]) if first > 0 else 0
    hi = int(ends[min(last, len(ends) - 1)])
    return lo, hi


@dataclass(slots=True)
class Attribution:
    """Whether a target credits a source, how, and how strongly (2: outlet or author, 1: the source's credit)."""

    attributed: bool
    strength: int
    evidence: dict


def _source_names(source: Doc) -> list[tuple[str, str, int]]:
    """(name, what it is, strength) for everything the source's text may be credited to."""
    art = source.article
    names: list[tuple[str, str, int]] = []
    if art.outlet:
        names.append((art.outlet, "outlet", 2))
    names.extend((person, "author", 2) for person in author_names(art.byline))
    if art.credit:
        names.append((art.credit, "credit", 1))
    return names


def _matches(credited: str, name: str, what: str) -> bool:
    return person_matches(credited, name) if what == "author" else names_match(credited, name)


def _passage_near_start(target: Doc, passages: list[Aligned], sentences: int) -> bool:
    """Whether a passage starts within the target's first sentences, where a syndication credit
    ("(Lumen Wire) --", moved into ``credit`` by cleaning) stands next to it."""
    ends = sentence_ends(target)
    limit = int(ends[min(sentences, len(ends) - 1)])
    return any(target.char_span(p.b_start, p.b_end)[0] <= limit for p in passages)


def _matches_any(credited: str, name: str, what: str) -> bool:
    """``_matches`` for the credited name or any of its word suffixes.

    A name pattern also takes capitalised words before the name ("... Move To Cut Gases
    NPR reported" in a headline-case line), so "Gases NPR" is tried as "NPR" too.
    """
    parts = credited.split()
    return any(_matches(" ".join(parts[k:]), name, what) for k in range(min(len(parts), 6)))


def _copied_word_spans(passages: list[Aligned]) -> list[tuple[int, int]]:
    """Character spans of target words matched to the source (copied along with the text)."""
    spans = []
    for p in passages:
        doc = p.b
        for tag, _, _, b1, b2 in p.blocks:
            if tag == "equal":
                spans.append((int(doc.starts[b1]), int(doc.ends[b2 - 1])))
    return spans


def target_credits(target: Doc, passages: list[Aligned], sentences: int) -> list[Credit]:
    """Credit phrases the target itself wrote near its shared passages (``passages`` read source -> target)."""
    every = doc_credits(target)
    if not every:
        return []
    copied = _copied_word_spans(passages)
    seen: set[int] = set()
    credits: list[Credit] = []
    for p in passages:
        t0, t1 = target.char_span(p.b_start, p.b_end)
        lo, hi = passage_window(target, t0, t1, sentences)
        for k, credit in enumerate(every):
            if k in seen or credit.start < lo or credit.end > hi:
                continue
            if any(s < credit.end and credit.start < e for s, e in copied):
                continue
            seen.add(k)
            credits.append(credit)
    return credits


def doc_credits(doc: Doc) -> list[Credit]:
    """Every credit phrase of an article (found once, cached on the doc)."""
    if doc.credits is None:
        doc.credits = credit_phrases(doc.text)
    return doc.credits


def attribution(source: Doc, target: Doc, passages: list[Aligned], sentences: int) -> Attribution:
    """Whether ``target`` credits ``source`` for the ``passages`` (read source -> target)."""
    names = _source_names(source)
    credit_meta = target.article.credit
    if credit_meta:
        for name, what, strength in names:
            if _matches(credit_meta, name, what):
                return Attribution(True, strength, {"how": "credit metadata", "credited": credit_meta, "matches": what})
    credits = target_credits(target, passages, sentences)
    best: Attribution | None = None
    for credit in credits:
        for name, what, strength in names:
            if _matches_any(credit.name, name, what) and (best is None or strength > best.strength):
                best = Attribution(
                    True, strength, {"how": "credit phrase", "credited": credit.name, "phrase": credit.phrase, "matches": what}
                )
    if best is not None:
        return best
    if not names:
        if credit_meta and _passage_near_start(target, passages, sentences):
            return Attribution(
                True, 0, {"how": "credit metadata (source unknown)", "credited": credit_meta}
            )
        for credit in credits:
            if credit.outlet_like:
                return Attribution(
                    True, 0, {"how": "credit phrase (source unknown)", "credited": credit.name, "phrase": credit.phrase}
                )
    other = sorted({c.name for c in credits})
    return Attribution(False, 0, {"credits_others": other} if other else {})
