"""What a copy changed: phrase-level edit operations and label swaps.

Edits are read off the word alignment of each copied passage (source ->
target), so they are exactly the differences inside the shared text:

* consecutive non-matching words form one phrase operation: ``replace``
  (words on both sides), ``delete`` (source only) or ``insert`` (target only);
* a matching word that is bracketed on one side only joins the neighbouring
  operation, so "the Islamic State militant group (ISIS)" -> "ISIS" reads as one
  replacement, not a deletion beside an unchanged "ISIS";
* two operations separated by one function word ("the", "of", ...) inside one
  sentence are one phrase;
* typography never makes an operation: words are compared in the folded forms
  of :mod:`~storytrace.reuse.tokens` (quotes, ``U.S.``/``US``, hyphens, British
  spellings).

Trimming: text a copy cut from the ends of the source lies outside every
passage and yields no operation. Whole paragraphs cut from inside (a photo
caption, a "Related:" line) lie inside a passage as one gap and yield one
``delete`` each. Nothing is reported across unaligned text.

A **label swap** is a replacement that trades one loaded term for another of
the same family in the packaged lexicon (``labels.txt``: militant / terrorist /
extremist / jihadist ..., regime / government / administration ..., illegal /
undocumented ...), or, beyond the lexicon, one ideology or membership label for
another (two single words of the same ``-ist``/``-ism``/``-ite`` form:
"Islamist" -> "nationalist").
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from storytrace.models import EditOp, Edits
from storytrace.reuse.align import Aligned, Block
from storytrace.reuse.tokens import Doc, spelling_key
from storytrace.textnorm import normal_word

_FUNCTION_WORDS = frozenset(
    "the a an of and or to in on at for by with from as that its their his her our".split()
)
_LABEL_FORM = re.compile(r"(ist|ism|ite)(s)?$")
_BREAK = re.compile(r"[.!?;\n]")


Lexicon = dict[tuple[str, ...], frozenset[str]]


@lru_cache(maxsize=8)
def load_labels(path: str | None = None) -> Lexicon:
    """The label lexicon: word keys (one word, or a hyphenated phrase as several) -> its families.

    Args:
        path: a lexicon file (``family: word word ...`` lines, ``#`` comments; a
            hyphenated entry such as ``pro-life`` is a phrase); None reads the packaged
            ``labels.txt``.
    """
    if path is None:
        text = resources.files("storytrace.reuse").joinpath("labels.txt").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    lexicon: dict[tuple[str, ...], set[str]] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        family, members = line.split(":", 1)
        for entry in members.split():
            key = tuple(spelling_key(normal_word(part)) for part in entry.split("-") if part)
            if key:
                lexicon.setdefault(key, set()).add(family.strip())
    return {k: frozenset(v) for k, v in lexicon.items()}


def _lemma(key: str, lexicon: Lexicon) -> tuple[str, ...] | None:
    """The one-word lexicon entry a word is a form of (``terrorists`` -> ``terrorist``), or None."""
    candidates = [key]
    if key.endswith("ies") or key.endswith("ied"):
        candidates.append(key[:-3] + "y")
    if key.endswith("men"):
        candidates.append(key[:-3] + "man")
    if key.endswith("es") or key.endswith("ed"):
        candidates.append(key[:-2])
    if key.endswith("s") or key.endswith("d"):
        candidates.append(key[:-1])
    for c in candidates:
        if (c,) in lexicon:
            return (c,)
    return None


def _entries(keys: list[str], lexicon: Lexicon) -> set[tuple[str, ...]]:
    """Lexicon entries found in a word sequence: phrases of two or three words, single words by lemma."""
    found: set[tuple[str, ...]] = set()
    for n in (2, 3):
        for i in range(len(keys) - n + 1):
            phrase = tuple(keys[i : i + n])
            if phrase in lexicon:
                found.add(phrase)
    for k in keys:
        lemma = _lemma(k, lexicon)
        if lemma:
            found.add(lemma)
    return found


def is_label_swap(
    from_keys: list[str], to_keys: list[str], lexicon: Lexicon, before: list[str] = (), after: list[str] = ()
) -> bool:
    """Whether replacing ``from_keys`` by ``to_keys`` trades one label for another.

    ``before``/``after`` are the unchanged words around the operation, so a phrase
    entry is found when only one of its words changed ("death tax" -> "estate tax").
    """
    if not from_keys or not to_keys:
        return False
    before, after = list(before), list(after)
    old = _entries(before + from_keys + after, lexicon)
    new = _entries(before + to_keys + after, lexicon)
    for n in new - old:
        for o in old - new:
            if lexicon[n] & lexicon[o]:
                return True
    if len(from_keys) == 1 and len(to_keys) == 1:
        return _generic_label_swap(from_keys[0], to_keys[0])
    return False


def _generic_label_swap(old: str, new: str) -> bool:
    """Two single words of one label form (-ist, -ism, -ite; same number), different stems."""
    mo, mn = _LABEL_FORM.search(old), _LABEL_FORM.search(new)
    if not mo or not mn or not old.isalpha() or not new.isalpha():
        return False
    if mo.group(1) != mn.group(1) or bool(mo.group(2)) != bool(mn.group(2)):
        return False
    return old[: mo.start()] != new[: mn.start()] and min(mo.start(), mn.start()) >= 3


def _bracketed(doc: Doc, i: int) -> bool:
    text = doc.text
    s, e = int(doc.starts[i]), int(doc.ends[i])
    return (s > 0 and text[s - 1] in "([") or (e < len(text) and text[e] in ")]")


def _split_bracket_changes(aligned: Aligned) -> list[Block]:
    """Blocks where matching words next to an edit, bracketed on one side only, become part of it."""
    src, tgt = aligned.a, aligned.b
    blocks = aligned.blocks
    out: list[Block] = []
    for k, (tag, a1, a2, b1, b2) in enumerate(blocks):
        if tag != "equal":
            out.append((tag, a1, a2, b1, b2))
            continue
        n = a2 - a1
        lead = trail = 0
        if k > 0 and blocks[k - 1][0] != "equal":
            while lead < n and _bracketed(src, a1 + lead) != _bracketed(tgt, b1 + lead):
                lead += 1
        if k + 1 < len(blocks) and blocks[k + 1][0] != "equal":
            while trail < n - lead and _bracketed(src, a2 - 1 - trail) != _bracketed(tgt, b2 - 1 - trail):
                trail += 1
        if lead:
            out.append(("replace", a1, a1 + lead, b1, b1 + lead))
        if n - lead - trail > 0:
            out.append(("equal", a1 + lead, a2 - trail, b1 + lead, b2 - trail))
        if trail:
            out.append(("replace", a2 - trail, a2, b2 - trail, b2))
    return out


def _breaks_around(doc: Doc, i: int) -> bool:
    """Whether a sentence or line break touches word ``i``."""
    lo = int(doc.ends[i - 1]) if i > 0 else 0
    hi = int(doc.starts[i + 1]) if i + 1 < len(doc) else len(doc.text)
    return _BREAK.search(doc.text, lo, hi) is not None


def _groups(aligned: Aligned) -> list[list[int]]:
    """Phrase operations as word ranges ``[a1, a2, b1, b2]``."""
    groups: list[list[int]] = []
    for tag, a1, a2, b1, b2 in _split_bracket_changes(aligned):
        if tag == "equal":
            continue
        if groups and groups[-1][1] == a1 and groups[-1][3] == b1:
            groups[-1][1], groups[-1][3] = a2, b2
        else:
            groups.append([a1, a2, b1, b2])
    src, tgt = aligned.a, aligned.b
    merged: list[list[int]] = []
    for g in groups:
        if merged:
            p = merged[-1]
            wa, wb = p[1], p[3]
            if (
                g[0] - wa == 1
                and g[2] - wb == 1
                and src.keys[wa] in _FUNCTION_WORDS
                and not _breaks_around(src, wa)
                and not _breaks_around(tgt, wb)
            ):
                p[1], p[3] = g[1], g[3]
                continue
        merged.append(g)
    return merged


def _span_text(doc: Doc, i: int, j: int) -> tuple[str, int]:
    """The text of words ``[i, j)`` with brackets balanced, and its start offset."""
    if j <= i:
        return "", doc.point(i)
    text = doc.text
    s, e = int(doc.starts[i]), int(doc.ends[j - 1])
    for open_, close in (("(", ")"), ("[", "]")):
        seg = text[s:e]
        if seg.count(open_) > seg.count(close) and text[e : e + 1] == close:
            e += 1
        seg = text[s:e]
        if seg.count(close) > seg.count(open_) and s > 0 and text[s - 1] == open_:
            s -= 1
    return text[s:e], s


def passage_ops(aligned: Aligned, lexicon: Lexicon) -> list[EditOp]:
    """Phrase operations turning the source side of one passage into its target side."""
    src, tgt = aligned.a, aligned.b
    ops: list[EditOp] = []
    for a1, a2, b1, b2 in _groups(aligned):
        from_keys, to_keys = src.keys[a1:a2], tgt.keys[b1:b2]
        if from_keys == to_keys:
            continue  # typography only
        old, s = _span_text(src, a1, a2)
        new, t = _span_text(tgt, b1, b2)
        op = "replace" if a2 > a1 and b2 > b1 else ("delete" if a2 > a1 else "insert")
        context = (src.keys[max(0, a1 - 2) : a1], src.keys[a2 : a2 + 2])
        ops.append(EditOp(op, old, new, s, t, is_label_swap(from_keys, to_keys, lexicon, *context)))
    return ops


def pair_edits(source_id: str, target_id: str, passages: list[Aligned], lexicon: Lexicon) -> Edits:
    """All operations of a copy, passage by passage (``passages`` read source -> target)."""
    ops: list[EditOp] = []
    for passage in passages:
        ops.extend(passage_ops(passage, lexicon))
    return Edits(source_id, target_id, ops)
