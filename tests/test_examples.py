"""The bundled demo corpus (examples/corpus/) shows what examples/README.md says it shows.

These are checks on the *inputs*, not on storytrace: they catch an accidental
edit that would quietly remove a phenomenon the demo is meant to exercise
(a loaded-term swap, a line-break hyphen, the broken JSONL line, ...).
Only the standard library and warcio are used.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CORPUS = EXAMPLES / "corpus"
ORIGINAL = CORPUS / "wire" / "harbor-herald-original.txt"
SYNDICATED = CORPUS / "wire" / "coastline-daily-syndicated.txt"
OPINION = CORPUS / "opinion" / "the-lantern-opinion.html"
PRINT = CORPUS / "print" / "valley-tribune-page7.txt"
FEED = CORPUS / "feeds" / "regional-feed.jsonl"
WARC = CORPUS / "web" / "crawl.warc.gz"

CREDIT_PREFIX = "(harbor herald) -- "

#: Every change the syndicated copy makes to the original's body, in order (examples/README.md lists them).
SYNDICATION_EDITS = [
    ("at the end of five hours of closed-door meetings", "after closed-door meetings"),  # phrase shortened
    ("the Dalvenian government", "the Dalvenian regime"),  # loaded-term swap
    (", which Dalvenia says is needed to end years of winter power cuts,", ""),  # clause deleted
    ("several hundred protesters", "several hundred rioters"),  # loaded-term swap
    ("a local militia", "a local armed gang"),  # loaded-term swap
    ("Environmental activists", "Environmental agitators"),  # loaded-term swap
]

#: Lines of the original that are page furniture, not reporting (absent from the copies).
CHROME_PREFIXES = ("KTV8RM31 ", "Related: ", "Join the conversation")

#: Nadia Orlec's key remark: the Harbor Herald's English (shared by its copies and the print page) ...
HERALD_REMARK = [
    "Nobody upstream may decide alone how much water reaches our fields,",
    "The Orvane is not a tap that one capital can open and close as it pleases. "
    "We came here to talk, and we will keep talking, but our patience is not a river without end.",
]
# ... and two other translations of the same words.
LANTERN_REMARK = (
    "No one who lives upstream has the right to determine by themselves the quantity of water "
    "that arrives at our farmland. The Orvane is no faucet for a single government to turn on and off whenever it likes."
)
RADIO_REMARK = (
    "Those upstream cannot be the only ones who choose how much water comes down to our land. "
    "The Orvane is not a valve that one state may open or shut at its own pleasure."
)

#: The two sentences the print page quotes verbatim from the Harbor Herald, with credit.
HERALD_SENTENCES = (
    "The 140-metre dam, which Dalvenia says is needed to end years of winter power cuts, is the largest "
    "infrastructure project in the country's history and has been financed largely through bonds sold to "
    "Dalvenian citizens. Its reservoir, once full, will stretch 60 kilometres up the Harrow valley and hold "
    "more water than all of Sarrow's lakes combined"
)

HALLGRIM_QUOTE = "Both sides have agreed to let our engineers read the gauges, and that is a beginning,"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def flat(text: str) -> str:
    """Curly quotes made straight and runs of whitespace made one space."""
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))
    return re.sub(r"\s+", " ", text).strip()


def original_paragraphs() -> list[str]:
    return read(ORIGINAL).strip("\n").split("\n\n")


def original_reporting() -> list[str]:
    """The original's body paragraphs without headline and page furniture."""
    return [p for p in original_paragraphs()[1:] if not p.startswith(CHROME_PREFIXES)]


def feed_lines() -> list[str]:
    return [line for line in read(FEED).split("\n") if line.strip()]


def feed_records() -> list[dict]:
    records = []
    for line in feed_lines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            pass
    return records


def print_joined() -> str:
    """The print page with line-break hyphens joined (right only where no compound is broken)."""
    return flat(re.sub(r"-\n", "", read(PRINT)))


# --- the original wire report --------------------------------------------------------------------


def test_original_has_headline_body_and_page_furniture():
    paragraphs = original_paragraphs()
    assert "\n" not in paragraphs[0] and not paragraphs[0].endswith(".")
    assert paragraphs[1].startswith("VELM, Dalvenia — ")
    assert re.fullmatch(r"[A-Z0-9]{8} .+ via Orvane Press Agency", next(p for p in paragraphs if p.startswith("KTV8RM31")))
    assert any(p.startswith("Related: ") for p in paragraphs)
    assert paragraphs[-1].startswith("Join the conversation")


def test_original_mixes_quote_styles_and_indirect_speech():
    text = read(ORIGINAL)
    assert "\u201c" in text and "\u201d" in text and '"' in text
    assert " said that " in text
    assert "told reporters" in text and "according to" in text


# --- the syndicated copy ---------------------------------------------------------------------------


def test_syndicated_copy_starts_with_credit_and_has_no_blank_lines():
    text = read(SYNDICATED)
    assert text.startswith(CREDIT_PREFIX)
    assert "\n\n" not in text.strip("\n")


def test_syndicated_copy_is_the_original_with_exactly_the_listed_edits():
    body = "\n".join(original_reporting()[1:])  # the first paragraph (dateline) is dropped
    for before, after in SYNDICATION_EDITS:
        assert body.count(before) == 1, before
        body = body.replace(before, after)
    assert CREDIT_PREFIX + body + "\n" == read(SYNDICATED)


def test_syndicated_copy_keeps_quotes_untouched():
    text = read(SYNDICATED)
    for part in HERALD_REMARK:
        assert part in text


# --- the opinion page ------------------------------------------------------------------------------


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.tags: set[str] = set()
        self.title = ""
        self._in_title = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        a = dict(attrs)
        if tag == "meta" and a.get("content") is not None:
            key = a.get("property") or a.get("name")
            if key:
                self.meta.setdefault(key, a["content"])
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text.append(data)


@pytest.fixture(scope="module")
def opinion_page() -> _PageParser:
    parser = _PageParser()
    parser.feed(read(OPINION))
    return parser


def test_opinion_page_metadata(opinion_page):
    meta = opinion_page.meta
    assert opinion_page.title.endswith("| The Lantern")
    assert meta["og:site_name"] == "The Lantern"
    assert meta["author"] == "Corin Ashdale"
    assert meta["og:type"] == "article"
    assert meta["article:section"] == "Opinion"
    assert datetime.fromisoformat(meta["article:published_time"]).date().isoformat() == "2024-03-14"


def test_opinion_page_chrome(opinion_page):
    text = flat("".join(opinion_page.text))
    assert {"nav", "article", "footer"} <= opinion_page.tags
    assert "Home / OPINION / Commentary / The Orvane Is Not Dalvenia's to Ration" in text
    assert "Print Friendly, PDF & Email" in text
    assert "By Corin Ashdale" in text
    assert "Source: The Lantern" in text
    assert 'id="comments"' in read(OPINION)


# --- the print page --------------------------------------------------------------------------------


def test_print_page_is_hard_wrapped_in_narrow_columns():
    lines = read(PRINT).split("\n")
    caption = next(i for i, l in enumerate(lines) if "(L)" in l)
    columns = lines[lines.index(" S ") + 1 : caption] + lines[caption + 3 :]  # main piece and sidebar
    assert len(columns) > 100
    assert max(len(l.rstrip()) for l in columns) <= 40
    assert re.match(r"VALLEY TRIBUNE\s+\|\s+7\s+\|\s+WORLD", lines[0])


def test_print_page_has_both_kinds_of_line_end_hyphen():
    text = read(PRINT)
    for broken_word in ("coun-\ntry", "Dalve-\nnian", "reser-\nvoir", "Com-\nmission"):
        assert broken_word in text
    for broken_compound in ("cross-\nborder", "pro-\ngovernment"):
        assert broken_compound in text
    for whole_compound in ("140-metre", "water-sharing", "man-made"):
        assert whole_compound in text


def test_print_page_has_two_lone_drop_caps_and_one_mid_sentence_break():
    lines = read(PRINT).split("\n")
    drop_caps = [i for i, l in enumerate(lines) if re.fullmatch(r"[A-Z]", l.strip())]
    assert [lines[i].strip() for i in drop_caps] == ["S", "F"]
    mid_sentence = [
        i for i in range(1, len(lines) - 1)
        if not lines[i].strip() and re.search(r"[a-z]$", lines[i - 1].rstrip()) and re.match(r"[a-z]", lines[i + 1])
        and len(lines[i - 1].strip()) > 1
    ]
    assert len(mid_sentence) == 1


def test_print_page_caption_and_sidebar_title():
    lines = read(PRINT).split("\n")
    caption = next(i for i, l in enumerate(lines) if "(L)" in l)
    title = lines[caption + 1]
    assert title.strip() and not title.rstrip().endswith((".", "!", "?"))
    assert lines[caption + 2] == "" and lines[caption + 3] == "F"


def test_print_page_shares_passages_with_the_original():
    joined = print_joined()
    original = flat(read(ORIGINAL))
    assert flat(HERALD_SENTENCES) + "." in original
    assert '"' + flat(HERALD_SENTENCES) + '," Mara Tellwick wrote in the Harbor Herald.' in joined
    for part in HERALD_REMARK:
        assert flat(part) in original and flat(part) in joined
    assert '" he added.' in joined


# --- the JSONL feed --------------------------------------------------------------------------------


def test_feed_has_three_records_and_one_broken_line():
    lines = feed_lines()
    assert len(lines) == 4
    broken = []
    for number, line in enumerate(lines, 1):
        try:
            json.loads(line)
        except json.JSONDecodeError:
            broken.append(number)
    assert broken == [4]
    records = feed_records()
    assert len(records) == 3
    assert len({r["id"] for r in records}) == 3
    for record in records:
        assert set(record) == {"id", "url", "outlet", "published", "title", "text"}
        datetime.fromisoformat(record["published"])


def test_feed_repost_is_the_original_with_an_agency_credit():
    repost = next(r for r in feed_records() if r["outlet"] == "Ilsin Tidewatch")
    assert repost["title"] == original_paragraphs()[0]
    paragraphs = repost["text"].split("\n\n")
    assert paragraphs[:-1] == original_reporting()
    assert paragraphs[-1].startswith("(Reporting by ") and "Harbor Herald" in paragraphs[-1]


def test_feed_has_an_independent_report_and_an_unrelated_story():
    records = {r["outlet"]: r for r in feed_records()}
    radio = records["Orvane Valley Radio"]["text"]
    assert RADIO_REMARK in radio and HERALD_REMARK[0] not in radio
    football = records["Lowmarsh Gazette"]["text"]
    assert not re.search(r"Orvane|Sarrow|Dalven|dam\b", football)


# --- the WARC crawl --------------------------------------------------------------------------------


def test_warc_holds_one_html_response_and_one_other_record():
    with WARC.open("rb") as stream:
        records = [
            (r.rec_type, r.http_headers.get_header("Content-Type") if r.http_headers else None, r.content_stream().read())
            for r in ArchiveIterator(stream)
        ]
    assert len(records) == 2
    html = [body for kind, ctype, body in records if kind == "response" and ctype.startswith("text/html")]
    assert len(html) == 1
    page = flat(html[0].decode("utf-8"))
    assert flat(HALLGRIM_QUOTE) in page and "2024-03-13" in page


def test_warc_is_what_make_warc_writes(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_warc", EXAMPLES / "make_warc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "OUT", tmp_path / "crawl.warc.gz")
    module.main()
    # Compare uncompressed: another zlib build may deflate the same records to other bytes.
    assert gzip.decompress((tmp_path / "crawl.warc.gz").read_bytes()) == gzip.decompress(WARC.read_bytes())


# --- across the corpus -----------------------------------------------------------------------------


def test_each_translation_of_the_key_remark_is_where_the_readme_says():
    texts = {
        "original": flat(read(ORIGINAL)),
        "syndicated": flat(read(SYNDICATED)),
        "opinion": flat(read(OPINION)),
        "print": print_joined(),
        "feed": flat(read(FEED).replace("\\\"", '"')),
    }
    herald = {name for name, text in texts.items() if flat(HERALD_REMARK[1]) in text}
    lantern = {name for name, text in texts.items() if flat(LANTERN_REMARK) in text}
    radio = {name for name, text in texts.items() if flat(RADIO_REMARK) in text}
    assert herald == {"original", "syndicated", "print", "feed"}  # feed: the re-post
    assert lantern == {"opinion"}
    assert radio == {"feed"}  # feed: the independent radio report


def test_dates_put_the_original_first():
    """The talks were on Monday, March 11, 2024; the Herald ran on the 12th and everything else later."""
    assert "March 11, 2024" in read(ORIGINAL)
    story = [r for r in feed_records() if r["outlet"] != "Lowmarsh Gazette"]
    assert all(datetime.fromisoformat(r["published"]).date().isoformat() >= "2024-03-12" for r in story)
    assert "MARCH 15, 2024" in read(PRINT).split("\n")[0]
