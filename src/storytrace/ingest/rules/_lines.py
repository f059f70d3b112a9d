"""Lines with their offsets, and the small tests every line rule shares.

Boilerplate in a news article is almost always a whole line (a paragraph of
plain text): a share widget, a caption, a promo. The rules look at one line
at a time, at its shape (length, final punctuation, capitalisation) and its
position (top or bottom of the article), and delete the line's content; the
blank lines left behind are tidied by :func:`~storytrace.ingest.rules.layout.paragraph_breaks`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from storytrace.offsets import Edit


class Line(NamedTuple):
    """One non-blank line: ``text`` is its content without surrounding spaces.

    ``start``/``end`` delimit that content in the text the line came from;
    ``index`` counts non-blank lines from 0; ``blank_before`` says whether a
    blank line (or the start of the text) precedes it.
    """

    start: int
    end: int
    text: str
    index: int
    blank_before: bool


def lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, in order."""
    out: list[Line] = []
    blank = True
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = pos + len(raw) - len(raw.lstrip())
            out.append(Line(start, start + len(stripped), stripped, len(out), blank))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    return out


def remove(line: Line, rule: str) -> Edit:
    """An edit deleting ``line``'s content (the line break stays for the layout step)."""
    return Edit(line.start, line.end, "", rule)


def remove_lines(text: str, rule: str, test: Callable[[str], bool]) -> list[Edit]:
    """Edits deleting every line whose content passes ``test``."""
    return [remove(line, rule) for line in lines(text) if test(line.text)]


def n_words(text: str) -> int:
    return len(text.split())


#: A sentence end: final punctuation, optionally inside closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?\u2026:;][\"'\u201d\u2019)\]]*$|[\"\u201d][.!?]?$")

#: A sentence break inside a line: a lower-case word, a full stop, a space, a capital.
SENTENCE_BREAK = re.compile(r"[a-z\u00e0-\u00ff]{2,}[.!?][\"\u201d\u2019]?\s+[\"\u201c]?[A-Z]")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends like a sentence (so it is not a cut-off fragment)."""
    return bool(SENTENCE_END.search(text.rstrip()))


#: Typographic variants that lexicon tests ignore (curly quotes, dashes, odd spaces).
_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
})


def lower(text: str) -> str:
    """Lower-case ``text`` with curly quotes, dashes and odd spaces made plain (fast, same length).

    The rules compare lines with small lexicons; accents do not matter there,
    so this skips :func:`storytrace.textnorm.fold`'s per-character work.
    """
    return text.lower().translate(_TYPOGRAPHY)


_TOKEN = re.compile(r"[a-z]+(?:['-][a-z]+)*")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (digits and punctuation dropped), for lexicon tests."""
    return _TOKEN.findall(lower(text))


def only_words(text: str, vocabulary: frozenset[str], core: frozenset[str], max_words: int) -> bool:
    """Whether every word of ``text`` is in ``vocabulary`` and at least one is in ``core``.

    This is how widget lines are told from prose: "Share this article" is
    nothing but widget words; "Share prices fell" is not.
    """
    if n_words(text) > max_words + 4:
        return False
    words = tokens(text)
    if not words or len(words) > max_words:
        return False
    return all(w in vocabulary or w in core for w in words) and any(w in core for w in words)


_CAPWORD = re.compile(r"^[A-Z\u00c0-\u00de][\w'\u2019.-]*$")


def is_capitalised(word: str) -> bool:
    return bool(_CAPWORD.match(word))
