"""Page furniture on printed pages: page numbers, running heads and feet, issue strips.

These lines belong to the page, not the article; left in, they land in the
middle of paragraphs once the page is unwrapped. Each rule is a small pure
function over line contents, and :func:`find_furniture` names the rule that
matched each line, so the removal can be audited.

Note:
    A body line is never removed for being short alone. A line is furniture
    when its shape says so (only a page number, an issue/date strip) or when
    it repeats on several pages and reads as a label, not as a piece of a
    sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from storytrace.ingest.layout import Line, break_hyphen_word, ends_open, ends_sentence, starts_continuation

PAGE_NUMBER = "print-page-number"
RUNNING_HEAD = "print-running-head"
ISSUE_STRIP = "print-issue-strip"

_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-\u2013\u2014]?\s*\d{1,3}\s*[-\u2013\u2014]?              # 7, - 7 -
      | (?:page|p\.|pg\.?|seite|p\u00e1gina|pagina)\s*\d{1,4}(?:\s*(?:of|/|von|de|di)\s*\d{1,4})?
      | \d{1,4}\s*(?:of|/)\s*\d{1,4}                               # 3 of 12, 3/12
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+{_MONTH}\s*,?\s*\d{{4}}|{_MONTH}\s+\d{{1,2}}\s*,?\s*\d{{4}}|\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}})\b",
    re.IGNORECASE,
)
_ISSUE = re.compile(r"\b(?:issue|vol\.?|volume|no\.|edition|year)\s*\d+", re.IGNORECASE)
_PAGE_MARK = re.compile(r"\b(?:page|p\.)\s*\d", re.IGNORECASE)
#: A page number at either end of a line, set off by a space or a separator.
_EDGE_FOLIO = re.compile(r"^\d{1,3}(?:\s*[|\u2022\u00b7\u25a0]\s*|\s+)(?=\D)|(?<=\D)(?:\s*[|\u2022\u00b7\u25a0]\s*|\s+)\d{1,3}$")
_STRIP_SEPARATOR = re.compile(r"[|\u2022\u00b7\u25a0]|\S\s{3,}\S")
_EDGE_JUNK = re.compile(r"^[\d\W_]+|[\d\W_]+$")

#: A label repeated on several pages is short; body lines that repeat by chance are not labels.
MAX_RUNNING_WORDS = 10


def is_page_number(content: str) -> bool:
    """A line that is only a page number (``7``, ``- 7 -``, ``Page 7``, ``7 of 12``)."""
    return bool(_PAGE_NUMBER.match(content.strip()))


def is_issue_strip(content: str) -> bool:
    """A dateline strip of the edition: a date with an issue number, a page number or
    separators (``Issue 135, Year 3 | Sunday 3 December 2017``, ``12 THE COURIER
    Tuesday, March 4, 2025``), or an issue number alone.

    A bare date line is kept: it may be the article's own date, which metadata reads.
    """
    words = content.split()
    if not words or len(words) > 16:
        return False
    has_issue = bool(_ISSUE.search(content))
    if _DATE.search(content):
        return has_issue or bool(_STRIP_SEPARATOR.search(content) or _PAGE_MARK.search(content) or _EDGE_FOLIO.search(content))
    return has_issue and len(words) <= 8 and not ends_sentence(content)


def is_folio(content: str) -> bool:
    """A running head with its page number: a label in capitals and a number at one end
    (``NORTHGATE COURIER 13``, ``14 | WORLD NEWS``). It may stand mid-sentence, where a
    page ended, so it is recognised by its shape, not by repetition."""
    if not _EDGE_FOLIO.search(content) or len(content.split()) > 9:
        return False
    label = _EDGE_FOLIO.sub("", content)
    letters = [ch for ch in label if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def running_key(content: str) -> str:
    """The form under which a running head repeats: lower-case, page numbers at the ends
    dropped, other digits as ``#`` (``4 THE WEEKLY`` and ``THE WEEKLY 5`` are one head)."""
    core = _EDGE_JUNK.sub("", content.lower())
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", core))


def looks_like_label(content: str) -> bool:
    """Shaped like a running head: short, starts with a capital or digit, and not a
    piece of a sentence (no sentence end, no hyphen break, no dangling function word)."""
    words = content.split()
    if not words or len(words) > MAX_RUNNING_WORDS or len(content) < 4:
        return False
    if starts_continuation(content) and not content[0].isdigit():
        return False
    return not (ends_sentence(content) or ends_open(content) or break_hyphen_word(content))


def _label_case(content: str) -> bool:
    """All capitals, Title Case, or holding a number: how running heads are set."""
    if any(ch.isdigit() for ch in content) or content.isupper():
        return True
    words = re.findall(r"[^\W\d_]{4,}", content)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def running_lines(lines: Sequence[Line]) -> set[int]:
    """Indices of lines repeated on the page that read as running heads or feet."""
    counts = Counter(running_key(line.content) for line in lines if looks_like_label(line.content))
    found: set[int] = set()
    for index, line in enumerate(lines):
        if line.blank or not looks_like_label(line.content):
            continue
        key = running_key(line.content)
        if key and counts[key] >= 2 and _label_case(line.content):
            found.add(index)
    return found


def find_furniture(lines: Sequence[Line]) -> dict[int, str]:
    """Line index -> name of the furniture rule that matched it."""
    found: dict[int, str] = {}
    for index in sorted(running_lines(lines)):
        found[index] = RUNNING_HEAD
    for index, line in enumerate(lines):
        if line.blank or index in found:
            continue
        if is_page_number(line.content):
            found[index] = PAGE_NUMBER
        elif is_folio(line.content):
            found[index] = RUNNING_HEAD
        elif is_issue_strip(line.content):
            found[index] = ISSUE_STRIP
    return found
