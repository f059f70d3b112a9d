"""Invented news articles for the resume and incremental tests (a helper, imported via sys.path).

Every text is made up from a fixed word list; nothing comes from ../shared.
"""

from __future__ import annotations

import random
from pathlib import Path

_WORDS = (
    "harbour council ferry vote delayed contract mayor budget island port wenlow ostrey hailstorm barley harvest "
    "farmers lighthouse keepers bridge repairs tunnel railway station market fishermen quota storm surge school "
    "teachers strike hospital ward nurses shift museum collection library archive festival parade river flood "
    "bank loan interest rates tariff export grain cargo ship captain pilot airport runway weather warning coast "
    "guard rescue crew minister inquiry report auditor tender bids planning committee residents petition square"
).split()


def article_text(seed: int, words: int = 140) -> str:
    """A title line and a body of ``words`` invented words (distinct per seed)."""
    rng = random.Random(seed)
    title = " ".join(rng.choice(_WORDS) for _ in range(6)).capitalize()
    sentences = []
    left = words
    while left > 0:
        n = min(left, rng.randint(8, 16))
        sentences.append(" ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + f" {seed}-{left}.")
        left -= n
    return f"{title} {seed}\n\n" + " ".join(sentences) + "\n"


def copy_of(text: str, seed: int) -> str:
    """A light edit of ``text``: a near-duplicate (a few words changed, a line added)."""
    rng = random.Random(seed)
    words = text.split(" ")
    for _ in range(max(1, len(words) // 40)):
        words[rng.randrange(len(words))] = rng.choice(_WORDS)
    return " ".join(words) + "Reporting by the wire desk.\n"


def write_corpus(folder: Path, n: int, *, start: int = 0, copies_every: int = 0, bad_every: int = 0) -> list[Path]:
    """Write ``n`` inputs named ``a<seed>.txt``; every ``copies_every``-th is a copy of the one before,
    every ``bad_every``-th is too short to be an article (it must be rejected)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(start, start + n):
        if bad_every and seed % bad_every == bad_every - 1:
            text = "Too short.\n"
        elif copies_every and seed % copies_every == copies_every - 1:
            text = copy_of(article_text(seed - 1), seed)
        else:
            text = article_text(seed)
        path = folder / f"a{seed:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
