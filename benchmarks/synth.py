"""A deterministic synthetic news corpus of any size, made from the 20,000 real AllSides articles.

Article ``i`` is a function of ``(seed, i)`` only, so a corpus of a million
articles is never held in memory: :class:`SyntheticCorpus` is a lazy sequence
of texts (what near-duplicate detection reads, by position) and
:meth:`SyntheticCorpus.articles` a generator of records.

* An *original* is a recombination: sentences drawn in turn from four real
  articles next to each other in (topic, date) order, so it reads like one
  more report of that day's news on that topic, yet no one real article
  supplies more than about a third of it: originals are not near-duplicates of
  each other or of the real articles; every 3rd-5th word of each sentence is
  left out, so originals drawing the same real sentence rarely share its
  5-word shingles (see ``_thin``). Its date is the first donor's (real
  dates, 2012-2020) moved by up to two days, its outlet that of a random real
  article (real outlet names, in their real proportions), its title the first
  words of its first sentence.
* About ``copy_rate`` of the articles are *edited copies* of an earlier
  original (word swaps, a trimmed end, or both), dated 0-3 days after it, from
  another outlet. :meth:`SyntheticCorpus.copies` lists them (copy, source)
  without generating any text: the truth for duplicate recall and precision.

The corpus text exists only in memory and in the temp files a benchmark
writes; nothing of it belongs in the repository.

    python benchmarks/synth.py --size 5     # print five records (JSON lines)
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import xxhash

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent / "shared" / "eval" / "allsides-articles" / "articles.jsonl.gz"
#: Real articles a synthetic original draws its sentences from, and how far apart (in topic-date order) they may be.
DONORS = 4
SPREAD = 12
_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])|\n+")


def _date(value: str | None) -> dt.date | None:
    """The corpus's dates: ISO ``2017-01-11`` or US ``4/4/17``."""
    value = (value or "").strip()
    for pattern in ("%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(value[:10] if pattern == "%Y-%m-%d" else value, pattern).date()
        except ValueError:
            continue
    return None


class _Sentences:
    """The real articles' sentences as one UTF-8 buffer with offsets (far smaller than a list of strings)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._ends: list[int] = []
        self._size = 0

    def add(self, sentence: str) -> None:
        data = sentence.encode("utf-8")
        self._parts.append(data)
        self._size += len(data)
        self._ends.append(self._size)

    def freeze(self) -> None:
        self.buffer = b"".join(self._parts)
        self.ends = np.asarray(self._ends, dtype=np.int64)
        self.starts = np.concatenate([[0], self.ends[:-1]]).astype(np.int64)
        del self._parts, self._ends

    def __len__(self) -> int:
        return len(self.ends) if hasattr(self, "ends") else len(self._ends)

    def get(self, i: int) -> str:
        return self.buffer[int(self.starts[i]):int(self.ends[i])].decode("utf-8")


class SyntheticCorpus(Sequence[str]):
    """``size`` synthetic article texts (lazy; see the module docstring)."""

    def __init__(self, size: int, seed: int = 7, copy_rate: float = 0.01, source: Path = SOURCE) -> None:
        self.size, self.seed, self.copy_rate = size, seed, copy_rate
        self.sentences = _Sentences()
        reals: list[tuple[str, dt.date, int, int, str]] = []  # topic, date, first sentence, sentence count, outlet
        with gzip.open(source, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                text = record.get("content_original") or record.get("content") or ""
                date = _date(record.get("date"))
                parts = [" ".join(s.split()) for s in _SENTENCE_END.split(text)]
                parts = [s for s in parts if len(s.split()) >= 4]
                if date is None or len(parts) < 6:
                    continue
                first = len(self.sentences)
                for sentence in parts:
                    self.sentences.add(sentence)
                reals.append((record.get("topic") or "", date, first, len(parts), record.get("source") or "unknown"))
        self.sentences.freeze()
        reals.sort(key=lambda r: (r[0], r[1], r[2]))
        self.topic = [r[0] for r in reals]
        self.date = [r[1] for r in reals]
        self.first = np.asarray([r[2] for r in reals], dtype=np.int64)
        self.count = np.asarray([r[3] for r in reals], dtype=np.int64)
        self.outlets = sorted({r[4] for r in reals})
        #: Outlet per real article: drawing one at random keeps the real outlets' proportions.
        self.outlet_of = [r[4] for r in reals]
        #: Per real article, the range of positions of its topic (donors never cross topics).
        self.group_start = np.zeros(len(reals), dtype=np.int64)
        self.group_end = np.zeros(len(reals), dtype=np.int64)
        start = 0
        for i in range(1, len(reals) + 1):
            if i == len(reals) or self.topic[i] != self.topic[start]:
                self.group_start[start:i], self.group_end[start:i] = start, i
                start = i

    # -- which articles are copies (no text needed) --------------------------

    def _rng(self, i: int, salt: int = 0) -> random.Random:
        return random.Random((self.seed * 1_000_003 + salt) * 4_294_967_311 + i)

    def is_copy(self, i: int) -> bool:
        # A hash, not an RNG: listing the copies of a million articles must not cost a seeding per article.
        return i > 0 and xxhash.xxh3_64_intdigest(f"{self.seed}:{i}".encode()) < self.copy_rate * 2.0**64

    def source_of(self, i: int) -> int | None:
        """The original that article ``i`` is an edited copy of (None for an original)."""
        if not self.is_copy(i):
            return None
        rng = self._rng(i, 2)
        j = i - 1 - rng.randrange(min(i, 5000))
        while j > 0 and self.is_copy(j):
            j -= 1
        return j

    def copies(self) -> list[tuple[str, str]]:
        """(copy id, source id) of every injected edited copy."""
        return [(self.id(i), self.id(j)) for i in range(self.size) if (j := self.source_of(i)) is not None]

    # -- articles ------------------------------------------------------------

    @staticmethod
    def id(i: int) -> str:
        return f"syn{i:07d}"

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        if not 0 <= index < self.size:
            raise IndexError(index)
        return self.article(index)["text"]

    def article(self, i: int) -> dict:
        """Record ``i``: id, title, outlet, published (ISO date), text, copy_of (a source id or None)."""
        source = self.source_of(i)
        if source is None:
            return self._original(i)
        base = self._original(source)
        rng = self._rng(i, 3)
        text = _edit(base["text"], rng)
        published = (dt.date.fromisoformat(base["published"]) + dt.timedelta(days=rng.randint(0, 3))).isoformat()
        outlet = rng.choice([o for o in self.outlets if o != base["outlet"]] or self.outlets)
        return {"id": self.id(i), "title": base["title"], "outlet": outlet, "published": published, "text": text,
                "copy_of": base["id"]}

    def _original(self, i: int) -> dict:
        rng = self._rng(i)
        n = len(self.first)
        base = rng.randrange(n)
        lo, hi = int(self.group_start[base]), int(self.group_end[base])
        donors = [base]
        for _ in range(8 * DONORS):  # neighbours in the same topic, a few days apart at most
            if len(donors) == DONORS:
                break
            other = rng.randint(max(lo, base - SPREAD), min(hi - 1, base + SPREAD))
            if other not in donors:
                donors.append(other)
        while len(donors) < DONORS:  # a tiny topic: any article
            other = rng.randrange(n)
            if other not in donors:
                donors.append(other)
        # Each donor gives a random third of its sentences at most, so that originals drawing on the
        # same real article (a million originals use each real one ~50 times) share little text.
        picked: list[str] = []
        for d in donors:
            count = int(self.count[d])
            take = max(1, count // 3)
            for s in rng.sample(range(count), take):
                picked.append(self.sentences.get(int(self.first[d]) + s))
        rng.shuffle(picked)
        picked = [_thin(sentence, rng) for sentence in picked[:40]]
        paragraphs = [" ".join(picked[k:k + 3]) for k in range(0, len(picked), 3)]
        published = self.date[base] + dt.timedelta(days=rng.randint(-2, 2))
        title = " ".join(picked[0].split()[:10]).rstrip(".,;:")
        return {"id": self.id(i), "title": title, "outlet": self.outlet_of[rng.randrange(n)],
                "published": published.isoformat(), "text": "\n\n".join(paragraphs), "copy_of": None}

    def articles(self, start: int = 0, stop: int | None = None) -> Iterator[dict]:
        """The records ``start``..``stop`` one at a time."""
        for i in range(start, self.size if stop is None else min(stop, self.size)):
            yield self.article(i)


def _thin(sentence: str, rng: random.Random) -> str:
    """The sentence without every 3rd, 4th or 5th word (a random step and offset).

    No five words of the real sentence stay in a row, so two originals that drew the same real
    sentence (a million originals draw each ~17 times) share its 5-word shingles only when they
    also drew the same step and offset (1 in 12): otherwise every original would look like a
    passage reuse of a dozen others, which real news is not. The words, and so the topic, stay.
    """
    words = sentence.split(" ")
    if len(words) < 6:
        return sentence
    step = rng.randint(3, 5)
    offset = rng.randrange(step)
    return " ".join(w for k, w in enumerate(words) if k % step != offset)


def _edit(text: str, rng: random.Random) -> str:
    """An edited copy: swapped neighbouring words, a trimmed end, or both (what a re-publisher does)."""
    kind = rng.choice(("swap", "trim", "both"))
    paragraphs = text.split("\n\n")
    if kind in ("trim", "both") and len(paragraphs) > 3:
        paragraphs = paragraphs[: max(3, round(len(paragraphs) * rng.uniform(0.8, 0.95)))]
    if kind in ("swap", "both"):
        edited = []
        for paragraph in paragraphs:
            words = paragraph.split(" ")
            for _ in range(max(1, len(words) // 40)):
                k = rng.randrange(max(1, len(words) - 1))
                words[k:k + 2] = words[k:k + 2][::-1]
            edited.append(" ".join(words))
        paragraphs = edited
    return "\n\n".join(paragraphs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print synthetic articles as JSON lines.")
    parser.add_argument("--size", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    corpus = SyntheticCorpus(args.size, seed=args.seed)
    for record in corpus.articles():
        print(json.dumps(record, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
