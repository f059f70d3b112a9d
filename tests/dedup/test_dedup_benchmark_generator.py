"""The reuse benchmark generator (evaluation/make_reuse_benchmark.py) on invented records."""

from __future__ import annotations

import random

import pytest

from testsupport import REPO, load_script
from dedup_helpers import paragraphs, vocabulary


@pytest.fixture(scope="module")
def gen():
    return load_script(REPO / "evaluation" / "make_reuse_benchmark.py")


def _records(n: int) -> list[dict]:
    rng = random.Random(8)
    vocab = vocabulary(rng, 400) + ["militants", "regime", "government", "killed"]
    return [
        {"ID": f"r{i:03d}", "source": f"Outlet {i % 5}", "date": "2016-05-0" + str(1 + i % 9), "title": f"T{i}",
         "content_original": "\n\n".join(paragraphs(rng, vocab, rng.randint(6, 14)))}
        for i in range(n)
    ]


def test_copies_are_deterministic_and_labelled(gen):
    src = _records(1)[0]
    a = gen.make_copy("copy-1", src, random.Random(3))
    b = gen.make_copy("copy-1", src, random.Random(3))
    assert a == b
    record, label = a
    assert set(record) == {"id", "outlet", "published", "title", "text"}
    assert label.source_id == "r000" and label.edit_types and set(label.edit_types) <= set(gen.EDIT_TYPES) | {"verbatim"}
    assert all(p in range(len(gen.paragraphs(src["content_original"]))) for p in label.kept_paragraphs)


def test_each_edit_type_does_what_it_says(gen):
    src = _records(1)[0]
    paras = gen.paragraphs(src["content_original"])
    seen = set()
    for seed in range(80):
        record, label = gen.make_copy(f"c{seed}", src, random.Random(seed))
        seen.update(label.edit_types)
        if "trim" in label.edit_types and "drop_middle" not in label.edit_types:
            assert label.kept_paragraphs == list(range(len(label.kept_paragraphs)))
            assert len(label.kept_paragraphs) < len(paras)
        if "hyphenate" in label.edit_types:
            assert max(len(line) for line in record["text"].splitlines()) <= 60
        if "boilerplate" in label.edit_types and "hyphenate" not in label.edit_types:
            assert label.added_lines and all(line in record["text"] for line in label.added_lines if "\n" not in line)
        if "substitute" in label.edit_types:
            assert label.substitutions and all(new in record["text"].lower() for _, new, _ in label.substitutions)
        if label.edit_types == ["trim"] or label.edit_types == ["drop_middle"]:
            assert label.containment == pytest.approx(1.0, abs=0.02)
        if set(label.edit_types) <= {"trim", "drop_middle", "boilerplate"}:
            # Copied spans hold source paragraphs verbatim (word edits would show inside them).
            for start, end in label.copied_spans:
                for piece in record["text"][start:end].split("\n\n"):
                    assert piece.strip() in src["content_original"]
    assert seen - {"verbatim"} == set(gen.EDIT_TYPES)


def test_build_writes_corpus_labels_and_manifest(gen, tmp_path):
    records = _records(40)
    records.append(dict(records[0], ID="r-dup"))  # a real duplicate inside the "real" corpus
    manifest = gen.build(tmp_path, n_copies=12, seed=5, source=tmp_path / "missing.jsonl.gz", records=records)
    articles, labels, real_pairs, saved = gen.read_benchmark(tmp_path)
    assert saved == manifest and manifest["copies"] == 12 and manifest["real_articles"] == 41
    assert len(articles) == 53 and len(labels) == 12
    assert {"a": "r-dup", "b": "r000"}.items() <= real_pairs[0].items() or any(
        p["kind"] == "duplicate" and {p["a"], p["b"]} == {"r000", "r-dup"} for p in real_pairs
    )
    assert all(0.0 <= lab["containment"] <= 1.0 for lab in labels)
    again = tmp_path / "again"
    gen.build(again, n_copies=12, seed=5, source=tmp_path / "missing.jsonl.gz", records=_records(40) + [dict(records[0], ID="r-dup")])
    assert (again / "articles.jsonl").read_text() == (tmp_path / "articles.jsonl").read_text()
