"""Page script that extraction kept as text: ``(function() {``, ``var x = ...;``, ``});``.

Extractors sometimes keep an inline ``<script>`` (a rating widget, an ad
loader, a tracking snippet) as if it were a paragraph; it then reads as the
first "sentence" of a summary. Script lines are told from prose by shape: they
open with a keyword or a dotted call (``var``, ``function``, ``document.``,
``Foo.bar(``) or end like a statement (``;``, ``{``, ``}``) and hold one
(an assignment, braces, a call glued to its name) with the punctuation
density of code, which a list item ending in a semicolon does not have.

One such line alone is removed only when it names the page's own objects
(``document.``, ``window.``, ``JSON.parse``, ``addEventListener``...): a lone
line of prose that happens to look like code survives. Two or more in a row
(blank lines between them allowed) are a script block and go together.
"""

from __future__ import annotations

import re

from storytrace.ingest.rules._lines import Line, lines, remove
from storytrace.offsets import Edit

#: How script lines start (keywords, comments, closing braces, an immediately invoked function).
_OPENER = re.compile(
    r"^(?:(?:var|let|const)\s+[A-Za-z_$][\w$]*\s*[=;,]|function\s*[\w$]*\s*\(|\(function\b|\(\s*\(\s*\)\s*=>"
    r"|if\s*\(|for\s*\(|return\b.*;$|try\s*\{|\}|\]\)|//|/\*|\*/|<![-\u2013\u2014]|[-\u2013\u2014]+>$"
    r"|@media\b|@import\b"
    r"|import\s+[\w{*].*\bfrom\b|export\s+(?:default|const|function)\b|\{\s*\"|\[\s*\{)"
)
#: A dotted call standing alone: ``GeneralMills.Sites.Register(a, b)``; prose never reads like that.
_DOTTED_CALL = re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+\s*\(.*\)\s*[;,]?$")
#: How script statements end.
_CLOSER = re.compile(r"(?:;|\{|\}|\}\);?|\}\)\(\);?|\*/)$")
#: Names that only a page's script uses.
_PAGE_OBJECTS = re.compile(
    r"\b(?:document|window|navigator|localStorage|console)\.\w|JSON\.(?:parse|stringify)\(|addEventListener\("
    r"|googletag\.|dataLayer\b|__NEXT_DATA__|\$\(\s*(?:document|window|['\"])|\"@context\"\s*:\s*\"https?://schema\.org"
)
#: What a statement holds and a list item ending in ";" does not: an assignment, braces, a call glued
#: to its name (``f(x)``; prose leaves a space before a bracket), an index.
_STATEMENT = re.compile(r"[={}]|[\w$]\(|\)\.|\[[\w$'\"]*\]")
_CODE_CHARS = frozenset("{}()[];=<>\\$|&+*")


def _symbol_share(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    return sum(c in _CODE_CHARS for c in visible) / max(len(visible), 1)


def looks_like_code(text: str) -> bool:
    """Whether one line has the shape of a script statement rather than of prose."""
    t = text.strip()
    if not t:
        return False
    if _OPENER.match(t) or _DOTTED_CALL.match(t) or _names_page_objects(t):
        return True
    return bool(_CLOSER.search(t)) and bool(_STATEMENT.search(t)) and _symbol_share(t) >= 0.1


def _names_page_objects(text: str) -> bool:
    return bool(_PAGE_OBJECTS.search(text)) and _symbol_share(text) >= 0.05


def _is_lone_script(line: Line) -> bool:
    return bool(_PAGE_OBJECTS.search(line.text)) and looks_like_code(line.text)


def leaked_code(text: str) -> list[Edit]:
    """Remove inline page script an extractor kept: runs of two or more script lines, or one naming page objects.

    Why: a tracking or widget script is not the article; left in, it becomes
    a summary sentence and shingles that join unrelated pages of one site.
    """
    found = lines(text)
    code = [looks_like_code(line.text) for line in found]
    out: list[Edit] = []
    k = 0
    while k < len(found):
        if not code[k]:
            k += 1
            continue
        end = k
        while end + 1 < len(found) and code[end + 1]:
            end += 1
        run = found[k : end + 1]
        if len(run) >= 2 or _is_lone_script(run[0]):
            out.extend(remove(line, "code") for line in run)
        k = end + 1
    return out
