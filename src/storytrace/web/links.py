"""Paths inside the app for articles, stories and copies.

Ids come from input files and may hold any character, so every id is
percent-encoded into the path; ids with a slash use the query-string form
of the copy view, since a decoded ``/`` would split the path.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode


def article_href(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def story_href(story_id: str) -> str:
    return "/stories/" + quote(story_id, safe="")


def copy_href(source: str, target: str) -> str:
    if "/" in source or "/" in target:
        return "/copy?" + urlencode({"source": source, "target": target})
    return f"/copies/{quote(source, safe='')}/{quote(target, safe='')}"
