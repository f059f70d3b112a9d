"""Repairing text extracted from printed (PDF) pages.

A PDF page reaches us as the typesetter's lines: hyphens where words were
broken, drop caps split off their words, page numbers and running heads,
blank lines where a column or page ended mid-sentence, and sometimes a
second article (a sidebar) on the same page. :class:`RepairPrint` turns such
a page into clean paragraphs and splits off the sidebars; text that is not
hard-wrapped passes through untouched.

    detect layout -> drop furniture (audited) -> plan every line break -> apply -> split parts

Every change is an :class:`~storytrace.offsets.Edit` applied with
:func:`~storytrace.stage.apply_edits`, so each clean character still maps to
its position in ``article.raw``; joins and unwrapping only delete characters
or insert separators, and a separator reuses a whitespace character of the
break where one is there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum

import numpy as np

from storytrace.ingest.furniture import find_furniture
from storytrace.ingest.hyphenation import (
    HyphenChoice,
    decide_hyphen,
    document_vocabulary,
    joins_drop_cap,
    joins_inline_drop_cap,
)
from storytrace.ingest.layout import (
    Layout,
    Line,
    break_hyphen_word,
    ends_open,
    ends_sentence,
    ends_with_soft_hyphen,
    ends_with_tight_dash,
    first_word,
    has_caption_mark,
    is_byline,
    is_drop_cap_line,
    is_hard_wrapped,
    is_title_like,
    is_wide,
    leaves_room,
    measure_layout,
    split_lines,
    starts_continuation,
)
from storytrace.models import Article
from storytrace.offsets import Edit, OffsetMap
from storytrace.stage import ArticleStage, apply_edits

#: A sidebar is only split off after at least this many words of the article before it,
#: so a page's own headline above its first drop cap is never taken for a sidebar.
MIN_WORDS_BEFORE_PART = 30
#: Indented lines are a layout signal only where indenting is rare on the page.
MAX_INDENT_SHARE = 0.3

UNWRAP_RULE = "print-unwrap"
HYPHEN_RULE = "print-hyphen"
DROP_CAP_RULE = "print-drop-cap"
SPLIT_RULE = "print-split"
#: ``article.meta`` flag set on a page this stage unwrapped (later stages add print-only rules).
PRINT_FLAG = "print_repaired"


class LineKind(Enum):
    """What a non-blank line of the page is, for the break decisions around it."""

    BODY = "body"
    DROP_CAP = "drop-cap"  # a lone capital that starts the next line's word
    STRUCTURAL = "structural"  # caption, title, strap: never glued into a paragraph


class Break(Enum):
    """What a line break (with any blank lines after it) becomes."""

    PARAGRAPH = "paragraph"  # "\n\n"
    SPACE = "space"  # " "
    TIGHT = "tight"  # nothing: drop cap + rest of word, word + em dash
    HYPHEN_JOIN = "hyphen-join"  # hyphen and break dropped
    HYPHEN_KEEP = "hyphen-keep"  # break dropped, hyphen kept
    HYPHEN_SUSPEND = "hyphen-suspend"  # hyphen kept, then " "


_HYPHEN_BREAKS = {
    HyphenChoice.JOIN: Break.HYPHEN_JOIN,
    HyphenChoice.KEEP: Break.HYPHEN_KEEP,
    HyphenChoice.SUSPEND: Break.HYPHEN_SUSPEND,
}


@dataclass(frozen=True, slots=True)
class PageLine:
    """A non-blank line of the page, what it is, and how many blank lines precede it."""

    line: Line
    kind: LineKind
    blanks_before: int

    @property
    def content(self) -> str:
        return self.line.content


@dataclass(frozen=True, slots=True)
class PartStart:
    """Where a further article on the page starts: its title line and its first body line."""

    title: str
    title_start: int
    body_start: int

    def to_raw(self, offsets: OffsetMap) -> PartStart:
        """The same start with offsets into the raw text, which later edits do not move."""
        return PartStart(self.title, offsets.to_raw(self.title_start), offsets.to_raw(self.body_start))


@dataclass(frozen=True, slots=True)
class RepairPlan:
    """Every edit that unwraps a page, and where its further articles start."""

    edits: list[Edit]
    parts: list[PartStart]


class RepairPrint(ArticleStage):
    """Unwrap hard-wrapped print text; split a page carrying several articles.

    Args:
        lang: wordfreq language for word evidence when an article's
            ``meta["language"]`` does not say.
    """

    name = "repair-print"

    def __init__(self, lang: str = "en"):
        self.lang = lang

    def process(self, article: Article) -> Article | list[Article]:
        if not is_hard_wrapped(article.text):
            return article
        page = article.copy()
        remove_furniture(page)
        plan = plan_repair(page.text, page.meta.get("language") or self.lang)
        parts = [part.to_raw(page.offsets) for part in plan.parts]
        apply_edits(page, plan.edits, audit=False)
        page.meta[PRINT_FLAG] = True
        return split_page(page, parts) if parts else page


# --- Furniture -------------------------------------------------------------------------


def furniture_edits(text: str) -> list[Edit]:
    """Edits deleting each furniture line whole (with its newline), named by rule.

    The line's content and its surrounding whitespace are separate edits so
    the audit records the furniture text itself.
    """
    lines = split_lines(text)
    edits: list[Edit] = []
    for index, rule in sorted(find_furniture(lines).items()):
        line = lines[index]
        line_end = line.end + 1 if line.end < len(text) else line.end
        for start, end in ((line.start, line.content_start), (line.content_start, line.content_end), (line.content_end, line_end)):
            if end > start:
                edits.append(Edit(start, end, "", rule))
    return edits


def remove_furniture(article: Article) -> Article:
    """Drop page numbers, running heads and issue strips; each removal is audited."""
    return apply_edits(article, furniture_edits(article.text), audit=True)


# --- Reading the page -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """What the break decisions need to know about the whole page."""

    text: str
    lines: list[PageLine]
    layout: Layout
    vocabulary: Mapping[str, int]
    lang: str


def read_page(text: str, lang: str = "en") -> Page:
    """The page's non-blank lines, classified, with its layout and vocabulary."""
    all_lines = split_lines(text)
    layout = measure_layout(all_lines)
    vocabulary = document_vocabulary(text)
    body: list[tuple[Line, int]] = []
    blanks = 0
    for line in all_lines:
        if line.blank:
            blanks += 1
            continue
        body.append((line, blanks))
        blanks = 0
    lines = [
        PageLine(line, _classify(body, i, layout, vocabulary, lang), blanks_before)
        for i, (line, blanks_before) in enumerate(body)
    ]
    return Page(text, lines, layout, vocabulary, lang)


def _classify(body: Sequence[tuple[Line, int]], i: int, layout: Layout, vocabulary: Mapping[str, int], lang: str) -> LineKind:
    line = body[i][0]
    following = body[i + 1] if i + 1 < len(body) else None
    if is_drop_cap_line(line.content) and following is not None:
        word = first_word(following[0].content)
        if word and joins_drop_cap(line.content, word, vocabulary, lang):
            return LineKind.DROP_CAP
    if is_article_head(line.content, following[0].content if following is not None else None):
        return LineKind.STRUCTURAL
    before = body[i - 1][0] if i > 0 and body[i][1] == 0 else None
    after = following[0] if following is not None and following[1] == 0 else None
    return LineKind.STRUCTURAL if is_structural(line, before, after, layout) else LineKind.BODY


def is_article_head(content: str, next_content: str | None) -> bool:
    """A byline, or a headline right above a byline or a drop cap: the head of an
    article, which stays out of the paragraphs even with no blank line around it."""
    if is_byline(content):
        return True
    opens_article = next_content is not None and (is_byline(next_content) or is_drop_cap_line(next_content))
    return opens_article and is_title_like(content)


def is_structural(line: Line, before: Line | None, after: Line | None, layout: Layout) -> bool:
    """A caption, title or strap: a line set apart from the running text.

    ``before``/``after`` are the adjacent lines of the same block (None at a
    blank line or the page's edge).

    Why: such lines have no place inside a paragraph; kept as their own
    paragraphs, the cleaning stage can recognise and remove captions.
    Signals: a photo marker like ``(L)``; a single line wider than the
    column (several wide lines are a wider block of running text, such as a
    standfirst across columns); or, where indenting is rare, an indented line
    followed by a different layout (another indented line, a blank line, the
    end of the page). A line ending mid-word or mid-clause is running text.
    """
    content = line.content
    if break_hyphen_word(content) or ends_open(content):
        return False
    if has_caption_mark(content):
        return True
    if is_wide(content, layout):
        return not any(other is not None and is_wide(other.content, layout) for other in (before, after))
    if not line.indented or layout.indent_share >= MAX_INDENT_SHARE or is_drop_cap_line(content):
        return False
    return after is None or after.indented


# --- Deciding each line break -----------------------------------------------------------------


def break_choice(page: Page, i: int) -> Break:
    """How the break between non-blank lines ``i`` and ``i + 1`` is repaired."""
    above, below = page.lines[i], page.lines[i + 1]
    if above.kind is LineKind.DROP_CAP:
        return Break.TIGHT
    if above.kind is LineKind.STRUCTURAL or below.kind is LineKind.STRUCTURAL:
        return Break.PARAGRAPH
    broken = _broken_word_choice(page, above.content, below.content)
    if broken is not None:
        return broken
    if below.blanks_before == 0:
        return _choice_within_block(page, above, below)
    return _choice_across_blank(page, i)


def _broken_word_choice(page: Page, above: str, below: str) -> Break | None:
    """A word broken at the line end: hyphen, soft hyphen or a dash set tight."""
    right = first_word(below)
    if right is None:
        return None
    left = break_hyphen_word(above)
    if left is not None:
        return _HYPHEN_BREAKS[decide_hyphen(left, right, page.vocabulary, page.lang)]
    if ends_with_soft_hyphen(above):
        return Break.HYPHEN_JOIN
    if ends_with_tight_dash(above):
        return Break.TIGHT
    return None


def _choice_within_block(page: Page, above: PageLine, below: PageLine) -> Break:
    """Lines with no blank between: one paragraph, unless the upper line ends a sentence
    and was ended early on purpose (room left for the next word) or the next is indented."""
    if not ends_sentence(above.content):
        return Break.SPACE
    indent_marks_paragraph = below.line.indented and not above.line.indented
    if indent_marks_paragraph or leaves_room(above.content, below.content, page.layout):
        return Break.PARAGRAPH
    return Break.SPACE


def _choice_across_blank(page: Page, i: int) -> Break:
    """Lines with a blank between: a paragraph break, unless the sentence plainly goes on
    (a column or page ended mid-sentence)."""
    above, below = page.lines[i], page.lines[i + 1]
    if ends_sentence(above.content):
        return Break.PARAGRAPH
    if starts_continuation(below.content) or ends_open(above.content):
        return Break.SPACE
    if _ends_headline(page, i):
        return Break.PARAGRAPH
    ends_full_column = above.blanks_before == 0 and i > 0 and len(above.content) >= 0.8 * page.layout.width
    return Break.SPACE if ends_full_column else Break.PARAGRAPH


def _ends_headline(page: Page, i: int) -> bool:
    """Whether line ``i`` ends a block of at most three lines that reads as one headline."""
    start = i
    while start > 0 and page.lines[start].blanks_before == 0:
        start -= 1
        if i - start >= 3:
            return False  # the block is longer than a headline
    return is_title_like(" ".join(line.content for line in page.lines[start : i + 1]))


def break_edits(page: Page, i: int, choice: Break) -> list[Edit]:
    """The edits that carry out ``choice`` between lines ``i`` and ``i + 1``."""
    end, start = page.lines[i].line.content_end, page.lines[i + 1].line.content_start
    if choice is Break.HYPHEN_JOIN:
        return [Edit(end - 1, start, "", HYPHEN_RULE)]
    if choice in (Break.HYPHEN_KEEP, Break.TIGHT):
        rule = DROP_CAP_RULE if page.lines[i].kind is LineKind.DROP_CAP else HYPHEN_RULE
        return [Edit(end, start, "", rule)]
    separator = " " if choice in (Break.SPACE, Break.HYPHEN_SUSPEND) else "\n\n"
    return separator_edits(page.text, end, start, separator, UNWRAP_RULE)


def separator_edits(text: str, start: int, end: int, separator: str, rule: str) -> list[Edit]:
    """Edits turning ``text[start:end]`` (whitespace) into ``separator``.

    Where the separator is already there, only the rest is deleted, so the
    separator keeps its own position in the raw text.
    """
    found = text.find(separator, start, end)
    if found < 0:
        return [Edit(start, end, separator, rule)]
    pieces = ((start, found), (found + len(separator), end))
    return [Edit(a, b, "", rule) for a, b in pieces if b > a]


def inline_drop_cap_edit(page: Page, i: int) -> Edit | None:
    """``I raqi`` at a paragraph start: delete the space after a drop cap set inline."""
    line = page.lines[i].line
    parts = line.content.split(" ", 2)
    if len(parts) < 2 or len(parts[0]) != 1 or not is_drop_cap_line(parts[0]):
        return None
    word = first_word(parts[1])
    if not word or not joins_inline_drop_cap(parts[0], word, page.vocabulary, page.lang):
        return None
    return Edit(line.content_start + 1, line.content_start + 2, "", DROP_CAP_RULE)


# --- The plan ------------------------------------------------------------------------------


def plan_repair(text: str, lang: str = "en") -> RepairPlan:
    """Every edit that turns a hard-wrapped page into paragraphs, and where parts start."""
    page = read_page(text, lang)
    if not page.lines:
        return RepairPlan([Edit(0, len(text), "", UNWRAP_RULE)] if text else [], [])
    choices = [break_choice(page, i) for i in range(len(page.lines) - 1)]
    edits = _edge_edits(page)
    for i, choice in enumerate(choices):
        edits.extend(break_edits(page, i, choice))
    for i in _paragraph_starts(page, choices):
        edit = inline_drop_cap_edit(page, i)
        if edit is not None:
            edits.append(edit)
    return RepairPlan(edits, find_parts(page, choices))


def _edge_edits(page: Page) -> list[Edit]:
    """Whitespace before the first line and after the last one goes."""
    first, last = page.lines[0].line, page.lines[-1].line
    pieces = ((0, first.content_start), (last.content_end, len(page.text)))
    return [Edit(a, b, "", UNWRAP_RULE) for a, b in pieces if b > a]


def _paragraph_starts(page: Page, choices: Sequence[Break]) -> list[int]:
    """Body lines that start a paragraph (where an inline drop cap may sit)."""
    starts = [0] + [i + 1 for i, choice in enumerate(choices) if choice is Break.PARAGRAPH]
    return [i for i in starts if page.lines[i].kind is LineKind.BODY]


def find_parts(page: Page, choices: Sequence[Break]) -> list[PartStart]:
    """Further articles on the page: a standalone headline-shaped line, followed by a
    drop cap or a byline, after enough words of the article before it."""
    parts: list[PartStart] = []
    words_since = 0
    for i, page_line in enumerate(page.lines):
        if _opens_part(page, choices, i) and words_since >= MIN_WORDS_BEFORE_PART:
            parts.append(PartStart(page_line.content, page_line.line.content_start, page.lines[i + 1].line.content_start))
            words_since = 0
            continue
        words_since += len(page_line.content.split())
    return parts


def _opens_part(page: Page, choices: Sequence[Break], i: int) -> bool:
    if i + 1 >= len(page.lines):
        return False
    standalone = (i == 0 or choices[i - 1] is Break.PARAGRAPH) and choices[i] is Break.PARAGRAPH
    below = page.lines[i + 1]
    opener = below.kind is LineKind.DROP_CAP or is_byline(below.content)
    return standalone and opener and is_title_like(page.lines[i].content)


# --- Splitting ----------------------------------------------------------------------------


def split_page(page: Article, parts: Sequence[PartStart]) -> list[Article]:
    """The page's main article, then one article per further part (offsets of ``parts`` in raw).

    Every part keeps the page's ``raw`` and maps into it; its title line is
    in no part's text but in its ``title``; a part's removals are those whose
    raw span starts inside it.
    """
    positions = page.offsets.positions()

    def clean(raw_offset: int) -> int:
        return int(np.searchsorted(positions, raw_offset))

    starts = [0] + [clean(part.body_start) for part in parts]
    ends = [clean(part.title_start) for part in parts] + [len(page.text)]
    raw_bounds = [0] + [part.title_start for part in parts] + [len(page.raw) + 1]
    articles: list[Article] = []
    for k, (start, end) in enumerate(zip(starts, ends)):
        article = _part(page, start, end, raw_bounds[k], raw_bounds[k + 1])
        if k:
            meta = {"id": f"{page.id}.{k + 1}", "parent": page.id, "title": parts[k - 1].title}
            article = replace(article, **meta, byline=None, credit=None, genre=None)
        articles.append(article)
    return articles


def _part(page: Article, start: int, end: int, raw_start: int, raw_end: int) -> Article:
    """A copy of ``page`` holding only ``text[start:end]`` (trailing whitespace dropped)
    and the removals whose raw start lies in ``[raw_start, raw_end)``."""
    part = page.copy()
    end = start + len(page.text[start:end].rstrip())
    cuts = [Edit(a, b, "", SPLIT_RULE) for a, b in ((0, start), (end, len(page.text))) if b > a]
    apply_edits(part, cuts, audit=False)
    part.removed = [r for r in page.removed if raw_start <= r.start < raw_end]
    return part
