"""The word sequences that reuse detection compares.

Each article becomes a :class:`Doc`: its words (from :func:`storytrace.textnorm.words`,
so ``U.S.`` == ``US`` and curly == straight quotes), each with its character span in
the clean text, an integer id for alignment and a 64-bit xxhash for n-gram hashing.

Two more foldings make copies match where outlets differ only in form:

* hyphenated words are split into their parts (``war-torn`` == ``war torn``,
  ``al-Maliki`` and a print page's ``Maliki`` share ``maliki``);
* British and American spellings share one key (``defence`` == ``defense``,
  ``favourably`` == ``favorably``, ``organisation`` == ``organization``).

Note:
    A key is only compared, never shown: two real words that happen to share one
    (``prise``/``prize``) would merely align as equal, which costs nothing here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import xxhash

from storytrace.models import Article
from storytrace.textnorm import _WORD as WORD_PATTERN  # the tokenizer's own pattern, so words match words()
from storytrace.textnorm import fold, normal_word

# British -> American spelling keys, applied to a folded word. Each rule is (pattern, replacement).
_SPELLING_RULES = [
    # favour, colour, neighbours, favourably (but not four, hour, your: three letters before "our" at least)
    (re.compile(r"(?<=[a-z]{3})our(?=(s|ed|ing|ite|ites|able|ably|ful|less|er|ers)?$)"), "or"),
    # organise/organize, analyse/analyze, organisation/organization
    (re.compile(r"(?<=[a-z]{2})([iy])z(e|es|ed|ing|ation|ations|er|ers)$"), r"\1s\2"),
    # defence/defense, offence, licence
    (re.compile(r"(?<=[a-z]{3})ence(s)?$"), r"ense\1"),
    # centre/center, theatre, fibre
    (re.compile(r"(?<=[a-z]{2})(t|b)re(s)?$"), r"\1er\2"),
    # catalogue/catalog, dialogue
    (re.compile(r"(?<=[a-z]{3})ogue(s)?$"), r"og\1"),
    # travelled/traveled, cancelling/canceling, modeller
    (re.compile(r"(?<=[a-z]{2}e)ll(ed|ing|er|ers)$"), r"l\1"),
]

_SPELLING_CACHE: dict[str, str] = {}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_FOLDED: dict[str, str] = {}


def _fold_one(m: re.Match[str]) -> str:
    ch = m.group()
    folded = _FOLDED.get(ch)
    if folded is None:
        folded = _FOLDED[ch] = fold(ch)
    return folded


def fast_fold(text: str) -> str:
    """:func:`storytrace.textnorm.fold`, faster: C ``lower()`` first, then only non-ASCII characters one by one.

    Falls back to ``fold`` where ``lower()`` is not character by character (a
    capital sigma lowers by context, "İ" lowers to two characters).
    """
    low = text.lower()
    if len(low) != len(text) or "\u03a3" in text:
        return fold(text)
    low = low.replace("`", "'")
    if low.isascii():
        return low
    return _NON_ASCII.sub(_fold_one, low)


def spelling_key(norm: str) -> str:
    """One key for a word's British and American spellings (``defence`` -> ``defense``)."""
    key = _SPELLING_CACHE.get(norm)
    if key is None:
        key = norm
        if len(norm) > 4 and norm.isalpha():
            for pattern, replacement in _SPELLING_RULES:
                key = pattern.sub(replacement, key)
        _SPELLING_CACHE[norm] = key
    return key


class Vocabulary:
    """Word keys -> small integer ids (for alignment) and 64-bit xxhashes (for n-grams).

    One vocabulary serves one run, so the same word has the same id in every article.
    It also remembers how each distinct surface token splits into keyed parts, so a
    token seen before costs one dictionary look-up.
    """

    __slots__ = ("_ids", "keys", "hashes", "_surface")

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self.keys: list[str] = []
        self.hashes: list[int] = []
        self._surface: dict[str, tuple[tuple[int, int, int], ...]] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def id(self, key: str) -> int:
        i = self._ids.get(key)
        if i is None:
            i = self._ids[key] = len(self.keys)
            self.keys.append(key)
            self.hashes.append(xxhash.xxh3_64_intdigest(key.encode("utf-8")))
        return i

    def surface(self, raw: str) -> tuple[tuple[int, int, int], ...]:
        """``(id, start, end)`` of each word part of one regex match of :func:`words` (offsets within it)."""
        parts = self._surface.get(raw)
        if parts is None:
            parts = self._surface[raw] = self._split(raw)
        return parts

    def _split(self, raw: str) -> tuple[tuple[int, int, int], ...]:
        token = raw
        # As textnorm.words: a trailing dot ends a sentence unless the word is an acronym ("U.S.").
        if token.endswith(".") and token.count(".") == 1:
            token = token[:-1]
        norm = normal_word(token)
        if not norm:
            return ()
        return tuple((self.id(spelling_key(n)), s, e) for n, s, e in _split_hyphens(token, norm, 0))


@dataclass(slots=True, eq=False)
class Doc:
    """One article as a word sequence with character offsets into ``article.text``."""

    index: int
    article: Article
    ids: list[int]
    starts: np.ndarray  # int64 character start of each word
    ends: np.ndarray  # int64 character end of each word
    vocab: Vocabulary
    hashes: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.uint64))  # uint64, one per word
    quoted: np.ndarray | None = None  # filled lazily by kinds.quoted_words
    sentences: np.ndarray | None = None  # filled lazily by attribution.sentence_ends
    credits: list | None = None  # filled lazily by attribution.doc_credits
    _keys: list[str] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def keys(self) -> list[str]:
        """The compared form of each word."""
        if self._keys is None:
            table = self.vocab.keys
            self._keys = [table[i] for i in self.ids]
        return self._keys

    def char_span(self, i: int, j: int) -> tuple[int, int]:
        """Character ``(start, end)`` of words ``[i, j)``; an empty range gives a point."""
        if j > i:
            return int(self.starts[i]), int(self.ends[j - 1])
        return self.point(i), self.point(i)

    def point(self, i: int) -> int:
        """The character offset just after word ``i - 1`` (the place an insertion before word ``i`` goes)."""
        if i <= 0:
            return int(self.starts[0]) if len(self.starts) else 0
        return int(self.ends[i - 1])

    def paragraph_break_before(self, i: int) -> bool:
        """Whether a line break separates word ``i - 1`` from word ``i`` (text edges count)."""
        if i <= 0 or i >= len(self.ids):
            return True
        return "\n" in self.article.text[int(self.ends[i - 1]) : int(self.starts[i])]


def _split_hyphens(raw: str, norm: str, start: int) -> list[tuple[str, int, int]]:
    """The parts of a hyphenated word, each with its own offsets."""
    if "-" not in raw:
        return [(norm, start, start + len(raw))]
    parts = []
    offset = 0
    for piece in raw.split("-"):
        if piece:
            part_norm = normal_word(piece)
            if part_norm:
                parts.append((part_norm, start + offset, start + offset + len(piece)))
        offset += len(piece) + 1
    return parts


def make_doc(index: int, article: Article, vocab: Vocabulary) -> Doc:
    """The word sequence of ``article.text``: :func:`storytrace.textnorm.words`, hyphens split, spellings keyed.

    Note:
        Gives the words of ``words(fold(text))``: the same regular expression and
        :func:`~storytrace.textnorm.normal_word`, run on the length-preserving folded
        text (so offsets are the clean text's) and looking each distinct surface token
        up once per run (tests check the two agree). One difference: the possessive
        "s" of an acronym ("U.S.'s") is dropped, as ``normal_word`` drops every other
        possessive.
    """
    text = article.text
    ids: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    surface = vocab.surface
    # Tokenise the folded text (same length, same offsets): a curly apostrophe then joins its
    # word as a straight one does ("Russia’s" is one word, as "Russia's" is).
    folded = fast_fold(text)
    for m in WORD_PATTERN.finditer(folded):
        base = m.start()
        raw = m.group()
        if raw == "s" and base >= 2 and folded[base - 1] == "'" and folded[base - 2] == ".":
            continue  # the possessive of an acronym, "U.S.'s": the word pattern leaves its "s" alone
        for i, s, e in surface(raw):
            ids.append(i)
            starts.append(base + s)
            ends.append(base + e)
    return Doc(
        index=index,
        article=article,
        ids=ids,
        starts=np.asarray(starts, dtype=np.int64),
        ends=np.asarray(ends, dtype=np.int64),
        vocab=vocab,
    )


def make_docs(articles: list[Article]) -> list[Doc]:
    """Word sequences for all articles of a run, sharing one vocabulary, with per-word hashes."""
    vocab = Vocabulary()
    docs = [make_doc(i, article, vocab) for i, article in enumerate(articles)]
    table = np.asarray(vocab.hashes, dtype=np.uint64)
    for doc in docs:
        doc.hashes = table[np.asarray(doc.ids, dtype=np.int64)] if doc.ids else np.empty(0, dtype=np.uint64)
    return docs
