"""What the stories analysis produces: typed records with ``to_export()``.

A *story* is the set of articles about one event, across outlets. Its export
is the ``stories`` section of ``storytrace/1``::

    {"id", "title", "articles", "start", "end", "first_reported_by",
     "summary": [{"text", "support": [article ids]}],
     "framing": [{"concept", "terms": {"<outlet>": ["term", ...]}}], ...}

Articles are listed in time order (undated ones last, by id). Outlet names
key the framing and coverage tables; an article with no known outlet is
keyed by its id, so nothing is silently merged under "unknown".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class SummarySentence:
    """One sentence of a story's summary and the articles that carry what it says."""

    text: str
    support: list[str]
    #: The outlets of the supporting articles (sorted, ids for articles with no outlet).
    outlets: list[str] = field(default_factory=list)
    #: The whole sentence as its article has it; ``text`` differs when an aside was cut (shown as "…").
    full_text: str = ""

    def to_export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class SingleSourceReport:
    """Something only one outlet reports (a sentence no other outlet's article supports)."""

    text: str
    article: str
    outlet: str

    def to_export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Framing:
    """How outlets name one concept (an actor or event) of the story.

    ``terms`` maps each outlet to the words it uses for the concept, in the
    order first used; ``evidence`` lists where each pairing was seen (an
    edit between a copy and its source, or two aligned sentences of
    independent articles), so a reader can check it.
    """

    concept: str
    terms: dict[str, list[str]]
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class OutletCoverage:
    """One outlet's part in a story."""

    outlet: str
    articles: list[str]
    #: Earliest publication date among its articles (None when undated).
    first: str | None = None
    #: The outlet's ratings from the user's ratings CSV (e.g. bias, factuality, ownership); empty when unrated.
    ratings: dict[str, str] = field(default_factory=dict)

    def to_export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Coverage:
    """Who covered a story, when, and how coverage splits by the outlets' ratings."""

    outlets: list[OutletCoverage] = field(default_factory=list)
    #: ``[{"date", "article", "outlet"}]`` in time order (undated articles are left out).
    timeline: list[dict[str, Any]] = field(default_factory=list)
    #: Articles per rating value, per rating: ``{"bias": {"left": 3, "right": 0}}``.
    by_rating: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Plain-language flags, e.g. ``"bias=right: 0 of 7 articles"`` when one side barely covered it.
    flags: list[str] = field(default_factory=list)
    #: Outlets that may have reported first: with dates but no times, every outlet on the first day
    #: (see :func:`~storytrace.stories.coverage.first_reporters`); empty when no article is dated.
    first_reporters: list[str] = field(default_factory=list)

    def to_export(self) -> dict[str, Any]:
        return {
            "outlets": [o.to_export() for o in self.outlets],
            "timeline": list(self.timeline),
            "by_rating": {k: dict(v) for k, v in self.by_rating.items()},
            "flags": list(self.flags),
            "first_reporters": list(self.first_reporters),
        }


@dataclass(slots=True)
class Story:
    """One story: its articles across outlets, with coverage, framing and an attributed summary."""

    id: str
    title: str
    #: Article ids in time order (undated last, by id).
    articles: list[str]
    start: str | None = None
    end: str | None = None
    #: The outlet (or, with no outlet, the article id) of the earliest article; None when no article is dated.
    first_reported_by: str | None = None
    #: The earliest article's id (None when no article is dated).
    first_article: str | None = None
    summary: list[SummarySentence] = field(default_factory=list)
    single_source: list[SingleSourceReport] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
    coverage: Coverage = field(default_factory=Coverage)
    #: Stories linked without being the same story (e.g. a print sidebar and its page's main article).
    related: list[str] = field(default_factory=list)

    def to_export(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "articles": list(self.articles),
            "start": self.start,
            "end": self.end,
            "first_reported_by": self.first_reported_by,
            "first_article": self.first_article,
            "summary": [s.to_export() for s in self.summary],
            "single_source": [s.to_export() for s in self.single_source],
            "framing": [f.to_export() for f in self.framing],
            "coverage": self.coverage.to_export(),
            "related": list(self.related),
        }
