"""Invented text for duplicate-detection tests: made-up words, never corpus text."""

from __future__ import annotations

import random

_SYLLABLES = "ka lo mi tre vo san dul pe rin os ta bel cor nu vik zan ep har mon del qua fi ro ult".split()


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def paragraphs(rng: random.Random, vocab: list[str], n_paragraphs: int, words_per_paragraph: int = 60) -> list[str]:
    """Paragraphs of sentences of invented words (capitalised, with commas and full stops)."""
    out = []
    for _ in range(n_paragraphs):
        sentences, left = [], words_per_paragraph
        while left > 0:
            n = min(left, rng.randint(6, 18))
            words = [rng.choice(vocab) for _ in range(n)]
            if n > 8:
                words[rng.randrange(2, n - 2)] += ","
            sentences.append(" ".join(words).capitalize() + ".")
            left -= n
        out.append(" ".join(sentences))
    return out


def text(rng: random.Random, vocab: list[str], n_paragraphs: int, words_per_paragraph: int = 60) -> str:
    return "\n\n".join(paragraphs(rng, vocab, n_paragraphs, words_per_paragraph))


def replace_words(rng: random.Random, text_: str, vocab: list[str], share: float) -> str:
    """Replace a share of the words with other invented words (a light rewrite)."""
    words = text_.split(" ")
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = rng.choice(vocab)
    return " ".join(words)
