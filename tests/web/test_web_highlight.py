"""Highlight segments from offsets, and the lineage graph layout."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storytrace.web.graph import lineage_layout
from storytrace.web.highlight import Mark, segments


@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70), st.sampled_from(["quote", "reuse"])), max_size=8),
)
def test_segments_rebuild_the_text_and_carry_the_marks_covering_them(text: str, raw: list[tuple[int, int, str]]) -> None:
    marks = [Mark(a, b, kind) for a, b, kind in raw]
    pieces = segments(text, marks)
    assert "".join(p.text for p in pieces) == text
    position = 0
    for piece in pieces:
        end = position + len(piece.text)
        expected = {m for m in marks if 0 <= m.start < m.end <= len(text) and m.start <= position and end <= m.end}
        assert set(piece.marks) == expected
        position = end


def test_overlapping_marks_link_to_the_innermost_target() -> None:
    pieces = segments("abcdefgh", [Mark(0, 8, "reuse", "/copies/a/b"), Mark(2, 4, "quote", "/articles/a")])
    assert [p.text for p in pieces] == ["ab", "cd", "efgh"]
    assert pieces[1].link.href == "/articles/a" and pieces[0].link.href == "/copies/a/b"
    assert pieces[1].classes == "mark-quote mark-reuse"


def test_lineage_arrows_point_from_source_column_to_copy_column() -> None:
    records = [
        {"source": "wire", "target": "paper", "attributed": True, "direct": True},
        {"source": "paper", "target": "blog", "attributed": False, "direct": True},
        {"source": "wire", "target": "blog", "attributed": False, "direct": False},
    ]
    layout = lineage_layout(records, {"wire": "Wire", "paper": "Paper"})
    x = {n["id"]: n["x"] for n in layout["nodes"]}
    assert x["wire"] < x["paper"] < x["blog"]
    for edge in layout["edges"]:  # every path starts at its source box and ends at its copy's box, further right
        numbers = [float(v) for v in edge["path"].replace("M", "").replace("L", "").replace("C", "").split()]
        assert x[edge["source"]] <= numbers[0] <= x[edge["source"]] + layout["node_width"]
        assert numbers[-2] > numbers[0] and x[edge["target"]] <= numbers[-2] + 4
    assert {n["label"] for n in layout["nodes"]} == {"Wire", "Paper", "blog"}
    assert [e["attributed"] for e in layout["edges"]] == [True, False, False]


def test_lineage_layout_survives_cycles_and_empty_input() -> None:
    assert lineage_layout([], {}) is None
    cyclic = lineage_layout([{"source": "a", "target": "b"}, {"source": "b", "target": "a"}], {})
    assert {n["id"] for n in cyclic["nodes"]} == {"a", "b"}
