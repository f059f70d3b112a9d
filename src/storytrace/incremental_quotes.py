"""Incremental quote groups: a run's new quotes join the store's groups, or start new ones.

A run groups its own quotes (``g1``, ``g2`` ... in its export). In the store,
group ids are store-wide (``<run>.<group>``, named by the run that started
the group), and three entries of the vector cache keep what a later run
needs, so it never re-reads every stored quote:

* ``quotes/quote``: quote id -> the quote record (with its store group);
* ``quotes/group``: store group id -> its member quote ids;
* ``quotes/key``: candidate key -> ids of stored quotes with that key. Keys
  are the ones :func:`storytrace.quotes.groups.group_quotes` proposes
  candidates by (word pairs of the spelling-normalised words, the whole
  sequence of a one-word quote, the speaker's surname key); a key held by
  more than :data:`MAX_KEY_QUOTES` quotes is too common to propose any.

For the new quotes, the stored quotes sharing a key are looked up, their
groups are read, and :func:`group_quotes` runs over those groups' members
plus the new quotes. A new quote that lands with stored quotes joins their
(earliest) stored group; stored groups are never split or merged, so earlier
runs' records stay true. The cost follows the new quotes and the groups they
touch.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storytrace.models import Article
from storytrace.quotes.groups import _versions, _word_seq, group_quotes
from storytrace.quotes.records import Quote
from storytrace.quotes.speakers import surname_key
from storytrace.store import Store

QUOTE_MODEL = "quotes/quote"
GROUP_MODEL = "quotes/group"
KEY_MODEL = "quotes/key"
#: As ``groups.MAX_BIGRAM_QUOTES``: a key shared by more quotes proposes no candidates.
MAX_KEY_QUOTES = 500
_COMMON = "*"  # a key list holding only this marker is too common to use


@dataclass(slots=True)
class QuoteLinks:
    """The run's quotes and groups as the store keeps them, and the index rows to write after saving."""

    quotes: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    joined: int = 0
    pending_index: list[tuple[str, list[tuple[str, bytes]]]] = field(default_factory=list)


def quote_keys(quote: Mapping[str, Any]) -> set[str]:
    """The candidate keys of one quote (see the module notes)."""
    seq = _word_seq(str(quote.get("text", "")))
    keys = {"w:" + " ".join(pair) for pair in zip(seq, seq[1:])} if len(seq) >= 2 else {"s:" + " ".join(seq)}
    if quote.get("speaker"):
        keys.add("p:" + surname_key(str(quote["speaker"])))
    return keys


def _quote(record: Mapping[str, Any]) -> Quote:
    return Quote(**{k: record.get(k) for k in Quote.__dataclass_fields__})  # type: ignore[arg-type]


def _loads(blobs: Mapping[str, bytes]) -> dict[str, Any]:
    return {k: json.loads(v) for k, v in blobs.items()}


def group_record(group_id: str, members: Sequence[Quote], articles: Mapping[str, Article]) -> dict[str, Any]:
    """A ``quote_groups`` record for these member quotes (rules as in :func:`group_quotes`)."""
    order = {a: n for n, a in enumerate(articles)}

    def article_key(article_id: str, k: int) -> tuple[Any, ...]:
        published = articles[article_id].published if article_id in articles else None
        return (published is None, published or "", order.get(article_id, len(order)), k)

    speakers = Counter(q.speaker for q in members if q.speaker)
    speaker = None
    if speakers:
        top = max(speakers.values())
        speaker = next(q.speaker for q in members if q.speaker and speakers[q.speaker] == top)
    idx = list(range(len(members)))
    earliest = members[min(idx, key=lambda k: article_key(members[k].article, k))].article
    return {
        "id": group_id,
        "quotes": [q.id for q in members],
        "speaker": speaker,
        "earliest": earliest,
        "versions": _versions(list(members), idx, dict(articles), article_key),
    }


def link_new_quotes(
    store: Store,
    quotes: Sequence[Mapping[str, Any]],
    groups: Sequence[Mapping[str, Any]],
    articles: Iterable[Article],
    run_id: int,
) -> QuoteLinks:
    """The run's quote and group records with store-wide group ids; new quotes joined to stored groups.

    ``quotes`` and ``groups`` are the run's export records. Quotes the store
    already indexed (a resumed save) keep their stored group. Nothing is
    written: call :func:`index_new_quotes` once the records are saved.
    """
    by_article = {a.id: a for a in articles}
    indexed = _loads(store.vectors(QUOTE_MODEL, [str(q["id"]) for q in quotes]))
    new = [q for q in quotes if q["id"] not in indexed]
    links = QuoteLinks()
    if not quotes:
        return links
    run_group = {q["id"]: q.get("group") for q in new}
    # 1. Stored quotes sharing a key with a new one, and the stored groups they belong to.
    keys_of = {q["id"]: quote_keys(q) for q in new}
    key_lists = _loads(store.vectors(KEY_MODEL, {k for ks in keys_of.values() for k in ks}))
    hits = {i for ids in key_lists.values() if ids != [_COMMON] for i in ids} - set(run_group)
    stored_groups = {r["group"] for r in _loads(store.vectors(QUOTE_MODEL, hits)).values()}
    members_of = _loads(store.vectors(GROUP_MODEL, stored_groups))
    stored = _loads(store.vectors(QUOTE_MODEL, {i for ids in members_of.values() for i in ids}))
    # 2. Group stored members and new quotes together; a new quote grouped with stored ones joins their group.
    target: dict[str, str] = {}  # run group -> stored group it joins
    if stored:
        need = {q["article"] for q in stored.values()} - set(by_article)
        # Stored articles first: among undated articles, the one stored earlier is the earlier one.
        context = {**{a.id: a for a in store.articles(sorted(need))}, **by_article}
        pool = [_quote(r) for r in stored.values()] + [_quote(q) for q in new]
        for group in group_quotes(pool, context.values()):
            olds = sorted({stored[i]["group"] for i in group.quotes if i in stored})
            for quote_id in group.quotes:
                if olds and quote_id in run_group:
                    target.setdefault(str(run_group[quote_id]), olds[0])
    else:
        context = by_article
    # 3. The run's records with store-wide ids: joined groups are rewritten whole, the rest renamed.
    store_id = {str(g["id"]): target.get(str(g["id"]), f"{run_id}.{g['id']}") for g in groups}
    for q in quotes:
        links.quotes.append({**q, "group": indexed[q["id"]]["group"] if q["id"] in indexed else store_id.get(str(q.get("group")), q.get("group"))})
    by_store_group: dict[str, list[Quote]] = {}
    for gid, ids in members_of.items():
        if gid in target.values():
            by_store_group[gid] = [_quote(stored[i]) for i in ids if i in stored]
    for q in links.quotes:
        if q["id"] in run_group:
            by_store_group.setdefault(q["group"], []).append(_quote(q))
    links.joined = sum(1 for q in new if str(q.get("group")) in target)
    links.groups = [group_record(gid, members, context) for gid, members in by_store_group.items()]
    # 4. Index rows for the new quotes (written after the records are saved).
    grown: dict[str, list[str]] = {}
    for q in new:
        for key in keys_of[q["id"]]:
            ids = grown.setdefault(key, list(key_lists.get(key, [])))
            if ids == [_COMMON]:
                continue
            ids.append(str(q["id"]))
            if len(ids) > MAX_KEY_QUOTES:
                grown[key] = [_COMMON]
    new_records = [q for q in links.quotes if q["id"] in run_group]
    links.pending_index = [
        (KEY_MODEL, [(k, json.dumps(v).encode()) for k, v in grown.items()]),
        (GROUP_MODEL, [(g["id"], json.dumps(g["quotes"]).encode()) for g in links.groups]),
        (QUOTE_MODEL, [(str(q["id"]), json.dumps(q, ensure_ascii=False).encode()) for q in new_records]),
    ]
    return links


def index_new_quotes(store: Store, links: QuoteLinks) -> None:
    """Write the index rows; quote records last, since they mark a quote as indexed."""
    for model, rows in links.pending_index:
        store.save_vectors(model, rows)
