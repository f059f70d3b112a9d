import gzip
import io

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from storytrace.ingest.read import ReadSource
from storytrace.ingest.warc import iter_warc
from storytrace.models import Rejected, Source
from storytrace.settings import IngestOptions

STORY = (
    "The ferry company added a late crossing on Fridays after islanders collected four hundred signatures. "
    "Its manager said the boat would leave the mainland quay at eleven and return before one in the morning."
)


def page(title="Late ferry added", paragraphs=3):
    body = "".join(f"<p>{STORY} Paragraph {n}.</p>" for n in range(paragraphs))
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article>{body}</article></body></html>").encode("utf-8")


def http(status="200 OK", content_type="text/html; charset=utf-8"):
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def write_warc(path, records, gzipped):
    """Write ``records`` (uri, type, payload, http headers or None) with warcio."""
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for uri, record_type, payload, headers in records:
            kwargs = {"http_headers": headers} if headers is not None else {"warc_content_type": "text/html"}
            writer.write_record(writer.create_warc_record(uri, record_type, payload=io.BytesIO(payload), **kwargs))
    return path


CRAWL = [
    ("https://isles.example/news/ferry", "response", page(), http()),
    ("https://isles.example/robots.txt", "response", b"User-agent: *", http(content_type="text/plain")),
    ("https://isles.example/old", "response", page(), http(status="301 Moved Permanently")),
    ("https://isles.example/news/pier", "resource", page("Pier repairs"), None),
]


@pytest.mark.parametrize("gzipped", [True, False])
def test_one_source_per_html_page_and_bookkeeping_skipped(tmp_path, gzipped):
    name = "crawl.warc.gz" if gzipped else "crawl.warc"
    warc = write_warc(tmp_path / name, CRAWL, gzipped)
    items = list(iter_warc(warc, f"in/{name}", 1_000_000))
    assert all(isinstance(i, Source) for i in items)
    # record 1 is warcinfo; 2 the article; 3 robots.txt; 4 a redirect; 5 an HTML resource record
    assert [i.path for i in items] == [f"in/{name}#2", f"in/{name}#5"]
    first = items[0]
    assert first.kind == "html"
    assert first.fields["url"] == "https://isles.example/news/ferry"
    assert first.fields["warc_record"] == 2
    assert first.fields["charset"] == "utf-8"
    assert first.fields["warc_date"]
    assert first.data == page()


def test_read_source_turns_records_into_articles_with_stable_ids(tmp_path):
    warc = write_warc(tmp_path / "crawl.warc.gz", CRAWL, True)
    reader = ReadSource(IngestOptions())
    articles = [reader.process(s) for s in iter_warc(warc, "crawl.warc.gz", 1_000_000)]
    assert [a.id for a in articles] == ["crawl-2", "crawl-5"]
    assert [a.format for a in articles] == ["warc", "warc"]
    assert articles[0].title == "Late ferry added"
    assert articles[0].url == "https://isles.example/news/ferry"
    assert articles[0].meta["crawled"]
    assert STORY in articles[0].raw and "Home" not in articles[0].raw
    assert articles[1].title == "Pier repairs"


def test_a_warc_without_html_pages_is_rejected(tmp_path):
    warc = write_warc(tmp_path / "robots.warc.gz", CRAWL[1:3], True)
    items = list(iter_warc(warc, "robots.warc.gz", 1_000_000))
    assert len(items) == 1 and isinstance(items[0], Rejected)
    assert items[0].path == "robots.warc.gz"
    assert items[0].reason.startswith("no HTML pages in WARC (3 records")


def record_spans(path):
    """(offset, length) of each record as stored in the file."""
    with open(path, "rb") as stream:
        archive = ArchiveIterator(stream)
        return [(archive.get_record_offset(), archive.get_record_length()) for _ in archive]


@pytest.mark.parametrize("where", [0.1, 0.5, 0.95])
@pytest.mark.parametrize("cut_record", [2, 4, 7])
@pytest.mark.parametrize("gzipped", [True, False])
def test_truncated_warc_keeps_what_it_could_read(tmp_path, gzipped, cut_record, where):
    name = "cut.warc.gz" if gzipped else "cut.warc"
    records = [(f"https://isles.example/news/{n}", "response", page(f"Story {n}", 6), http()) for n in range(6)]
    warc = write_warc(tmp_path / name, records, gzipped)
    offset, length = record_spans(warc)[cut_record - 1]
    warc.write_bytes(warc.read_bytes()[: offset + int(length * where)])
    items = list(iter_warc(warc, name, 1_000_000))
    *pages, last = items
    assert isinstance(last, Rejected)
    assert last.path == f"{name}#{cut_record}"
    assert "truncated or corrupt WARC" in last.reason
    assert [i.fields["warc_record"] for i in pages] == list(range(2, cut_record))
    reader = ReadSource(IngestOptions())
    for source in pages:  # every page kept is whole
        assert reader.process(source).raw.count(STORY) == 6


def test_warc_gzipped_whole_instead_of_per_record_is_still_read(tmp_path):
    plain = write_warc(tmp_path / "crawl.warc", CRAWL, False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    items = list(iter_warc(whole, "whole.warc.gz", 1_000_000))
    assert [i.path for i in items] == ["whole.warc.gz#2", "whole.warc.gz#5"]


def test_a_record_over_the_size_limit_is_rejected_alone(tmp_path):
    big = page("Big", 60)
    records = [("https://isles.example/big", "response", big, http()), CRAWL[0]]
    warc = write_warc(tmp_path / "crawl.warc.gz", records, True)
    items = list(iter_warc(warc, "crawl.warc.gz", 5000))
    assert isinstance(items[0], Rejected)
    assert items[0].reason == f"too large ({len(big)} bytes > limit 5000)"
    assert isinstance(items[1], Source) and items[1].path == "crawl.warc.gz#3"


def test_a_file_that_is_no_warc_is_rejected(tmp_path):
    fake = tmp_path / "fake.warc"
    fake.write_text("this is not an archive at all\n")
    (item,) = iter_warc(fake, "fake.warc", 1000)
    assert isinstance(item, Rejected) and item.path == "fake.warc"
    assert item.reason.startswith("not a readable WARC file")
