"""Property tests over the cleaning stages alone: any text, as plain text, an HTML extract or a print page.

The readers' tests reach these stages through files; here the text goes to
them directly, with ``format="pdf"`` too, so the print-only rules run on text
that is not hard-wrapped as well. Readers never hand a stage a lone surrogate
(``decode.replace_surrogates``), so neither does this test.
"""

from __future__ import annotations

from fuzz_inputs import SUITE, article_text, check_offsets
from hypothesis import given
from hypothesis import strategies as st

from storytrace.ingest.clean import CleanBoilerplate
from storytrace.ingest.decode import replace_surrogates
from storytrace.ingest.metadata import ExtractMetadata
from storytrace.ingest.normalise import NormaliseUnicode
from storytrace.ingest.print_repair import RepairPrint
from storytrace.ingest.read import RequireArticle
from storytrace.models import Article, Rejected
from storytrace.settings import IngestOptions
from storytrace.stage import StageStats

STAGES = (NormaliseUnicode(), RepairPrint(), CleanBoilerplate(), ExtractMetadata(), RequireArticle(IngestOptions()))


@SUITE
@given(article_text, st.sampled_from(["text", "html", "pdf"]))
def test_cleaning_any_text_keeps_offsets_and_never_crashes(text, format):
    raw = replace_surrogates(text)
    rejected: list[Rejected] = []
    stream = iter([Article.from_raw("page", "page.txt", raw, format=format)])
    for stage in STAGES:
        stream = stage.run(stream, rejected, StageStats(stage.name))
    articles = list(stream)
    assert articles or rejected
    assert not [r for r in rejected if r.reason.startswith("internal error")], rejected
    for article in articles:
        assert article.raw == raw
        check_offsets(article)
    # Split-off parts of one page have distinct ids and all point into the same raw text.
    assert len({a.id for a in articles}) == len(articles)
