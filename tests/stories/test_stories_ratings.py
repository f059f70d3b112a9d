"""Outlet ratings from the user's CSV: loading, matching and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from testsupport import REPO
from storytrace import StorytraceError
from storytrace.stories.ratings import RatingsError, load_ratings, outlet_key, rating_columns, ratings_for


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ratings.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_any_rating_columns_are_read_and_empty_cells_mean_unrated(tmp_path):
    path = _write(tmp_path, "outlet,bias,factuality,owner\nThe Harbor Herald,center,high,co-op\nLantern,left,,\n")
    ratings = load_ratings(path)
    assert ratings == {"The Harbor Herald": {"bias": "center", "factuality": "high", "owner": "co-op"},
                       "Lantern": {"bias": "left"}}
    assert rating_columns(ratings) == ["bias", "factuality", "owner"]


def test_outlets_match_case_space_and_leading_the_insensitively(tmp_path):
    ratings = load_ratings(_write(tmp_path, "Outlet,bias\nThe  Harbor   Herald,center\n"))
    assert ratings_for("harbor herald", ratings) == {"bias": "center"}
    assert ratings_for("THE HARBOR HERALD", ratings) == {"bias": "center"}
    assert ratings_for("Harbor Herald Tribune", ratings) == {}
    assert ratings_for(None, ratings) == {}
    assert outlet_key("The Lantern") == outlet_key("lantern")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,bias\nA,left\n", "line 1: no 'outlet' column"),
        ("outlet,bias\nA,left,extra\n", "line 2: 3 cells, expected 2"),
        ("outlet,bias\nA,left\n,right\n", "line 3: the outlet cell is empty"),
        ("outlet,bias\nA,left\n\nthe a,right\n", "line 4: outlet 'the a' is already rated on line 2"),
        ("", "empty"),
    ],
)
def test_a_malformed_file_is_a_clear_error_with_its_line(tmp_path, text, message):
    with pytest.raises(RatingsError, match=message) as info:
        load_ratings(_write(tmp_path, text))
    assert isinstance(info.value, StorytraceError) and isinstance(info.value, ValueError)


def test_a_missing_file_is_a_ratings_error(tmp_path):
    with pytest.raises(RatingsError, match="cannot read"):
        load_ratings(tmp_path / "nope.csv")


def test_the_example_ratings_cover_the_example_outlets():
    ratings = load_ratings(REPO / "examples" / "ratings.csv")
    for outlet in ("Harbor Herald", "Orvane Valley Radio", "Sarrow Delta Courier", "The Lantern"):
        assert ratings_for(outlet, ratings), outlet
