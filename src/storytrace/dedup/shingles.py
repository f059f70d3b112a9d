"""Normal text and word shingles, computed with a handful of numpy operations per article.

Duplicate detection compares articles by the words :func:`storytrace.textnorm.words`
finds, in their normal forms (folded, ``U.S.`` == ``US``, ``Russia's`` == ``Russia``).
Running that tokenizer word by word costs about 3 ms for an 800-word article;
:func:`normal_bytes` gives the same words, joined by single spaces, in about
0.1 ms by working on the whole text at once:

1. each distinct character outside ASCII is replaced throughout by its form
   (word characters folded, other characters a space);
2. ASCII is lower-cased and punctuation turned into spaces by one ``bytes.translate``;
3. the joiners ``'``, ``.`` and ``-`` survive only where the tokenizer keeps
   them (between two word characters; a ``.`` also after one), and the normal
   form's rules (possessive ``'s`` dropped, dots dropped) are applied as byte masks.

One deliberate difference: a typographic apostrophe (``\u2019``, whatever
:func:`~storytrace.textnorm.fold` turns into ``'``) joins a word as ``'`` does,
so ``can\u2019t`` and ``can't`` (``Russia\u2019s`` and ``Russia's``) are the same
word. ``words`` splits at ``\u2019`` because it matches before folding, which made
an outlet's curly apostrophes alone cut 5-word-shingle containment of a copy from
0.82 to 0.71. Tests check ``normal_text(t)`` against ``words`` on ``t`` with its
typographic apostrophes replaced by ``'`` (a length-preserving change, so offsets agree).

:func:`shingle_hashes` then hashes every word once (a polynomial over its bytes,
all words at once) and combines ``k`` consecutive word hashes with a rolling
multiply-add, so shingling is O(words) numpy work with no Python loop per word.

Example:
    >>> normal_text("The U.S. said: al-Maliki's visit ended.")
    'the us said al-maliki visit ended'
    >>> len(shingle_hashes(token_hashes(normal_bytes("one two three four five six")), 5))
    2
"""

from __future__ import annotations

import re

import numpy as np

from storytrace.textnorm import fold

__all__ = ["normal_bytes", "normal_text", "shingle_hashes", "shingle_set", "text_shingles", "token_hashes"]

_U64 = np.uint64
_SPACE, _DOT, _APOSTROPHE, _S = 32, ord("."), ord("'"), ord("s")
_WORD_CHAR = re.compile(r"\w")


def _word_form(ch: str) -> str:
    """What one character becomes before words are split.

    A word character becomes its folded form; a typographic apostrophe
    (``\u2019``, ``\u2018``, backtick ...: whatever :func:`fold` makes ``'``) becomes
    ``'``, so ``Russia\u2019s`` is one word like ``Russia's``; anything else separates words.
    """
    if _WORD_CHAR.match(ch):
        return fold(ch)
    return "'" if fold(ch) == "'" else " "


def _ascii_table() -> bytes:
    table = bytearray(range(256))  # bytes >= 128 (UTF-8 outside ASCII) pass through
    for code in range(128):
        ch = chr(code)
        table[code] = code if ch in ".-" else ord(_word_form(ch))
    return bytes(table)


def _mask_table(member: object) -> bytes:
    """A ``bytes.translate`` table giving 1 for bytes where ``member(code)`` holds, else 0."""
    return bytes(1 if member(code) else 0 for code in range(256))  # type: ignore[operator]


_ASCII = _ascii_table()
# After folding, every byte >= 128 belongs to a word character.
_WORD_BYTES = _mask_table(lambda c: c >= 128 or bool(_WORD_CHAR.match(chr(c))))
_JOINER_BYTES = _mask_table(lambda c: chr(c) in "'.-")
_EMPTY_BYTES = np.zeros(0, dtype=np.uint8)


_ASCII_BYTES = bytes(range(128))


class _Utf8Forms(dict):
    """Character outside ASCII -> (its UTF-8, the UTF-8 of its :func:`_word_form`)."""

    def __missing__(self, ch: str) -> tuple[bytes, bytes]:
        value = self[ch] = (ch.encode("utf-8", "surrogatepass"), _word_form(ch).encode("utf-8", "surrogatepass"))
        return value


_UTF8_FORMS = _Utf8Forms()


def _fold_utf8(data: bytes) -> bytes:
    """:func:`_word_form` applied to every character outside ASCII of UTF-8 ``data``.

    A news text has a few distinct such characters (curly quotes, dashes,
    accented letters): each is replaced throughout with one ``bytes.replace``.
    """
    rest = data.translate(None, _ASCII_BYTES)
    forms = _UTF8_FORMS
    for ch in set(rest.decode("utf-8", "surrogatepass")):
        raw, form = forms[ch]
        data = data.replace(raw, form)
    return data


def normal_bytes(text: str) -> np.ndarray:
    """The normal words of ``text`` joined by single spaces, as UTF-8 bytes (``uint8`` array).

    Equal to ``" ".join(t.norm for t in words(text)).encode()`` once typographic
    apostrophes are read as ``'`` (see :func:`_word_form`).
    """
    data = text.encode("utf-8", "surrogatepass").translate(_ASCII)
    if not data.isascii():
        data = _fold_utf8(data)
    n = len(data)
    if n == 0:
        return _EMPTY_BYTES
    a = np.frombuffer(data, dtype=np.uint8)
    word = np.frombuffer(data.translate(_WORD_BYTES), dtype=bool)
    dot = a == _DOT
    # A joiner stays inside a word only between two word characters; a dot also right after one.
    kept = np.zeros(n, dtype=bool)
    kept[1:] = word[:-1]
    after_word = kept.copy()
    kept[1:-1] &= word[2:] | dot[1:-1]
    kept[-1] &= dot[-1]
    loose = np.frombuffer(data.translate(_JOINER_BYTES), dtype=bool) & ~kept
    space = loose | (a == _SPACE)
    drop = np.empty(n, dtype=bool)
    drop[0] = space[0]
    drop[1:] = space[1:] & space[:-1]  # runs of spaces collapse to one; leading spaces go
    drop |= dot & after_word & ~loose  # normal forms have no dots ("U.S." -> "us")
    _drop_possessives(a, space, dot, loose, drop)
    out = np.where(space, np.uint8(_SPACE), a)[~drop]
    if len(out) and out[-1] == _SPACE:
        out = out[:-1]
    return out


def _drop_possessives(a: np.ndarray, space: np.ndarray, dot: np.ndarray, loose: np.ndarray, drop: np.ndarray) -> None:
    """Mark a word-final ``'s`` (also before a final dot) for dropping, as :func:`normal_word` does."""
    apostrophes = np.flatnonzero((a[:-1] == _APOSTROPHE) & ~loose[:-1])
    if not len(apostrophes):
        return
    apostrophes = apostrophes[a[apostrophes + 1] == _S]
    if not len(apostrophes):
        return
    after = apostrophes + 2
    space_ext = np.concatenate((space, [True, True]))
    dot_ext = np.concatenate((dot, [False, False]))
    word_end = space_ext[after]
    dotted = dot_ext[after] & space_ext[after + 1]
    for i in apostrophes[dotted]:
        # "Russia's." loses its dot before the 's test only when that is the word's one dot.
        start = i
        while start > 0 and not space[start - 1]:
            start -= 1
        if not dot[start:i].any():
            word_end[np.searchsorted(apostrophes, i)] = True
    found = apostrophes[word_end]
    drop[found] = True
    drop[found + 1] = True


def normal_text(text: str) -> str:
    """The normal words of ``text`` joined by single spaces (what exact duplicates compare)."""
    return normal_bytes(text).tobytes().decode("utf-8", "surrogatepass")


# Word hashes: a polynomial over the word's bytes mod 2**64, then a 64-bit finaliser.
# sum(b[i] * B**(i - start)) is computed for all words at once as B**-start * sum(b[i] * B**i).
_BASE = _U64(0x100000001B3 * 0x9E3779B97F4A7C15 % (1 << 64) | 1)
_BASE_INVERSE = _U64(pow(int(_BASE), -1, 1 << 64))
_ROLL = _U64(0x9E3779B97F4A7C15)


def _powers(base: np.uint64, n: int) -> np.ndarray:
    out = np.full(n, base, dtype=_U64)
    out[0] = 1
    return np.cumprod(out, dtype=_U64)


_POWERS_LIMIT = 1 << 20  # texts longer than this many bytes are hashed in pieces
_POWERS = _powers(_BASE, 1 << 14)
_INVERSE_POWERS = _powers(_BASE_INVERSE, 1 << 14)


def _power_tables(n: int) -> tuple[np.ndarray, np.ndarray]:
    global _POWERS, _INVERSE_POWERS
    if n > len(_POWERS):
        size = min(_POWERS_LIMIT, 1 << (n - 1).bit_length())
        _POWERS = _powers(_BASE, size)
        _INVERSE_POWERS = _powers(_BASE_INVERSE, size)
    return _POWERS, _INVERSE_POWERS


def fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser, element-wise (every input bit affects every output bit)."""
    h = h ^ (h >> _U64(33))
    h *= _U64(0xFF51AFD7ED558CCD)
    h ^= h >> _U64(33)
    h *= _U64(0xC4CEB9FE1A85EC53)
    h ^= h >> _U64(33)
    return h


def token_hashes(normal: np.ndarray) -> np.ndarray:
    """One 64-bit hash per word of :func:`normal_bytes` output (same word, same hash, everywhere)."""
    n = len(normal)
    if n == 0:
        return np.zeros(0, dtype=_U64)
    if n >= _POWERS_LIMIT:
        # Split at a space near the limit; words never straddle pieces.
        cut = int(np.flatnonzero(normal[: _POWERS_LIMIT - 1] == _SPACE)[-1]) if (normal[: _POWERS_LIMIT - 1] == _SPACE).any() else None
        if cut is not None and cut > 0:
            return np.concatenate((token_hashes(normal[:cut]), token_hashes(normal[cut + 1 :])))
    powers, inverse = _power_tables(n + 1)
    a = np.empty(n + 1, dtype=np.uint8)
    a[:-1] = normal
    a[-1] = _SPACE  # every word is hashed with its following space
    starts = np.flatnonzero(a[:-1] == _SPACE)
    starts += 1
    starts = np.concatenate(([0], starts))
    if n + 1 <= len(powers):
        terms = a.astype(_U64) * powers[: n + 1]
        sums = np.add.reduceat(terms, starts)
        sums *= inverse[starts]
    else:  # one word longer than the power tables: positions inside each word instead
        word_start = np.zeros(n + 1, dtype=np.int64)
        word_start[starts] = starts
        np.maximum.accumulate(word_start, out=word_start)
        position = (np.arange(n + 1) - word_start) & (len(powers) - 1)
        sums = np.add.reduceat(a.astype(_U64) * powers[position], starts)
    return fmix64(sums)


def shingle_hashes(tokens: np.ndarray, k: int) -> np.ndarray:
    """Hashes of every run of ``k`` consecutive word hashes (in order, repeats kept).

    A text with fewer than ``k`` words (but at least one) gives one shingle: all its words.
    """
    n = len(tokens)
    if n == 0:
        return np.zeros(0, dtype=_U64)
    width = min(k, n)
    count = n - width + 1
    h = tokens[:count].copy()
    for j in range(1, width):
        h *= _ROLL
        h += tokens[j : j + count]
    h += _U64(width)
    return fmix64(h)


def shingle_set(shingles: np.ndarray) -> np.ndarray:
    """The distinct shingle hashes, sorted (the set that Jaccard and containment are computed on)."""
    return np.unique(shingles)


def text_shingles(text: str, k: int) -> np.ndarray:
    """Sorted distinct ``k``-word shingle hashes of ``text``."""
    return shingle_set(shingle_hashes(token_hashes(normal_bytes(text)), k))
