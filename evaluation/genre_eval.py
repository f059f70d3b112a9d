"""News, opinion or analysis on the AllSides roundups: per-class precision/recall/F1 and macro-F1.

``../shared/eval/allsides/roundups.jsonl`` tags each article (title and a
~90-word opening) ``OPINION``, ``ANALYSIS`` or nothing (news). The few
``FACT CHECK`` and ``DATA`` pieces are none of our three genres and are left
out. The split is deterministic: stories with an even roundup id are the
train half (``--fit`` refits :data:`storytrace.stories.genre.WEIGHTS` there and
prints them), odd ids the held-out half the gate scores. Outlet names are
never given to the classifier.

Usage::

    python evaluation/genre_eval.py              # held-out half
    python evaluation/genre_eval.py --fit        # fit the weights on the train half and print them
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storytrace.models import Article  # noqa: E402
from storytrace.stories.genre import GENRES, classify_genre, features  # noqa: E402

DATA = REPO.parent / "shared" / "eval" / "allsides" / "roundups.jsonl"
TAGS = {None: "news", "OPINION": "opinion", "ANALYSIS": "analysis"}


def load(half: str, path: Path = DATA) -> tuple[list[tuple[Article, str]], str]:
    """``(article, gold genre)`` pairs of a half (``train``: even roundup ids, ``test``: odd) + data sha256."""
    data = path.read_bytes()
    items: list[tuple[Article, str]] = []
    for line in data.decode("utf-8").splitlines():
        story = json.loads(line)
        if (story["id"] % 2 == 0) != (half == "train"):
            continue
        for side, news in sorted(story["news"].items()):
            tag = news.get("opinionTag")
            if tag not in TAGS:
                continue
            body = "\n\n".join(p.strip() for p in news.get("newBody") or [] if p.strip())
            if not body:
                continue
            article = Article.from_raw(f"{story['id']}-{side}", f"roundups.jsonl#{story['id']}-{side}", body,
                                       title=news.get("newsTitle"))
            items.append((article, TAGS[tag]))
    return items, hashlib.sha256(data).hexdigest()


def scores(gold: list[str], predicted: list[str]) -> dict:
    """Precision, recall and F1 per genre, macro-F1 and accuracy."""
    out: dict = {}
    for g in GENRES:
        tp = sum(1 for a, b in zip(gold, predicted) if a == g and b == g)
        fp = sum(1 for a, b in zip(gold, predicted) if a != g and b == g)
        fn = sum(1 for a, b in zip(gold, predicted) if a == g and b != g)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[g] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": tp + fn}
    out["macro_f1"] = round(sum(out[g]["f1"] for g in GENRES) / len(GENRES), 4)
    out["accuracy"] = round(sum(a == b for a, b in zip(gold, predicted)) / max(len(gold), 1), 4)
    return out


def evaluate(half: str = "test", path: Path = DATA) -> dict:
    items, digest = load(half, path)
    predicted = [classify_genre(a) for a, _ in items]
    result = scores([g for _, g in items], predicted)
    result.update({"half": half, "articles": len(items), "data_sha256": digest})
    return result


def fit(path: Path = DATA) -> dict[str, dict[str, float]]:
    """Multinomial logistic regression on the train half; weights mapped back to the unscaled features."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    items, _ = load("train", path)
    names = sorted(features(None, "x"))
    x = np.array([[features(a.title, a.text)[n] for n in names] for a, _ in items])
    y = [g for _, g in items]
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
    model.fit((x - mean) / std, y)
    weights: dict[str, dict[str, float]] = {}
    for cls, coef, icpt in zip(model.classes_, model.coef_, model.intercept_):
        w = coef / std
        weights[str(cls)] = {"bias": round(float(icpt - (w * mean).sum()), 4)}
        weights[str(cls)].update({n: round(float(v), 4) for n, v in zip(names, w) if abs(v) > 1e-6})
    return _calibrate(weights, items)


def _calibrate(weights: dict[str, dict[str, float]], items: list[tuple[Article, str]]) -> dict[str, dict[str, float]]:
    """Shift the opinion and analysis intercepts to the best train macro-F1 (balanced weights over-predict them)."""
    from storytrace.stories.genre import genre_scores

    feats = [(a.title, a.text) for a, _ in items]
    gold = [g for _, g in items]
    steps = [x / 4 for x in range(-16, 9)]
    best = (-1.0, 0.0, 0.0)
    base = {g: dict(w) for g, w in weights.items()}
    for shift_o in steps:
        for shift_a in steps:
            trial = {g: dict(w) for g, w in base.items()}
            trial["opinion"]["bias"] = base["opinion"]["bias"] + shift_o
            trial["analysis"]["bias"] = base["analysis"]["bias"] + shift_a
            predicted = []
            for title, text in feats:
                sc = genre_scores(title, text, trial)
                predicted.append(max(sc, key=lambda g: (sc[g], g == "news")))
            macro = scores(gold, predicted)["macro_f1"]
            if macro > best[0]:
                best = (macro, shift_o, shift_a)
    base["opinion"]["bias"] = round(base["opinion"]["bias"] + best[1], 4)
    base["analysis"]["bias"] = round(base["analysis"]["bias"] + best[2], 4)
    print(f"train macro-F1 after calibration: {best[0]}", file=sys.stderr)
    return base


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="fit WEIGHTS on the train half and print them")
    parser.add_argument("--half", default="test", choices=["train", "test"])
    args = parser.parse_args(argv)
    if args.fit:
        print(json.dumps(fit(), indent=1))
        return 0
    print(json.dumps(evaluate(args.half), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
