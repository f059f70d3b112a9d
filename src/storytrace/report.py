"""A human-readable Markdown report of one analysis.

Article text is attacker-controlled: everything taken from an article is
escaped (:func:`md`) so it cannot inject markup, links or HTML into a
viewer that renders the report.
"""

from __future__ import annotations

import html
import re
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|>~])")


def md(value: Any, limit: int | None = None) -> str:
    """Escape ``value`` for a Markdown table cell or line: no markup, no HTML, one line."""
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md(cell, 120) for cell in row) + " |" for row in rows]
    return lines


def _first(story: dict[str, Any]) -> str | None:
    """Who reported first, with the outlets the dates cannot order after it (same day, no time)."""
    first = story.get("first_reported_by")
    coverage = story.get("coverage") if isinstance(story.get("coverage"), dict) else {}
    others = [o for o in coverage.get("first_reporters") or [] if isinstance(o, str) and o != first]
    return f"{first} (or {', '.join(others)}: same day)" if first and others else first


def _stories(stories: list[dict[str, Any]]) -> list[str]:
    out = ["", "## Stories", ""]
    out += _table(["story", "title", "articles", "from", "to", "first reported by"],
                  [[s["id"], s.get("title"), len(s.get("articles", [])), s.get("start"), s.get("end"),
                    _first(s)] for s in stories])
    for story in stories:
        out += ["", f"### {md(story.get('title'))} ({md(story['id'])})", ""]
        out.append("Articles: " + ", ".join(md(a) for a in story.get("articles", [])))
        if story.get("summary"):
            out += ["", "Summary (each sentence with the articles that support it):", ""]
            out += [f"- {md(s['text'])} [{', '.join(md(a) for a in s.get('support', []))}]" for s in story["summary"]]
        if story.get("single_source"):
            out += ["", "Reported by one outlet only:", ""]
            out += [f"- {md(s['text'])} [{md(s.get('outlet') or s['article'])}]" for s in story["single_source"]]
        if story.get("framing"):
            out += ["", "How outlets name things:", ""]
            out += _table(["concept", "outlet", "terms"],
                          [[f["concept"], outlet, ", ".join(terms)] for f in story["framing"]
                           for outlet, terms in sorted(f.get("terms", {}).items())])
        flags = (story.get("coverage") or {}).get("flags") or []
        if flags:
            out += ["", "Coverage: " + "; ".join(md(f) for f in flags)]
    return out


def render(document: dict[str, Any]) -> str:
    """The report for an export document (see :func:`storytrace.export.to_json`)."""
    articles = document.get("articles", [])
    out = ["# storytrace report", ""]
    stats = document.get("stats", {})
    out.append(f"{len(articles)} articles analysed, {len(document.get('rejected', []))} inputs rejected"
               + (f", in {stats['seconds']} s." if "seconds" in stats else "."))
    out += ["", "## Articles", ""]
    out += _table(
        ["id", "outlet", "title", "byline", "credit", "genre", "parent", "removed"],
        [[a["id"], a.get("outlet"), a.get("title"), a.get("byline"), a.get("credit"), a.get("genre"), a.get("parent"),
          len(a.get("removed", []))] for a in articles],
    )
    if document.get("stories"):
        out += _stories(document["stories"])
    if document.get("rejected"):
        out += ["", "## Rejected inputs", ""]
        out += _table(["input", "reason"], [[r["path"], r["reason"]] for r in document["rejected"]])
    if document.get("duplicates"):
        out += ["", "## Duplicates", ""]
        out += _table(["a", "b", "kind", "similarity", "containment"],
                      [[d["a"], d["b"], d["kind"], f"{d['similarity']:.2f}", f"{d['containment']:.2f}"]
                       for d in document["duplicates"]])
    if document.get("reuse"):
        out += ["", "## Reuse", ""]
        out += _table(["source", "target", "kind", "attributed", "passages", "first passage"],
                      [[r["source"], r["target"], r["kind"], "yes" if r["attributed"] else "no", len(r["passages"]),
                        r["passages"][0]["target_text"] if r["passages"] else ""] for r in document["reuse"]])
    if document.get("edits"):
        out += ["", "## What the copies changed", ""]
        for edit in document["edits"]:
            out.append(f"### {md(edit['source'])} \u2192 {md(edit['target'])}")
            out.append("")
            out += _table(["op", "from", "to", "label swap"],
                          [[op["op"], op.get("from"), op.get("to"), "yes" if op.get("label_swap") else ""]
                           for op in edit["ops"]])
            out.append("")
    shared = [g for g in document.get("quote_groups", []) if len(g.get("quotes", [])) > 1]
    if shared:
        out += ["", "## Who said what: remarks carried by several articles", ""]
        rows = []
        for group in shared:
            for n, version in enumerate(group.get("versions", []), 1):
                rows.append([group["id"], group.get("speaker") or "(unresolved)", group.get("earliest"), n,
                             ", ".join(version.get("articles", [])), version.get("text")])
        out += _table(["group", "speaker", "earliest", "version", "articles", "wording"], rows)
    if document.get("citations"):
        sources: dict[str, int] = {}
        for citation in document["citations"]:
            sources[citation["source"]] = sources.get(citation["source"], 0) + 1
        out += ["", "## Cited sources", ""]
        out += _table(["source", "citations"], sorted(sources.items(), key=lambda kv: (-kv[1], kv[0])))
    removed: dict[str, int] = {}
    for article in articles:
        for item in article.get("removed", []):
            removed[item["rule"]] = removed.get(item["rule"], 0) + 1
    if removed:
        out += ["", "## What cleaning removed", ""]
        out += _table(["rule", "items"], [[rule, n] for rule, n in sorted(removed.items())])
    return "\n".join(out) + "\n"
