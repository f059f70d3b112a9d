"""Write examples/corpus/web/crawl.warc.gz: a tiny crawl of one invented news site.

The archive holds two ``response`` records, in crawl order:

1. ``robots.txt`` (``text/plain``): not an article, so storytrace skips it.
2. one HTML news page on the Harrow Gap Dam story, which storytrace reads.

Everything in it is invented (outlet, people, places, the ``.example`` domain).
The output is byte-for-byte reproducible: record ids and dates are fixed and
warcio's gzip members carry no timestamp. Run from the repository root::

    .venv/bin/python examples/make_warc.py
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent / "corpus" / "web" / "crawl.warc.gz"

SITE = "https://deltacourier.example"
ARTICLE_URL = f"{SITE}/world/2024/03/13/orvane-commission-to-read-the-gauges/"
CRAWL_DATE = "2024-03-16T04:12:09Z"

ROBOTS = """\
User-agent: *
Disallow: /account/
Disallow: /search
Sitemap: https://deltacourier.example/sitemap.xml
"""

ARTICLE_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Orvane commission to send its own engineers to the gauges | Sarrow Delta Courier</title>
<meta name="author" content="Elspeth Marlowe">
<meta property="og:site_name" content="Sarrow Delta Courier">
<meta property="og:type" content="article">
<meta property="og:title" content="Orvane commission to send its own engineers to the gauges">
<meta property="article:published_time" content="2024-03-13T16:45:00+00:00">
<meta property="article:section" content="World">
<link rel="canonical" href="https://deltacourier.example/world/2024/03/13/orvane-commission-to-read-the-gauges/">
</head>
<body>
<header><a href="/">Sarrow Delta Courier</a>
<nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/business/">Business</a> <a href="/sport/">Sport</a> <a href="/subscribe/">Subscribe</a></nav>
</header>
<main>
<article>
<h1>Orvane commission to send its own engineers to the gauges</h1>
<p class="byline">By Elspeth Marlowe, March 13, 2024</p>
<p>PORT ILSIN — The joint body that oversees the River Orvane will send teams of engineers to read the water gauges on both sides of the Sarrow-Dalvenia border, its chairman said on Wednesday, in the first concrete step since talks on the Harrow Gap Dam ended without a deal.</p>
<p>Pieter Hallgrim, chairman of the Orvane Basin Commission, told the Sarrow Delta Courier that the first readings would be taken at six stations before the end of the month and published on the commission's website within a week of each visit.</p>
<p>"Both sides have agreed to let our engineers read the gauges, and that is a beginning," Hallgrim said. "A number that everyone trusts is worth more than a hundred press conferences."</p>
<p>Sarrow says the flow reaching its southern delta has fallen by nearly half since Dalvenia began filling the reservoir behind the dam in January. Dalvenia says the river is still running within the limits set by the 1987 treaty that created the commission.</p>
<p>Officials in Velm confirmed on Wednesday that the energy ministry had sent the commission a revised filling schedule, but declined to say whether it slowed the rate at which the reservoir is being filled.</p>
<p>The gauge readings are expected to be on the table when the two countries' ministers meet again in Port Ilsin in April. Farmers blocking the Drovna border crossing said they would wait for the figures before deciding whether to end their protest.</p>
</article>
<aside class="newsletter">Get the Courier's morning briefing in your inbox. <a href="/newsletters/">Sign up</a></aside>
</main>
<footer><a href="/about/">About</a> | <a href="/contact/">Contact</a> | <a href="/privacy/">Privacy</a> | &copy; 2024 Sarrow Delta Courier</footer>
</body>
</html>
"""


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, record_id: str):
    http_headers = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        url,
        "response",
        payload=BytesIO(body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Record-ID": record_id, "WARC-Date": CRAWL_DATE},
    )


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(
            _response(
                writer,
                f"{SITE}/robots.txt",
                ROBOTS.encode("utf-8"),
                "text/plain; charset=utf-8",
                "<urn:uuid:6f1c2a9e-0b7d-4c3e-9a51-2d8e4f7b1a01>",
            )
        )
        writer.write_record(
            _response(
                writer,
                ARTICLE_URL,
                ARTICLE_HTML.encode("utf-8"),
                "text/html; charset=utf-8",
                "<urn:uuid:6f1c2a9e-0b7d-4c3e-9a51-2d8e4f7b1a02>",
            )
        )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
