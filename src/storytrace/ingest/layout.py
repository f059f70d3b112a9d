"""The line layout of text extracted from a printed page.

PDF extraction keeps the typesetter's line breaks: a column of short lines
of nearly equal width, most ending mid-sentence, some with a line-break
hyphen. Plain text from the web has one line per paragraph. Everything here
is a small pure function over strings or :class:`Line` records, so the rules
that decide how a page is unwrapped can be tested one by one.

Note:
    Widths are counted in characters. Print uses proportional fonts, so a
    "full" line varies by 10-20% in characters; thresholds below leave room
    for that instead of expecting a fixed column width.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple


class Line(NamedTuple):
    """One line of a text: ``[start, end)`` is the whole line without its newline,
    ``[content_start, content_end)`` the line without surrounding whitespace."""

    start: int
    end: int
    content_start: int
    content_end: int
    content: str

    @property
    def blank(self) -> bool:
        return not self.content

    @property
    def indented(self) -> bool:
        """Whether the line starts with whitespace: a layout signal in PDF text."""
        return self.content_start > self.start


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` (split on ``\\n`` only) with its offsets."""
    lines: list[Line] = []
    start = 0
    for raw_line in text.split("\n"):
        end = start + len(raw_line)
        stripped_left = len(raw_line) - len(raw_line.lstrip())
        content = raw_line.strip()
        content_start = start + stripped_left if content else start
        lines.append(Line(start, end, content_start, content_start + len(content), content))
        start = end + 1
    return lines


# --- What a line's ends say ---------------------------------------------------------

_CLOSERS = "\"'\u201d\u2019\u00bb)]"
_SENTENCE_END = re.compile(rf"[.!?\u2026][{re.escape(_CLOSERS)}]*$")
_OPENERS = "\"'\u201c\u2018\u00ab([\u201e"
_BREAK_HYPHEN = re.compile(r"(\w+(?:[-\u2010'\u2019]\w+)*)[-\u2010]$")
_SOFT_HYPHEN_END = re.compile(r"\w\u00ad$")
_TIGHT_DASH_END = re.compile(r"\w[\u2013\u2014]$")
_FIRST_WORD = re.compile(r"\w+")

#: Words a sentence (in English and a few other languages) cannot end on, so a
#: line ending with one continues on the next line whatever comes between.
FUNCTION_WORDS = frozenset(
    """a an the of to in on at by for with from into onto over under about after before
    between and or but nor as that than which who whom whose its his her their our my your
    this these those is are was were be been has have had not no will would can could
    should may might must if when while where because although though since until unless
    via per among against during without within upon de la le les des du el los las del
    der die das den dem und oder""".split()
)


def ends_sentence(content: str) -> bool:
    """A line ending with ``.``, ``!``, ``?`` or an ellipsis, before any closing quotes."""
    return bool(_SENTENCE_END.search(content))


def ends_open(content: str) -> bool:
    """A line that cannot end a sentence: it ends with a comma or a function word."""
    if content.endswith((",", "\u201e")):
        return True
    words = content.split()
    return bool(words) and words[-1].lower() in FUNCTION_WORDS


def break_hyphen_word(content: str) -> str | None:
    """The word before a line-final hyphen (``"al-Ma"`` for ``"Nuri al-Ma-"``), else None.

    A hyphen after a space (``"word -"``) is a dash, not a break.
    """
    match = _BREAK_HYPHEN.search(content)
    return match.group(1) if match else None


def ends_with_soft_hyphen(content: str) -> bool:
    """A line ending with U+00AD: the extractor marked a discretionary break."""
    return bool(_SOFT_HYPHEN_END.search(content))


def ends_with_tight_dash(content: str) -> bool:
    """A line ending with an en/em dash set tight against the word (``"said\u2014"``)."""
    return bool(_TIGHT_DASH_END.search(content))


def first_word(content: str) -> str | None:
    """The word a line starts with, only if the line starts with a word character."""
    match = _FIRST_WORD.match(content)
    return match.group() if match else None


def starts_continuation(content: str) -> bool:
    """A line that reads as the rest of a sentence: it starts lower-case (after any
    opening quote), or with a digit or currency sign."""
    body = content.lstrip(_OPENERS)
    if not body:
        return False
    first = body[0]
    return first.islower() or first.isdigit() or first in "$\u20ac\u00a3\u00a5%"


# --- Detection ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WrapEvidence:
    """Measurements that tell hard-wrapped print text from one-line paragraphs."""

    lines: int
    median_width: float
    regular_share: float  # lines close to the common (median) width
    open_end_share: float  # lines ending mid-sentence
    continued_share: float  # lines that start as the rest of a sentence
    hyphen_share: float  # lines ending with a line-break hyphen


def wrap_evidence(text: str) -> WrapEvidence:
    """Measure the line layout of ``text`` (blank lines are ignored)."""
    contents = [line.content for line in split_lines(text) if not line.blank]
    if not contents:
        return WrapEvidence(0, 0.0, 0.0, 0.0, 0.0, 0.0)
    n = len(contents)
    median = float(statistics.median(len(c) for c in contents))
    regular = sum(1 for c in contents if 0.6 * median <= len(c) <= 1.3 * median)
    open_ends = sum(1 for c in contents if not ends_sentence(c))
    continued = sum(1 for c in contents[1:] if starts_continuation(c))
    hyphens = sum(1 for c in contents if break_hyphen_word(c) or ends_with_soft_hyphen(c))
    return WrapEvidence(n, median, regular / n, open_ends / n, continued / max(1, n - 1), hyphens / n)


#: Fewer lines than this cannot show a layout.
MIN_WRAPPED_LINES = 6
#: Columns and printed pages wrap well under this many characters; web paragraphs run longer.
MAX_WRAPPED_WIDTH = 110


def is_hard_wrapped(text: str) -> bool:
    """Whether ``text`` keeps a printed page's line breaks and needs unwrapping.

    Why these signals: one-line paragraphs are long and mostly end with
    sentence punctuation; a typeset column is many lines of similar width,
    most ending mid-sentence and many starting mid-sentence (lower-case),
    often with line-break hyphens. Requiring all of them keeps ordinary plain
    text untouched, including its short lines (lists, headings, links), which
    start with capitals.
    """
    ev = wrap_evidence(text)
    if ev.lines < MIN_WRAPPED_LINES or ev.median_width > MAX_WRAPPED_WIDTH:
        return False
    if ev.regular_share < 0.5 or ev.continued_share < 0.3:
        return False
    return ev.open_end_share >= 0.5 or (ev.hyphen_share >= 0.05 and ev.open_end_share >= 0.35)


# --- Page layout ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Layout:
    """The common shape of a page's body lines, to spot lines that differ."""

    width: float  # median content width
    full: float  # width of a full line (90th percentile)
    indent_share: float  # share of lines that start with whitespace


def measure_layout(lines: Sequence[Line]) -> Layout:
    """The layout of the non-blank ``lines``."""
    body = [line for line in lines if not line.blank]
    if not body:
        return Layout(0.0, 0.0, 0.0)
    widths = sorted(len(line.content) for line in body)
    indented = sum(1 for line in body if line.indented)
    return Layout(float(statistics.median(widths)), _percentile(widths, 0.9), indented / len(body))


def leaves_room(line: str, next_line: str, layout: Layout) -> bool:
    """Whether the next line's first word would have fitted on ``line``.

    A typesetter only breaks early on purpose (a paragraph end), so a line
    with room to spare that ends a sentence ends its paragraph.
    """
    word = next_line.split()[0] if next_line.split() else ""
    return len(line) + 1 + len(word) <= 0.85 * layout.full


_CAPTION_MARK = re.compile(r"\((?:L|R|C|[Ll]eft|[Rr]ight|[Cc]ent(?:re|er)|[Tt]op|[Bb]ottom|[Aa]bove|[Bb]elow)\)")


def has_caption_mark(content: str) -> bool:
    """A photo position marker such as ``(L)`` or ``(left)``: captions, never body text."""
    return bool(_CAPTION_MARK.search(content))


def is_wide(content: str, layout: Layout) -> bool:
    """A line much wider than the column: set across columns (caption, strap, heading)."""
    return layout.full > 0 and len(content) > 1.5 * layout.full


def is_drop_cap_line(content: str) -> bool:
    """A line holding a single capital letter: a drop cap the extractor split off its word."""
    return len(content) == 1 and content.isalpha() and content.isupper()


#: Lower-case words a name in a byline may hold ("By Ana de la Cruz and Tomas Reil").
_NAME_PARTICLES = frozenset({"and", "&", "de", "la", "le", "du", "da", "di", "van", "von", "der", "den", "al", "bin", "el"})


def is_byline(content: str) -> bool:
    """A ``By Name`` line, which opens an article: after ``By`` only capitalised
    names (and name particles), so ``By Monday the dockers had`` is running text."""
    words = content.replace(",", " ").split()
    if len(words) < 2 or len(words) > 9 or words[0] not in ("By", "BY"):
        return False
    names = words[1:]
    capitalised = [w for w in names if w[0].isupper() and not any(ch.isdigit() for ch in w)]
    particles = [w for w in names if w.lower() in _NAME_PARTICLES]
    return names[0][0].isupper() and len(capitalised) + len(particles) == len(names)


def is_title_like(content: str) -> bool:
    """A headline-shaped line: a few words, capitalised start, no sentence inside it,
    no closing punctuation except ``?``/``!``, and nothing that reads as cut off."""
    words = content.split()
    if not 2 <= len(words) <= 14 or not (content[0].isupper() or content[0].isdigit()):
        return False
    if content[-1] in ".,;:-\u2010\u2013\u2014" or ends_open(content) or has_caption_mark(content):
        return False
    return not re.search(r"[.!?][\"'\u201d\u2019]?\s+\S", content)


def _percentile(sorted_values: Sequence[int], share: float) -> float:
    """The value below which ``share`` of the sorted values lie (nearest rank)."""
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, int(share * len(sorted_values)))
    return float(sorted_values[index])
