"""Lay out a story's lineage graph (source -> copies) for an inline SVG drawn server-side.

Layered drawing: an article's column is the length of the longest chain of
copies leading to it, so every arrow points right. The template draws the
result with SVG attributes only (no inline style, no script), and labels go
through autoescape like any other text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

COLUMN_WIDTH = 230
ROW_HEIGHT = 56
NODE_WIDTH = 190
NODE_HEIGHT = 34
MARGIN = 12
#: Room above the first row for arcs between columns that are not neighbours.
ARC_LIFT = 36
LABEL_CHARS = 26


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _columns(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest-path depth of each node; a cycle (which lineage should not have) is cut."""
    incoming: dict[str, list[str]] = {n: [] for n in nodes}
    for source, target in edges:
        incoming[target].append(source)
    depth: dict[str, int] = {}

    def visit(node: str, path: set[str]) -> int:
        if node in depth:
            return depth[node]
        path.add(node)
        parents = [p for p in incoming[node] if p not in path]
        value = 1 + max((visit(p, path) for p in parents), default=-1)
        path.discard(node)
        depth[node] = value
        return value

    for node in nodes:
        visit(node, set())
    return depth


def lineage_layout(lineage: Sequence[Mapping[str, Any]], labels: Mapping[str, str]) -> dict[str, Any] | None:
    """Positions of nodes and arrows for the lineage records of one story; None when there is none.

    ``labels`` maps article ids to what to write in each box (outlet or title);
    articles that are not in ``labels`` still get a box, labelled by id.
    """
    edges: list[tuple[str, str, bool, bool]] = []
    for record in lineage:
        source, target = record.get("source"), record.get("target")
        if isinstance(source, str) and isinstance(target, str) and source != target:
            edges.append((source, target, bool(record.get("attributed")), bool(record.get("direct", True))))
    if not edges:
        return None
    nodes = sorted({e[0] for e in edges} | {e[1] for e in edges})
    depth = _columns(nodes, [(s, t) for s, t, _, _ in edges])
    rows: dict[int, int] = {}
    places: dict[str, tuple[int, int]] = {}
    for node in sorted(nodes, key=lambda n: (depth[n], n)):
        row = rows.get(depth[node], 0)
        rows[depth[node]] = row + 1
        places[node] = (MARGIN + depth[node] * COLUMN_WIDTH, MARGIN + ARC_LIFT + row * ROW_HEIGHT)
    drawn_nodes = [
        {"id": n, "label": _label(labels.get(n) or n), "full": labels.get(n) or n, "x": x, "y": y}
        for n, (x, y) in places.items()
    ]
    drawn_edges = []
    for source, target, attributed, direct in edges:
        (sx, sy), (tx, ty) = places[source], places[target]
        x1, y1 = sx + NODE_WIDTH, sy + NODE_HEIGHT // 2
        x2, y2 = tx - 4, ty + NODE_HEIGHT // 2
        if tx - sx == COLUMN_WIDTH:  # neighbouring columns: a straight arrow
            path = f"M {x1} {y1} L {x2} {y2}"
        else:  # skipping columns (or a cut cycle): arc over the boxes in between
            lift = ARC_LIFT + abs(ty - sy) // 4
            x1, y1, x2, y2 = sx + NODE_WIDTH // 2, sy, tx + NODE_WIDTH // 2, ty - 2
            path = f"M {x1} {y1} C {x1} {min(y1, y2) - lift} {x2} {min(y1, y2) - lift} {x2} {y2}"
        drawn_edges.append(
            {"source": source, "target": target, "attributed": attributed, "direct": direct, "path": path}
        )
    width = MARGIN * 2 + (max(depth.values()) + 1) * COLUMN_WIDTH
    height = MARGIN * 2 + ARC_LIFT + max(rows.values()) * ROW_HEIGHT
    return {
        "width": width,
        "height": height,
        "node_width": NODE_WIDTH,
        "node_height": NODE_HEIGHT,
        "nodes": drawn_nodes,
        "edges": drawn_edges,
    }
