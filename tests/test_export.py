"""The storytrace/1 JSON export: built documents validate, broken ones do not, output is stable."""

from __future__ import annotations

import copy
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from storytrace.export import SCHEMA_ID, dumps, schema, to_json, validate, write_json
from storytrace.models import Article, Duplicate, EditOp, Edits, Passage, Rejected, Removal, Reuse
from storytrace.stage import StageStats


@dataclass
class Analysis:
    """What the pipeline hands the export (only the five lists are required)."""

    articles: list[Article]
    rejected: list[Rejected]
    duplicates: list[Any]
    reuse: list[Any]
    edits: list[Any]
    lineage: list[Any] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)


def invented_analysis() -> Analysis:
    ferry = Article.from_raw(
        "wenlow-ferry",
        "inbox/wenlow.txt",
        "Subscribe now\nThe council of Port Wenlow delayed the ferry vote, said Odo Pennick.",
        title="Ferry vote delayed",
        outlet="Wenlow Gazette",
        published="2031-04-01",
        genre="news",
    )
    ferry.removed.append(Removal("site-furniture", "Subscribe now\n", 0, 14))
    copy_ = Article.from_raw("coast-ferry", "inbox/coast.html", "The council of Port Wenlow delayed the ferry vote, claimed Odo Pennick. Ça va.")
    third = Article.from_raw("bay-ferry", "inbox/bay.txt", "Port Wenlow’s ferry vote is delayed.", byline="Mirela Osk")
    return Analysis(
        articles=[ferry, copy_, third],
        rejected=[Rejected("inbox/scan.pdf", "unsupported format"), Rejected("inbox/empty.txt", "not an article")],
        duplicates=[Duplicate("wenlow-ferry", "coast-ferry", "near", 0.81, 0.9), {"a": "bay-ferry", "b": "coast-ferry", "kind": "near", "similarity": 0.5, "containment": 0.6}],
        reuse=[
            Reuse(
                "wenlow-ferry",
                "coast-ferry",
                "copy",
                False,
                [Passage(14, 60, 0, 46, "The council of Port Wenlow delayed the ferry", "The council of Port Wenlow delayed the ferry", 1.0)],
            )
        ],
        edits=[Edits("wenlow-ferry", "coast-ferry", [EditOp("replace", "said", "claimed", 62, 48)])],
        lineage=[{"source": "wenlow-ferry", "target": "coast-ferry", "depth": 1}],
        stats={"read": StageStats("read", articles_in=4, articles_out=3, rejected=1), "dedup": {"pairs": 2}},
    )


def test_a_built_document_validates() -> None:
    document = to_json(invented_analysis())
    validate(document)
    assert document["schema"] == SCHEMA_ID
    assert document["generated_by"]["name"] == "storytrace"
    assert isinstance(document["generated_by"]["version"], str)
    for key in ("articles", "rejected", "duplicates", "reuse", "edits", "lineage", "stories", "quotes", "citations"):
        assert isinstance(document[key], list), key
    assert document["stats"]["read"]["articles_in"] == 4


def test_the_document_carries_the_contracted_fields() -> None:
    document = to_json(invented_analysis())
    ferry = next(a for a in document["articles"] if a["id"] == "wenlow-ferry")
    assert ferry["outlet"] == "Wenlow Gazette"
    assert ferry["byline"] is None
    assert ferry["removed"][0]["rule"] == "site-furniture"
    assert ferry["removed"][0]["text"] == "Subscribe now\n"
    assert document["reuse"][0]["passages"][0]["source_start"] == 14
    assert document["reuse"][0]["attributed"] is False
    assert document["edits"][0]["ops"][0]["from"] == "said"
    assert document["lineage"] == [{"source": "wenlow-ferry", "target": "coast-ferry", "depth": 1}]
    assert document["rejected"] == [
        {"path": "inbox/empty.txt", "reason": "not an article"},
        {"path": "inbox/scan.pdf", "reason": "unsupported format"},
    ]


def test_sections_of_later_issues_are_empty_lists_until_they_land() -> None:
    @dataclass
    class Early:
        articles: list[Article]
        rejected: list[Rejected]
        duplicates: list[Any]
        reuse: list[Any]
        edits: list[Any]

    document = to_json(Early([], [], [], [], []))
    validate(document)
    assert [document[key] for key in ("lineage", "stories", "quotes", "citations", "quote_groups", "entities")] == [[]] * 6
    assert document["stats"] == {}


def test_records_are_ordered_by_their_ids_whatever_order_the_stages_gave() -> None:
    analysis = invented_analysis()
    document = to_json(analysis)
    assert [a["id"] for a in document["articles"]] == ["bay-ferry", "coast-ferry", "wenlow-ferry"]
    assert [(d["a"], d["b"]) for d in document["duplicates"]] == [("bay-ferry", "coast-ferry"), ("wenlow-ferry", "coast-ferry")]

    shuffled = invented_analysis()
    rng = random.Random(7)
    for name in ("articles", "rejected", "duplicates", "reuse", "edits"):
        rng.shuffle(getattr(shuffled, name))
    shuffled.stats = dict(reversed(list(shuffled.stats.items())))
    assert dumps(to_json(shuffled)) == dumps(document)


def test_written_files_are_identical_utf8_and_read_back(tmp_path: Path) -> None:
    first = write_json(invented_analysis(), tmp_path / "one.json")
    second = write_json(invented_analysis(), tmp_path / "two.json")
    assert first.read_bytes() == second.read_bytes()
    text = first.read_text(encoding="utf-8")
    assert "Ça va" in text and "Wenlow’s" in text  # ensure_ascii=False: no \u escapes
    assert json.loads(text) == to_json(invented_analysis())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.json", "two.json"]


def test_values_json_cannot_hold_are_refused_and_the_old_file_stays(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_json(invented_analysis(), target)
    before = target.read_bytes()
    broken = invented_analysis()
    broken.duplicates.append(Duplicate("x", "y", "near", math.nan, 0.5))
    with pytest.raises(ValueError):
        write_json(broken, target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d.pop("quotes"),
        lambda d: d.pop("generated_by"),
        lambda d: d.update(schema="storytrace/2"),
        lambda d: d["articles"][0].pop("title"),
        lambda d: d["articles"][0].update(outlet=7),
        lambda d: d["articles"][0]["removed"][0].pop("rule") if d["articles"][0]["removed"] else d["articles"][0].pop("text"),
        lambda d: d["rejected"][0].pop("reason"),
        lambda d: d["duplicates"][0].update(kind="similar"),
        lambda d: d["duplicates"][0].update(similarity=1.5),
        lambda d: d["reuse"][0].update(attributed="no"),
        lambda d: d["reuse"][0]["passages"][0].pop("target_text"),
        lambda d: d["edits"][0]["ops"][0].pop("from"),
        lambda d: d.update(stats=[]),
    ],
)
def test_a_document_missing_or_mistyping_a_contracted_key_fails(break_it: Any) -> None:
    document = copy.deepcopy(to_json(invented_analysis()))
    break_it(document)
    with pytest.raises(jsonschema.ValidationError):
        validate(document)


def test_extra_keys_are_allowed_everywhere() -> None:
    document = to_json(invented_analysis())
    document["framing"] = [{"story": "s1"}]
    document["articles"][0]["language"] = "en"
    document["duplicates"][0]["minhash_estimate"] = 0.8
    validate(document)


def test_the_schema_is_valid_draft_2020_12_and_ships_in_the_package() -> None:
    loaded = schema()
    assert loaded["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(loaded)
    assert jsonschema.validators.validator_for(loaded) is jsonschema.Draft202012Validator
    loaded["title"] = "changed by a caller"
    assert schema()["title"] != "changed by a caller"


def test_records_must_be_mappings_or_exportable() -> None:
    analysis = invented_analysis()
    analysis.duplicates.append(("a", "b"))
    with pytest.raises(TypeError):
        to_json(analysis)
