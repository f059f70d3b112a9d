"""Bytes to text, and telling text from binary data.

Outlets publish in whatever encoding their CMS was set to; files pass
through tools that add byte-order marks or re-save them as Windows code
pages. Decoding therefore tries, in order, what is certain before what is
likely: a byte-order mark, strict UTF-8 (random non-UTF-8 bytes almost never
form valid UTF-8, so success is strong evidence), a charset the container
declared (HTTP header, ``<meta charset>``), then Windows-1252 (a superset of
Latin-1 for printable text, and what "Latin-1" text on the web really is).
Bytes Windows-1252 leaves undefined decode as their Latin-1 code points, as
browsers do, so decoding never fails; judging the result is a separate step.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from storytrace._exceptions import InputError

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Leading bytes of common binary formats (PDF, zip/docx, gzip, images, archives, executables,
#: old Office files), so they are named as binary at once. Each holds a byte or a sequence no
#: article starts with: a signature of plain letters ("MZ", "RIFF") would reject real text.
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF-", b"PK\x03\x04", b"\x1f\x8b", b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a",
    b"\xfd7zXZ", b"7z\xbc\xaf", b"Rar!\x1a", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"OggS\x00", b"ID3\x03", b"ID3\x04",
)

#: Control characters, less those ordinary text contains: tab, line feed, carriage return, form feed (page breaks).
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")
#: Where unreadable characters live (replacement character, private use, surrogates, unassigned):
#: above U+2FFF, so ordinary Latin, Greek, Cyrillic text is never looked at character by character.
_SUSPECT = re.compile(r"[^\x00-\u2fff]")
_UNREADABLE = frozenset({"Co", "Cn", "Cs"})

#: Above this share of control characters, decoded bytes are binary data, not text.
MAX_CONTROL_SHARE = 0.05
#: Above this share of unreadable characters (U+FFFD, unassigned, private use), text is undecodable.
MAX_UNREADABLE_SHARE = 0.25

#: A declared charset may still be used when at most this share of characters had to be replaced.
MAX_REPAIRED_SHARE = 0.005


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, and the encoding that decoded it (kept in ``meta``)."""

    text: str
    encoding: str


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data``: byte-order mark, strict UTF-8, ``declared`` charset, Windows-1252, Latin-1.

    Never raises: the last step maps every byte. Use :func:`judge_text` on
    the result to reject binary or garbage input.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(encoding, errors="replace"), encoding)
    for encoding in _candidate_encodings(data, declared):
        try:
            return Decoded(data.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    lenient = _lenient_declared(data, declared)
    if lenient is not None:
        return lenient
    # Windows-1252 leaves five bytes undefined; browsers read them as Latin-1, so do we.
    return Decoded(data.decode("cp1252", errors=_LATIN1_FOR_UNDEFINED), "latin-1")


def _candidate_encodings(data: bytes, declared: str | None) -> list[str]:
    """Encodings to try strictly, most certain first."""
    candidates = ["utf-8"]
    bomless_utf16 = _bomless_utf16(data)
    if bomless_utf16:
        candidates.insert(0, bomless_utf16)
    normalised = _codec_name(declared)
    if normalised and normalised not in candidates and normalised != "cp1252":
        candidates.append(normalised)
    candidates.append("cp1252")
    return candidates


def _codec_name(label: str | None) -> str | None:
    """Python's codec name for a declared charset label, or None if unknown.

    A page that declares ``iso-8859-1`` is decoded as Windows-1252, as the
    WHATWG encoding standard prescribes: the label is nearly always wrong
    about the bytes 0x80-0x9F (curly quotes, dashes).
    """
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("'\"").lower()).name
    except LookupError:
        return None
    if name in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"
    return name


def _bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when ``data`` looks like UTF-16 text without a byte-order mark.

    UTF-16 text in a Latin script has a zero in every other byte; binary
    data has zeros scattered at random, so the alternation is a safe sign.
    """
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even_zeros = sample[0::2].count(0) / (len(sample) // 2)
    odd_zeros = sample[1::2].count(0) / (len(sample) // 2)
    if odd_zeros > 0.6 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.6 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def _lenient_declared(data: bytes, declared: str | None) -> Decoded | None:
    """The declared charset with a few bad bytes replaced, when only a few are bad.

    A Shift-JIS or GBK page with one corrupt byte fails strict decoding;
    reading it as Windows-1252 instead would garble every character.
    """
    codec = _codec_name(declared)
    if not codec or codec == "cp1252":
        return None
    text = data.decode(codec, errors="replace")
    if text.count("\ufffd") <= MAX_REPAIRED_SHARE * len(text):
        return Decoded(text, codec)
    return None


def _latin1_for_undefined(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: a byte Windows-1252 leaves undefined becomes its Latin-1 code point."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("latin-1"), error.end


_LATIN1_FOR_UNDEFINED = "storytrace-latin1-for-undefined"
codecs.register_error(_LATIN1_FOR_UNDEFINED, _latin1_for_undefined)


def looks_binary(head: bytes) -> bool:
    """Whether the first bytes of a file say it is binary (NUL bytes or a known format's signature).

    UTF-16 text also has NUL bytes, so a byte-order mark or the UTF-16
    alternation pattern counts as text.
    """
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    if _bomless_utf16(head[: len(head) - len(head) % 2]):
        return False
    if any(head.startswith(magic) for magic in _BINARY_MAGIC):
        return True
    return b"\x00" in head


def judge_text(text: str) -> None:
    """Raise :class:`InputError` when decoded text is not text.

    ``binary file``: NUL bytes or many control characters (images, archives,
    executables that happened to decode). ``undecodable``: text that decoded
    but is mostly replacement characters, unassigned or private-use code
    points (corrupted or wrongly labelled data no repair can read).
    """
    if not text:
        return
    sample = text[:65536]
    if "\x00" in sample:
        raise InputError("binary file")
    if len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise InputError("binary file")
    if sample.isascii():
        return
    unreadable = sum(1 for ch in _SUSPECT.findall(sample) if ch == "\ufffd" or unicodedata.category(ch) in _UNREADABLE)
    if unreadable > MAX_UNREADABLE_SHARE * len(sample):
        raise InputError("undecodable")


#: UTF-16 surrogate code points. A Python string holds them only when something produced invalid
#: text (a JSON ``"\\ud800"`` escape, a file name that is not UTF-8); no UTF-8 file, export or database takes them.
SURROGATES = re.compile(r"[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with surrogate pairs joined and lone surrogates replaced by U+FFFD, as a decoder would.

    Decoding bytes never yields surrogates; strings that arrive already
    decoded (JSON records) may, and must be made valid before they become an
    article's raw text, so that offsets, the export and the store all see
    the same valid string.
    """
    if not SURROGATES.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)


def declared_charset(html_head: bytes) -> str | None:
    """The charset an HTML or XHTML document declares in its first bytes, if any."""
    match = _META_CHARSET.search(html_head) or _XML_ENCODING.search(html_head)
    return match.group(1).decode("ascii") if match else None


_CONTENT_TYPE_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.IGNORECASE)


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of an HTTP ``Content-Type`` header, if any."""
    if not content_type:
        return None
    match = _CONTENT_TYPE_CHARSET.search(content_type)
    return match.group(1) if match else None


# Rejection reasons every reader (files, JSON Lines, WARC) words the same way.


def too_large(size: int, limit: int) -> str:
    """The reason for an input over the size limit."""
    return f"too large ({size} bytes > limit {limit})"


def os_reason(error: OSError) -> str:
    """What a user should read when the operating system refuses a file."""
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"cannot read: {error.strerror or error}"
