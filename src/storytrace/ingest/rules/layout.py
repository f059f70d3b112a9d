"""Paragraph layout: one blank line between paragraphs, none at the ends.

Inputs mark paragraphs differently (a blank line, or one line each) and the
removal rules leave holes behind. Every later stage splits paragraphs on
``"\\n\\n"``, so the clean text uses exactly that. Only whitespace changes
here, so the stage applies these edits without recording them as removals.
"""

from __future__ import annotations

import re

from storytrace.offsets import Edit

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_BREAK = re.compile(r"[^\S\n]*\n\s*")


def lines_are_paragraphs(text: str) -> bool:
    """Whether ``text`` puts one paragraph per line (it has line breaks but no blank line).

    Text with blank lines uses them between paragraphs; its single line
    breaks are inside a paragraph (a list, an address) and stay.
    """
    return "\n" in text.strip() and not _BLANK_LINE.search(text)


def paragraph_breaks(text: str, one_per_line: bool | None = None) -> list[Edit]:
    """Edits giving ``text`` exactly one blank line between paragraphs and no blank ends.

    Args:
        text: the text to lay out.
        one_per_line: whether each line is a paragraph; ``None`` decides with
            :func:`lines_are_paragraphs`. Decide before removing lines, since
            the removals themselves leave blank lines behind.
    """
    if one_per_line is None:
        one_per_line = lines_are_paragraphs(text)
    stripped = text.strip()
    if not stripped:
        return [Edit(0, len(text), "", "layout")] if text else []
    lead = len(text) - len(text.lstrip())
    tail = lead + len(stripped)
    edits = [Edit(0, lead, "", "layout")] if lead else []
    for match in _BREAK.finditer(text, lead, tail):
        run = match.group()
        wanted = "\n\n" if one_per_line or run.count("\n") >= 2 else "\n"
        if run != wanted:
            edits.append(Edit(match.start(), match.end(), wanted, "layout"))
    if tail < len(text):
        edits.append(Edit(tail, len(text), "", "layout"))
    return edits


__all__ = ["lines_are_paragraphs", "paragraph_breaks"]
