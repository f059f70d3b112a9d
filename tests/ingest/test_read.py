import pickle

import pytest
import xxhash

from storytrace._exceptions import InputError
from storytrace.ingest.read import (
    ReadSource,
    RequireArticle,
    UniqueIds,
    container_id,
    file_id,
    letter_share,
    word_count,
)
from storytrace.ingest.sources import discover
from storytrace.models import Article, Rejected, Source
from storytrace.settings import IngestOptions
from storytrace.stage import StageStats

BODY = (
    "The harbour board agreed on Wednesday to lease the empty net loft to a boat-building school, "
    "ending a dispute that had kept the building shut for three winters. The school will train twelve "
    "apprentices a year and open its workshop to visitors on Saturdays."
)
SECOND = (
    "Members of the old rowing club, who had hoped to store their gigs in the loft, will be offered "
    "space in the lifeboat station's former garage until a permanent home is found next spring."
)
PAGE = (
    "<html><head><title>Net loft leased</title><meta name='author' content='Cal Oduya'>"
    "<meta property='og:site_name' content='Quay Weekly'></head><body><nav>Home | Boats</nav>"
    f"<article><p>{BODY}</p><p>{SECOND}</p></article></body></html>"
)


def read(source):
    return ReadSource(IngestOptions()).process(source)


def test_text_file_becomes_an_article_named_by_its_stem():
    article = read(Source("in/000_08e3eae23d696402.txt", "text", BODY.encode("utf-8")))
    assert article.id == "000_08e3eae23d696402"
    assert article.path == "in/000_08e3eae23d696402.txt"
    assert article.raw == article.text == BODY
    assert article.format == "text"
    assert article.meta["content_hash"] == xxhash.xxh3_128_hexdigest(BODY.encode("utf-8"))
    assert article.meta["input_bytes"] == len(BODY.encode("utf-8"))
    assert article.meta["encoding"] == "utf-8"


def test_cp1252_text_file_is_decoded():
    text = "The caf\u00e9 on the quay said \u201cwe stay open\u201d \u2014 all winter."
    article = read(Source("cafe.txt", "text", text.encode("cp1252")))
    assert article.raw == text
    assert article.meta["encoding"] == "cp1252"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"PK\x03\x04\x00\x00binary\x00stuff", "binary file"), (("\ufffd" * 50 + " ab").encode("utf-8"), "undecodable")],
)
def test_text_extension_with_bad_bytes_is_rejected(data, reason):
    with pytest.raises(InputError) as error:
        read(Source("x.txt", "text", data))
    assert error.value.reason == reason


def test_html_file_gives_main_text_and_metadata():
    article = read(Source("pages/loft.html", "html", PAGE.encode("utf-8")))
    assert article.id == "loft"
    assert article.format == "html"
    assert article.raw == f"{BODY}\n\n{SECOND}"
    assert article.title == "Net loft leased"
    assert article.byline == "Cal Oduya"
    assert article.outlet == "Quay Weekly"
    assert article.meta["content_hash"] == xxhash.xxh3_128_hexdigest(article.raw.encode())


def test_html_without_text_is_rejected():
    with pytest.raises(InputError, match="no main text"):
        read(Source("blank.html", "html", b"<html><body><nav></nav></body></html>"))


def test_jsonl_record_fields_win_and_id_is_kept_as_string():
    fields = {"id": 1234, "text": BODY, "source": "Quay Weekly", "date": "2020-02-03", "title": "Loft", "url": "https://q.example/1"}
    article = read(Source("feed.jsonl#3", "record", fields=fields))
    assert (article.id, article.format, article.raw) == ("1234", "jsonl", BODY)
    assert (article.outlet, article.published, article.title, article.url) == ("Quay Weekly", "2020-02-03", "Loft", "https://q.example/1")
    assert article.meta["input_bytes"] == len(BODY)


def test_jsonl_record_with_html_is_extracted_and_its_own_fields_win():
    article = read(Source("feed.jsonl#4", "record", fields={"html": PAGE, "outlet": "The Quay"}))
    assert article.id == "feed-4"
    assert article.raw == f"{BODY}\n\n{SECOND}"
    assert article.outlet == "The Quay"
    assert article.title == "Net loft leased"


def test_jsonl_record_without_text_is_not_an_article():
    with pytest.raises(InputError) as error:
        read(Source("feed.jsonl#5", "record", fields={"id": "x", "title": "only a title"}))
    assert error.value.reason == "not an article: record has no text or html field"
    with pytest.raises(InputError, match="text field is not a string"):
        read(Source("feed.jsonl#6", "record", fields={"text": ["a", "list"]}))


def test_ids_from_paths():
    assert file_id("a/b/000_08e3eae23d696402.txt") == "000_08e3eae23d696402"
    assert file_id("crawl.warc.gz") == "crawl"
    assert file_id("README") == "README"
    assert container_id("in/feed.jsonl.gz#12") == "feed-12"
    assert container_id("dir#1/crawl.warc#7", 7) == "crawl-7"


def test_read_stage_rejects_one_source_without_stopping_the_run():
    rejected: list[Rejected] = []
    sources = [Source("a.txt", "text", BODY.encode()), Source("b.txt", "text", b"\x00\x00\x00"), Source("c.txt", "text", BODY.encode())]
    articles = list(ReadSource(IngestOptions()).run(sources, rejected, StageStats("read")))
    assert [a.id for a in articles] == ["a", "c"]
    assert rejected == [Rejected("b.txt", "binary file")]


def test_read_stage_is_picklable_and_deterministic():
    stage = pickle.loads(pickle.dumps(ReadSource(IngestOptions())))
    source = Source("loft.html", "html", PAGE.encode())
    assert stage.process(source).raw == read(source).raw


def test_seed_articles_are_read_whole(seeds_dir):
    reader = ReadSource(IngestOptions())
    items = list(discover([seeds_dir], IngestOptions()))
    assert len(items) == 5 and all(isinstance(i, Source) for i in items)
    for source in items:
        article = reader.process(source)
        assert article.id == source.path.rsplit("/", 1)[-1].removesuffix(".txt")
        assert article.raw == (seeds_dir / f"{article.id}.txt").read_text(encoding="utf-8")


# --- RequireArticle -------------------------------------------------------------------------


def article(text):
    return Article.from_raw("a", "a.txt", text)


def test_short_clean_text_is_not_an_article():
    stage = RequireArticle(IngestOptions(min_words=25))
    with pytest.raises(InputError) as error:
        stage.process(article("Only seven words are in this text."))
    assert error.value.reason == "not an article (7 words)"
    assert stage.process(article(BODY)).text == BODY


def test_tables_of_numbers_and_code_blobs_are_not_prose():
    stage = RequireArticle(IngestOptions(min_words=25))
    table = "\n".join(f"{n} | {n * 3.5:.2f} | {n * 17 % 100}% | +{n}.0" for n in range(40))
    with pytest.raises(InputError, match=r"not an article \(not prose: \d+% letters\)"):
        stage.process(article(table))
    blob = "data " * 30 + "QmFzZTY0IGJsb2Igb2YgYW4gZW1iZWRkZWQgaW1hZ2UgdGhhdCBpcyBub3QgYW4gYXJ0aWNsZQ" * 40
    with pytest.raises(InputError, match="long unbroken runs"):
        stage.process(article(blob))


def test_words_are_counted_in_scripts_without_spaces():
    assert word_count("\u4eca\u5929\u5929\u6c14\u5f88\u597d") == 6
    assert word_count("The U.S. said it's done.") == 5
    assert letter_share("ab 12") == 0.5
    assert letter_share("   ") == 1.0


# --- UniqueIds ----------------------------------------------------------------------------------


def with_hash(id, raw):
    a = Article.from_raw(id, f"{id}.txt", raw)
    a.meta["content_hash"] = xxhash.xxh3_128_hexdigest(raw.encode())
    return a


def test_same_id_different_text_gets_numbered_ids_in_order():
    articles = [with_hash("report", "one"), with_hash("report", "two"), with_hash("report-2", "three"), with_hash("report", "four")]
    stats = StageStats("unique-ids")
    out = UniqueIds().run_all(articles, stats)
    assert [a.id for a in out] == ["report", "report-2", "report-2-2", "report-3"]
    assert stats.counts["renamed"] == 3


def test_same_id_same_text_keeps_one_id():
    articles = [with_hash("report", "same"), with_hash("report", "other"), with_hash("report", "same"), with_hash("report", "other")]
    out = UniqueIds().run_all(articles, StageStats("unique-ids"))
    assert [a.id for a in out] == ["report", "report-2", "report", "report-2"]


def test_unique_ids_work_without_a_stored_hash():
    out = UniqueIds().run_all([Article.from_raw("x", "x", "a"), Article.from_raw("x", "x", "b")], StageStats("u"))
    assert [a.id for a in out] == ["x", "x-2"]
