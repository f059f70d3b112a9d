"""Helpers for the reuse tests: invented articles (never text from ../shared)."""

from __future__ import annotations

import random

from storytrace.models import Article

#: Invented words: random sentences of them share no n-gram by chance.
VOCAB = (
    "alder brisk cobalt dune ember fable glint harbor iris juniper kestrel lumen marrow nectar "
    "onyx pebble quarry russet saffron thistle umber vellum willow yarrow zephyr basalt cinder "
    "drift ferrule gable hollow ingot jasper kiln lattice mantle nook orchard parapet quill "
    "rampart sluice trellis upland valley wicket"
).split()


def sentences(n: int, seed: int, length: int = 12) -> list[str]:
    """``n`` invented sentences of ``length`` words, the same for the same seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(VOCAB) for _ in range(length)]
        out.append(" ".join(words).capitalize() + ".")
    return out


def paragraphs(n: int, seed: int, per: int = 3) -> list[str]:
    s = sentences(n * per, seed)
    return [" ".join(s[i * per : (i + 1) * per]) for i in range(n)]


def article(id: str, text: str, **meta) -> Article:
    return Article.from_raw(id, f"{id}.txt", text, **meta)

