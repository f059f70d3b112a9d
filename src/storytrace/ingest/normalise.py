"""Unicode repair and normalisation that keeps offsets into the raw text.

Text reaches us double-encoded (``cafÃ©``), with Windows line ends, with
non-breaking and zero-width characters a CMS inserted, and with soft
hyphens from a print layout. None of that is part of the words, and all of
it breaks matching between outlets. This stage repairs and normalises the
text but, unlike cleaning, removes nothing meaningful, so its edits are not
recorded as removals.

ftfy repairs mojibake but reports no offsets. We apply it line by line
(ftfy works per line too) and turn each changed line into fine-grained
edits with an edit-distance alignment of the old and new line, so every
character that survived keeps its exact offset in ``raw``. Most lines are
plain ASCII and common punctuation, which neither ftfy nor our rules would
change; one vectorised scan of the code points finds the few lines that
need work, so an article costs a fraction of a millisecond.

Curly quotes and dashes are kept: matching folds them (see ``textnorm``),
and the text shown to users should look like what the outlet printed.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterator

import ftfy
import numpy as np
from rapidfuzz.distance import Levenshtein

from storytrace.models import Article
from storytrace.offsets import Edit
from storytrace.stage import ArticleStage, apply_edits

RULE = "normalise"

#: ftfy's repairs, minus the ones that would change what the outlet wrote on purpose.
_FTFY_KEEP_TYPOGRAPHY = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # curly quotes are typography, not damage
    fix_line_breaks=False,  # we do line ends ourselves, across lines
    normalization="NFC",
    explain=False,
)
_FTFY_NO_ENTITIES = _FTFY_KEEP_TYPOGRAPHY._replace(unescape_html=False)

#: Spaces that are not U+0020 but mean one: no-break, thin, figure, ideographic, ...
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
#: Invisible characters that only steer layout: zero-width space, word joiner, BOM, soft hyphen, direction marks.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
#: Zero-width (non-)joiners are needed between letters of Persian, Indic scripts and in emoji;
#: next to ASCII, a space or a line end they are debris.
_STRAY_JOINER = re.compile("(?<=[\x00-\x7f])[\u200c\u200d]+|[\u200c\u200d]+(?=[\x00-\x7f]|$)|^[\u200c\u200d]+")
#: What ftfy could change: a character outside printable ASCII (less ``&``) and common
#: punctuation (dashes, quotes, ellipsis), or two non-ASCII characters in a row (every
#: mojibake sequence is at least two). Text without either is left to our own rules, which
#: saves ftfy's cost on the great majority of lines.
_MAY_NEED_FTFY = re.compile(r"[^\t\x20-\x25\x27-\x7e\u2010-\u2027\u2030-\u205e]|[^\x00-\x7f]{2}")
#: Characters any of the piece rules (ftfy, spaces, invisible characters, NFC) may touch.
_MAY_NEED_RULES = re.compile(r"[^\t\x20-\x25\x27-\x7e]")
_LINE_END_CHARS = ("\n", "\r", "\u2028", "\u2029", "\x85")
_LINE_END = re.compile(r"[\n\r\u2028\u2029\x85]")
#: Line endings other than a line feed: Windows, old Mac, Unicode line/paragraph separators, NEL.
_ODD_LINE_END = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_ODD_LINE_END_CHARS = ("\r", "\u2028", "\u2029", "\x85")


def repair_encoding(line: str, unescape_html: bool = True) -> str:
    """Mojibake, HTML entities, C1 controls, ligatures, width, NFC, via ftfy (curly quotes kept)."""
    if not _MAY_NEED_FTFY.search(line):
        return line
    return ftfy.fix_text(line, _FTFY_KEEP_TYPOGRAPHY if unescape_html else _FTFY_NO_ENTITIES)


def plain_spaces(line: str) -> str:
    """No-break and other typographic spaces become a plain space."""
    return _ODD_SPACES.sub(" ", line)


def drop_invisible(line: str) -> str:
    """Zero-width characters, soft hyphens and direction marks go."""
    return _STRAY_JOINER.sub("", _INVISIBLE.sub("", line))


def nfc(line: str) -> str:
    """Canonical composition: ``e`` + combining acute becomes ``é``."""
    return line if unicodedata.is_normalized("NFC", line) else unicodedata.normalize("NFC", line)


def trim_trailing_space(line: str) -> str:
    return line.rstrip(" \t")


#: The rules for a piece of one line, in order; each is a pure ``str -> str`` function.
PIECE_RULES: tuple[Callable[[str], str], ...] = (plain_spaces, drop_invisible, nfc)

#: Long lines are repaired in pieces of about this many characters (ftfy's repairs are local),
#: so aligning a repaired piece with the original stays cheap however long the line.
PIECE_CHARS = 400


#: Repair and rules run again while they still change something (a no-break space can hide
#: mojibake from ftfy until it is a plain space); real text settles in one or two rounds.
MAX_ROUNDS = 3


def normalise_piece(piece: str, unescape_html: bool = True) -> str:
    """Encoding repair and character rules applied to a piece of a line, until nothing changes."""
    if not _MAY_NEED_RULES.search(piece):
        return piece
    for _ in range(MAX_ROUNDS):
        before = piece
        piece = repair_encoding(piece, unescape_html)
        for rule in PIECE_RULES:
            piece = rule(piece)
        if piece == before:
            break
    return piece


def normalise_line(line: str, unescape_html: bool = True) -> str:
    """All rules applied to one line (no line ending): what :func:`normalisation_edits` makes of it."""
    return trim_trailing_space("".join(normalise_piece(piece, unescape_html) for _, piece in pieces(line)))


def pieces(line: str, size: int = PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` cutting ``line`` after a space that follows an ASCII character.

    Mojibake is a run of non-ASCII characters (``Ã©``, ``â€™``, ``Ã\u00a0``),
    so a cut after "ASCII + space" never splits one. A line with no such
    space for a long stretch (Chinese, Japanese) is cut where it must be.
    """
    start = 0
    while len(line) - start > size:
        cut = _cut_point(line, start + size)
        yield start, line[start:cut]
        start = cut
    yield start, line[start:]


def _cut_point(line: str, wanted: int) -> int:
    """The first safe cut at or after ``wanted`` (just after a space preceded by ASCII)."""
    limit = min(len(line), wanted + 8 * PIECE_CHARS)
    position = line.find(" ", wanted, limit)
    while position != -1:
        if line[position - 1].isascii() and not line[position - 1].isspace():
            return position + 1
        position = line.find(" ", position + 1, limit)
    return limit


def normalisation_edits(text: str) -> Iterator[Edit]:
    """Edits that normalise ``text``: line ends to ``\\n``, each line repaired and normalised.

    Most lines are plain: ASCII words and common punctuation, where at most
    a trailing space or a Windows line end changes. One vectorised pass over
    the code points finds the few lines holding anything else, and only
    those go through the per-line repair. Entities are unescaped only when
    the text has no ``<`` at all (ftfy's own rule: text with markup may mean
    ``&amp;`` literally).
    """
    if not text:
        return
    unescape_html = "<" not in text
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    line_end = _line_ends(codes)
    repaired: list[tuple[int, int]] = []
    for position in _needs_work(codes, line_end, nfc=unicodedata.is_normalized("NFC", text)):
        if repaired and position < repaired[-1][1]:
            continue  # this line is done already
        start, end = _line_bounds(text, int(position))
        repaired.append((start, end))
        yield from _line_content_edits(text[start:end], start, unescape_html)
    if any(ending in text for ending in _ODD_LINE_END_CHARS):
        for match in _ODD_LINE_END.finditer(text):
            yield Edit(match.start(), match.end(), "\n", RULE)
    starts = [start for start, _ in repaired]
    for start, end in _trailing_space_runs(text, codes, line_end):
        if not _inside(repaired, starts, start):
            yield Edit(start, end, "", RULE)


def _line_ends(codes: np.ndarray) -> np.ndarray:
    """Where the code points end a line (``np.isin`` is many times slower for five values)."""
    return (codes == 0x0A) | (codes == 0x0D) | (codes == 0x2028) | (codes == 0x2029) | (codes == 0x85)


def _needs_work(codes: np.ndarray, line_end: np.ndarray, nfc: bool) -> np.ndarray:
    """Positions of characters that send their line through the full repair.

    Anything but printable ASCII (less ``&``), tab and common punctuation
    (U+2010-2027, U+2030-205E); and any two non-ASCII characters in a row,
    since every mojibake sequence is at least two. Text not in NFC: every
    non-ASCII character.
    """
    safe = ((codes >= 0x20) & (codes <= 0x7E) & (codes != 0x26)) | (codes == 0x09) | line_end
    safe |= ((codes >= 0x2010) & (codes <= 0x2027)) | ((codes >= 0x2030) & (codes <= 0x205E))
    non_ascii = (codes > 0x7F) & ~line_end
    unsafe = ~safe
    if not nfc:
        unsafe |= non_ascii
    unsafe[:-1] |= non_ascii[:-1] & non_ascii[1:]
    return np.flatnonzero(unsafe)


def _trailing_space_runs(text: str, codes: np.ndarray, line_end: np.ndarray) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each run of spaces and tabs that ends a line."""
    blank = (codes == 0x20) | (codes == 0x09)
    blank[:-1] &= line_end[1:]
    for last in np.flatnonzero(blank):
        end = int(last) + 1
        start = end - 1
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        yield start, end


def _line_bounds(text: str, position: int) -> tuple[int, int]:
    """``(start, end)`` of the content of the line holding ``position`` (line ending excluded)."""
    start = max(text.rfind(ending, 0, position) for ending in _LINE_END_CHARS) + 1
    after = _LINE_END.search(text, position)
    return start, after.start() if after else len(text)


def _inside(spans: list[tuple[int, int]], starts: list[int], position: int) -> bool:
    index = bisect.bisect_right(starts, position) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def _line_content_edits(content: str, offset: int, unescape_html: bool) -> Iterator[Edit]:
    """Edits for one line, piece by piece; the last piece also loses trailing spaces."""
    parts = list(pieces(content))
    for index, (start, piece) in enumerate(parts):
        fixed = normalise_piece(piece, unescape_html)
        if index == len(parts) - 1:
            fixed = trim_trailing_space(fixed)
        if fixed != piece:
            yield from line_edits(piece, fixed, offset + start)


def line_edits(old: str, new: str, offset: int) -> Iterator[Edit]:
    """The smallest edits turning ``old`` into ``new``, at ``offset`` in the text.

    Adjacent differences are merged into one edit, so ``Ã©`` -> ``é`` is a
    single replacement mapped to where ``Ã`` was.
    """
    start = end = 0
    open_edit = False
    replacement: list[str] = []
    for op in Levenshtein.opcodes(old, new):
        if op.tag == "equal":
            if open_edit:
                yield Edit(offset + start, offset + end, "".join(replacement), RULE)
                open_edit, replacement = False, []
            continue
        if not open_edit:
            start, open_edit = op.src_start, True
        end = op.src_end
        replacement.append(new[op.dest_start : op.dest_end])
    if open_edit:
        yield Edit(offset + start, offset + end, "".join(replacement), RULE)


class NormaliseUnicode(ArticleStage):
    """Repair mojibake and normalise characters; offsets into ``raw`` are kept exactly."""

    name = "normalise"

    def process(self, article: Article) -> Article:
        return apply_edits(article, normalisation_edits(article.text), audit=False)
