"""Records the quote analysis produces: :class:`Quote`, :class:`Citation`, :class:`Entity`.

Offsets are ``[start, end)`` into the article's clean ``text``. Every record is
a plain dataclass (it pickles and serialises); ``to_export()`` gives the JSON
form used in the ``quotes``, ``citations`` and ``entities`` sections.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Quote:
    """Something a person (or body) said, as an article reports it.

    ``kind`` is ``direct`` (a whole quoted sentence or clause), ``partial``
    (a few quoted words inside the reporter's sentence) or ``indirect``
    (reported speech: "X said that ..."). ``speaker`` is the canonical name
    (the longest full mention of that person in the article) or None when it
    cannot be resolved; ``speaker_mention`` is the text that refers to the
    speaker in this sentence ("he", "the former prime minister", "Maliki").
    ``group`` is reserved for quote-variant groups across articles.
    """

    id: str
    article: str
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_mention: str | None = None
    cue: str | None = None
    group: str | None = None

    def to_export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Citation:
    """A source an article credits: "according to Rudaw", "TASS reported", "told Rudaw English".

    ``source`` is normalised across the run (case, a leading "the", a trailing
    "'s"); ``text`` is the credit phrase as written and ``start``/``end`` its span.
    """

    id: str
    article: str
    source: str
    text: str
    start: int
    end: int

    def to_export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Entity:
    """A person, organisation or place an article names, with every mention's span.

    ``type`` is ``PERSON``, ``ORG`` or ``GPE``; ``name`` is canonical (for a
    person the longest full mention, so "Maliki" joins "Nouri al-Maliki").
    ``mentions`` are ``(start, end)`` pairs into the clean text.
    """

    id: str
    article: str
    name: str
    type: str
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def to_export(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article": self.article,
            "name": self.name,
            "type": self.type,
            "mentions": [[s, e] for s, e in self.mentions],
        }


@dataclass(slots=True)
class QuoteResult:
    """What :func:`storytrace.quotes.find_quotes` found over a run's articles."""

    quotes: list[Quote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    #: One remark's versions across articles; filled by :func:`storytrace.quotes.groups.group_quotes`.
    groups: list["QuoteGroup"] = field(default_factory=list)
    #: Content-word stems of each quote (by id), taken from its article's parse, for grouping translations.
    stems: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(slots=True)
class QuoteGroup:
    """One remark as several articles quote it: copies, trims, spelling variants, translations.

    ``quotes`` are the member quote ids (in input order); ``speaker`` the group's
    canonical speaker (the most frequent known speaker of its members, or None);
    ``earliest`` the id of the member article published first (see
    :func:`storytrace.quotes.groups.group_quotes`). ``versions`` lists the distinct
    wordings: ``{"text", "articles": [ids], "outlets": [names]}``, earliest first.
    """

    id: str
    quotes: list[str] = field(default_factory=list)
    speaker: str | None = None
    earliest: str = ""
    versions: list[dict[str, Any]] = field(default_factory=list)

    def to_export(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "quotes": list(self.quotes),
            "speaker": self.speaker,
            "earliest": self.earliest,
            "versions": [
                {"text": v["text"], "articles": list(v["articles"]), "outlets": list(v["outlets"])} for v in self.versions
            ],
        }
