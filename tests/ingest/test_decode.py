import codecs

import pytest

from storytrace._exceptions import InputError
from storytrace.ingest.decode import (
    charset_from_content_type,
    declared_charset,
    decode_bytes,
    judge_text,
    looks_binary,
)

WINDOWS_TEXT = "The caf\u00e9 owner said \u201cwe open at dawn\u201d \u2013 and he did\u2026"


def test_cp1252_bytes_decode_with_accents_and_smart_quotes():
    data = WINDOWS_TEXT.encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = decode_bytes(data)
    assert decoded.text == WINDOWS_TEXT
    assert decoded.encoding == "cp1252"


def test_latin1_bytes_decode_to_the_same_letters():
    text = "Gr\u00fc\u00dfe aus M\u00fcnchen \u00a3 5 \u00a9 Stra\u00dfe \u00e0 \u00e9t\u00e9"
    assert decode_bytes(text.encode("latin-1")).text == text


def test_bytes_undefined_in_cp1252_fall_back_to_latin1_code_points():
    data = "caf\u00e9 ".encode("cp1252") + b"\x81" + " \u201cok\u201d".encode("cp1252")
    decoded = decode_bytes(data)
    assert decoded.text == "caf\u00e9 \x81 \u201cok\u201d"
    assert decoded.encoding == "latin-1"


def test_valid_utf8_wins_over_a_wrong_declared_charset():
    text = "Z\u00fcrich \u2014 \u201cquoted\u201d"
    assert decode_bytes(text.encode("utf-8"), declared="iso-8859-1").text == text


def test_declared_charset_is_used_when_utf8_fails():
    text = "\u041c\u043e\u0441\u043a\u0432\u0430 \u0441\u0435\u0433\u043e\u0434\u043d\u044f"  # Cyrillic
    decoded = decode_bytes(text.encode("koi8-r"), declared="KOI8-R")
    assert decoded.text == text
    assert decoded.encoding == "koi8-r"


def test_declared_multibyte_charset_survives_one_corrupt_byte():
    text = "\u6771\u4eac\u306e\u5929\u6c17\u306f\u6674\u308c\u3067\u3057\u305f\u3002" * 30
    data = text.encode("shift_jis")
    data = data[:100] + b"\xff" + data[100:]
    decoded = decode_bytes(data, declared="shift_jis")
    assert decoded.encoding == "shift_jis"
    assert decoded.text.count("\u6771\u4eac") >= 29


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_marks_decide_the_encoding_and_are_dropped(bom, encoding):
    text = "Harbour \u00e9t\u00e9 report"
    decoded = decode_bytes(bom + text.encode(encoding))
    assert decoded.text == text
    assert decoded.encoding == encoding


def test_utf16_without_bom_is_recognised_as_text():
    data = "A plain report about the harbour pier.".encode("utf-16-le")
    assert not looks_binary(data)
    assert decode_bytes(data).text == "A plain report about the harbour pier."


def test_nul_bytes_and_signatures_mean_binary():
    assert looks_binary(b"%PDF-1.7\n...")
    assert looks_binary(b"\x89PNG\r\n\x1a\n")
    assert looks_binary(b"words then \x00\x00 zeros")
    assert not looks_binary("plain words, caf\u00e9".encode("utf-8"))
    assert not looks_binary(b"MZ Wallace opened a shop; RIFF RAFF played")


def test_judge_text_rejects_binary_and_garbage():
    with pytest.raises(InputError, match="^binary file$"):
        judge_text("looks like text\x00 but is not")
    with pytest.raises(InputError, match="^binary file$"):
        judge_text("".join(chr(c) for c in range(1, 32) if c not in (9, 10, 12, 13)) * 3 + "abc")
    with pytest.raises(InputError, match="^undecodable$"):
        judge_text("\ufffd\ufffd ab \ufffd\ufffd\ufffd")


def test_judge_text_accepts_real_text_with_a_few_oddities():
    judge_text("Page one\fPage two\twith a tab and one \ufffd replacement in a long enough sentence.")
    judge_text("")


def test_charset_declarations_are_found():
    assert declared_charset(b'<html><head><meta charset="windows-1252">') == "windows-1252"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">') == "ISO-8859-1"
    assert declared_charset(b'<?xml version="1.0" encoding="utf-8"?><html>') == "utf-8"
    assert declared_charset(b"<html><body>none</body></html>") is None
    assert charset_from_content_type("text/html; charset=UTF-8") == "UTF-8"
    assert charset_from_content_type("text/html") is None
