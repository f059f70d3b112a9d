"""Word evidence for print repair: line-break hyphens and drop caps.

A hyphen at the end of a printed line is either the typesetter's break
(``disinte-`` / ``gration``) or a real hyphen that happened to fall there
(``pro-`` / ``Kremlin``). Nothing in the characters says which, so the
decision weighs evidence, strongest first:

1. numbers on either side (``2011-12``) keep the hyphen;
2. the document itself: if the joined word or the hyphenated compound occurs
   elsewhere in the text unbroken, the writer's own spelling wins;
3. a capital after the hyphen (``pro-Kremlin``, ``Iranian-US``) is a compound:
   a word broken by the typesetter never turns capital in the middle;
4. a conjunction after the hyphen (``Soviet- and later``) is a suspended hyphen;
5. word frequencies (:mod:`wordfreq`): join when the joined word is about as
   common as the rarer of the two parts would allow a compound to be.

Note:
    Rule 5 compares ``zipf(joined)`` with ``min(zipf(left), zipf(right)) - 1.5``.
    A compound is always much rarer than its rarer part, so the margin stops
    ``one-time`` (``onetime`` 2.6 vs ``time`` 6.3) from joining, while real words
    split by the typesetter (``region``: ``gion`` is no word) join. Names that
    wordfreq does not know join by default, as line-break hyphens are far more
    common than real compounds cut at their hyphen.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from enum import Enum
from functools import lru_cache

from wordfreq import available_languages, zipf_frequency

#: A compound is assumed to be at least this much rarer (Zipf units) than its rarer part.
COMPOUND_MARGIN = 1.5
#: Each half of a compound is a common word at least this frequent (Zipf).
MIN_PART_ZIPF = 3.0
#: A word at least this frequent (Zipf) is taken as a known word.
KNOWN_WORD_ZIPF = 3.0
#: ...and at least this frequent as a common one ("backed" 4.3, "aligned" 3.8),
#: above the name endings that wordfreq also knows ("holt", "mann", "stein": 3.6-3.7).
COMMON_WORD_ZIPF = 3.75
#: Words after a hyphen that mark a suspended hyphen ("pre- and post-war").
SUSPENDING_WORDS = frozenset({"and", "or", "nor", "to", "und", "oder", "et", "ou", "y", "e", "o"})
#: One-letter words per language; a drop cap that is one of them might stand alone.
ONE_LETTER_WORDS = {
    "en": frozenset("aio"),
    "fr": frozenset("ay\u00e0"),
    "es": frozenset("aeoyu"),
    "it": frozenset("aeio"),
    "pt": frozenset("aeo"),
    "de": frozenset(),
    "nl": frozenset(),
}
_DEFAULT_ONE_LETTER = frozenset("aio")

_TOKEN = re.compile(r"\w+(?:-\w+)*")


class HyphenChoice(Enum):
    """What to do with a hyphen at a line break."""

    JOIN = "join"  # drop the hyphen: disinte- gration -> disintegration
    KEEP = "keep"  # keep it, no space: pro- Kremlin -> pro-Kremlin
    SUSPEND = "suspend"  # keep it, then a space: Soviet- and -> Soviet- and


def document_vocabulary(text: str) -> Counter[str]:
    """How often each word form (lower-cased, hyphenated compounds whole) occurs in ``text``.

    Why: the writer's own spelling elsewhere in the article is the best
    evidence for a broken word. A hyphen followed by a newline ends a token,
    so broken halves never count as unbroken spellings of the whole.
    """
    return Counter(token.lower() for token in _TOKEN.findall(text))


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str = "en") -> float:
    """The Zipf frequency of ``word`` (0 for unknown words or languages wordfreq lacks)."""
    if lang not in _languages():
        lang = "en"
    return zipf_frequency(word, lang)


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    return frozenset(available_languages())


def decide_hyphen(left: str, right: str, vocabulary: Mapping[str, int], lang: str = "en") -> HyphenChoice:
    """Decide a line-break hyphen between ``left`` (the word before it, without the
    hyphen; may itself hold hyphens) and ``right`` (the word after the break)."""
    if not left or not right:
        return HyphenChoice.KEEP
    segment = left.rsplit("-", 1)[-1]
    if segment[-1:].isdigit() or right[:1].isdigit():
        return HyphenChoice.KEEP
    by_document = _document_choice(left, segment, right, vocabulary)
    if by_document is not None:
        return by_document
    if _capital_after_break(segment, right):
        return HyphenChoice.KEEP
    joined = (segment + right).lower()
    if right.lower() in SUSPENDING_WORDS and zipf(joined, lang) < KNOWN_WORD_ZIPF:
        return HyphenChoice.SUSPEND
    if _unknown_name_before_word(segment, right, lang):
        return HyphenChoice.KEEP
    return HyphenChoice.JOIN if _joined_is_likelier(segment, right, lang) else HyphenChoice.KEEP


def join_decision(left: str, right: str, vocabulary: Mapping[str, int], lang: str = "en") -> str:
    """The text a line-break hyphen becomes: ``left+right``, ``left-right`` or ``left- right``."""
    choice = decide_hyphen(left, right, vocabulary, lang)
    if choice is HyphenChoice.JOIN:
        return left + right
    if choice is HyphenChoice.SUSPEND:
        return f"{left}- {right}"
    return f"{left}-{right}"


def _document_choice(left: str, segment: str, right: str, vocabulary: Mapping[str, int]) -> HyphenChoice | None:
    """The spelling the document uses elsewhere, if it uses exactly one more often."""
    joined = max(vocabulary.get((left + right).lower(), 0), vocabulary.get((segment + right).lower(), 0))
    hyphened = max(vocabulary.get(f"{left}-{right}".lower(), 0), vocabulary.get(f"{segment}-{right}".lower(), 0))
    if joined > hyphened:
        return HyphenChoice.JOIN
    if hyphened > joined:
        return HyphenChoice.KEEP
    return None


def _capital_after_break(segment: str, right: str) -> bool:
    """A capital after the break marks a compound, unless both halves are all capitals
    (``INTERNA-`` / ``TIONAL`` is one capitalised word)."""
    if not right[0].isupper():
        return False
    all_caps = segment.isupper() and right.isupper() and len(segment) > 1 and len(right) > 1
    return not all_caps


def _unknown_name_before_word(segment: str, right: str, lang: str) -> bool:
    """``Kastrian-`` / ``backed``: a common word after a hyphen, and no known word when joined.

    Why: names wordfreq does not know would otherwise always join; but a
    typesetter's break leaves a syllable after the hyphen (``Matvi-`` / ``yenko``),
    rarely a whole common word of four letters or more.
    """
    common = zipf(right.lower(), lang) >= COMMON_WORD_ZIPF
    return len(right) >= 4 and common and zipf((segment + right).lower(), lang) < 1.0


def _joined_is_likelier(segment: str, right: str, lang: str) -> bool:
    """Word frequency: is ``segment+right`` a likelier word than ``segment-right`` a compound?

    A compound is made of common words; a half that is none (``Kov`` / ``rin``)
    is a syllable, so the word joins. A capitalised word that joins into a
    known word is a name or a sentence start (``Gold`` / ``man``), not a compound.
    """
    joined = zipf((segment + right).lower(), lang)
    rarer_part = min(zipf(segment.lower(), lang), zipf(right.lower(), lang))
    if rarer_part < MIN_PART_ZIPF or (segment[0].isupper() and joined >= KNOWN_WORD_ZIPF):
        return True
    return joined >= rarer_part - COMPOUND_MARGIN


def joins_drop_cap(letter: str, fragment: str, vocabulary: Mapping[str, int], lang: str = "en") -> bool:
    """Whether a lone capital ``letter`` is a drop cap whose word goes on with ``fragment``.

    Why: a drop cap is followed by the rest of its word (``I`` + ``raqi``). A
    letter that is also a word (``A``, ``I``) may stand alone (``A`` + ``new plan``),
    so then the joined word must be at least as common as the fragment alone,
    by the document's own words or by word frequency.
    """
    if not fragment or not fragment[0].isalpha():
        return False
    if fragment[0].isupper() and not fragment.isupper():
        return False  # "I" + "Went": a capitalised word starts on its own
    joined = (letter + fragment).lower()
    if letter.lower() not in ONE_LETTER_WORDS.get(lang, _DEFAULT_ONE_LETTER):
        return True
    # The fragment itself is counted once in the vocabulary: only other uses are evidence.
    joined_uses = vocabulary.get(joined, 0)
    fragment_uses = max(0, vocabulary.get(fragment.lower(), 0) - 1)
    if joined_uses != fragment_uses:
        return joined_uses > fragment_uses
    return zipf(joined, lang) >= zipf(fragment.lower(), lang)


def joins_inline_drop_cap(letter: str, fragment: str, vocabulary: Mapping[str, int], lang: str = "en") -> bool:
    """Whether ``"I raqi"`` at a paragraph start is a drop cap set with a space.

    Stricter than :func:`joins_drop_cap`, as a letter and a word on one line
    usually are two words: a one-letter word only joins a fragment that is no
    common word itself (``A round`` stays, ``I ranian`` joins), and another
    letter only joins into a word nearly as common as the fragment
    (``S he`` joins, ``U turn`` stays).
    """
    if not joins_drop_cap(letter, fragment, vocabulary, lang):
        return False
    if len(fragment) == 1:
        return True
    if letter.lower() in ONE_LETTER_WORDS.get(lang, _DEFAULT_ONE_LETTER):
        return zipf(fragment.lower(), lang) < 3.0
    return zipf((letter + fragment).lower(), lang) >= zipf(fragment.lower(), lang) - 1.0
