"""What each page shows, assembled from the store as plain JSON-able dicts.

The HTML pages and the JSON API render the same view, so what a browser
shows and what ``/api`` returns cannot drift apart. Every read goes through
the :class:`~storytrace.store.Store` interface: ids are looked up, never used
as paths. Story records are read defensively (``.get`` with defaults) since
older stores may lack newer fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from storytrace.models import Article
from storytrace.store import Store
from storytrace.web.graph import lineage_layout
from storytrace.web.highlight import Mark, segments
from storytrace.web.links import article_href, copy_href, story_href
from storytrace.web.security import safe_url

#: Stories per page of the list.
PAGE_SIZE = 25


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def article_meta(article: Article) -> dict[str, Any]:
    """An article's metadata for pages and the API (no text); ``url`` only when it is http(s)."""
    url = safe_url(article.url)
    return {
        "id": article.id,
        "href": article_href(article.id),
        "title": article.title,
        "outlet": article.outlet,
        "byline": article.byline,
        "published": article.published,
        "url": url,
        # A URL that is not http(s) (javascript:, data:) is shown as text, never linked.
        "url_text": article.url if article.url and not url else None,
        "credit": article.credit,
        "genre": article.genre,
        "parent": article.parent,
        "format": article.format,
    }


def _label(meta: Mapping[str, Any] | None, article_id: str) -> str:
    if not meta:
        return article_id
    return meta.get("outlet") or meta.get("title") or article_id


def _metas(store: Store, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    return {a.id: article_meta(a) for a in store.articles(list(dict.fromkeys(ids)))}


# -- story list -----------------------------------------------------------


def story_list(
    store: Store,
    *,
    query: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    order: str,
    page: int,
    page_size: int = PAGE_SIZE,
) -> dict[str, Any]:
    """One page of the story list with its filters and the total count."""
    filters = {"query": query, "outlet": outlet, "since": since, "until": until}
    total = store.count_stories(**filters)
    rows = store.stories(**filters, order=order, limit=page_size, offset=(page - 1) * page_size)
    return {
        "filters": {**filters, "order": order},
        "page": page,
        "pages": max(1, -(-total // page_size)),
        "total": total,
        "stories": [
            {
                "id": s.id,
                "href": story_href(s.id),
                "title": s.title,
                "start": s.start,
                "end": s.end,
                "size": s.size,
                "outlets": list(s.outlets),
            }
            for s in rows
        ],
    }


# -- one story ------------------------------------------------------------


def _quote_table(groups: list[dict[str, Any]], metas: Mapping[str, Mapping[str, Any]], members: set[str]) -> list[dict[str, Any]]:
    """Quote groups touching the story, by speaker: each version with the articles (and outlets) that carry it."""
    table = []
    for group in groups:
        versions = []
        for version in group.get("versions") or []:
            if not isinstance(version, Mapping):
                continue
            carriers = [
                {"id": a, "href": article_href(a), "label": _label(metas.get(a), a), "in_story": a in members}
                for a in _strings(version.get("articles"))
            ]
            versions.append({"text": version.get("text") if isinstance(version.get("text"), str) else "", "articles": carriers})
        if not any(c["in_story"] for v in versions for c in v["articles"]):
            continue
        earliest = group.get("earliest") if isinstance(group.get("earliest"), str) else None
        table.append(
            {
                "id": group.get("id"),
                "speaker": group.get("speaker") if isinstance(group.get("speaker"), str) else None,
                "earliest": earliest,
                "earliest_href": article_href(earliest) if earliest else None,
                "earliest_label": _label(metas.get(earliest), earliest) if earliest else None,
                "versions": versions,
            }
        )
    # Groups quoted in several versions or articles first: they show how a remark travelled.
    table.sort(key=lambda g: (g["speaker"] is None, g["speaker"] or "", -len(g["versions"]), str(g["id"])))
    return table


def _timeline(order: list[str], metas: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Outlets in order of their first article, each with its articles in story (time) order."""
    lanes: dict[str, list[dict[str, Any]]] = {}
    for article_id in order:
        meta = metas.get(article_id)
        outlet = (meta or {}).get("outlet") or "(no outlet)"
        lanes.setdefault(outlet, []).append(
            {
                "id": article_id,
                "href": article_href(article_id),
                "title": (meta or {}).get("title") or article_id,
                "published": (meta or {}).get("published"),
                "stored": meta is not None,
            }
        )
    return [{"outlet": outlet, "articles": items} for outlet, items in lanes.items()]


def story_view(store: Store, story_id: str) -> dict[str, Any] | None:
    """Everything the story page shows, or None for an unknown story."""
    story = store.story(story_id)
    if story is None:
        return None
    members = _strings(story.get("articles"))
    member_set = set(members)
    lineage = [r for r in store.results_for_articles("lineage", members) if r.get("source") in member_set or r.get("target") in member_set]
    reuse = store.results_for_articles("reuse", members)
    groups = store.results_for_articles("quote_groups", members)
    outside = {r.get("source") for r in lineage} | {r.get("target") for r in lineage}
    metas = _metas(store, [*members, *(i for i in outside if isinstance(i, str) and i not in member_set)])
    copies = [
        {
            "source": r.get("source"),
            "target": r.get("target"),
            "source_label": _label(metas.get(r.get("source")), str(r.get("source"))),
            "target_label": _label(metas.get(r.get("target")), str(r.get("target"))),
            "kind": r.get("kind"),
            "attributed": bool(r.get("attributed")),
            "credited": (r.get("evidence") or {}).get("credited") if isinstance(r.get("evidence"), Mapping) else None,
            "href": copy_href(str(r.get("source")), str(r.get("target"))),
        }
        for r in reuse
        if isinstance(r.get("source"), str) and isinstance(r.get("target"), str)
    ]
    summary = [
        {
            "text": s.get("text") if isinstance(s.get("text"), str) else "",
            "support": [{"id": a, "href": article_href(a), "label": _label(metas.get(a), a)} for a in _strings(s.get("support"))],
            "outlets": _strings(s.get("outlets")),
        }
        for s in story.get("summary") or []
        if isinstance(s, Mapping)
    ]
    framing = [
        {
            "concept": f.get("concept") if isinstance(f.get("concept"), str) else "",
            "terms": {str(k): _strings(v) for k, v in f["terms"].items()} if isinstance(f.get("terms"), Mapping) else {},
        }
        for f in story.get("framing") or []
        if isinstance(f, Mapping)
    ]
    framing_outlets = sorted({o for f in framing for o in f["terms"]})
    coverage = story.get("coverage") if isinstance(story.get("coverage"), Mapping) else {}
    first = story.get("first_article") if isinstance(story.get("first_article"), str) else None
    return {
        "id": story_id,
        "title": story.get("title") if isinstance(story.get("title"), str) else None,
        "start": story.get("start"),
        "end": story.get("end"),
        "first_reported_by": story.get("first_reported_by"),
        "first_article": first,
        "first_href": article_href(first) if first else None,
        "articles": [metas.get(a) or {"id": a, "href": article_href(a), "title": None, "outlet": None} for a in members],
        "timeline": _timeline(members, metas),
        "lineage": lineage,
        "graph": lineage_layout(lineage, {i: _label(m, i) for i, m in metas.items()}),
        "copies": copies,
        "summary": summary,
        "single_source": [s for s in story.get("single_source") or [] if isinstance(s, Mapping)],
        "quotes": _quote_table(groups, metas, member_set),
        "framing": framing,
        "framing_outlets": framing_outlets,
        "coverage": {
            "outlets": [o for o in coverage.get("outlets") or [] if isinstance(o, Mapping)],
            "by_rating": coverage.get("by_rating") if isinstance(coverage.get("by_rating"), Mapping) else {},
            "flags": _strings(coverage.get("flags")),
        },
        # Outlets the dates cannot order after the first one (a date without a time on the first day).
        "first_alternatives": [
            o for o in _strings(coverage.get("first_reporters")) if o != story.get("first_reported_by")
        ],
        "related": [{"id": r, "href": story_href(r)} for r in _strings(story.get("related"))],
    }


# -- one article ------------------------------------------------------------


def _article_marks(
    article: Article, reuse: list[dict[str, Any]], quotes: list[dict[str, Any]], groups: list[dict[str, Any]]
) -> list[Mark]:
    marks: list[Mark] = []
    for record in reuse:
        source = record.get("source")
        if record.get("target") != article.id or not isinstance(source, str):
            continue
        credit = "credited" if record.get("attributed") else "not credited"
        for passage in record.get("passages") or []:
            if isinstance(passage, Mapping):
                marks.append(
                    Mark(
                        passage.get("target_start", -1),
                        passage.get("target_end", -1),
                        "reuse" if record.get("kind") == "copy" else "shared-quote",
                        copy_href(source, article.id),
                        f"{record.get('kind')} from {source} ({credit})",
                    )
                )
    earliest = {g.get("id"): g.get("earliest") for g in groups}
    for quote in quotes:
        if quote.get("article") != article.id:
            continue
        first = earliest.get(quote.get("group"))
        href = article_href(first) if isinstance(first, str) and first != article.id else None
        speaker = quote.get("speaker") or quote.get("speaker_mention") or "unknown speaker"
        title = f"quote: {speaker}" + (f" (first in {first})" if href else "")
        marks.append(Mark(quote.get("start", -1), quote.get("end", -1), "quote", href, title))
    return marks


def article_view(store: Store, article_id: str) -> dict[str, Any] | None:
    """Everything the article page shows, or None for an unknown article."""
    article = store.article(article_id)
    if article is None:
        return None
    ids = [article_id]
    reuse = store.results_for_articles("reuse", ids)
    quotes = store.results_for_articles("quotes", ids)
    groups = store.results_for_articles("quote_groups", ids)
    marks = _article_marks(article, reuse, quotes, groups)
    links = [
        {
            "direction": "from" if r.get("target") == article_id else "to",
            "other": r.get("source") if r.get("target") == article_id else r.get("target"),
            "kind": r.get("kind"),
            "attributed": bool(r.get("attributed")),
            "href": copy_href(str(r.get("source")), str(r.get("target"))),
        }
        for r in reuse
        if isinstance(r.get("source"), str) and isinstance(r.get("target"), str)
    ]
    story_id = store.story_of(article_id)
    return {
        "article": {**article_meta(article), "words": len(article.text.split())},
        "text": article.text,
        "segments": segments(article.text, marks),
        "removed": [{"rule": r.rule, "text": r.text, "start": r.start, "end": r.end} for r in article.removed],
        "reuse": links,
        "quotes": [
            {"text": q.get("text"), "speaker": q.get("speaker") or q.get("speaker_mention"), "kind": q.get("kind"), "group": q.get("group")}
            for q in quotes
            if q.get("article") == article_id
        ],
        "story": {"id": story_id, "href": story_href(story_id)} if story_id else None,
    }


# -- a copy beside its source -------------------------------------------------


def copy_view(store: Store, source_id: str, target_id: str) -> dict[str, Any] | None:
    """Source and copy side by side with the word edits marked; None unless both exist and are linked."""
    source, target = store.article(source_id), store.article(target_id)
    if source is None or target is None:
        return None
    pair = [source_id, target_id]
    reuse = [r for r in store.results_for_articles("reuse", pair) if r.get("source") == source_id and r.get("target") == target_id]
    edits = [r for r in store.results_for_articles("edits", pair) if r.get("source") == source_id and r.get("target") == target_id]
    if not reuse and not edits:
        return None
    ops = [op for record in edits for op in record.get("ops") or [] if isinstance(op, Mapping)]
    struck: list[Mark] = []
    inserted: list[Mark] = []
    for op in ops:
        kind, before, after = op.get("op"), op.get("from") or "", op.get("to") or ""
        s, t = op.get("source_start"), op.get("target_start")
        label = f"{op.get('op')}: {before!r} -> {after!r}"
        if kind in ("replace", "delete") and isinstance(s, int) and before:
            struck.append(Mark(s, s + len(before), "del", None, label))
        if kind in ("replace", "insert") and isinstance(t, int) and after:
            inserted.append(Mark(t, t + len(after), "ins", None, label))
    record = reuse[0] if reuse else {}
    return {
        "source": article_meta(source),
        "target": article_meta(target),
        "kind": record.get("kind"),
        "attributed": bool(record.get("attributed")),
        "credited": (record.get("evidence") or {}).get("credited") if isinstance(record.get("evidence"), Mapping) else None,
        "ops": [{k: op.get(k) for k in ("op", "from", "to", "source_start", "target_start", "label_swap")} for op in ops],
        "source_segments": segments(source.text, struck),
        "target_segments": segments(target.text, inserted),
    }
