"""Behaviour every store backend must have (run against each backend in conftest.BACKENDS).

Like scikit-learn's estimator checks: a new backend (PostgreSQL) is added to
the parameter list and must pass unchanged.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import pytest
import xxhash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_fixtures import cleaned_article, simple_article

from storytrace.models import Article, Duplicate, Edits, EditOp, Passage, Rejected, Reuse
from storytrace.store import IdConflictError, Store, StoreError

# -- articles: round trip ---------------------------------------------------------


def test_round_trip_keeps_raw_text_offsets_removals_and_metadata(store: Store) -> None:
    article = cleaned_article(
        title="Harbour council delays the ferry vote",
        outlet="Wenlow Gazette",
        byline="Imelda Quarrie",
        published="2031-04-01",
        credit="Gazette staff",
        genre="news",
        parent="page-7",
        url="https://gazette.invalid/ferry",
        meta={"content_hash": "h-ferry", "language": "en", "pages": [7, 8], "scores": {"furniture": 0.5}},
    )
    assert len(article.offsets.clean_starts) > 1, "the invented article should have a non-trivial offset map"
    assert [r.rule for r in article.removed] == ["site-furniture", "byline-line", "site-furniture"]

    assert store.add_articles([article]) == ([article.id], [])

    again = store.article(article.id)
    assert again == article
    assert again is not article
    assert list(store.articles()) == [article]
    start, end = again.offsets.span_to_raw(0, 7)
    assert again.raw[start:end] == again.text[:7]


def test_metadata_comes_back_as_json_gives_it(store: Store) -> None:
    article = simple_article("a", meta={"pages": (1, 2), "nested": {"ok": True, "none": None}})
    store.add_articles([article])
    assert store.article("a").meta == {"pages": [1, 2], "nested": {"ok": True, "none": None}}


def test_stored_article_does_not_change_when_the_caller_mutates_its_copy(store: Store) -> None:
    article = simple_article("a", meta={"tags": ["x"]})
    store.add_articles([article])
    article.meta["tags"].append("y")
    article.title = "changed"
    assert store.article("a").meta == {"tags": ["x"]}
    assert store.article("a").title is None


def test_missing_article_is_none(store: Store) -> None:
    assert store.article("nope") is None
    assert store.count_articles() == 0
    assert list(store.articles()) == []


def test_empty_text_and_empty_offset_map_round_trip(store: Store) -> None:
    article = simple_article("empty", "")
    store.add_articles([article])
    assert store.article("empty") == article


# -- articles: identity --------------------------------------------------------------


def test_adding_the_same_content_twice_adds_it_once(store: Store) -> None:
    articles = [simple_article(f"a{i}") for i in range(5)]
    assert store.add_articles(articles) == ([a.id for a in articles], [])
    assert store.add_articles(articles) == ([], [a.id for a in articles])
    assert store.count_articles() == 5


def test_a_repeat_within_one_call_is_reported_as_existing(store: Store) -> None:
    a = simple_article("a")
    assert store.add_articles([a, simple_article("b"), a]) == (["a", "b"], ["a"])
    assert store.count_articles() == 2


def test_same_content_under_a_new_id_is_not_stored_again(store: Store) -> None:
    first = simple_article("first", "Identical wire copy about the ferry vote.")
    second = simple_article("second", "Identical wire copy about the ferry vote.")
    store.add_articles([first])
    assert store.add_articles([second]) == ([], ["second"])
    assert store.article("second") is None
    content_hash = xxhash.xxh3_128_hexdigest(first.raw.encode("utf-8"))
    assert store.id_for_hash(content_hash) == "first"


def test_the_ingest_content_hash_is_the_identity(store: Store) -> None:
    a = simple_article("a", "one text", meta={"content_hash": "same"})
    b = simple_article("b", "another text", meta={"content_hash": "same"})
    assert store.add_articles([a, b]) == (["a"], ["b"])
    assert store.id_for_hash("same") == "a"
    assert store.id_for_hash("other") is None


def test_a_content_hash_that_is_not_text_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="content_hash"):
        store.add_articles([simple_article("a", meta={"content_hash": 12})])


def test_other_content_under_a_stored_id_is_refused_and_nothing_is_written(store: Store) -> None:
    store.add_articles([simple_article("a", "the original text")])
    batch = [simple_article("new-1"), simple_article("a", "an edited text"), simple_article("new-2")]

    with pytest.raises(IdConflictError) as caught:
        store.add_articles(batch)

    assert caught.value.ids == ["a"]
    assert isinstance(caught.value, StoreError)
    assert store.article("a").text == "the original text"
    assert store.count_articles() == 1
    assert store.article("new-1") is None


def test_one_id_twice_with_different_content_in_one_call_is_refused(store: Store) -> None:
    with pytest.raises(IdConflictError):
        store.add_articles([simple_article("a", "one"), simple_article("b"), simple_article("a", "two")])
    assert store.count_articles() == 0


def test_ids_must_be_non_empty_text(store: Store) -> None:
    with pytest.raises(StoreError):
        store.add_articles([simple_article("")])


# -- articles: reading ----------------------------------------------------------------


def test_articles_streams_all_in_id_order(store: Store) -> None:
    ids = ["m", "b", "z", "a", "k", "c", "y"]
    store.add_articles(simple_article(id) for id in ids)  # a generator is fine
    assert [a.id for a in store.articles()] == sorted(ids)
    assert store.count_articles() == len(ids)


def test_articles_by_id_keeps_the_order_asked_and_skips_missing(store: Store) -> None:
    store.add_articles(simple_article(id) for id in "abcdefg")
    asked = ["g", "missing", "a", "d", "e", "b"]
    assert [a.id for a in store.articles(asked)] == ["g", "a", "d", "e", "b"]
    assert list(store.articles([])) == []


def test_articles_carry_their_own_removals(store: Store) -> None:
    articles = [cleaned_article(f"c{i}", raw=f"HOME | NEWS | SPORT\nStory number {i}.\n") for i in range(7)]
    store.add_articles(articles)
    assert list(store.articles()) == articles
    assert list(store.articles([a.id for a in reversed(articles)])) == list(reversed(articles))


def test_writing_while_streaming_is_allowed(store: Store) -> None:
    store.add_articles(simple_article(f"b{i}") for i in range(7))
    seen = []
    for article in store.articles():
        seen.append(article.id)
        # Ids that sort before the scan position: whether a scan yields articles added
        # during it is up to the backend, so the test stays out of that question.
        store.add_articles([simple_article(f"a-{article.id}")])
    assert seen == [f"b{i}" for i in range(7)]
    assert store.count_articles() == 14


# -- hostile text ------------------------------------------------------------------------

HOSTILE = [
    "'); DROP TABLE articles; --",
    'Robert"); DELETE FROM runs; --',
    "semi;colons;everywhere;",
    "back\\slash and 'single' and \"double\" quotes",
    "NUL\x00inside\x00text",
    "percent % and underscore _ wildcards",
    "right-to-left \u202e override and \U0001f4f0 emoji",
    "title:ferry OR NEAR(a b) AND -x ^y * (",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_stored_verbatim(store: Store, hostile: str) -> None:
    article = simple_article(hostile, f"{hostile}\nThe ferry vote.", title=hostile, outlet=hostile, meta={hostile: hostile})
    article.removed.append(type(cleaned_article().removed[0])(hostile, hostile, 0, 1))
    run = store.start_run([hostile], '{"note": "' + hostile.replace("\\", "\\\\").replace('"', '\\"').replace("\x00", "\\u0000") + '"}')
    store.add_rejected([Rejected(hostile, hostile)], run)
    store.save_results(hostile, [{"text": hostile}], run)

    assert store.add_articles([article]) == ([hostile], [])

    assert store.article(hostile) == article
    assert store.count_articles() == 1
    assert store.rejected(run) == [Rejected(hostile, hostile)]
    assert store.results(hostile) == [{"text": hostile}]
    assert store.runs()[0].paths == [hostile]
    assert [hit.id for hit in store.search("ferry vote")] == [hostile]


@pytest.mark.parametrize("query", HOSTILE + ['"', "'", '""', "*", "(", ")", ":", "^", "-", "NEAR", "AND", "_", "\x00", "a\"b"])
def test_search_treats_every_query_as_plain_words(store: Store, query: str) -> None:
    store.add_articles([simple_article("a", "The ferry vote AND the NEAR harbour.")])
    hits = store.search(query)
    assert isinstance(hits, list)
    assert store.count_articles() == 1


@pytest.mark.parametrize(
    "make",
    [
        lambda: simple_article("a", "lone \ud800 surrogate"),
        lambda: simple_article("a", title="\udfff"),
        lambda: simple_article("a\udc80"),
        lambda: simple_article("a", meta={"k": "\ud83d"}),
    ],
    ids=["text", "title", "id", "meta"],
)
def test_lone_surrogates_are_refused_and_nothing_is_written(store: Store, make: Callable[[], Article]) -> None:
    with pytest.raises(StoreError, match="surrogate"):
        store.add_articles([simple_article("good"), make()])
    assert store.count_articles() == 0


def test_metadata_json_cannot_hold_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="JSON"):
        store.add_articles([simple_article("a", meta={"score": math.nan})])
    with pytest.raises(StoreError, match="JSON"):
        store.add_articles([simple_article("b", meta={"tags": {"a", "b"}})])
    assert store.count_articles() == 0


# -- search --------------------------------------------------------------------------------


def test_search_finds_words_in_title_or_text(store: Store) -> None:
    store.add_articles(
        [
            simple_article("ferry", "The council delayed the ferry vote.", title="Harbour news"),
            simple_article("bridge", "The bridge reopened after repairs.", title="Ferry service ends"),
            simple_article("cafe", "A new Café opened by the harbour.", title=None),
        ]
    )
    assert {hit.id for hit in store.search("ferry")} == {"ferry", "bridge"}
    assert {hit.id for hit in store.search("HARBOUR")} == {"ferry", "cafe"}
    assert [hit.id for hit in store.search("ferry vote")] == ["ferry"]
    assert [hit.id for hit in store.search("cafe")] == ["cafe"]
    assert store.search("ferry submarine") == []
    assert store.search("") == []
    assert store.search("   ") == []
    assert len(store.search("ferry", limit=1)) == 1
    assert store.search("ferry", limit=0) == []
    hit = store.search("bridge")[0]
    assert (hit.id, hit.title) == ("bridge", "Ferry service ends")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_search_never_fails_on_any_text(store: Store, query: str) -> None:
    if store.count_articles() == 0:
        store.add_articles([simple_article("a", "The ferry vote was delayed again.")])
    assert isinstance(store.search(query), list)


# -- rejected inputs ------------------------------------------------------------------------


def test_rejected_inputs_are_kept_per_run(store: Store) -> None:
    first = store.start_run(["inbox"], "{}")
    second = store.start_run(["inbox"], "{}")
    store.add_rejected([Rejected("inbox/a.pdf", "unsupported format"), Rejected("inbox/b.txt", "not an article")], first)
    store.add_rejected([Rejected("inbox/c.txt", "too large")], second)

    assert store.rejected(first) == [Rejected("inbox/a.pdf", "unsupported format"), Rejected("inbox/b.txt", "not an article")]
    assert store.rejected(second) == [Rejected("inbox/c.txt", "too large")]
    assert [r.path for r in store.rejected()] == ["inbox/a.pdf", "inbox/b.txt", "inbox/c.txt"]


def test_rejected_inputs_need_a_started_run(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown run"):
        store.add_rejected([Rejected("a", "b")], 99)
    assert store.rejected() == []


# -- analysis results -----------------------------------------------------------------------


def test_result_records_round_trip_by_kind_and_run(store: Store) -> None:
    run = store.start_run(["inbox"], '{"dedup": {"num_perm": 128}}')
    duplicate = Duplicate("a", "b", "near", 0.75, 0.9)
    reuse = Reuse("a", "b", "copy", False, [Passage(0, 10, 5, 15, "some words", "some words", 1.0)], {"why": ["earlier"]})
    edits = Edits("a", "b", [EditOp("replace", "said", "claimed", 12, 14, label_swap=False)])
    store.save_results("duplicates", [duplicate, {"a": "c", "b": "d", "kind": "exact", "similarity": 1.0, "containment": 1.0}], run)
    store.save_results("reuse", [reuse], run)
    store.save_results("edits", [edits], run)
    store.save_results("quotes", [{"speaker": "Odo Pennick", "text": "We need more time"}], run)
    store.save_results("skipped-inputs", [Rejected("inbox/a.bin", "unsupported format")], run)  # a plain dataclass

    assert store.results("duplicates") == [duplicate.to_export(), {"a": "c", "b": "d", "kind": "exact", "similarity": 1.0, "containment": 1.0}]
    assert store.results("reuse", run) == [reuse.to_export()]
    assert store.results("edits") == [edits.to_export()]
    assert store.results("quotes") == [{"speaker": "Odo Pennick", "text": "We need more time"}]
    assert store.results("skipped-inputs") == [{"path": "inbox/a.bin", "reason": "unsupported format"}]
    assert store.results("stories") == []


def test_results_of_each_run_stay_apart(store: Store) -> None:
    first = store.start_run(["x"], "{}")
    second = store.start_run(["x"], "{}")
    store.save_results("stories", [{"id": "s2"}], second)
    store.save_results("stories", [{"id": "s1"}], first)
    assert store.results("stories", first) == [{"id": "s1"}]
    assert store.results("stories", second) == [{"id": "s2"}]
    assert store.results("stories") == [{"id": "s1"}, {"id": "s2"}]


def test_results_that_are_not_json_are_refused_whole(store: Store) -> None:
    run = store.start_run(["x"], "{}")
    with pytest.raises(StoreError):
        store.save_results("duplicates", [{"similarity": 1.0}, {"similarity": math.inf}], run)
    with pytest.raises(StoreError):
        store.save_results("duplicates", ["not a record"], run)  # type: ignore[list-item]
    with pytest.raises(StoreError):
        store.save_results("", [{}], run)
    with pytest.raises(StoreError, match="unknown run"):
        store.save_results("duplicates", [{}], run + 1)
    assert store.results("duplicates") == []


# -- runs -----------------------------------------------------------------------------------


def test_runs_are_numbered_and_finish_once(store: Store) -> None:
    run = store.start_run(["inbox/a", "inbox/b"], '{"workers": 2}')
    (started,) = store.runs()
    assert started.id == run
    assert started.paths == ["inbox/a", "inbox/b"]
    assert started.options_json == '{"workers": 2}'
    assert started.finished_at is None and started.summary is None

    store.finish_run(run, {"articles": 2, "rejected": 0})
    (finished,) = store.runs()
    assert finished.summary == {"articles": 2, "rejected": 0}
    assert finished.finished_at is not None and finished.finished_at >= finished.started_at

    with pytest.raises(StoreError, match="already finished"):
        store.finish_run(run, {})
    with pytest.raises(StoreError, match="unknown run"):
        store.finish_run(run + 1, {})
    assert store.start_run([], "{}") == run + 1


def test_run_options_must_be_json(store: Store) -> None:
    with pytest.raises(StoreError, match="JSON"):
        store.start_run(["x"], "{not json")
    assert store.runs() == []


# -- lifetime -------------------------------------------------------------------------------


def test_a_closed_store_refuses_every_call(store: Store) -> None:
    store.add_articles([simple_article("a")])
    store.close()
    store.close()  # harmless
    for call in (
        lambda: store.article("a"),
        lambda: list(store.articles()),
        store.count_articles,
        lambda: store.add_articles([simple_article("b")]),
        lambda: store.search("text"),
        lambda: store.search(""),
        lambda: store.start_run([], "{}"),
        lambda: store.results("duplicates"),
        store.runs,
    ):
        with pytest.raises(StoreError, match="closed"):
            call()


def test_leaving_the_with_block_closes(store: Store) -> None:
    with store as same:
        assert same is store
    with pytest.raises(StoreError):
        store.count_articles()


# -- file-backed stores ------------------------------------------------------------------------


def test_a_reopened_store_finds_everything_again(reopen: Callable[[], Store]) -> None:
    article = cleaned_article(meta={"content_hash": "h1"}, outlet="Wenlow Gazette")
    with reopen() as store:
        run = store.start_run(["inbox"], "{}")
        store.add_articles([article])
        store.add_rejected([Rejected("inbox/x.bin", "unsupported format")], run)
        store.save_results("duplicates", [{"a": "x", "b": "y"}], run)
        store.finish_run(run, {"articles": 1})

    with reopen() as store:
        assert store.article(article.id) == article
        assert store.add_articles([article]) == ([], [article.id])
        assert store.rejected(run) == [Rejected("inbox/x.bin", "unsupported format")]
        assert store.results("duplicates", run) == [{"a": "x", "b": "y"}]
        assert store.runs()[0].summary == {"articles": 1}
        assert [hit.id for hit in store.search("ferry")] == [article.id]


def test_a_reader_sees_only_committed_articles_while_a_writer_writes(reopen: Callable[[], Store]) -> None:
    """The reader runs *inside* the writer's transaction (from the article generator), so no timing is involved."""
    with reopen() as writer, reopen() as reader:
        writer.add_articles([simple_article("committed")])
        observed: dict[str, object] = {}

        def articles() -> Iterator[Article]:
            for i in range(7):  # batch size 3: two batches are written, uncommitted, before the last yields
                if i == 6:
                    observed["count"] = reader.count_articles()
                    observed["first"] = reader.article("w0")
                    observed["committed"] = reader.article("committed")
                    observed["search"] = [hit.id for hit in reader.search("text article")]
                yield simple_article(f"w{i}")

        assert writer.add_articles(articles()) == ([f"w{i}" for i in range(7)], [])

        assert observed["count"] == 1
        assert observed["first"] is None
        assert observed["committed"] == simple_article("committed")
        assert observed["search"] == ["committed"]
        assert reader.count_articles() == 8
        assert reader.article("w0") == simple_article("w0")
