"""Property tests over every reader: random bytes, random HTML, random Unicode, damaged containers.

Each test writes generated files into a fresh folder, runs ``storytrace.analyze``
over it and checks the properties of :mod:`fuzz_inputs`: no crash, every input
analysed or rejected with a reason, valid offsets, an export that validates.
Examples are bounded (``fuzz_inputs.SUITE``) so the suite stays fast; the
long-running search is ``fuzz/fuzz_readers.py``.
"""

from __future__ import annotations

from fuzz_inputs import (
    SUITE,
    any_input,
    encoded_file,
    html_file,
    json_file,
    jsonl_file,
    random_bytes_file,
    run_inputs,
    text_file,
    warc_file,
)
from hypothesis import given
from hypothesis import strategies as st


@SUITE
@given(text_file())
def test_plain_text_files(item):
    run_inputs([item])


@SUITE
@given(encoded_file())
def test_text_in_any_encoding_declared_rightly_or_wrongly(item):
    run_inputs([item])


@SUITE
@given(html_file())
def test_html_pages_tag_soup_and_deep_nesting(item):
    run_inputs([item])


@SUITE
@given(jsonl_file())
def test_json_lines_plain_gzipped_and_damaged(item):
    run_inputs([item])


@SUITE
@given(json_file())
def test_json_documents(item):
    run_inputs([item])


@SUITE
@given(warc_file())
def test_warc_archives_whole_and_damaged(item):
    run_inputs([item])


@SUITE
@given(random_bytes_file())
def test_random_bytes_under_any_name(item):
    run_inputs([item])


@SUITE
@given(st.lists(any_input, min_size=2, max_size=4))
def test_a_folder_of_mixed_inputs(items):
    """Several inputs at once: ids made unique, outlet boilerplate and duplicates across files."""
    run_inputs(items)
