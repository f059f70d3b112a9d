"""Turn offset marks over an article's text into escaped-later segments.

A mark is ``(start, end, Mark)``: a reused passage or a quote. Marks may
overlap (a quote inside a copied passage), so the text is cut at every mark
boundary and each piece carries the marks covering it. The template renders
each piece's *text* through Jinja2's autoescape: markup is never built from
article text.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted stretch: its CSS class, a link (a path inside this app) and a tooltip."""

    start: int
    end: int
    kind: str
    href: str | None = None
    title: str = ""


@dataclass(slots=True)
class Segment:
    """A piece of text and the marks covering it (outermost first)."""

    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def link(self) -> Mark | None:
        """The innermost mark with a link: what a click on this piece opens."""
        return next((m for m in reversed(self.marks) if m.href), None)

    @property
    def classes(self) -> str:
        return " ".join(sorted({f"mark-{m.kind}" for m in self.marks}))

    @property
    def title(self) -> str:
        return " · ".join(m.title for m in self.marks if m.title)

    def to_export(self) -> dict[str, object]:
        return {"text": self.text, "marks": [m.kind for m in self.marks]}


def valid_marks(marks: list[Mark], length: int) -> list[Mark]:
    """Marks that lie inside a text of ``length`` characters and are not empty (bad offsets are dropped)."""
    return [m for m in marks if isinstance(m.start, int) and isinstance(m.end, int) and 0 <= m.start < m.end <= length]


def segments(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; each segment knows the marks that cover it.

    Example:
        >>> [(s.text, [m.kind for m in s.marks]) for s in segments("abcdef", [Mark(1, 4, "q"), Mark(2, 6, "r")])]
        [('a', []), ('b', ['q']), ('cd', ['q', 'r']), ('ef', ['r'])]
    """
    marks = valid_marks(marks, len(text))
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    # Outermost first: earlier start, then longer.
    ordered = sorted(marks, key=lambda m: (m.start, -m.end))
    pieces = []
    for begin, end in zip(cuts, cuts[1:]):
        covering = [m for m in ordered if m.start <= begin and end <= m.end]
        pieces.append(Segment(text[begin:end], covering))
    return pieces
